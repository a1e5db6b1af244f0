// Package umkm is the registry of micro, small and medium enterprises: their
// profile, scale class, certifications and the verification lifecycle
// draft → submitted → verified / rejected, run by the agency of the UMKM's
// province.
package umkm

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// Status is where a UMKM stands in verification.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusVerified  Status = "verified"
	StatusRejected  Status = "rejected"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusSubmitted, StatusVerified, StatusRejected:
		return true
	}
	return false
}

// Categories are the business categories of the registry, in display order.
var Categories = []string{"kuliner", "fesyen", "kriya", "pertanian", "jasa", "lainnya"}

// ValidCategory reports whether c is one of Categories.
func ValidCategory(c string) bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// Scale is the PP 7/2021 class of a business.
type Scale string

const (
	ScaleMikro    Scale = "mikro"
	ScaleKecil    Scale = "kecil"
	ScaleMenengah Scale = "menengah"
)

// ValidScale reports whether s is a known scale.
func ValidScale(s Scale) bool { return s == ScaleMikro || s == ScaleKecil || s == ScaleMenengah }

// PP 7/2021 thresholds, in rupiah: business capital (excluding land and
// buildings) and annual sales.
const (
	maxCapitalMikro     = 1_000_000_000
	maxCapitalKecil     = 5_000_000_000
	maxCapitalMenengah  = 10_000_000_000
	maxTurnoverMikro    = 2_000_000_000
	maxTurnoverKecil    = 15_000_000_000
	maxTurnoverMenengah = 50_000_000_000
)

// ClassifyScale returns the PP 7/2021 class from capital and annual turnover.
// When the two criteria disagree the larger class wins, so that a business
// is never reported smaller than either figure shows. ok is false when
// either figure is above the menengah ceiling: such a business is not a UMKM.
func ClassifyScale(capital, turnover int64) (s Scale, ok bool) {
	rank := func(v, mikro, kecil, menengah int64) int {
		switch {
		case v <= mikro:
			return 0
		case v <= kecil:
			return 1
		case v <= menengah:
			return 2
		}
		return 3
	}
	r := max(rank(capital, maxCapitalMikro, maxCapitalKecil, maxCapitalMenengah),
		rank(turnover, maxTurnoverMikro, maxTurnoverKecil, maxTurnoverMenengah))
	return [...]Scale{ScaleMikro, ScaleKecil, ScaleMenengah, ""}[r], r < 3
}

// UMKM is one registered business.
type UMKM struct {
	ID           int64      `json:"id"`
	OwnerID      int64      `json:"owner_id"`
	Name         string     `json:"name"`
	OwnerName    string     `json:"owner_name"`
	NIB          string     `json:"nib"`
	KBLI         string     `json:"kbli"`
	ProvinceCode string     `json:"province_code"`
	RegencyCode  string     `json:"regency_code"`
	Address      string     `json:"address"`
	WhatsApp     string     `json:"whatsapp"`
	Category     string     `json:"category"`
	Description  string     `json:"description"`
	Capital      int64      `json:"capital"`
	Turnover     int64      `json:"turnover"`
	Scale        Scale      `json:"scale"`
	HalalCert    string     `json:"halal_cert"`
	PIRT         string     `json:"pirt"`
	BPOM         string     `json:"bpom"`
	LogoKey      string     `json:"logo_key"`
	Status       Status     `json:"status"`
	RejectReason string     `json:"reject_reason"`
	VerifiedBy   int64      `json:"verified_by,omitempty"`
	VerifiedAt   *time.Time `json:"verified_at,omitempty"`
	// SubmittedAt is when it was last sent for verification.
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Fields is the editable profile of a UMKM, as typed into a form, a JSON
// body or a spreadsheet row.
type Fields struct {
	Name        string
	OwnerName   string
	NIB         string
	KBLI        string
	RegencyCode string
	Address     string
	WhatsApp    string
	Category    string
	Description string
	Capital     int64
	Turnover    int64
	HalalCert   string
	PIRT        string
	BPOM        string
}

// Fields returns the editable part of u.
func (u UMKM) Fields() Fields {
	return Fields{Name: u.Name, OwnerName: u.OwnerName, NIB: u.NIB, KBLI: u.KBLI, RegencyCode: u.RegencyCode,
		Address: u.Address, WhatsApp: u.WhatsApp, Category: u.Category, Description: u.Description,
		Capital: u.Capital, Turnover: u.Turnover, HalalCert: u.HalalCert, PIRT: u.PIRT, BPOM: u.BPOM}
}

var kbliPattern = regexp.MustCompile(`^[0-9]{5}$`)

// Normalize cleans f and checks every rule, returning all field errors at
// once. On success f holds the normalised values (WhatsApp in E.164) and the
// province and scale derived from them.
func (f *Fields) Normalize() (provinceCode string, scale Scale, err error) {
	var v platform.Validation
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&f.Name, &f.OwnerName, &f.NIB, &f.KBLI, &f.RegencyCode, &f.Address, &f.WhatsApp,
		&f.Category, &f.Description, &f.HalalCert, &f.PIRT, &f.BPOM} {
		trim(s)
	}
	f.Category = strings.ToLower(f.Category)
	tooLong := func(field, value string, n int) {
		if utf8.RuneCountInString(value) > n {
			v.Add(field, "Terlalu panjang (maksimal %s karakter)", platform.Count(n))
		}
	}
	v.Check(f.Name != "", "name", "Nama usaha wajib diisi")
	tooLong("name", f.Name, 150)
	v.Check(f.OwnerName != "", "owner_name", "Nama pemilik wajib diisi")
	tooLong("owner_name", f.OwnerName, 150)
	v.Check(idn.ValidNIB(f.NIB), "nib", "NIB harus 13 digit angka (dari OSS)")
	v.Check(f.KBLI == "" || kbliPattern.MatchString(f.KBLI), "kbli", "Kode KBLI harus 5 digit angka")
	reg, ok := region.RegencyByCode(f.RegencyCode)
	if ok {
		provinceCode = reg.ProvinceCode
	} else {
		v.Merge(region.RegencyProblem("regency_code", f.RegencyCode))
	}
	tooLong("address", f.Address, 500)
	if f.WhatsApp != "" {
		if p, err := idn.NormalizePhone(f.WhatsApp); err == nil {
			f.WhatsApp = p
		} else {
			v.Add("whatsapp", "Nomor WhatsApp tidak valid (contoh: 0812-3456-7890)")
		}
	}
	v.Check(ValidCategory(f.Category), "category", "Kategori harus salah satu dari: %s", strings.Join(Categories, ", "))
	tooLong("description", f.Description, 5000)
	v.Check(f.Capital >= 0, "capital", "Modal usaha tidak boleh negatif")
	v.Check(f.Turnover >= 0, "turnover", "Omzet tahunan tidak boleh negatif")
	v.Check(f.Capital <= maxCapitalMenengah, "capital", "Modal usaha di atas Rp10 miliar bukan lagi UMKM (PP 7/2021)")
	v.Check(f.Turnover <= maxTurnoverMenengah, "turnover", "Omzet tahunan di atas Rp50 miliar bukan lagi UMKM (PP 7/2021)")
	scale, _ = ClassifyScale(f.Capital, f.Turnover)
	tooLong("halal_cert", f.HalalCert, 100)
	tooLong("pirt", f.PIRT, 100)
	tooLong("bpom", f.BPOM, 100)
	return provinceCode, scale, v.Err()
}

// MinTurnoverToMoveUp is the smallest yearly turnover past which a mikro
// business is kecil (PP 7/2021): below it no UMKM moves up by its sales.
const MinTurnoverToMoveUp = maxTurnoverMikro

// ScaleFromSales is the class u would have with recorded as its yearly
// turnover (its declared capital kept), and whether that is above the
// class it declared: it moved up ("naik kelas") by the sales Gerai saw.
func ScaleFromSales(u UMKM, recorded int64) (Scale, bool) {
	s, ok := ClassifyScale(u.Capital, recorded)
	if !ok {
		return ScaleMenengah, u.Scale != ScaleMenengah // past menengah: the largest class the registry knows
	}
	rank := map[Scale]int{ScaleMikro: 0, ScaleKecil: 1, ScaleMenengah: 2}
	return s, rank[s] > rank[u.Scale]
}
