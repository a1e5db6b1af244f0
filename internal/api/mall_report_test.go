package api_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/testutil"
)

// The venue's report counts what the operator would count by hand: the
// stall-days the venue opened, those a turn held, who came, what was sold
// (voided sales left out) by regency and category; a period that is not
// one is a 422, a stranger is refused, and sums past int64 never fail it.
func TestMallReport(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		today, k01, _, qr := w.marketDay(t)
		if res := s.Do("POST", w.path("/checkins"), w.seller2, map[string]any{"stall": "K-01", "code": qr["K-01"]}, nil); res.StatusCode != 201 {
			t.Fatalf("check in: %d %s", res.StatusCode, res.Body)
		}
		sale := func(id string, total int64, voided bool) {
			var voidedAt any
			if voided {
				voidedAt = time.Now().UTC()
			}
			if _, err := s.App.DB.Writer().Exec(context.Background(), `INSERT INTO mall_sales (id, venue_id, stall_id, turn_id, umkm_id, cashier_id,
				sold_at, sale_day, payment_method, total, synced_at, voided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'cash', ?, ?, ?)`,
				id, w.venue, k01.StallID, k01.ID, w.umkmB, w.staffAID, time.Now().UTC(), today, total, time.Now().UTC(), voidedAt); err != nil {
				t.Fatal(err)
			}
		}
		sale("00000000-0000-4000-8000-000000000001", 150_000, false)
		sale("00000000-0000-4000-8000-000000000002", 45_000, false)
		sale("00000000-0000-4000-8000-000000000003", 99_000, true)

		var r mall.Report
		path := w.path("/report?from=%s&to=%s", today, today)
		if res := s.Do("GET", path, w.staffA, nil, &r); res.StatusCode != 200 {
			t.Fatalf("report: %d %s", res.StatusCode, res.Body)
		}
		if r.Sales != 195_000 || r.SalesCount != 2 {
			t.Errorf("sales %d in %d sales, want Rp195.000 in 2 (the voided one left out)", r.Sales, r.SalesCount)
		}
		if r.Occupancy.OpenDays != 1 || r.Occupancy.BookedDays != 1 || r.Occupancy.Present != 1 || r.Occupancy.StallDays < 2 {
			t.Errorf("occupancy %+v, want 1 open day, 1 booked and present stall-day of ≥ 2", r.Occupancy)
		}
		if len(r.ByRegency) != 1 || r.ByRegency[0].Key != "32.73" || r.ByRegency[0].Sales != 195_000 || r.ByRegency[0].Present != 1 || r.ByRegency[0].UMKM != 1 {
			t.Errorf("by regency %+v, want Kota Bandung with the sales and the check-in", r.ByRegency)
		}
		if len(r.ByCategory) != 1 || r.ByCategory[0].Sales != 195_000 {
			t.Errorf("by category %+v", r.ByCategory)
		}
		if len(r.ByDay) != 1 || r.ByDay[0].Key != today || r.ByDay[0].Sales != 195_000 {
			t.Errorf("by day %+v", r.ByDay)
		}
		// The agency of the province reads it; another seller, another province's agency and nobody do not.
		if res := s.Do("GET", path, w.agency32, nil, nil); res.StatusCode != 200 {
			t.Errorf("the province's agency: %d", res.StatusCode)
		}
		for who, tok := range map[string]string{"a tenant": w.seller2, "another province's agency": w.agency16, "anonymous": "", "another venue's staff": w.staffB} {
			if res := s.Do("GET", path, tok, nil, nil); res.StatusCode != 401 && res.StatusCode != 403 {
				t.Errorf("%s reads the report: %d", who, res.StatusCode)
			}
		}
		if res := s.Do("GET", w.path("/report?from=%s&to=2020-01-01", today), w.staffA, nil, nil); res.StatusCode != 422 {
			t.Errorf("a period ending before it starts: %d, want 422", res.StatusCode)
		}
		// Rows past the sale bounds (stored before them) sum to the bound, flagged, never a 500.
		sale("00000000-0000-4000-8000-000000000004", math.MaxInt64/2+1, false)
		sale("00000000-0000-4000-8000-000000000005", math.MaxInt64/2+1, false)
		if res := s.Do("GET", path, w.staffA, nil, &r); res.StatusCode != 200 || !r.Overflow || r.Sales != math.MaxInt64 {
			t.Errorf("sales past int64: %d overflow=%v sales=%d, want 200, flagged, at the bound", res.StatusCode, r.Overflow, r.Sales)
		}
	})
}
