package pangan

import (
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/region"
)

// place is where a village lies.
type place struct{ village, district, regency, province string }

// placeOf resolves a village code desa → kecamatan → kabupaten/kota → province.
func placeOf(village string) (place, bool) {
	a, ok := region.Place(village)
	if !ok {
		return place{}, false
	}
	return place{village: a.Village.Code, district: a.District.Code, regency: a.Regency.Code, province: a.Province.Code}, true
}

// nikDistrict is the kecamatan that issued a NIK region.CheckNIK passed.
func nikDistrict(nik string) string { return idn.NIKDistrictCode(nik) }
