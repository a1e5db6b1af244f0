package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// expoWorld is a shop (kemplang in Palembang, batik in Bandung) plus an
// expo run by Sumatera Selatan's agency in Bandung.
type expoWorld struct {
	*shop
	agency, agency32 string
	event            int64
}

func newExpoWorld(t *testing.T, s *testutil.Server) *expoWorld {
	t.Helper()
	w := &expoWorld{shop: newShop(t, s, 100)}
	w.agency, w.agency32 = s.MustToken("dinas16@x.id"), s.MustToken("dinas32@x.id")
	var e expo.Event
	if res := s.Do("POST", "/api/v1/events", w.agency, map[string]any{"name": "Sumsel Expo 2022", "host_province_code": "32",
		"city": "Bandung", "venue": "Cihampelas Walk", "starts_on": "2022-08-12", "ends_on": "2022-08-14", "time_zone": "Asia/Jakarta"}, &e); res.StatusCode != 201 {
		t.Fatalf("create event: %d %s", res.StatusCode, res.Body)
	}
	if e.Status != expo.Draft || e.OrganiserProvince != "16" {
		t.Fatalf("new event %+v", e)
	}
	w.event = e.ID
	return w
}

func (w *expoWorld) path(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/events/%d", w.event) + fmt.Sprintf(format, args...)
}

func (w *expoWorld) count(t *testing.T, q string) int { return w.shop.count(t, q) }

func sale(id string, at time.Time, method string, items ...map[string]any) map[string]any {
	return map[string]any{"id": id, "sold_at": at.Format(time.RFC3339), "payment_method": method, "items": items}
}

// sameCounts compares what two syncs did, rejections by number only.
func sameCounts(got, want expo.SyncResult) bool {
	return got.Accepted == want.Accepted && got.Duplicates == want.Duplicates && got.Flagged == want.Flagged && len(got.Rejected) == len(want.Rejected)
}

func TestExpoFromEventToReport(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newExpoWorld(t, s)
		// Bad input and the wrong people: clear 4xx, nothing made.
		for _, c := range []struct {
			name string
			tok  string
			body map[string]any
			want int
		}{
			{"ends before it starts", w.agency, map[string]any{"name": "X", "host_province_code": "32", "city": "Bandung", "venue": "V", "starts_on": "2022-08-14", "ends_on": "2022-08-12"}, 422},
			{"a time zone abroad", w.agency, map[string]any{"name": "X", "host_province_code": "32", "city": "Bandung", "venue": "V", "starts_on": "2022-08-12", "ends_on": "2022-08-12", "time_zone": "Europe/Paris"}, 422},
			{"an unknown host province", w.agency, map[string]any{"name": "X", "host_province_code": "99", "city": "Bandung", "venue": "V", "starts_on": "2022-08-12", "ends_on": "2022-08-12"}, 422},
			{"a seller", w.sellerA, map[string]any{"name": "X", "host_province_code": "32", "city": "Bandung", "venue": "V", "starts_on": "2022-08-12", "ends_on": "2022-08-12"}, 403},
		} {
			if res := s.Do("POST", "/api/v1/events", c.tok, c.body, nil); res.StatusCode != c.want || res.ContentType != "application/problem+json" {
				t.Errorf("%s: %d %s, want %d", c.name, res.StatusCode, res.Body, c.want)
			}
		}
		if n := w.count(t, `SELECT COUNT(*) FROM events`); n != 1 {
			t.Fatalf("%d events after refused requests, want 1", n)
		}
		// A draft is the organiser's only.
		if res := s.Do("GET", w.path(""), "", nil, nil); res.StatusCode != 404 {
			t.Errorf("anonymous reads a draft event: %d, want 404", res.StatusCode)
		}

		s.Do("PUT", w.path("/booths"), w.agency, map[string]any{"booths": []map[string]any{{"code": "A-01", "size": "3x3"}, {"code": "A-02", "size": "3x3"}, {"code": "B-01", "size": "2x2"}}}, nil)
		var kemplang, bank expo.Exhibitor
		if res := s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "umkm", "umkm_id": w.umkmA, "booth": "A-01"}, &kemplang); res.StatusCode != 201 {
			t.Fatalf("add UMKM exhibitor: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "institution", "name": "Bank Sumsel Babel", "booth": "A-01"}, nil); res.StatusCode != 409 {
			t.Errorf("a booth given twice: %d, want 409", res.StatusCode)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM exhibitors`); n != 1 {
			t.Errorf("%d exhibitors after the refused booth, want 1", n)
		}
		s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "institution", "name": "Bank Sumsel Babel", "booth": "A-02"}, &bank)
		s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "regency", "name": "Delegasi Kabupaten OKI", "regency_code": "16.02", "booth": "B-01"}, nil)
		if res := s.Do("POST", w.path("/exhibitors"), w.agency32, map[string]any{"kind": "institution", "name": "X"}, nil); res.StatusCode != 404 && res.StatusCode != 403 {
			t.Errorf("another province's agency adds an exhibitor: %d", res.StatusCode)
		}
		for _, st := range []string{"open", "running"} {
			if res := s.Do("POST", w.path("/status"), w.agency, map[string]any{"status": st}, nil); res.StatusCode != 200 {
				t.Fatalf("status %s: %d %s", st, res.StatusCode, res.Body)
			}
		}
		if res := s.Do("POST", w.path("/status"), w.agency, map[string]any{"status": "draft"}, nil); res.StatusCode != 409 {
			t.Errorf("running back to draft: %d, want 409", res.StatusCode)
		}

		// The seller brings 10 kemplang; online stock stays 100.
		if res := s.Do("PUT", w.path("/exhibitors/%d/products/%d", kemplang.ID, w.kemplang), w.sellerA, map[string]any{"stock": 10}, nil); res.StatusCode != 200 {
			t.Fatalf("bring product: %d %s", res.StatusCode, res.Body)
		}
		if got := w.stock(t, w.kemplang); got != 100 {
			t.Errorf("online stock %d after bringing 10 to the expo, want 100", got)
		}

		day1 := time.Date(2022, 8, 12, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
		sync := func(tok string, exhibitor int64, sales ...map[string]any) (testutil.Response, expo.SyncResult) {
			var out expo.SyncResult
			res := s.Do("POST", w.path("/sales/sync"), tok, map[string]any{"exhibitor_id": exhibitor, "sales": sales}, &out)
			return res, out
		}
		batch := []map[string]any{
			sale("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e01", day1, "cash", map[string]any{"product_id": w.kemplang, "name": "Kemplang", "quantity": 2, "price": 25000}),
			sale("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e02", day1.Add(time.Hour), "qris", map[string]any{"product_id": w.kemplang, "name": "Kemplang", "quantity": 3, "price": 25000}),
			sale("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e03", day1.Add(26*time.Hour), "cash", map[string]any{"name": "Sambal kemplang (botol)", "quantity": 1, "price": 15000}),
		}
		if res, out := sync(w.sellerA, kemplang.ID, batch...); res.StatusCode != 200 || !sameCounts(out, expo.SyncResult{Accepted: 3}) {
			t.Fatalf("first sync: %d %s", res.StatusCode, res.Body)
		}
		if res, out := sync(w.sellerA, kemplang.ID, batch...); res.StatusCode != 200 || !sameCounts(out, expo.SyncResult{Duplicates: 3}) {
			t.Fatalf("the same queue again: %d %s, want 3 duplicates", res.StatusCode, res.Body)
		}
		bad := sale("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e04", day1, "cash", map[string]any{"name": "Retur", "quantity": -1, "price": 25000})
		if res, out := sync(w.sellerA, kemplang.ID, bad); res.StatusCode != 200 || len(out.Rejected) != 1 || out.Rejected[0].ID != "3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e04" ||
			out.Rejected[0].Errors[0].Field != "items[0].quantity" {
			t.Errorf("a negative quantity: %d %s, want the sale rejected naming the field", res.StatusCode, res.Body)
		}
		if res, _ := sync(w.seller2, kemplang.ID, sale("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e05", day1, "cash", map[string]any{"name": "X", "quantity": 1, "price": 1})); res.StatusCode != 403 {
			t.Errorf("a cashier of another booth writes here: %d, want 403", res.StatusCode)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM expo_sales`); n != 3 {
			t.Fatalf("%d sales stored, want 3", n)
		}
		// Selling past the stock brought (offline) is kept, and flagged.
		if res, out := sync(w.sellerA, kemplang.ID, sale("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e06", day1.Add(50*time.Hour), "card",
			map[string]any{"product_id": w.kemplang, "name": "Kemplang", "quantity": 8, "price": 25000})); res.StatusCode != 200 || !sameCounts(out, expo.SyncResult{Accepted: 1, Flagged: 1}) {
			t.Errorf("past the stock: %d %s, want accepted and flagged", res.StatusCode, res.Body)
		}
		var products struct{ Items []expo.ExpoProduct }
		s.Do("GET", w.path("/exhibitors/%d/products", kemplang.ID), "", nil, &products)
		if len(products.Items) != 1 || products.Items[0].Stock != -3 {
			t.Errorf("booth stock %+v, want 10 − 13 = −3", products.Items)
		}

		// Business matching: no double-booking.
		var buyer, buyer2 expo.MatchingBuyer
		s.Do("POST", w.path("/buyers"), w.agency, map[string]any{"name": "Rina", "company": "PT Oleh-oleh Nusantara", "kind": "distributor", "categories": []string{"kuliner"}, "phone": "0812-1111-2222"}, &buyer)
		s.Do("POST", w.path("/buyers"), w.agency, map[string]any{"name": "Dodi", "company": "Hotel Braga", "kind": "hotel"}, &buyer2)
		slot := func(b int64, from, to time.Time) (testutil.Response, expo.Meeting) {
			var m expo.Meeting
			res := s.Do("POST", w.path("/meetings"), w.agency, map[string]any{"buyer_id": b, "exhibitor_id": kemplang.ID,
				"starts_at": from.Format(time.RFC3339), "ends_at": to.Format(time.RFC3339)}, &m)
			return res, m
		}
		res, meeting := slot(buyer.ID, day1.Add(3*time.Hour), day1.Add(3*time.Hour+30*time.Minute))
		if res.StatusCode != 201 {
			t.Fatalf("schedule: %d %s", res.StatusCode, res.Body)
		}
		if res, _ := slot(buyer2.ID, day1.Add(3*time.Hour+15*time.Minute), day1.Add(4*time.Hour)); res.StatusCode != 409 {
			t.Errorf("an overlapping meeting for the same exhibitor: %d, want 409", res.StatusCode)
		}
		if res, _ := slot(buyer2.ID, day1.Add(3*time.Hour+30*time.Minute), day1.Add(4*time.Hour)); res.StatusCode != 201 {
			t.Errorf("the next slot: %d %s", res.StatusCode, res.Body)
		}
		s.Do("POST", w.path("/meetings/%d/outcome", meeting.ID), w.agency, map[string]any{"outcome": "deal", "value": 50_000_000}, nil)

		// An online order through the expo's page, paid.
		var co checkoutResp
		body := checkoutBody(map[int64]int64{w.kemplang: 2}, "pickup")
		body["event_id"] = w.event
		if res := w.checkout(t, "", body, &co); res.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", res.StatusCode, res.Body)
		}
		s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", co.Payments[0].ID), w.buyer, nil, nil)
		s.Do("PUT", w.path("/visitors/2022-08-12"), w.agency, map[string]any{"visitors": 1200}, nil)
		if res := s.Do("PUT", w.path("/visitors/2022-09-01"), w.agency, map[string]any{"visitors": 5}, nil); res.StatusCode != 422 {
			t.Errorf("visitors on a day outside the expo: %d, want 422", res.StatusCode)
		}

		// Closed: a late sale is still accepted, and flagged.
		s.Do("POST", w.path("/status"), w.agency, map[string]any{"status": "closed"}, nil)
		if _, out := sync(w.sellerA, kemplang.ID, sale("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e07", day1.Add(52*time.Hour), "transfer",
			map[string]any{"name": "Kemplang bakar", "quantity": 1, "price": 30000})); !sameCounts(out, expo.SyncResult{Accepted: 1, Flagged: 1}) {
			t.Errorf("a late sale: %+v, want accepted and flagged", out)
		}

		// The report: hidden until published, then public, as JSON, CSV and XLSX.
		if res := s.Do("GET", w.path("/report"), "", nil, nil); res.StatusCode != 401 {
			t.Errorf("anonymous reads an unpublished report: %d", res.StatusCode)
		}
		if res := s.Do("GET", w.path("/report"), w.buyer, nil, nil); res.StatusCode != 403 {
			t.Errorf("a buyer reads an unpublished report: %d", res.StatusCode)
		}
		s.Do("PUT", w.path("/report-public"), w.agency, map[string]any{"public": true}, nil)
		var r expo.Report
		if res := s.Do("GET", w.path("/report"), "", nil, &r); res.StatusCode != 200 {
			t.Fatalf("report: %d %s", res.StatusCode, res.Body)
		}
		onsite := int64(2*25000 + 3*25000 + 15000 + 8*25000 + 30000)
		if r.Totals.Onsite != onsite || r.Totals.Online != co.Orders[0].Total || r.Totals.Matching != 50_000_000 ||
			r.Totals.All != onsite+co.Orders[0].Total+50_000_000 {
			t.Errorf("totals %+v, want onsite %d, online %d, matching 50,000,000", r.Totals, onsite, co.Orders[0].Total)
		}
		if r.Sales != 5 || r.Flagged != 2 || r.Visitors != 1200 || r.Exhibitors != 3 {
			t.Errorf("report counts: %d sales, %d flagged, %d visitors, %d exhibitors", r.Sales, r.Flagged, r.Visitors, r.Exhibitors)
		}
		// Three expo days, and today's, when the online order was paid.
		if len(r.ByDay) != 4 || r.ByDay[3].Online != co.Orders[0].Total || r.ByDay[0].Key != "2022-08-12" || r.ByDay[0].Onsite != 125000 || r.ByDay[0].Matching != 50_000_000 || r.ByDay[1].Onsite != 15000 {
			t.Errorf("by day: %+v", r.ByDay)
		}
		methods := map[string]int64{}
		for _, m := range r.ByPaymentMethod {
			methods[m.Key] = m.Onsite
		}
		if methods["cash"] != 65000 || methods["qris"] != 75000 || methods["card"] != 200000 || methods["transfer"] != 30000 {
			t.Errorf("by payment method: %v", methods)
		}
		if len(r.ByRegency) == 0 || r.ByRegency[0].Key != "16.71" || !strings.Contains(r.Summary, "Rp") || !strings.Contains(r.Summary, "Sumsel Expo 2022") {
			t.Errorf("by regency %+v; summary %q", r.ByRegency, r.Summary)
		}
		res = s.Do("GET", w.path("/report?format=csv"), "", nil, nil)
		if res.StatusCode != 200 || !strings.HasPrefix(res.ContentType, "text/csv") || !strings.Contains(string(res.Body), fmt.Sprintf("total,,Sumsel Expo 2022,%d,", onsite)) {
			t.Errorf("CSV: %d %s\n%s", res.StatusCode, res.ContentType, res.Body)
		}
		res = s.Do("GET", w.path("/report?format=xlsx"), "", nil, nil)
		f, err := excelize.OpenReader(bytes.NewReader(res.Body))
		if err != nil {
			t.Fatalf("XLSX: %v", err)
		}
		if v, _ := f.GetCellValue("Ringkasan", "B4", excelize.Options{RawCellValue: true}); v != fmt.Sprint(onsite) {
			t.Errorf("XLSX on-site total %q, want %d", v, onsite)
		}
	})
}

func TestExhibitorApplicationsAndCashiers(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newExpoWorld(t, s)
		if res := s.Do("POST", w.path("/applications"), w.sellerA, map[string]any{"umkm_id": w.umkmA}, nil); res.StatusCode != 404 {
			t.Errorf("applying to a draft event (not public yet): %d, want 404", res.StatusCode)
		}
		s.Do("POST", w.path("/status"), w.agency, map[string]any{"status": "open"}, nil)
		if res := s.Do("POST", w.path("/applications"), w.seller2, map[string]any{"umkm_id": w.umkmA}, nil); res.StatusCode != 403 && res.StatusCode != 404 {
			t.Errorf("applying with another seller's UMKM: %d", res.StatusCode)
		}
		var app expo.Exhibitor
		if res := s.Do("POST", w.path("/applications"), w.sellerA, map[string]any{"umkm_id": w.umkmA}, &app); res.StatusCode != 201 || app.Status != "applied" {
			t.Fatalf("apply: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", w.path("/applications"), w.sellerA, map[string]any{"umkm_id": w.umkmA}, nil); res.StatusCode != 409 {
			t.Errorf("applying twice: %d, want 409", res.StatusCode)
		}
		var list struct{ Items []expo.Exhibitor }
		s.Do("GET", w.path("/exhibitors"), "", nil, &list)
		if len(list.Items) != 0 {
			t.Errorf("the public sees %d unapproved exhibitors", len(list.Items))
		}
		if res := s.Do("POST", w.path("/exhibitors/%d/decision", app.ID), w.sellerA, map[string]any{"approve": true}, nil); res.StatusCode != 403 {
			t.Errorf("a seller approves itself: %d, want 403", res.StatusCode)
		}
		s.Do("POST", w.path("/exhibitors/%d/decision", app.ID), w.agency, map[string]any{"approve": true}, nil)
		s.Do("PUT", w.path("/exhibitors/%d/booth", app.ID), w.agency, map[string]any{"booth": "C-07"}, nil)
		s.Do("GET", w.path("/exhibitors"), "", nil, &list)
		if len(list.Items) != 1 || list.Items[0].Booth != "C-07" || list.Items[0].Status != "approved" {
			t.Fatalf("after approval: %+v", list.Items)
		}
		// A cashier account the seller names may sell at this booth, and only here.
		s.MustUser("kasir@x.id", platform.RoleBuyer, "")
		kasir := s.MustToken("kasir@x.id")
		if res := s.Do("POST", w.path("/exhibitors/%d/cashiers", app.ID), w.sellerA, map[string]any{"email": "kasir@x.id"}, nil); res.StatusCode != 204 && res.StatusCode != 200 {
			t.Fatalf("add cashier: %d %s", res.StatusCode, res.Body)
		}
		var other expo.Exhibitor
		s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "institution", "name": "Kriya Sriwijaya", "booth": "C-08"}, &other)
		at := time.Date(2022, 8, 12, 11, 0, 0, 0, time.UTC)
		for _, c := range []struct {
			exhibitor int64
			want      int
		}{{app.ID, 200}, {other.ID, 403}} {
			res := s.Do("POST", w.path("/sales/sync"), kasir, map[string]any{"exhibitor_id": c.exhibitor, "sales": []any{
				sale(fmt.Sprintf("9b2e4f10-1111-4c39-9f7e-00000000000%d", c.want/100), at, "cash", map[string]any{"name": "Kemplang", "quantity": 1, "price": 25000})}}, nil)
			if res.StatusCode != c.want {
				t.Errorf("cashier syncing to exhibitor %d: %d, want %d", c.exhibitor, res.StatusCode, c.want)
			}
		}
	})
}

// TestTheSameQueueFromManyRetriesIsStoredOnce sends one cashier's queue ten
// times at once (a phone retrying on a flaky network): each sale is stored
// once, and the answers add up to one acceptance per sale.
func TestTheSameQueueFromManyRetriesIsStoredOnce(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newExpoWorld(t, s)
		s.Do("POST", w.path("/status"), w.agency, map[string]any{"status": "running"}, nil)
		var x expo.Exhibitor
		s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "umkm", "umkm_id": w.umkmA, "booth": "A-01"}, &x)
		var sales []map[string]any
		for i := range 20 {
			sales = append(sales, sale(fmt.Sprintf("7c0e8f3a-5d2b-4a6e-8f1c-%012d", i), time.Now(), "cash", map[string]any{"name": "Kemplang", "quantity": 1, "price": 25000}))
		}
		results := make(chan expo.SyncResult, 10)
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				var out expo.SyncResult
				if res := s.Do("POST", w.path("/sales/sync"), w.sellerA, map[string]any{"exhibitor_id": x.ID, "sales": sales}, &out); res.StatusCode != 200 {
					t.Errorf("sync: %d %s", res.StatusCode, res.Body)
				}
				results <- out
			})
		}
		wg.Wait()
		close(results)
		var accepted, duplicates int
		for r := range results {
			accepted += r.Accepted
			duplicates += r.Duplicates
		}
		if accepted != 20 || duplicates != 180 {
			t.Errorf("ten concurrent syncs: %d accepted, %d duplicates; want 20 and 180", accepted, duplicates)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM expo_sales`); n != 20 {
			t.Errorf("%d sales stored, want 20", n)
		}
	})
}

// TestStaffChangesAreAudited: what the agency does to an expo, and a
// campaign and rates it sets, land in the audit log with the officer's id.
func TestStaffChangesAreAudited(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newExpoWorld(t, s)
		s.Do("POST", w.path("/status"), w.agency, map[string]any{"status": "open"}, nil)
		s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "institution", "name": "Kriya Sriwijaya", "booth": "A-01"}, nil)
		s.Do("PUT", "/api/v1/shipping-rates/province:16", w.agency, map[string]any{"same_regency": map[string]any{"first_kg": 9000, "next_kg": 4000},
			"same_province": map[string]any{"first_kg": 14000, "next_kg": 7000}, "other_province": map[string]any{"first_kg": 24000, "next_kg": 14000}}, nil)
		s.Do("POST", "/api/v1/campaigns", w.agency, map[string]any{"product_id": w.kemplang, "tiers": []map[string]any{{"min_quantity": 1, "price": 24000}},
			"min_total": 5, "per_person_limit": 5, "stock": 10, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, nil)
		var agencyID int64
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT id FROM users WHERE email = 'dinas16@x.id'`).Scan(&agencyID)
		for _, c := range []struct{ action, entity string }{
			{"create", "event"}, {"status", "event"}, {"create", "exhibitor"}, {"set", "province_rates"}, {"create", "campaign"}} {
			var n int
			s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = ? AND entity = ? AND actor_id = ?`, c.action, c.entity, agencyID).Scan(&n)
			if n != 1 {
				t.Errorf("%d audit entries %s %s by the agency, want 1", n, c.action, c.entity)
			}
		}
	})
}
