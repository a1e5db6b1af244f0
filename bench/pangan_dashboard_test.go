package bench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// foodMonths is the benchmark's year of visits: one a month per household.
const foodMonths = 12

// foodProvince is GSMP at its full size: 81,000 households in the 17
// regencies (each regency's target, spread over all its villages), each
// visited once a month for a year, about a million production records, and
// the roll-up rebuilt from them.
type foodProvince struct {
	s          *testutil.Server
	agency     context.Context
	programme  pangan.Programme
	households int
	visits     int
	records    int
	load       time.Duration // writing the records
	rebuild    time.Duration // RebuildStats over them
}

// newFoodProvince writes the records with multi-row INSERTs, 5,000
// households (60,000 visits and their records) a transaction, then rebuilds
// the roll-up through pangan.Service.RebuildStats as the agency.
func newFoodProvince(b *testing.B, d sqldb.Dialect) foodProvince {
	b.Helper()
	s, agency, p := newFoodProgramme(b, d)
	w := foodProvince{s: s, agency: agency, programme: p}
	var by int64
	if err := s.App.DB.Reader().QueryRow(context.Background(), `SELECT id FROM users WHERE email = 'dinas16@bench.id'`).Scan(&by); err != nil {
		b.Fatal(err)
	}
	prices := map[string]int64{}
	for _, c := range foodCommodities {
		prices[c.Code] = c.Price
	}
	now := time.Now().UTC()
	uses := []string{pangan.UseHome, pangan.UseHome, pangan.UseSold, pangan.UseGiven}
	var hs, vs, ps [][]any
	flush := func() {
		insertRows(b, s.App.DB, "pangan_households", householdCols, hs)
		insertRows(b, s.App.DB, "pangan_visits", visitCols, vs)
		insertRows(b, s.App.DB, "pangan_production", productionCols, ps)
		hs, vs, ps = hs[:0], vs[:0], ps[:0]
	}
	start := time.Now()
	id := int64(0)
	for _, r := range region.Regencies("16") {
		villages := villagesOf(r.Code)
		for k := range foodTargets[r.Code] {
			id++
			village := villages[k%len(villages)]
			at := func(m int) time.Time {
				return time.Date(2025, time.Month(1+m), 3+int(id+int64(m))%25, 3, 0, 0, 0, time.UTC)
			}
			hs = append(hs, householdRow(id, p.ID, by, village, foodMonths, at(0), at(foodMonths-1), now))
			for m := range foodMonths {
				vid := benchVisitID(id, m)
				vs = append(vs, []any{vid, p.ID, id, by, at(m), m, false, now})
				month := at(m).Format("2006-01")
				c := foodCommodities[(int(id)+m)%len(foodCommodities)]
				milli := int64(500 + (int(id)*7+m*13)%4500)
				if c.Unit == "butir" {
					milli *= 30
				}
				ps = append(ps, []any{vid, p.ID, id, c.Code, milli, uses[(int(id)+m)%4], milli * prices[c.Code] / 1000, village, month, false})
				if (int(id)+m)%30 == 0 { // now and then a second harvest on the visit
					ps = append(ps, []any{vid, p.ID, id, "kangkung", int64(2000), pangan.UseHome, 2 * prices["kangkung"], village, month, false})
				}
			}
			w.households++
			w.visits += foodMonths
			if len(hs) == 5000 {
				w.records += len(ps)
				flush()
			}
		}
	}
	w.records += len(ps)
	flush()
	w.load = time.Since(start)
	start = time.Now()
	if err := s.App.Pangan.RebuildStats(agency, p.ID); err != nil {
		b.Fatal(err)
	}
	w.rebuild = time.Since(start)
	if d == sqldb.Postgres {
		if _, err := s.App.DB.Writer().Exec(context.Background(), `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	return w
}

// BenchmarkFoodDashboard is issue 12's dashboard at full size (81,000
// households × 12 monthly visits, about a million production records,
// roll-up rebuilt): the indicators of the province and of a regency (Lahat,
// the largest) through pangan.Service.Indicators, over HTTP as the API's
// JSON, and as the web pages /pangan/{id} and /pangan/{id}/wilayah/{code}
// where those pages exist (skipped, saying so, where they do not). Each
// case fails unless the figures are the records' sums.
func BenchmarkFoodDashboard(b *testing.B) {
	forEachDialect(b, func(b *testing.B, d sqldb.Dialect) {
		w := newFoodProvince(b, d)
		b.Logf("%s: %d households, %d visits, %d production records written in %.1f s; RebuildStats %.1f s; %d roll-up rows",
			d, w.households, w.visits, w.records, w.load.Seconds(), w.rebuild.Seconds(),
			mustCount(b, w.s.App.DB, `SELECT COUNT(*) FROM pangan_stats WHERE programme_id = ?`, w.programme.ID))
		checkFoodFigures(b, w)
		ctx := context.Background()
		for _, c := range []struct{ name, level, code string }{{"province", pangan.LevelProvince, "16"}, {"regency", pangan.LevelRegency, "16.04"}} {
			b.Run("service/"+c.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := w.s.App.Pangan.Indicators(ctx, w.programme.ID, c.level, c.code, "", ""); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		client := &http.Client{Timeout: time.Minute}
		defer client.CloseIdleConnections()
		paths := []struct{ name, path string }{
			{"api/province", fmt.Sprintf("/api/v1/food-programmes/%d/indicators?level=province&code=16", w.programme.ID)},
			{"api/regency", fmt.Sprintf("/api/v1/food-programmes/%d/indicators?level=regency&code=16.04", w.programme.ID)},
			{"page/province", fmt.Sprintf("/pangan/%d", w.programme.ID)},
			{"page/regency", fmt.Sprintf("/pangan/%d/wilayah/16.04", w.programme.ID)},
		}
		for _, c := range paths {
			b.Run(c.name, func(b *testing.B) {
				if status := get(b, client, w.s.URL+c.path); status == http.StatusNotFound && c.name[:4] == "page" {
					b.Skipf("%s answers 404: the dashboard pages are not in this build", c.path)
				} else if status != http.StatusOK {
					b.Fatalf("%s: %d", c.path, status)
				}
				for b.Loop() {
					if status := get(b, client, w.s.URL+c.path); status != http.StatusOK {
						b.Fatalf("%s: %d", c.path, status)
					}
				}
			})
		}
	})
}

// get fetches url (anonymously: province and regency figures are public)
// and reads the whole answer, as a browser would.
func get(b *testing.B, client *http.Client, url string) int {
	res, err := client.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		b.Fatal(err)
	}
	return res.StatusCode
}

// checkFoodFigures fails unless the province's and each regency's
// dashboard figures are the sums over the records.
func checkFoodFigures(b *testing.B, w foodProvince) {
	b.Helper()
	ctx := context.Background()
	db := w.s.App.DB
	in, err := w.s.App.Pangan.Indicators(ctx, w.programme.ID, pangan.LevelProvince, "16", "", "")
	if err != nil {
		b.Fatal(err)
	}
	value := mustCount(b, db, `SELECT SUM(value) FROM pangan_production WHERE programme_id = ?`, w.programme.ID)
	if in.Reached != int64(w.households) || in.Registered != int64(w.households) || in.Records != int64(w.records) ||
		in.Value != int64(value) || in.Target != 81000 || len(in.Months) != foodMonths || len(in.Children) != 17 {
		b.Fatalf("province: %+v, target %d, %d months, %d regencies; want %d reached of %d, %d records, value %d, 81,000, 12, 17",
			in.Figures, in.Target, len(in.Months), len(in.Children), w.households, w.households, w.records, value)
	}
	rows, err := db.Reader().Query(ctx, `SELECT h.regency_code, SUM(p.value) FROM pangan_production p JOIN pangan_households h ON h.id = p.household_id
		WHERE p.programme_id = ? GROUP BY h.regency_code`, w.programme.ID)
	byRegency := map[string]int64{}
	if _, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (struct{}, error) {
		var code string
		var v int64
		err := r.Scan(&code, &v)
		byRegency[code] = v
		return struct{}{}, err
	}); err != nil {
		b.Fatal(err)
	}
	for _, c := range in.Children {
		if c.Reached != int64(foodTargets[c.Code]) || c.Value != byRegency[c.Code] || c.Target != int64(foodTargets[c.Code]) {
			b.Fatalf("regency %s: %+v, target %d; want %d reached, value %d", c.Code, c.Figures, c.Target, foodTargets[c.Code], byRegency[c.Code])
		}
	}
	if !slices.IsSortedFunc(in.Months, func(a, b pangan.MonthFigure) int { return cmp.Compare(a.Month, b.Month) }) {
		b.Fatal("months out of order")
	}
}
