package region

import (
	"errors"
	"testing"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
)

func TestCheckNIK(t *testing.T) {
	for _, tc := range []struct {
		nik  string
		want error
	}{
		{"1604015505900001", nil},             // Lahat, Tanjungsakti Pumu; a woman born 15 May
		{"3273011708450123", nil},             // Bandung, Sukasari; a man born 17 August
		{"3171016902000001", nil},             // Gambir; a woman born 29 February
		{"160401550590000", idn.ErrNIKLength}, // 15 digits
		{"16040155059000011", idn.ErrNIKLength},
		{"1604O15505900001", idn.ErrNIKLength}, // letter O
		{"", idn.ErrNIKLength},
		{"1604995505900001", idn.ErrNIKDistrict}, // 16.04.99 does not exist
		{"1699015505900001", idn.ErrNIKDistrict}, // nor regency 16.99
		{"0000005505900001", idn.ErrNIKDistrict},
		{"1604995500900000", idn.ErrNIKDistrict}, // the district is checked first
		{"1604013202900001", idn.ErrNIKBirthDate},
		{"1604013102900001", idn.ErrNIKBirthDate}, // 31 February
		{"1604017102900001", idn.ErrNIKBirthDate}, // a woman's 31 February
		{"1604011513900001", idn.ErrNIKBirthDate}, // month 13
		{"1604015505900000", idn.ErrNIKSerial},
	} {
		n, err := CheckNIK(tc.nik)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("CheckNIK(%q) = %v, want %v", tc.nik, err, tc.want)
		}
		if err != nil && n != (idn.NIK{}) {
			t.Errorf("CheckNIK(%q) = %+v with an error, want the zero NIK", tc.nik, n)
		}
		if err == nil && n.Number != tc.nik {
			t.Errorf("CheckNIK(%q).Number = %q", tc.nik, n.Number)
		}
	}
	n, _ := CheckNIK("1604015505900001")
	if want := (idn.NIK{Number: "1604015505900001", Female: true, BirthDay: 15, BirthMonth: 5, BirthYear: 90, Serial: 1}); n != want {
		t.Errorf("CheckNIK = %+v, want %+v", n, want)
	}
}

func TestNIKDistrict(t *testing.T) {
	d, ok := NIKDistrict("1604015505900001")
	if !ok || d.Code != "16.04.01" || d.Name != "Tanjungsakti Pumu" {
		t.Errorf("NIKDistrict = %+v, %v", d, ok)
	}
	// Issued in Lahat, living in Bandung: normal, and the caller can tell.
	a, _ := Place("32.73.01.1001")
	if d.Code == a.District.Code {
		t.Error("Lahat and Bandung share a district")
	}
	for _, nik := range []string{"1604995505900001", "160401", ""} {
		if d, ok := NIKDistrict(nik); ok {
			t.Errorf("NIKDistrict(%q) = %+v, true", nik, d)
		}
	}
}

func TestNIKProblemSaysWhatIsWrong(t *testing.T) {
	for nik, want := range map[string]string{
		"1604015505900001": "",
		"":                 "NIK wajib diisi",
		"  ":               "NIK wajib diisi",
		"12345":            "NIK harus 16 angka",
		"1604995505900001": "Enam angka pertama NIK bukan kode kecamatan yang ada",
		"1604013102900001": "Tanggal lahir dalam NIK tidak mungkin",
		"1604015505900000": "Empat angka terakhir NIK tidak boleh 0000",
	} {
		err := NIKProblem("nik", nik)
		got := ""
		if f := platform.ErrorFields(err); len(f) == 1 && f[0].Field == "nik" {
			got = f[0].Message
		} else if err != nil {
			t.Errorf("NIKProblem(%q) = %v: want one error on the field nik", nik, err)
		}
		if got != want {
			t.Errorf("NIKProblem(%q) says %q, want %q", nik, got, want)
		}
	}
	err := NIKProblem("nik", "1604995505900001")
	if rule, ok := idn.NIKRuleOf(err); !ok || rule != idn.NIKDistrict || !errors.Is(err, idn.ErrNIKDistrict) {
		t.Errorf("NIKProblem error %v: rule %q, %v; want district", err, rule, ok)
	}
	if platform.ErrorKind(err) != platform.KindInvalid {
		t.Errorf("NIKProblem kind %v, want invalid", platform.ErrorKind(err))
	}
}
