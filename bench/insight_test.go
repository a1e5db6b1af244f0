package bench

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/platform"
)

// Issue 13's "Speed": every dashboard read at scale, on the database
// GERAI_BENCH_DB names, seeded with
//
//	gerai seed --umkm 1000000 --products 1000000 --order-lines 10000000 --seed 1
//
// (see README.md, "Issue 13: dashboards at scale"). The reads are the
// services' that the pages and the API call, with the scope of the actor
// who reads them; the seeded orders' last twelve months are December 2025
// to November 2026 (GERAI_BENCH_FROM / GERAI_BENCH_TO to change them).

func benchPeriod() (string, string) {
	from, to := os.Getenv("GERAI_BENCH_FROM"), os.Getenv("GERAI_BENCH_TO")
	if from == "" {
		from = "2025-12"
	}
	if to == "" {
		to = "2026-11"
	}
	return from, to
}

// insightActors are the admin (every province) and Sumsel's agency (the
// rows where Sumsel sells or buys).
func insightActors() map[string]context.Context {
	ctx := context.Background()
	return map[string]context.Context{
		"admin":    platform.WithActor(ctx, platform.Actor{UserID: 1, Role: platform.RoleAdmin, Name: "bench"}),
		"agency16": platform.WithActor(ctx, platform.Actor{UserID: 2, Role: platform.RoleAgency, ProvinceCode: "16", Name: "bench"}),
	}
}

// BenchmarkInsight runs each read of the cooperation and registry
// dashboards, the orders behind a figure, the public cooperation and the
// open-data datasets (computed each time: MaxAge 0).
func BenchmarkInsight(b *testing.B) {
	a := openApp(b)
	from, to := benchPeriod()
	f := sales.Filter{From: from, To: to}
	actors := insightActors()
	// The newest counted order id, for a deep page of the orders behind a figure.
	var newest int64
	if err := a.DB.Reader().QueryRow(context.Background(), `SELECT COALESCE(MAX(order_id), 0) FROM sales_facts`).Scan(&newest); err != nil {
		b.Fatal(err)
	}
	var reads []insightRead
	for _, who := range []string{"admin", "agency16"} {
		ctx := actors[who]
		reads = append(reads,
			insightRead{"cooperation/" + who, func() error { _, err := a.Report.Cooperation(ctx, f); return err }},
			insightRead{"registry/" + who, func() error { _, err := a.Report.Registry(ctx, ""); return err }},
		)
	}
	agency := actors["agency16"]
	pair := f
	pair.SellerProvince, pair.BuyerProvince = "16", "32"
	area := pair
	area.SellerRegency, area.Category = "16.71", "kuliner"
	month := pair
	month.From, month.To = to, to
	for _, s := range []struct {
		name   string
		f      sales.Filter
		before int64
	}{
		{"sales/pair", pair, 0},
		{"sales/pair-month", month, 0},
		{"sales/pair-regency-category", area, 0},
		{"sales/pair-deep-page", pair, newest / 2},
		{"sales/all", f, 0},
	} {
		reads = append(reads, insightRead{s.name, func() error { _, err := a.Sales.Sales(agency, s.f, s.before, 50); return err }})
	}
	reads = append(reads, struct {
		name string
		run  func() error
	}{"public", func() error { _, err := a.Report.Public(context.Background(), from, to); return err }})
	a.OpenData.MaxAge = 0
	for _, ds := range a.OpenData.Datasets() {
		reads = append(reads, insightRead{"opendata/" + ds.Name, func() error { _, err := a.OpenData.Rows(context.Background(), ds); return err }})
	}
	for _, r := range reads {
		// A first call outside the timing: its cost is logged (a cold cache
		// after the seed), the benchmark measures the reads that follow.
		start := time.Now()
		if err := r.run(); err != nil {
			b.Fatalf("%s: %v", r.name, err)
		}
		b.Logf("%s: first call %v", r.name, time.Since(start).Round(time.Microsecond))
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if err := r.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// insightRead is one dashboard read, named as the README's table names it.
type insightRead struct {
	name string
	run  func() error
}
