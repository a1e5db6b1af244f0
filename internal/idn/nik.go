package idn

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// A Nomor Induk Kependudukan has 16 digits:
//
//	1–2    province            "16"
//	3–4    regency or city     "16.04"
//	5–6    kecamatan           "16.04.01"
//	7–8    day of birth, plus 40 for women (01–31, 41–71)
//	9–10   month of birth (01–12)
//	11–12  year of birth, two digits (the century is not recorded)
//	13–16  serial number, from 0001
//
// The first six digits name the kecamatan where the NIK was issued, which
// need not be where the person lives now.

// NIKRule names the rule a NIK breaks, as a stable code a form or an API can
// key its message on.
type NIKRule string

// The rules of a NIK, in the order they are checked.
const (
	// NIKLength: the NIK is not exactly 16 ASCII digits.
	NIKLength NIKRule = "length"
	// NIKDistrict: the first six digits name no kecamatan. Package idn has
	// no list of kecamatan; region.CheckNIK applies this rule.
	NIKDistrict NIKRule = "district"
	// NIKBirthDate: digits 7–10 are no possible day and month of birth.
	NIKBirthDate NIKRule = "birth_date"
	// NIKSerial: the last four digits are 0000.
	NIKSerial NIKRule = "serial"
)

// NIKError is the error CheckNIK returns: the rule the NIK breaks. Its text
// is for logs, not for people; region.NIKProblem gives a form's message.
type NIKError struct{ Rule NIKRule }

func (e *NIKError) Error() string {
	switch e.Rule {
	case NIKLength:
		return "idn: NIK is not 16 digits"
	case NIKDistrict:
		return "idn: NIK names no kecamatan"
	case NIKBirthDate:
		return "idn: NIK has an impossible birth date"
	case NIKSerial:
		return "idn: NIK serial is 0000"
	}
	return "idn: invalid NIK (" + string(e.Rule) + ")"
}

// The errors of CheckNIK and region.CheckNIK, one per rule, for errors.Is.
var (
	ErrNIKLength    error = &NIKError{NIKLength}
	ErrNIKDistrict  error = &NIKError{NIKDistrict}
	ErrNIKBirthDate error = &NIKError{NIKBirthDate}
	ErrNIKSerial    error = &NIKError{NIKSerial}
)

// NIKRuleOf returns the rule a NIK error names; false for any other error.
func NIKRuleOf(err error) (NIKRule, bool) {
	var e *NIKError
	if errors.As(err, &e) {
		return e.Rule, true
	}
	return "", false
}

// NIK is a checked Nomor Induk Kependudukan and what its digits say.
type NIK struct {
	Number     string `json:"number"`      // the 16 digits
	Female     bool   `json:"female"`      // the day of birth had 40 added
	BirthDay   int    `json:"birth_day"`   // 1–31, without the 40
	BirthMonth int    `json:"birth_month"` // 1–12
	// BirthYear is the two-digit year, 0–99: "85" may be 1985 or 2085, so
	// the NIK alone gives no age.
	BirthYear int `json:"birth_year"`
	Serial    int `json:"serial"` // 1–9999
}

// ProvinceCode is the Kemendagri code of the province the NIK was issued
// in: "16" for "1604…"; "" for the zero NIK.
func (n NIK) ProvinceCode() string {
	if len(n.Number) != 16 {
		return ""
	}
	return n.Number[:2]
}

// RegencyCode is the code of the regency or city the NIK was issued in:
// "16.04" for "1604…"; "" for the zero NIK.
func (n NIK) RegencyCode() string {
	if len(n.Number) != 16 {
		return ""
	}
	return n.Number[:2] + "." + n.Number[2:4]
}

// DistrictCode is the code of the kecamatan the NIK was issued in:
// "16.04.01" for "160401…"; "" for the zero NIK.
func (n NIK) DistrictCode() string { return NIKDistrictCode(n.Number) }

// NIKDistrictCode returns the kecamatan code in the first six digits of a
// NIK in the dotted Kemendagri form: "1604015505900001" → "16.04.01". It
// returns "" when nik (without surrounding spaces) is not 16 digits; it does
// not check that the kecamatan exists (region.NIKDistrict does).
func NIKDistrictCode(nik string) string {
	nik = strings.TrimSpace(nik)
	if !ValidNIK(nik) {
		return ""
	}
	return nik[:2] + "." + nik[2:4] + "." + nik[4:6]
}

// CheckNIK checks every rule of a NIK but NIKDistrict (package idn does not
// know the kecamatan; region.CheckNIK checks all four) and decodes it.
// Surrounding spaces are ignored; nothing else is. The error is
// ErrNIKLength when nik is not 16 ASCII digits, ErrNIKBirthDate when digits
// 7–10 are no date (day 01–31 for men, 41–71 for women, month 01–12, the
// day within the month: 31 April is impossible, 29 February is allowed since
// the year's century is unknown), ErrNIKSerial when the last four digits are
// 0000; the NIK is then the zero NIK.
func CheckNIK(nik string) (NIK, error) {
	nik = strings.TrimSpace(nik)
	if !ValidNIK(nik) {
		return NIK{}, ErrNIKLength
	}
	day, month := twoDigits(nik[6:]), twoDigits(nik[8:])
	female := day > 40
	if female {
		day -= 40
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month) {
		return NIK{}, ErrNIKBirthDate
	}
	serial := twoDigits(nik[12:])*100 + twoDigits(nik[14:])
	if serial == 0 {
		return NIK{}, ErrNIKSerial
	}
	return NIK{
		Number:     nik,
		Female:     female,
		BirthDay:   day,
		BirthMonth: month,
		BirthYear:  twoDigits(nik[10:]),
		Serial:     serial,
	}, nil
}

// twoDigits is the number in s[0:2], which must be ASCII digits.
func twoDigits(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

// daysIn is the most days month (1–12) can have: 29 for February.
func daysIn(month int) int {
	switch month {
	case 2:
		return 29
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ValidNIK reports whether s is a Nomor Induk Kependudukan in form: exactly
// 16 ASCII digits. CheckNIK and region.CheckNIK check what the digits say.
func ValidNIK(s string) bool { return allDigits(s, 16) }

// MaskNIK keeps the first 6 digits (the region code) and the last 2 of a NIK
// and replaces the rest with '*': "3273012345670001" → "327301********01".
// Anything that is not a valid NIK is masked entirely.
func MaskNIK(nik string) string {
	if !ValidNIK(nik) {
		return strings.Repeat("*", utf8.RuneCountInString(nik))
	}
	return nik[:6] + strings.Repeat("*", 8) + nik[14:]
}
