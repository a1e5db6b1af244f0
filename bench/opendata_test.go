package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// openDataUMKM is the registry's size for BenchmarkOpenData: 100,000 by
// default, GERAI_BENCH_UMKM to change it (1000000 for the million).
func openDataUMKM() int {
	if n, err := strconv.Atoi(os.Getenv("GERAI_BENCH_UMKM")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var openDataCols = []string{"id", "owner_id", "name", "owner_name", "nib", "province_code", "regency_code", "category", "scale", "status",
	"verified_at", "created_at", "updated_at"}

// newOpenDataRegistry writes n UMKM straight into the table, spread over
// all 514 regencies of the 38 provinces (ten times more in Sumsel's and
// Jabar's, as a cooperation between them would be), three in four
// verified at a time in 2024–2026, the rest drafts, submitted or rejected;
// then the planner's statistics are taken (autovacuum would, in service).
func newOpenDataRegistry(b *testing.B, d sqldb.Dialect, n int) (*testutil.Server, int) {
	b.Helper()
	s := testutil.NewServer(b, d)
	_, owner := mustActor(b, s.App.Accounts, "pemilik@bench.id", platform.RoleSeller, "")
	var regs []string
	for _, r := range region.AllRegencies() {
		k := 1
		if r.ProvinceCode == "16" || r.ProvinceCode == "32" {
			k = 10
		}
		for range k {
			regs = append(regs, r.Code)
		}
	}
	scales := []string{"mikro", "mikro", "mikro", "mikro", "mikro", "mikro", "mikro", "kecil", "kecil", "menengah"}
	statuses := []string{"verified", "verified", "verified", "draft", "verified", "submitted", "verified", "verified", "rejected", "verified", "verified", "verified"}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC).Sub(start) / time.Minute)
	verified := 0
	var rows [][]any
	for id := 1; id <= n; id++ {
		reg := regs[(id*7919)%len(regs)]
		status := statuses[id%len(statuses)]
		at := start.Add(time.Duration((int64(id)*104729)%span) * time.Minute)
		var verifiedAt any
		if status == "verified" {
			verifiedAt, verified = at, verified+1
		}
		rows = append(rows, []any{id, owner.ID, fmt.Sprintf("Usaha %d", id), "Pemilik", fmt.Sprintf("9%012d", id), reg[:2], reg, "kuliner",
			scales[(id*31)%len(scales)], status, verifiedAt, at, at})
		if len(rows) == 5000 || id == n {
			insertRows(b, s.App.DB, "umkm", openDataCols, rows)
			rows = rows[:0]
		}
	}
	stats := "ANALYZE"
	if d == sqldb.Postgres {
		stats = "VACUUM ANALYZE umkm"
	}
	if _, err := s.App.DB.Writer().Exec(context.Background(), stats); err != nil {
		b.Fatal(err)
	}
	// Written past the service: the registry's roll-up is rebuilt from the
	// table, as the app does at start after a bulk load (decision 0036).
	rebuilt := time.Now()
	if err := s.App.UMKM.RebuildRegistry(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("registry roll-up rebuilt in %.1f s", time.Since(rebuilt).Seconds())
	s.App.OpenData.Now = func() time.Time { return time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC) }
	return s, verified
}

// BenchmarkOpenData is issue 13's open data at a moderate registry
// (openDataUMKM): umkm.VerifiedCounts (the GROUP BY over the registry's
// roll-up), the catalogue's
// rows of the verified-UMKM dataset (the counts, cumulated by year and
// suppressed), its files and page over HTTP, and CKAN datastore_search
// with a filter. It fails unless the published province totals of 2026
// add up to the verified UMKM, and logs the query plans.
func BenchmarkOpenData(b *testing.B) {
	forEachDialect(b, func(b *testing.B, d sqldb.Dialect) {
		n := openDataUMKM()
		started := time.Now()
		s, verified := newOpenDataRegistry(b, d, n)
		b.Logf("%s: %d UMKM (%d verified) written in %.1f s", d, n, verified, time.Since(started).Seconds())
		ctx := context.Background()
		logPlan(b, s.App.DB)
		ds, _ := s.App.OpenData.Dataset(opendata.NameVerifiedUMKM)
		s.App.OpenData.MaxAge = 0
		rows, err := s.App.OpenData.Rows(ctx, ds)
		if err != nil {
			b.Fatal(err)
		}
		var sum, withheld int64
		for _, r := range rows {
			if r.Data == nil {
				withheld++
			}
			if r.Tahun == 2026 && r.LevelWilayah == opendata.LevelProvince && r.Kelas == "semua" && r.Data != nil {
				sum += *r.Data
			}
		}
		if sum != int64(verified) {
			b.Fatalf("2026's province totals add up to %d, %d verified", sum, verified)
		}
		b.Logf("%d rows, %d withheld", len(rows), withheld)

		b.Run("service/VerifiedCounts", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.App.UMKM.VerifiedCounts(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("service/Rows", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.App.OpenData.Rows(ctx, ds); err != nil {
					b.Fatal(err)
				}
			}
		})
		client := &http.Client{Timeout: time.Minute}
		defer client.CloseIdleConnections()
		filter := url.Values{"resource_id": {ds.ResourceID()}, "filters": {`{"kode_wilayah":"16.71","tahun":2026}`}}
		// Computed on every request (MaxAge 0), then as served (rows kept for a minute).
		for _, c := range []struct {
			name, path string
			maxAge     time.Duration
		}{
			{"json", "/data/" + ds.Name + ".json", 0},
			{"csv", "/data/" + ds.Name + ".csv", 0},
			{"page", "/data/" + ds.Name + "?provinsi=16&tahun=2026", 0},
			{"ckan/datastore_search", "/api/3/action/datastore_search?" + filter.Encode(), 0},
			{"kept/page", "/data/" + ds.Name + "?provinsi=16&tahun=2026", time.Minute},
			{"kept/ckan/datastore_search", "/api/3/action/datastore_search?" + filter.Encode(), time.Minute},
		} {
			b.Run(c.name, func(b *testing.B) {
				s.App.OpenData.MaxAge = c.maxAge
				for b.Loop() {
					if status := get(b, client, s.URL+c.path); status != http.StatusOK {
						b.Fatalf("%s: %d", c.path, status)
					}
				}
			})
		}
	})
}

// logPlan logs how each database runs VerifiedCounts' GROUP BY over the
// registry's roll-up.
func logPlan(b *testing.B, db *sqldb.DB) {
	b.Helper()
	explain := "EXPLAIN QUERY PLAN "
	if db.Dialect == sqldb.Postgres {
		explain = "EXPLAIN "
	}
	var n int64
	if err := db.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM registry_counts`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	b.Logf("registry_counts: %d rows", n)
	q := `SELECT province_code, regency_code, scale, verified_year, SUM(umkm) FROM registry_counts WHERE (status = 'verified') AND verified_year > 0
		GROUP BY province_code, regency_code, scale, verified_year`
	rows, err := db.Reader().Query(context.Background(), explain+q)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var plan []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		plan = append(plan, fmt.Sprint(vals[len(vals)-1]))
	}
	b.Logf("plan of the GROUP BY (one zone's year):\n  %s", strings.Join(plan, "\n  "))
}
