package idn

import (
	"errors"
	"fmt"
	"testing"
)

// The district codes are real kecamatan: 16.04.01 Tanjungsakti Pumu (Lahat),
// 32.73.01 Sukasari (Kota Bandung), 16.71.01 Ilir Barat Dua (Palembang).
// Whether the kecamatan exists is region.CheckNIK's test.
func TestCheckNIK(t *testing.T) {
	for _, tc := range []struct {
		nik  string
		want NIK
		err  error
	}{
		{"1604015505900001", NIK{"1604015505900001", true, 15, 5, 90, 1}, nil},
		{"3273011708451234", NIK{"3273011708451234", false, 17, 8, 45, 1234}, nil},
		{" 1671010101009999 ", NIK{"1671010101009999", false, 1, 1, 0, 9999}, nil},
		{"1671013112990001", NIK{"1671013112990001", false, 31, 12, 99, 1}, nil},
		{"1671017112990001", NIK{"1671017112990001", true, 31, 12, 99, 1}, nil},
		{"1671012902040001", NIK{"1671012902040001", false, 29, 2, 4, 1}, nil}, // 29 February: the century is unknown
		{"1671016902050001", NIK{"1671016902050001", true, 29, 2, 5, 1}, nil},
		{"1671013004000001", NIK{"1671013004000001", false, 30, 4, 0, 1}, nil},

		{"", NIK{}, ErrNIKLength},
		{"167101010100999", NIK{}, ErrNIKLength},
		{"16710101010099991", NIK{}, ErrNIKLength},
		{"1671-0101-0100-99", NIK{}, ErrNIKLength},
		{"167101010100999x", NIK{}, ErrNIKLength},
		{"167101010100999٣", NIK{}, ErrNIKLength}, // Arabic-Indic digit
		{"1671 010101009999", NIK{}, ErrNIKLength},

		{"1671010001900001", NIK{}, ErrNIKBirthDate}, // day 00
		{"1671013201900001", NIK{}, ErrNIKBirthDate}, // day 32
		{"1671014001900001", NIK{}, ErrNIKBirthDate}, // day 40 (a woman's 00)
		{"1671017201900001", NIK{}, ErrNIKBirthDate}, // day 72 (a woman's 32)
		{"1671019901900001", NIK{}, ErrNIKBirthDate},
		{"1671011500900001", NIK{}, ErrNIKBirthDate}, // month 00
		{"1671011513900001", NIK{}, ErrNIKBirthDate}, // month 13
		{"1671013002900001", NIK{}, ErrNIKBirthDate}, // 30 February
		{"1671017002900001", NIK{}, ErrNIKBirthDate}, // a woman's 30 February
		{"1671013104900001", NIK{}, ErrNIKBirthDate}, // 31 April
		{"1671013106900001", NIK{}, ErrNIKBirthDate}, // 31 June
		{"1671013109900001", NIK{}, ErrNIKBirthDate}, // 31 September
		{"1671017111900001", NIK{}, ErrNIKBirthDate}, // a woman's 31 November
		{"1671010000900000", NIK{}, ErrNIKBirthDate}, // the date is checked before the serial

		{"1671010101900000", NIK{}, ErrNIKSerial},
	} {
		got, err := CheckNIK(tc.nik)
		if err != tc.err || got != tc.want {
			t.Errorf("CheckNIK(%q) = %+v, %v; want %+v, %v", tc.nik, got, err, tc.want, tc.err)
		}
	}
}

func TestNIKRules(t *testing.T) {
	for err, want := range map[error]NIKRule{
		ErrNIKLength: "length", ErrNIKDistrict: "district", ErrNIKBirthDate: "birth_date", ErrNIKSerial: "serial",
		fmt.Errorf("form: %w", ErrNIKSerial): "serial",
	} {
		if got, ok := NIKRuleOf(err); !ok || got != want {
			t.Errorf("NIKRuleOf(%v) = %q, %v; want %q", err, got, ok, want)
		}
		if err.Error() == "" {
			t.Errorf("%q: empty Error()", want)
		}
	}
	for _, err := range []error{nil, errors.New("x"), ErrInvalidPhone} {
		if got, ok := NIKRuleOf(err); ok {
			t.Errorf("NIKRuleOf(%v) = %q, true", err, got)
		}
	}
	if errors.Is(ErrNIKLength, ErrNIKSerial) {
		t.Error("ErrNIKLength is ErrNIKSerial")
	}
}

func TestNIKParts(t *testing.T) {
	n, err := CheckNIK("1604015505900001")
	if err != nil {
		t.Fatal(err)
	}
	if n.ProvinceCode() != "16" || n.RegencyCode() != "16.04" || n.DistrictCode() != "16.04.01" {
		t.Errorf("codes %q %q %q", n.ProvinceCode(), n.RegencyCode(), n.DistrictCode())
	}
	var zero NIK
	if zero.ProvinceCode() != "" || zero.RegencyCode() != "" || zero.DistrictCode() != "" {
		t.Error("the zero NIK has codes")
	}
	for nik, want := range map[string]string{
		"3273011708451234":   "32.73.01",
		" 3273011708451234 ": "32.73.01",
		"3273011708450000":   "32.73.01", // only the form is checked
		"327301170845123":    "",
		"32730117084512x4":   "",
		"":                   "",
	} {
		if got := NIKDistrictCode(nik); got != want {
			t.Errorf("NIKDistrictCode(%q) = %q, want %q", nik, got, want)
		}
	}
}
