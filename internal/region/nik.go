package region

import (
	"errors"
	"strings"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
)

// The NIK checks that need the list of kecamatan live here: package idn
// cannot import region (region → platform → idn).

// CheckNIK checks a NIK against every rule, in order: 16 ASCII digits
// (idn.ErrNIKLength), the first six digits are a kecamatan that exists
// (idn.ErrNIKDistrict), a possible birth date (idn.ErrNIKBirthDate), a serial
// other than 0000 (idn.ErrNIKSerial); see idn.CheckNIK. On success it
// returns the decoded NIK; on failure the zero NIK and the first rule broken.
// NIKProblem gives the message for a form.
//
// The kecamatan is where the NIK was issued: that it differs from the
// kecamatan of a person's current address is normal, and no error.
func CheckNIK(nik string) (idn.NIK, error) {
	n, err := idn.CheckNIK(nik)
	if errors.Is(err, idn.ErrNIKLength) {
		return idn.NIK{}, err
	}
	if _, ok := NIKDistrict(nik); !ok {
		return idn.NIK{}, idn.ErrNIKDistrict
	}
	return n, err
}

// NIKDistrict returns the kecamatan named by the first six digits of a NIK
// ("160401…" → 16.04.01, Tanjungsakti Pumu in Lahat). It reports false when
// nik is not 16 digits or the kecamatan does not exist; it checks nothing
// else of the NIK.
func NIKDistrict(nik string) (District, bool) {
	code := idn.NIKDistrictCode(nik)
	if code == "" {
		return District{}, false
	}
	return DistrictByCode(code)
}

// NIKProblem is what to tell a person who typed nik in the field named
// field, as an invalid error on it: nil for a NIK that passes CheckNIK,
// "NIK wajib diisi" when the field is empty, otherwise the message of the
// first rule broken ("NIK harus 16 angka", "Enam angka pertama NIK bukan
// kode kecamatan yang ada", "Tanggal lahir dalam NIK tidak mungkin", "Empat
// angka terakhir NIK tidak boleh 0000"). The error wraps CheckNIK's, so
// errors.Is(err, idn.ErrNIKDistrict) and idn.NIKRuleOf(err) tell the rule.
func NIKProblem(field, nik string) error {
	if strings.TrimSpace(nik) == "" {
		return platform.Invalid(field, "NIK wajib diisi")
	}
	_, err := CheckNIK(nik)
	if err == nil {
		return nil
	}
	var e *platform.Error
	switch rule, _ := idn.NIKRuleOf(err); rule {
	case idn.NIKLength:
		e = platform.Newf(platform.KindInvalid, "NIK harus 16 angka")
	case idn.NIKDistrict:
		e = platform.Newf(platform.KindInvalid, "Enam angka pertama NIK bukan kode kecamatan yang ada")
	case idn.NIKBirthDate:
		e = platform.Newf(platform.KindInvalid, "Tanggal lahir dalam NIK tidak mungkin")
	default: // idn.NIKSerial, the last rule
		e = platform.Newf(platform.KindInvalid, "Empat angka terakhir NIK tidak boleh 0000")
	}
	e.Err = err
	return e.OnField(field)
}
