package seed

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
)

// The demo programme's people: households drawn from a seeded generator in
// villages of the embedded Kemendagri data, with names of the region's
// traditions, NIKs issued (mostly) in their own kecamatan, phones, and
// what each grows; and the field officers of their villages.

// demoPanganRegencies are the regencies with demo households and how many:
// the three with the largest targets, and two more; 2,000 in all, the
// fewest the "a few thousand" allows, to keep the demo's load short.
var demoPanganRegencies = []struct {
	code       string
	households int
	short      string // for the officers' e-mail addresses
}{
	{"16.04", 560, "lahat"}, {"16.08", 460, "okut"}, {"16.07", 400, "banyuasin"}, {"16.10", 290, "ogan-ilir"}, {"16.03", 290, "muara-enim"},
}

// demoPanganDistricts and demoPanganVillages shape the sample: three
// kecamatan per regency, four villages each, one field officer per kecamatan.
const (
	demoPanganDistricts = 3
	demoPanganVillages  = 4
)

// demoOfficerDistrict is the demo officer's kecamatan: Tanjungsakti Pumu, Lahat.
const demoOfficerDistrict = "16.04.01"

type demoPanganPlan struct {
	officers   []demoPanganOfficer
	households []demoHousehold
}

type demoPanganOfficer struct {
	email, name string
	villages    []string
}

// demoHousehold is a household to register, with what its yard gives.
type demoHousehold struct {
	fields  pangan.HouseholdFields
	officer string   // the e-mail of its village's officer
	grows   []string // commodity codes, in the order it started them
	joined  int      // the first month (0–11 of the demo's year) it was visited; 12: never yet
	skips   float64  // the chance that a month's visit did not happen
}

// Sumatera Selatan's names beyond the seed's Malay list: the province's
// own (Palembang's Kemas and Masayu titles left out), for variety across
// thousands of households.
var sumselPeople = people{
	female: []string{"Siti Rohmah", "Nurbaya", "Rosidah", "Yuliana", "Sumiyati", "Komariah", "Halimah", "Juwita", "Erna", "Mardiana",
		"Nurlela", "Rusmini", "Sartini", "Yusmaniar", "Zuraida", "Asmawati", "Cik Ani", "Darmawati", "Hartini", "Lismawati", "Maimunah",
		"Nurhasanah", "Rohaya", "Salamah", "Yusnita"},
	male: []string{"Abdul Karim", "Darmawan", "Hendra", "Iskandar", "Junaidi", "M. Ridwan", "Nurdin", "Sarkowi", "Suhaimi", "Zainal",
		"Syamsudin", "Amran", "Marzuki", "Rasyid", "Tarmizi", "Azhari", "Firdaus", "Helmi", "Jumadi", "Kholil", "Mat Sani", "Nasrul",
		"Rustam", "Sulaiman", "Usman"},
	second: []string{"Saputra", "Effendi", "Hamid", "Kurniawan", "Rahmat", "Zakaria", "Anwar", "Bakri", "Halim", "Mahmud", "Nawawi",
		"Ramadhan", "Syarifuddin", "Umar", "Wijaya", "Yusuf", "Hasan", "Ismail", "Rozak", "Somad"},
}

// peopleIn is the naming tradition of a household in a regency: OKU Timur
// and parts of Banyuasin were settled by transmigrants from Java and Bali.
func peopleIn(r *rand.Rand, regency string) *people {
	x := r.Float64()
	switch {
	case regency == "16.08" && x < 0.55, regency == "16.07" && x < 0.3:
		return &jawa
	case regency == "16.08" && x < 0.6:
		return &bali
	case x < 0.5:
		return &malay
	}
	return &sumselPeople
}

// demoHeadName is a head of household's name: given and second name, the
// second from either list of the tradition.
func demoHeadName(r *rand.Rand, p *people, female bool) string {
	given := p.male
	if female {
		given = p.female
	}
	name := pick(r, given)
	if r.IntN(5) > 0 {
		name += " " + pick(r, p.second)
	}
	return name
}

// demoNIK is a NIK issued in district (PPKKCC), for a birth date in
// 1955–1997 (women: day + 40), with a serial no other planned NIK has.
func demoNIK(r *rand.Rand, district string, female bool, used map[string]bool) string {
	day, month, year := 1+r.IntN(28), 1+r.IntN(12), 1955+r.IntN(43)
	if female {
		day += 40
	}
	prefix := strings.ReplaceAll(district, ".", "") + fmt.Sprintf("%02d%02d%02d", day, month, year%100)
	for serial := 1 + r.IntN(40); ; serial++ {
		nik := fmt.Sprintf("%s%04d", prefix, serial)
		if !used[nik] {
			used[nik] = true
			return nik
		}
	}
}

// demoPhone is an Indonesian mobile number (Telkomsel, Indosat, XL, Tri,
// Smartfren prefixes), most poor households having one.
func demoPhone(r *rand.Rand) string {
	if r.IntN(100) < 15 {
		return ""
	}
	return fmt.Sprintf("08%s%08d", pick(r, []string{"12", "13", "21", "22", "52", "53", "57", "77", "78", "95", "96", "81", "82"}), r.IntN(100_000_000))
}

// demoAddress is a household's address in its village: a dusun and RT in
// a desa, a street, RT and RW in a kelurahan (whose code's fourth segment starts with 1).
func demoAddress(r *rand.Rand, village string) string {
	if strings.HasPrefix(village[9:], "1") {
		return fmt.Sprintf("%s No. %d, RT %03d/RW %03d", pick(r, streets), 1+r.IntN(120), 1+r.IntN(12), 1+r.IntN(6))
	}
	return fmt.Sprintf("Dusun %s, RT %03d", []string{"I", "II", "III", "IV", "V"}[r.IntN(5)], 1+r.IntN(15))
}

// demoCrops are what a yard in the programme grows; a household takes a few.
var demoCrops = []string{"cabai", "kangkung", "tomat", "terong", "bawang_merah", "pepaya", "jeruk"}

// planDemoPangan draws GSMP's sample: in each of demoPanganRegencies,
// demoPanganDistricts kecamatan (Lahat's include Tanjungsakti Pumu, the
// demo officer's) with demoPanganVillages villages each, one officer per
// kecamatan, and the regency's households spread over its villages.
func planDemoPangan() demoPanganPlan {
	r := rand.New(rand.NewPCG(2021, 16))
	var plan demoPanganPlan
	used := map[string]bool{}
	var sumselDistricts []string
	for _, reg := range region.Regencies("16") {
		for _, d := range region.Districts(reg.Code) {
			sumselDistricts = append(sumselDistricts, d.Code)
		}
	}
	for _, reg := range demoPanganRegencies {
		districts := region.Districts(reg.code)
		r.Shuffle(len(districts), func(i, j int) { districts[i], districts[j] = districts[j], districts[i] })
		chosen := districts[:demoPanganDistricts]
		if reg.code == "16.04" && !slices.ContainsFunc(chosen, func(d region.District) bool { return d.Code == demoOfficerDistrict }) {
			dd, _ := region.DistrictByCode(demoOfficerDistrict)
			chosen[0] = dd
		}
		var villages []string
		for i, d := range chosen {
			vs := region.Villages(d.Code)
			r.Shuffle(len(vs), func(i, j int) { vs[i], vs[j] = vs[j], vs[i] })
			o := demoPanganOfficer{email: fmt.Sprintf("pendamping.%s%d@demo.gerai.id", reg.short, i+1)}
			if d.Code == demoOfficerDistrict {
				o.email = demoOfficer
			}
			o.name = demoHeadName(r, &sumselPeople, r.IntN(2) == 0)
			for _, v := range vs[:min(demoPanganVillages, len(vs))] {
				o.villages = append(o.villages, v.Code)
			}
			villages = append(villages, o.villages...)
			plan.officers = append(plan.officers, o)
		}
		officerOf := map[string]string{}
		for _, o := range plan.officers {
			for _, v := range o.villages {
				officerOf[v] = o.email
			}
		}
		for i := range reg.households {
			village := villages[i%len(villages)]
			female := r.IntN(100) < 22 // about a fifth of poor households are headed by a woman
			issued := village[:8]
			if r.IntN(100) < 8 { // moved since the NIK was issued
				issued = pick(r, sumselDistricts)
			}
			h := demoHousehold{
				fields: pangan.HouseholdFields{HeadName: demoHeadName(r, peopleIn(r, reg.code), female), NIK: demoNIK(r, issued, female, used),
					VillageCode: village, Address: demoAddress(r, village), Phone: demoPhone(r), Members: 2 + r.IntN(6),
					PovertyStatus: []string{"sangat_miskin", "miskin", "miskin", "rentan"}[r.IntN(4)],
					PovertySource: pick(r, []string{"DTKS Kemensos 2021", "P3KE 2022"})},
				officer: officerOf[village],
				skips:   0.05 + 0.25*r.Float64(), // follow-up is thin in places
			}
			h.grows = demoYard(r)
			switch x := r.IntN(100); {
			case x < 6:
				h.joined = 12 // registered, not visited yet
			case x < 70:
				h.joined = 0
			default:
				h.joined = 1 + r.IntN(9)
			}
			plan.households = append(plan.households, h)
		}
	}
	return plan
}

// demoYard is what one household grows and raises: two to four crops, and
// hens or fish buckets for some (those the bank's package reached).
func demoYard(r *rand.Rand) []string {
	crops := slices.Clone(demoCrops)
	r.Shuffle(len(crops), func(i, j int) { crops[i], crops[j] = crops[j], crops[i] })
	grows := crops[:2+r.IntN(3)]
	if r.IntN(100) < 45 {
		grows = append(grows, "telur")
	}
	if r.IntN(100) < 20 {
		grows = append(grows, "ayam_kampung")
	}
	switch x := r.IntN(100); {
	case x < 25:
		grows = append(grows, "lele")
	case x < 40:
		grows = append(grows, "nila")
	}
	return grows
}

// planDemoJabar is Gerakan Jabar Mandiri Pangan's first households: 36 in
// six kelurahan of Kota Bandung, registered by the Jabar agency.
func planDemoJabar() []demoHousehold {
	r := rand.New(rand.NewPCG(2021, 32))
	used := map[string]bool{}
	districts := region.Districts("32.73")
	var out []demoHousehold
	for i := range 36 {
		d := districts[(i/6*5)%len(districts)]
		vs := region.Villages(d.Code)
		village := vs[(i/6)%len(vs)].Code
		female := r.IntN(100) < 25
		out = append(out, demoHousehold{fields: pangan.HouseholdFields{HeadName: demoHeadName(r, &sunda, female),
			NIK: demoNIK(r, d.Code, female, used), VillageCode: village, Address: demoAddress(r, village), Phone: demoPhone(r),
			Members: 2 + r.IntN(5), PovertyStatus: []string{"sangat_miskin", "miskin", "rentan"}[r.IntN(3)], PovertySource: "P3KE 2022"}})
	}
	return out
}
