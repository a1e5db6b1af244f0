package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/mall/allocation"
)

// mallSeason is issue 11's speed case: a season of 52 weekly turns, 300
// stalls with mixed properties, 5,000 applications from 20 regencies (18 of
// Jawa Barat, 2 of Sumatera Selatan as guests) in 6 categories, with mixed
// needs and availabilities, under a rulebook with every quota set.
func mallSeason() allocation.Input {
	r := rand.New(rand.NewPCG(2027, 11))
	from := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	in := allocation.Input{
		Rulebook: allocation.Rulebook{Version: 1, TurnDays: 7, MaxTurnsPerUMKM: 4,
			CategoryCaps: map[string]float64{"kuliner": 0.4, "jasa": 0.1}, MinPerRegency: 1, GuestQuota: 0.1,
			Priorities:      []allocation.Priority{allocation.PriorityNeverHadTurn, allocation.PriorityMikro, allocation.PriorityAttendance},
			RubricThreshold: 50},
		Province: "32",
		Season:   allocation.Season{From: from, To: from.AddDate(0, 0, 52*7-1)},
		Seed:     42,
	}
	for i := range 300 {
		s := allocation.Stall{Code: fmt.Sprintf("K-%03d", i+1), Kind: allocation.KindKios, Zone: string(rune('A' + i/50)),
			Status: allocation.StatusActive,
			Has:    allocation.Needs{Power: r.IntN(10) < 6, Water: r.IntN(10) < 2, Cooking: r.IntN(10) < 3}}
		if i%25 == 0 {
			s.Kind = allocation.KindGerobak
		}
		if i < 30 {
			s.Category = "kuliner" // a food court
		}
		if i%97 == 0 {
			s.Status = allocation.StatusUnderRepair
		}
		in.Stalls = append(in.Stalls, s)
	}
	categories := []string{"kuliner", "fesyen", "kriya", "pertanian", "jasa", "lainnya"}
	for i := range 5000 {
		reg, prov := fmt.Sprintf("32.%02d", 1+i%18), "32"
		if i%20 >= 18 {
			reg, prov = fmt.Sprintf("16.%02d", 71+i%2), "16"
		}
		a := allocation.Application{ID: int64(i + 1), UMKMID: int64(10000 + i), Class: allocation.ClassBergilir,
			Category: categories[r.IntN(len(categories))], Regency: reg, Province: prov,
			Scale: []string{"mikro", "mikro", "kecil", "menengah"}[r.IntN(4)], RubricScore: float64(30 + r.IntN(71)),
			PastTurns: r.IntN(4), AttendanceRate: float64(r.IntN(101)) / 100, Arrears: r.IntN(50) == 0,
			Needs: allocation.Needs{Power: r.IntN(10) < 4, Water: r.IntN(10) < 1}}
		a.Needs.Cooking = a.Category == "kuliner" && r.IntN(2) == 0
		switch {
		case prov != "32":
			a.Class = allocation.ClassTamu
		case i < 32*20/18:
			a.Class = allocation.ClassTetap
		case r.IntN(5) == 0:
			a.Class = allocation.ClassPercobaan
		}
		switch k := r.IntN(10); {
		case k < 3:
			a.Weekdays = []int{6, 7}
		case k < 5:
			for d := 1; d <= 7; d++ {
				if r.IntN(2) == 0 {
					a.Weekdays = append(a.Weekdays, d)
				}
			}
		case k < 6:
			a.From = from.AddDate(0, 0, 7*r.IntN(40))
			a.To = a.From.AddDate(0, 0, 7*(4+r.IntN(12))-1)
		}
		in.Applications = append(in.Applications, a)
	}
	return in
}

func benchAllocate(b *testing.B, in allocation.Input) {
	var res allocation.Result
	for b.Loop() {
		var err error
		if res, err = allocation.Allocate(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Fairness.MaxGap), "max_gap")
	b.ReportMetric(float64(res.UnfilledStallTurns), "unfilled_stall_turns")
	b.ReportMetric(float64(res.StallTurns), "stall_turns")
	b.ReportMetric(float64(len(res.Unassigned)), "unassigned")
	b.ReportMetric(float64(len(res.Relaxed)), "relaxed")
}

// BenchmarkAllocateSeason allocates the whole season from nothing.
func BenchmarkAllocateSeason(b *testing.B) { benchAllocate(b, mallSeason()) }

// BenchmarkAllocateSeasonRerun allocates it again in its fifth week: the
// turns of the first four weeks have started and stay where they are.
func BenchmarkAllocateSeasonRerun(b *testing.B) {
	in := mallSeason()
	first, err := allocation.Allocate(in)
	if err != nil {
		b.Fatal(err)
	}
	cut := in.Season.From.AddDate(0, 0, 28)
	for _, t := range first.Turns {
		if t.From.Before(cut) {
			in.Started = append(in.Started, t)
		}
	}
	benchAllocate(b, in)
}

// BenchmarkAllocateSeasonNoTurnCap is the season without a cap on turns per
// UMKM: more rounds, and every stall-turn wanted.
func BenchmarkAllocateSeasonNoTurnCap(b *testing.B) {
	in := mallSeason()
	in.Rulebook.MaxTurnsPerUMKM = 0
	benchAllocate(b, in)
}
