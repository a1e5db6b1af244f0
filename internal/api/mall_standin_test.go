package api_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestMallReleasedStallGoesToTheWaitingList: Batik Asep does not check in
// at K-01; the sweep releases the stall, the operator sees its waiting
// list (Kemplang Bu Siti, whose turn is next week; not a UMKM that cannot
// come today) and gives it to the first in line for the day. Siti checks
// in by the QR, sells at the stall, pays the day's fee; Asep coming late
// is told the stall was released; the report counts the stall-day once.
func TestMallReleasedStallGoesToTheWaitingList(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		rules := map[string]any{"fees": map[string]any{"daily": 15000}}
		for k, v := range jabarRules {
			rules[k] = v
		}
		today, k01, _, qr := w.marketDay(t)
		if res := s.Do("PUT", w.path("/rulebook"), w.staffA, rules, nil); res.StatusCode != 200 {
			t.Fatalf("rulebook with fees: %d %s", res.StatusCode, res.Body)
		}
		jakarta, _ := time.LoadLocation("Asia/Jakarta")
		d, _ := time.ParseInLocation(time.DateOnly, today, jakarta)
		// A third UMKM applies for every day but today's weekday: not on today's list.
		s.MustUser("ujang@x.id", platform.RoleSeller, "")
		ujang := s.MustToken("ujang@x.id")
		var u struct{ ID int64 }
		s.Do("POST", "/api/v1/umkm", ujang, map[string]any{"name": "Peuyeum Ujang", "owner_name": "Ujang", "nib": "3273000000777",
			"regency_code": "32.73", "category": "kuliner"}, &u)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), ujang, nil, nil)
		if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), w.agency32, nil, nil); res.StatusCode != 200 {
			t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
		}
		var other []int
		for wd := 1; wd <= 7; wd++ {
			if wd != (int(d.Weekday())+6)%7+1 {
				other = append(other, wd)
			}
		}
		notToday := w.apply(t, ujang, u.ID, today, d.AddDate(0, 0, 30).Format(time.DateOnly), other...)

		var released struct{ Items []mall.Released }
		grant := func(tok string, body any) (int, []byte, mall.Turn) {
			var tr mall.Turn
			res := s.Do("POST", w.path("/stalls/K-01/stand-in"), tok, body, &tr)
			return res.StatusCode, res.Body, tr
		}
		if res := s.Do("GET", w.path("/released"), w.staffA, nil, &released); res.StatusCode != 200 || len(released.Items) != 0 {
			t.Fatalf("released before the sweep: %d %s", res.StatusCode, res.Body)
		}
		if st, body, _ := grant(w.staffA, map[string]any{}); st != 409 {
			t.Errorf("a stand-in on a stall not released: %d %s, want 409", st, body)
		}
		opens, _ := time.ParseInLocation("2006-01-02 15:04", today+" 08:00", jakarta)
		if n, err := s.App.Mall.ReleaseNoShows(t.Context(), opens.Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("the sweep released %d (%v), want K-01", n, err)
		}

		for _, c := range []struct {
			name, tok string
			want      int
		}{{"anonymous", "", 401}, {"the released tenant", w.seller2, 403}, {"another venue's staff", w.staffB, 403}, {"another province's agency", w.agency16, 403}} {
			if res := s.Do("GET", w.path("/released"), c.tok, nil, nil); res.StatusCode != c.want {
				t.Errorf("released stalls read by %s: %d, want %d", c.name, res.StatusCode, c.want)
			}
			if st, _, _ := grant(c.tok, map[string]any{}); st != c.want {
				t.Errorf("stand-in given by %s: %d, want %d", c.name, st, c.want)
			}
		}
		if res := s.Do("GET", w.path("/released"), w.agency32, nil, &released); res.StatusCode != 200 || len(released.Items) != 1 {
			t.Fatalf("released stalls: %d %s", res.StatusCode, res.Body)
		}
		r := released.Items[0]
		if r.Stall != "K-01" || r.Day != today || r.Turn.ID != k01.ID || len(r.Waiting) != 1 || r.Waiting[0].UMKMID != w.umkmA {
			t.Fatalf("K-01's waiting list: %+v, want Kemplang Bu Siti alone", r)
		}
		if st, body, _ := grant(w.staffA, map[string]any{"application_id": notToday.ID}); st != 422 || !hasField(problemFields(t, body), "body.application_id") {
			t.Errorf("a stand-in not on the list: %d %s, want 422 on application_id", st, body)
		}
		st, body, standIn := grant(w.staffA, map[string]any{})
		if st != 201 || standIn.UMKMID != w.umkmA || standIn.From != today || standIn.To != today || standIn.StandsInFor != k01.ID || standIn.Stall != "K-01" {
			t.Fatalf("stand-in: %d %s", st, body)
		}
		if st, body, _ := grant(w.staffA, map[string]any{}); st != 409 {
			t.Errorf("a second stand-in on K-01 today: %d %s, want 409", st, body)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'grant_stand_in'`); n != 1 {
			t.Errorf("%d audit entries of the stand-in, want 1", n)
		}

		var day mall.Day
		s.Do("GET", w.path("/today"), w.staffA, nil, &day)
		if o := day.Stalls[1]; o.Stall != "K-01" || o.UMKMID != w.umkmA || !o.StandIn || o.Status != "expected" {
			t.Errorf("K-01 today after the stand-in: %+v", o)
		}
		var tenants struct{ Items []mall.Tenant }
		s.Do("GET", w.path("/tenants"), "", nil, &tenants)
		if len(tenants.Items) != 1 || tenants.Items[0].UMKMID != w.umkmA {
			t.Errorf("today's tenants: %+v, want Siti at K-01 alone", tenants.Items)
		}
		if res := s.Do("POST", w.path("/checkins"), w.seller2, map[string]any{"stall": "K-01", "code": qr["K-01"]}, nil); res.StatusCode != 409 {
			t.Errorf("the released tenant's late check-in: %d %s, want 409", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", w.path("/checkins"), w.sellerA, map[string]any{"stall": "K-01", "code": qr["K-01"]}, nil); res.StatusCode != 201 {
			t.Fatalf("the stand-in's check-in: %d %s", res.StatusCode, res.Body)
		}
		if n, err := s.App.Mall.ReleaseNoShows(t.Context(), opens.Add(2*time.Hour)); err != nil || n != 0 {
			t.Errorf("a later sweep released %d (%v)", n, err)
		}
		id := strconv.FormatInt(standIn.ID, 10)
		if a := w.count(t, `SELECT attended_days FROM turns WHERE id = `+id); a != 1 {
			t.Errorf("the stand-in's attended days: %d, want 1", a)
		}
		var synced expo.SyncResult
		sale := map[string]any{"id": "44444444-4444-4444-8444-444444444444", "sold_at": time.Now().Format(time.RFC3339), "payment_method": "cash",
			"items": []any{map[string]any{"product_id": w.kemplang, "name": "", "quantity": 2, "price": 25000}}}
		if res := s.Do("POST", w.path("/stalls/K-01/sales"), w.sellerA, map[string]any{"sales": []any{sale}}, &synced); res.StatusCode != 200 || synced.Accepted != 1 {
			t.Fatalf("the stand-in's sale: %d %s", res.StatusCode, res.Body)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM mall_sales WHERE late = FALSE AND turn_id = `+id); n != 1 {
			t.Errorf("%d sales on the stand-in's turn, want 1 on time", n)
		}

		var invoices struct{ Items []mall.Invoice }
		if res := s.Do("POST", w.path("/invoices"), w.staffA, map[string]any{"from": today, "to": today}, &invoices); res.StatusCode != 200 {
			t.Fatalf("invoices: %d %s", res.StatusCode, res.Body)
		}
		billed := map[int64]int64{}
		for _, inv := range invoices.Items {
			billed[inv.UMKMID] = inv.Total
		}
		if billed[w.umkmA] != 15000 || billed[w.umkmB] != 0 {
			t.Errorf("the day's fees: %v, want Rp15.000 for the stand-in and nothing for the no-show", billed)
		}
		var rep mall.Report
		if res := s.Do("GET", w.path("/report?from=%s&to=%s", today, today), w.staffA, nil, &rep); res.StatusCode != 200 {
			t.Fatalf("report: %d %s", res.StatusCode, res.Body)
		}
		if o := rep.Occupancy; o.BookedDays != 1 || o.Present != 1 || o.NoShows != 1 || rep.Sales != 50000 {
			t.Errorf("report of the day: occupancy %+v, sales %+v; want K-01 held once, 1 present, 1 no-show, Rp50.000", o, rep.Sales)
		}
	})
}
