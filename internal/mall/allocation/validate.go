package allocation

import (
	"fmt"
	"math"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

// Bounds that keep one allocation's memory and time bounded (a few tens of
// megabytes at most); a venue needs far less.
const (
	MaxPeriods = 1100      // three years of daily turns
	MaxSlots   = 5_000_000 // stalls × turns
	MaxAppTurn = 8_000_000 // applications × turns
)

var knownClasses = map[Class]bool{ClassTetap: true, ClassBergilir: true, ClassPercobaan: true, ClassTamu: true}

var knownPriorities = map[Priority]bool{PriorityNeverHadTurn: true, PriorityMikro: true, PriorityAttendance: true, PriorityRubric: true}

var strictRules = map[string]bool{RuleMinPerRegency: true, RuleCategoryCaps: true, RuleGuestQuota: true, RuleMaxTurns: true}

var stallKinds = map[StallKind]bool{KindKios: true, KindTenda: true, KindGerobak: true, KindMeja: true}

// validate checks the input's shape; every problem is a field error, so the
// caller can show them all at once.
func validate(in *Input) error {
	var v platform.Validation
	validateRulebook(&v, &in.Rulebook)
	classes := map[Class]bool{}
	for _, c := range classOrder(&in.Rulebook) {
		classes[c] = true
	}
	v.Check(in.Province != "", "province", "Provinsi lokasi wajib diisi")
	for _, d := range in.OpenWeekdays {
		v.Check(d >= 1 && d <= 7, "open_weekdays", "Hari buka harus 1 (Senin) sampai 7 (Minggu)")
	}
	from, to := dayOf(in.Season.From), dayOf(in.Season.To)
	switch {
	case in.Season.From.IsZero() || in.Season.To.IsZero():
		v.Add("season", "Tanggal awal dan akhir musim wajib diisi")
	case to < from:
		v.Add("season", "Akhir musim sebelum awalnya")
	case in.Rulebook.TurnDays >= 1 && (to-from)/in.Rulebook.TurnDays+1 > MaxPeriods:
		v.Add("season", "Musim terlalu panjang: paling banyak %s giliran", platform.Count(MaxPeriods))
	}

	codes := map[string]bool{}
	for i, s := range in.Stalls {
		f := fmt.Sprintf("stalls[%d]", i)
		v.Check(s.Code != "", f+".code", "Kode lapak wajib diisi")
		v.Check(!codes[s.Code], f+".code", "Kode lapak %s dipakai dua kali", s.Code)
		codes[s.Code] = true
		v.Check(stallKinds[s.Kind], f+".kind", "Jenis lapak: kios, tenda, gerobak atau meja")
		v.Check(s.Status == StatusActive || s.Status == StatusUnderRepair, f+".status", "Status lapak: active atau under_repair")
	}

	apps := map[int64]*Application{}
	umkms := map[int64]bool{}
	for i := range in.Applications {
		a := &in.Applications[i]
		f := fmt.Sprintf("applications[%d]", i)
		v.Check(apps[a.ID] == nil, f+".id", "Pendaftaran %d tercantum dua kali", a.ID)
		apps[a.ID] = a
		v.Check(!umkms[a.UMKMID], f+".umkm_id", "UMKM %d mendaftar dua kali untuk musim ini", a.UMKMID)
		umkms[a.UMKMID] = true
		v.Check(classes[a.Class], f+".class", "Kelas %s tidak ada dalam urutan kelas buku aturan", string(a.Class))
		v.Check(a.Category != "", f+".category", "Kategori wajib diisi")
		v.Check(a.Regency != "", f+".regency", "Kabupaten/kota wajib diisi")
		v.Check(a.Province != "", f+".province", "Provinsi wajib diisi")
		for _, d := range a.Weekdays {
			v.Check(d >= 1 && d <= 7, f+".weekdays", "Hari datang harus 1 (Senin) sampai 7 (Minggu)")
		}
		v.Check(a.From.IsZero() || a.To.IsZero() || dayOf(a.From) <= dayOf(a.To), f+".to", "Tanggal akhir sebelum tanggal awal")
		v.Check(finite(a.RubricScore), f+".rubric_score", "Nilai rubrik tidak valid")
		v.Check(finite(a.AttendanceRate) && a.AttendanceRate >= 0 && a.AttendanceRate <= 1, f+".attendance_rate", "Tingkat kehadiran harus antara 0 dan 1")
		v.Check(a.PastTurns >= 0, f+".past_turns", "Jumlah giliran lalu tidak boleh negatif")
	}

	for i, t := range in.Started {
		f := fmt.Sprintf("started[%d]", i)
		v.Check(codes[t.Stall], f+".stall", "Lapak %s tidak dikenal", t.Stall)
		a := apps[t.ApplicationID]
		v.Check(a != nil && a.UMKMID == t.UMKMID, f+".application_id", "Giliran berjalan tanpa pendaftaran UMKM-nya")
		v.Check(!t.From.IsZero() && !t.To.IsZero() && dayOf(t.From) <= dayOf(t.To), f+".to", "Tanggal akhir sebelum tanggal awal")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if n := len(in.Stalls) * periodCount(in); n > MaxSlots {
		return platform.Errorf(platform.KindInvalid, "Terlalu banyak lapak-giliran: %s, paling banyak %s", platform.Count(n), platform.Count(MaxSlots))
	}
	if n := len(in.Applications) * periodCount(in); n > MaxAppTurn {
		return platform.Errorf(platform.KindInvalid, "Terlalu banyak pendaftaran untuk musim sepanjang ini")
	}
	return startedOverlap(in.Started)
}

func validateRulebook(v *platform.Validation, rb *Rulebook) {
	v.Check(rb.TurnDays >= 1 && rb.TurnDays <= 366, "rulebook.turn_days", "Lama giliran 1 sampai 366 hari")
	v.Check(rb.MaxTurnsPerUMKM >= 0, "rulebook.max_turns_per_umkm", "Batas giliran tidak boleh negatif")
	v.Check(rb.MinPerRegency >= 0, "rulebook.min_per_regency", "Minimum per kabupaten/kota tidak boleh negatif")
	v.Check(share(rb.GuestQuota), "rulebook.guest_quota", "Kuota tamu harus antara 0 dan 1")
	v.Check(finite(rb.RubricThreshold), "rulebook.rubric_threshold", "Ambang rubrik tidak valid")
	for c, f := range rb.CategoryCaps {
		v.Check(c != "", "rulebook.category_caps", "Kategori batas wajib diisi")
		v.Check(share(f), "rulebook.category_caps", "Batas kategori %s harus antara 0 dan 1", c)
	}
	seen := map[Class]bool{}
	for _, c := range rb.ClassOrder {
		v.Check(knownClasses[c], "rulebook.class_order", "Kelas tidak dikenal: %s", string(c))
		v.Check(!seen[c], "rulebook.class_order", "Kelas %s disebut dua kali", string(c))
		seen[c] = true
	}
	seenP := map[Priority]bool{}
	for _, p := range rb.Priorities {
		v.Check(knownPriorities[p], "rulebook.priorities", "Prioritas tidak dikenal: %s", string(p))
		v.Check(!seenP[p], "rulebook.priorities", "Prioritas %s disebut dua kali", string(p))
		seenP[p] = true
	}
	for _, r := range rb.Strict {
		v.Check(strictRules[r], "rulebook.strict", "Aturan tidak dikenal: %s", r)
	}
}

// startedOverlap refuses two started turns on one stall at overlapping dates:
// the engine keeps started turns as they are, so it cannot repair them.
func startedOverlap(ts []Turn) error {
	byStall := map[string][][2]int{}
	for _, t := range ts {
		a, b := dayOf(t.From), dayOf(t.To)
		for _, o := range byStall[t.Stall] {
			if a <= o[1] && o[0] <= b {
				return platform.Invalid("started", "Dua giliran berjalan di lapak %s bertumpang tindih", t.Stall)
			}
		}
		byStall[t.Stall] = append(byStall[t.Stall], [2]int{a, b})
	}
	return nil
}

func classOrder(rb *Rulebook) []Class {
	if len(rb.ClassOrder) == 0 {
		return DefaultClassOrder
	}
	return rb.ClassOrder
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func share(f float64) bool { return finite(f) && f >= 0 && f <= 1 }

// dayOf is t's civil date (in t's own location) as days since 1970-01-01.
func dayOf(t time.Time) int {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return int(floorDiv(u, 86400))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// dateOf is the inverse of dayOf, at UTC midnight.
func dateOf(day int) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

// isoWeekday of a day number: 1970-01-01 was a Thursday (4).
func isoWeekday(day int) int { return int(((int64(day)+3)%7+7)%7) + 1 }

// periodCount is an upper bound of the number of turns (before dropping
// periods without an opening day).
func periodCount(in *Input) int {
	if in.Rulebook.TurnDays < 1 {
		return 0
	}
	return (dayOf(in.Season.To)-dayOf(in.Season.From))/in.Rulebook.TurnDays + 1
}
