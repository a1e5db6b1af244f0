package seed

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// demoHarvest is how a commodity yields on a visit to a yard: how often
// something is there to record, and how much (in its unit), and how it is
// used (weights of home, sold, given). Quantities are a small yard's.
type demoHarvest struct {
	chance   float64
	min, max float64
	step     float64 // quantities are rounded to this
	uses     [3]int
	every    int            // > 0: harvested only every this many months since joining (fish: a cycle)
	inSeason func(int) bool // the calendar month (1–12) it can be picked, nil: all year
}

var demoHarvests = map[string]demoHarvest{
	"kangkung":     {chance: 0.8, min: 1, max: 4, step: 0.5, uses: [3]int{75, 15, 10}},
	"cabai":        {chance: 0.6, min: 0.5, max: 2.5, step: 0.25, uses: [3]int{65, 25, 10}},
	"tomat":        {chance: 0.55, min: 1, max: 4, step: 0.5, uses: [3]int{70, 20, 10}},
	"terong":       {chance: 0.55, min: 1, max: 4, step: 0.5, uses: [3]int{70, 20, 10}},
	"bawang_merah": {chance: 0.9, min: 0.5, max: 2.5, step: 0.25, uses: [3]int{60, 35, 5}, every: 3},
	"pepaya":       {chance: 0.45, min: 2, max: 8, step: 1, uses: [3]int{60, 25, 15}},
	"jeruk":        {chance: 0.6, min: 3, max: 10, step: 1, uses: [3]int{50, 35, 15}, inSeason: func(m int) bool { return m >= 5 && m <= 9 }},
	"telur":        {chance: 0.95, min: 40, max: 160, step: 1, uses: [3]int{60, 35, 5}},
	"ayam_kampung": {chance: 0.15, min: 1, max: 3, step: 1, uses: [3]int{40, 50, 10}},
	"lele":         {chance: 0.9, min: 3, max: 9, step: 0.5, uses: [3]int{50, 40, 10}, every: 3},
	"nila":         {chance: 0.9, min: 2, max: 7, step: 0.5, uses: [3]int{50, 40, 10}, every: 4},
}

var demoUses = [3]string{pangan.UseHome, pangan.UseSold, pangan.UseGiven}

// demoVisitMonths is the demo's year of visits: the twelve months before
// the month the demo is loaded, at the province.
const demoVisitMonths = 12

// demoPlannedVisit is one visit of an officer's phone queue.
type demoPlannedVisit struct {
	household int // index in the plan
	visit     pangan.VisitIn
}

// planDemoVisits draws every household's visits (one a month from the
// month it joined, some months missed) with their harvests, and returns
// them per officer in the order each phone recorded them. Visit ids come
// from the seeded generator, so a repeated load sends the same ids.
func planDemoVisits(plan demoPanganPlan, ids map[string]int64, now time.Time) map[string][]demoPlannedVisit {
	r := rand.New(rand.NewPCG(2021, 1601))
	loc := time.FixedZone("WIB", 7*3600)
	local := now.In(loc)
	first := time.Date(local.Year(), local.Month()-demoVisitMonths, 1, 0, 0, 0, 0, loc)
	out := map[string][]demoPlannedVisit{}
	for i, h := range plan.households {
		version := int64(0)
		for m := h.joined; m < demoVisitMonths; m++ {
			if m > h.joined && r.Float64() < h.skips {
				continue
			}
			at := first.AddDate(0, m, r.IntN(26)).Add(time.Duration(8*60+r.IntN(7*60)) * time.Minute)
			v := pangan.VisitIn{ID: demoUUID(r), HouseholdID: ids[h.fields.NIK], VisitedAt: at, BaseVersion: version}
			for _, c := range h.grows {
				hv := demoHarvests[c]
				if hv.every > 0 && (m-h.joined)%hv.every != hv.every-1 {
					continue
				}
				if (hv.inSeason != nil && !hv.inSeason(int(at.Month()))) || r.Float64() >= hv.chance {
					continue
				}
				q := hv.min + r.Float64()*(hv.max-hv.min)
				q = math.Round(q/hv.step) * hv.step
				v.Production = append(v.Production, pangan.ProductionIn{Commodity: c, Quantity: q, Use: demoUses[weighted(r, hv.uses[:])]})
			}
			if len(v.Production) == 0 && r.IntN(3) > 0 {
				v.Notes = "Tanaman baru disemai, belum ada panen."
			}
			version++
			out[h.officer] = append(out[h.officer], demoPlannedVisit{household: i, visit: v})
		}
	}
	for _, list := range out {
		slices.SortStableFunc(list, func(a, b demoPlannedVisit) int { return a.visit.VisitedAt.Compare(b.visit.VisitedAt) })
	}
	return out
}

// weighted picks an index with the given weights.
func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// demoVisits has each officer's phone sync its year of visits, in batches
// of pangan.MaxSyncBatch, as the officer; a few phones at a time (their
// households are apart, so the order between them changes nothing but the
// records' ids). Every visit must be stored (or, on a repeated load, be a
// duplicate): a conflict or a rejection is a bug in the plan.
func demoVisits(ctx context.Context, a *app.App, p pangan.Programme, plan demoPanganPlan, queues map[string][]demoPlannedVisit,
	officers map[string]account.User) error {
	errs := make([]error, len(plan.officers))
	var wg sync.WaitGroup
	workers := 2
	if a.DB.Dialect == sqldb.Postgres {
		workers = 4 // PostgreSQL overlaps more round trips; SQLite has one writer anyway
	}
	sem := make(chan struct{}, workers)
	for i, o := range plan.officers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = demoSync(platform.WithActor(ctx, officers[o.email].Actor()), a, p.ID, o.email, queues[o.email])
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// demoSync sends one phone's queue.
func demoSync(ctx context.Context, a *app.App, programmeID int64, officer string, queue []demoPlannedVisit) error {
	for lo := 0; lo < len(queue); lo += pangan.MaxSyncBatch {
		part := queue[lo:min(lo+pangan.MaxSyncBatch, len(queue))]
		batch := make([]pangan.VisitIn, len(part))
		for i, pv := range part {
			batch[i] = pv.visit
		}
		res, err := a.Pangan.SyncVisits(ctx, programmeID, batch)
		if err != nil {
			return fmt.Errorf("visits of %s: %w", officer, err)
		}
		if len(res.Conflicts) > 0 || len(res.Rejected) > 0 || res.Accepted+res.Duplicates != len(batch) {
			return fmt.Errorf("visits of %s: %d accepted, %d duplicates, conflicts %v, rejected %v", officer, res.Accepted, res.Duplicates,
				res.Conflicts, res.Rejected)
		}
	}
	return nil
}

// firstVisits is when each household (by index in the plan) was first visited.
func firstVisits(queues map[string][]demoPlannedVisit) map[int]time.Time {
	out := map[int]time.Time{}
	for _, list := range queues {
		for _, pv := range list {
			if t, ok := out[pv.household]; !ok || pv.visit.VisitedAt.Before(t) {
				out[pv.household] = pv.visit.VisitedAt
			}
		}
	}
	return out
}

// demoAidFailure is why an aid item did not survive, by item.
var demoAidFailure = map[string]string{
	"Ayam petelur":     "Ayam mati terserang penyakit",
	"Benih nila":       "Benih mati, air drum jarang diganti",
	"Benih lele":       "Benih mati, air drum jarang diganti",
	"Drum budikdamber": "Drum bocor",
	"Benih sayuran (cabai, tomat, terong, kangkung)": "Benih tidak tumbuh, kemarau",
	"Bibit jeruk dan pepaya":                         "Bibit mati kekeringan",
}

// addDemoStatuses adds to the planned visits what each found of the
// household's plots and aid: the visits of the last ActiveDays−10 days
// report every plot (so the dashboard's active plots count them), and a
// household's last visit after its handover reports each aid item that
// lives or lasts (not the feed, a polybag or a sticker). Most are alive,
// harvested where the visit recorded its produce, a few failed.
func addDemoStatuses(queues map[string][]demoPlannedVisit, plan demoPanganPlan, ids map[string]int64, plots map[int64][]demoPlotRef,
	aid map[int64]demoAidRef, now time.Time) {
	r := rand.New(rand.NewPCG(2021, 1604))
	since := now.AddDate(0, 0, -pangan.ActiveDays+10)
	last := map[int]int{} // household → index of its last visit in its officer's queue
	for _, o := range plan.officers {
		for j, pv := range queues[o.email] {
			last[pv.household] = j
		}
	}
	for _, o := range plan.officers {
		list := queues[o.email]
		for j := range list {
			pv := &list[j]
			hid := ids[plan.households[pv.household].fields.NIK]
			recorded := map[string]bool{}
			for _, pr := range pv.visit.Production {
				recorded[pr.Commodity] = true
			}
			if pv.visit.VisitedAt.After(since) {
				for _, pl := range plots[hid] {
					st := pangan.StatusIn{Subject: "plot", ID: pl.id, Status: "alive"}
					switch {
					case r.IntN(100) < 3:
						st.Status, st.Reason = "failed", "Tanaman mati kekeringan"
						if pl.kind == "kolam" {
							st.Reason = "Ikan mati, air drum keruh"
						}
					case pl.kind == "kolam" && (recorded["lele"] || recorded["nila"]), pl.kind == "kandang" && recorded["telur"],
						pl.kind == "pekarangan" && len(recorded) > 0:
						st.Status = "harvested"
					}
					pv.visit.Statuses = append(pv.visit.Statuses, st)
				}
			}
			d, ok := aid[hid]
			if !ok || last[pv.household] != j || !pv.visit.VisitedAt.After(d.at) {
				continue
			}
			for _, it := range d.items {
				reason, lives := demoAidFailure[it.Name]
				if !lives {
					continue
				}
				st := pangan.StatusIn{Subject: "aid", ID: d.id, Line: it.Line, Status: "alive"}
				switch x := r.IntN(100); {
				case x < 15:
					st.Status, st.Reason = "failed", reason
				case x < 40 && it.Name != "Drum budikdamber":
					st.Status = "harvested"
				}
				pv.visit.Statuses = append(pv.visit.Statuses, st)
			}
		}
	}
}
