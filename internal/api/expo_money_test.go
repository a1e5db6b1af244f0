package api_test

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// moneyWorld is an expo that is running, with seller A's kemplang booth
// (10 kemplang brought), the Bandung batik booth, and a cashier account
// that may sell at the kemplang booth.
type moneyWorld struct {
	*expoWorld
	kemplangX, batikX int64  // exhibitors
	cashier, admin    string // tokens
}

func newMoneyWorld(t *testing.T, s *testutil.Server) *moneyWorld {
	t.Helper()
	w := &moneyWorld{expoWorld: newExpoWorld(t, s)}
	s.Do("POST", w.path("/status"), w.agency, map[string]any{"status": "running"}, nil)
	var x expo.Exhibitor
	if res := s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "umkm", "umkm_id": w.umkmA, "booth": "A-01"}, &x); res.StatusCode != 201 {
		t.Fatalf("exhibitor: %d %s", res.StatusCode, res.Body)
	}
	w.kemplangX = x.ID
	if res := s.Do("POST", w.path("/exhibitors"), w.agency, map[string]any{"kind": "umkm", "umkm_id": w.umkmB, "booth": "A-02"}, &x); res.StatusCode != 201 {
		t.Fatalf("exhibitor: %d %s", res.StatusCode, res.Body)
	}
	w.batikX = x.ID
	if res := s.Do("PUT", w.path("/exhibitors/%d/products/%d", w.kemplangX, w.kemplang), w.sellerA, map[string]any{"stock": 10}, nil); res.StatusCode != 200 {
		t.Fatalf("bring product: %d %s", res.StatusCode, res.Body)
	}
	s.MustUser("kasir@x.id", platform.RoleBuyer, "")
	s.MustUser("admin@x.id", platform.RoleAdmin, "")
	w.cashier, w.admin = s.MustToken("kasir@x.id"), s.MustToken("admin@x.id")
	if res := s.Do("POST", w.path("/exhibitors/%d/cashiers", w.kemplangX), w.sellerA, map[string]any{"email": "kasir@x.id"}, nil); res.StatusCode >= 300 {
		t.Fatalf("add cashier: %d %s", res.StatusCode, res.Body)
	}
	return w
}

func (w *moneyWorld) sync(t *testing.T, tok string, exhibitor int64, sales ...map[string]any) expo.SyncResult {
	t.Helper()
	var out expo.SyncResult
	if res := w.s.Do("POST", w.path("/sales/sync"), tok, map[string]any{"exhibitor_id": exhibitor, "sales": sales}, &out); res.StatusCode != 200 {
		t.Fatalf("sync: %d %s", res.StatusCode, res.Body)
	}
	return out
}

func (w *moneyWorld) report(t *testing.T) expo.Report {
	t.Helper()
	var r expo.Report
	if res := w.s.Do("GET", w.path("/report"), w.agency, nil, &r); res.StatusCode != 200 {
		t.Fatalf("report: %d %s", res.StatusCode, res.Body)
	}
	return r
}

// saleID is the n-th sale id of a test.
func saleID(n int) string { return fmt.Sprintf("5a1e0000-0000-4000-8000-%012d", n) }

func line(name string, quantity, price int64) map[string]any {
	return map[string]any{"name": name, "quantity": quantity, "price": price}
}

// TestSalesPastTheBoundsAreRefusedAndTheReportStillAdds is the attack of
// issue 9: one exhibitor syncs eight batches of the largest sales. Each
// sale past the bounds of a sale is rejected with its reason, the rest of
// its batch is stored, and the report adds up exactly.
func TestSalesPastTheBoundsAreRefusedAndTheReportStillAdds(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMoneyWorld(t, s)
		at := time.Date(2022, 8, 12, 10, 0, 0, 0, time.UTC)
		hundred := func(quantity, price int64) []map[string]any {
			var items []map[string]any
			for range 100 {
				items = append(items, line("Songket", quantity, price))
			}
			return items
		}
		past := []struct {
			what  string
			items []map[string]any
			field string
		}{
			{"a quantity past 10,000", []map[string]any{line("Kemplang", expo.MaxLineQuantity+1, 1)}, "items[0].quantity"},
			{"a unit price past Rp1 miliar", []map[string]any{line("Songket", 1, expo.MaxUnitPrice+1)}, "items[0].price"},
			{"a total past Rp10 miliar", []map[string]any{line("Songket", 6, expo.MaxUnitPrice), line("Songket", 5, expo.MaxUnitPrice)}, "total"},
			{"101 lines", append(hundred(1, 1), line("Songket", 1, 1)), "items"},
			{"the largest sale the old bounds let through (Rp10 kuadriliun)", hundred(100_000, 1_000_000_000), "items[0].quantity"},
			{"a quantity that overflows when multiplied", []map[string]any{line("Songket", math.MaxInt64, math.MaxInt64)}, "items[0].quantity"},
		}
		n := 0
		for batch := range 8 {
			var sales []map[string]any
			for range 10 {
				n++
				sales = append(sales, sale(saleID(n), at, "cash", line("Songket emas", 10, expo.MaxUnitPrice))) // exactly Rp10 miliar
			}
			c := past[batch%len(past)]
			n++
			sales = append(sales, sale(saleID(n), at, "cash", c.items...))
			out := w.sync(t, w.sellerA, w.kemplangX, sales...)
			if out.Accepted != 10 || len(out.Rejected) != 1 || out.Rejected[0].ID != saleID(n) || out.Rejected[0].Errors[0].Field != c.field || out.Rejected[0].Reason == "" {
				t.Errorf("%s: %+v, want 10 accepted and that sale rejected naming %s", c.what, out, c.field)
			}
		}
		if got := w.count(t, `SELECT COUNT(*) FROM expo_sales`); got != 80 {
			t.Errorf("%d sales stored, want the 80 within the bounds", got)
		}
		// A business-matching deal is bounded too.
		var buyer expo.MatchingBuyer
		s.Do("POST", w.path("/buyers"), w.agency, map[string]any{"name": "Rina", "company": "PT Oleh-oleh Nusantara", "kind": "distributor"}, &buyer)
		var m expo.Meeting
		s.Do("POST", w.path("/meetings"), w.agency, map[string]any{"buyer_id": buyer.ID, "exhibitor_id": w.kemplangX,
			"starts_at": at.Format(time.RFC3339), "ends_at": at.Add(30 * time.Minute).Format(time.RFC3339)}, &m)
		if res := s.Do("POST", w.path("/meetings/%d/outcome", m.ID), w.agency, map[string]any{"outcome": "deal", "value": expo.MaxDealValue + 1}, nil); res.StatusCode != 422 {
			t.Errorf("a deal past Rp1 triliun: %d, want 422", res.StatusCode)
		}
		if res := s.Do("POST", w.path("/meetings/%d/outcome", m.ID), w.agency, map[string]any{"outcome": "deal", "value": expo.MaxDealValue}, nil); res.StatusCode != 200 {
			t.Errorf("a deal of Rp1 triliun: %d %s", res.StatusCode, res.Body)
		}
		r := w.report(t)
		const want = 80 * expo.MaxSaleTotal
		if r.Totals.Onsite != want || r.Totals.Matching != expo.MaxDealValue || r.Totals.All != want+expo.MaxDealValue || r.Sales != 80 || r.Overflow ||
			len(r.ByExhibitor) == 0 || r.ByExhibitor[0].Onsite != want {
			t.Errorf("report: on site %d, matching %d, all %d, %d sales, overflow %v; want %d, 80 sales", r.Totals.Onsite, r.Totals.Matching, r.Totals.All, r.Sales, r.Overflow, want)
		}
	})
}

// TestReportOfSalesStoredBeforeTheBoundsRenders: sales past the bounds
// already in the database (put there directly, as before this change) make
// a total that does not fit an int64. The report still renders as JSON,
// CSV and XLSX; the other booths' figures are exact; the sum that went past
// the range is marked, and voiding the bad sales mends it.
func TestReportOfSalesStoredBeforeTheBoundsRenders(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMoneyWorld(t, s)
		at := time.Date(2022, 8, 12, 10, 0, 0, 0, time.UTC)
		w.sync(t, w.seller2, w.batikX, sale(saleID(1), at, "qris", line("Batik tulis", 2, 1_500_000)))
		var cashier int64
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT id FROM users WHERE email = 'siti@x.id'`).Scan(&cashier)
		old := map[string]int64{saleID(2): math.MaxInt64, saleID(3): math.MaxInt64, saleID(4): 10_000_000_000_000_000}
		for id, total := range old {
			if _, err := s.App.DB.Writer().Exec(t.Context(), `INSERT INTO expo_sales (id, event_id, exhibitor_id, cashier_id, sold_at, sale_day, payment_method, total, synced_at)
				VALUES (?, ?, ?, ?, ?, '2022-08-12', 'cash', ?, ?)`, id, w.event, w.kemplangX, cashier, at, total, at); err != nil {
				t.Fatal(err)
			}
		}
		r := w.report(t)
		rows := map[int64]expo.Row{}
		for _, row := range r.ByExhibitor {
			id := int64(0)
			fmt.Sscan(row.Key, &id)
			rows[id] = row
		}
		if !r.Overflow || r.Totals.Onsite != math.MaxInt64 || rows[w.kemplangX].Onsite != math.MaxInt64 || rows[w.batikX].Onsite != 3_000_000 ||
			r.Sales != 4 || r.Flagged != 3 || !strings.Contains(r.Summary, "melampaui batas") {
			t.Errorf("report over the range: overflow %v, on site %d, rows %+v, %d sales (%d flagged), summary %q", r.Overflow, r.Totals.Onsite, rows, r.Sales, r.Flagged, r.Summary)
		}
		for _, format := range []string{"csv", "xlsx"} {
			if res := s.Do("GET", w.path("/report?format=%s", format), w.agency, nil, nil); res.StatusCode != 200 || len(res.Body) == 0 {
				t.Errorf("%s report: %d %s", format, res.StatusCode, res.Body)
			}
		}
		// The booth's list shows them past the bounds; voiding the two
		// impossible ones leaves an exact report.
		var list struct{ Items []expo.SaleRecord }
		s.Do("GET", w.path("/exhibitors/%d/sales", w.kemplangX), w.sellerA, nil, &list)
		for _, sr := range list.Items {
			if !sr.OverLimit {
				t.Errorf("sale %s of Rp%d is not marked past the bounds", sr.ID, sr.Total)
			}
		}
		for _, id := range []string{saleID(2), saleID(3)} {
			if res := s.Do("POST", w.path("/sales/%s/void", id), w.agency, map[string]any{"reason": "Data rusak dari versi lama"}, nil); res.StatusCode != 200 {
				t.Fatalf("void: %d %s", res.StatusCode, res.Body)
			}
		}
		r = w.report(t)
		if r.Overflow || r.Totals.Onsite != 10_000_000_000_000_000+3_000_000 || r.Sales != 2 || r.Flagged != 1 {
			t.Errorf("after voiding: overflow %v, on site %d, %d sales (%d flagged)", r.Overflow, r.Totals.Onsite, r.Sales, r.Flagged)
		}
		res := s.Do("GET", w.path("/report?format=csv"), w.agency, nil, nil)
		if !strings.Contains(string(res.Body), fmt.Sprintf(",%d,", int64(10_000_000_000_000_000+3_000_000))) {
			t.Errorf("CSV lacks the exact on-site total:\n%s", res.Body)
		}
		res = s.Do("GET", w.path("/report?format=xlsx"), w.agency, nil, nil)
		f, err := excelize.OpenReader(bytes.NewReader(res.Body))
		if err != nil {
			t.Fatalf("XLSX: %v", err)
		}
		if v, _ := f.GetCellValue("Ringkasan", "B4", excelize.Options{RawCellValue: true}); v == "" {
			t.Errorf("XLSX has no on-site total")
		}
	})
}

// TestVoidingASale: the booth's owner, the organising agency and an admin
// may void a sale, with a reason; a cashier, another seller, another
// province's agency and anonymous visitors may not. A voided sale leaves
// the report, gives its expo stock back and is in the audit log.
func TestVoidingASale(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMoneyWorld(t, s)
		at := time.Date(2022, 8, 12, 10, 0, 0, 0, time.UTC)
		kemplang := func(quantity int64) map[string]any {
			return map[string]any{"product_id": w.kemplang, "name": "Kemplang", "quantity": quantity, "price": 25_000}
		}
		out := w.sync(t, w.cashier, w.kemplangX,
			sale(saleID(1), at, "cash", kemplang(3)), sale(saleID(2), at, "qris", kemplang(2)),
			sale(saleID(3), at, "card", kemplang(1)), sale(saleID(4), at, "cash", line("Sambal", 1, 15_000)))
		if out.Accepted != 4 {
			t.Fatalf("sync: %+v", out)
		}
		stock := func() int64 {
			var products struct{ Items []expo.ExpoProduct }
			s.Do("GET", w.path("/exhibitors/%d/products", w.kemplangX), "", nil, &products)
			return products.Items[0].Stock
		}
		if got := stock(); got != 4 {
			t.Fatalf("booth stock %d after selling 6 of 10", got)
		}
		void := func(tok, id, reason string) int {
			return s.Do("POST", w.path("/sales/%s/void", id), tok, map[string]any{"reason": reason}, nil).StatusCode
		}
		for _, c := range []struct {
			who, tok, sale, reason string
			want                   int
		}{
			{"anonymous", "", saleID(1), "Salah input", 401},
			{"the booth's cashier", w.cashier, saleID(1), "Salah input", 403},
			{"another seller", w.seller2, saleID(1), "Salah input", 403},
			{"another province's agency", w.agency32, saleID(1), "Salah input", 403},
			{"the owner without a reason", w.sellerA, saleID(1), "   ", 422},
			{"the owner with 501 characters", w.sellerA, saleID(1), strings.Repeat("é", 501), 422},
			{"a sale that does not exist", w.sellerA, saleID(99), "Salah input", 404},
			{"the owner", w.sellerA, saleID(1), strings.Repeat("é", 500), 200},
			{"the owner again", w.sellerA, saleID(1), "Lagi", 409},
			{"the organising agency", w.agency, saleID(2), "Pembeli membatalkan", 200},
			{"an admin", w.admin, saleID(4), "Dobel catat", 200},
		} {
			if got := void(c.tok, c.sale, c.reason); got != c.want {
				t.Errorf("%s voids: %d, want %d", c.who, got, c.want)
			}
		}
		if got := stock(); got != 9 {
			t.Errorf("booth stock %d after voiding sales of 3 and 2, want 9", got)
		}
		if n := s.MustOfflineFiguresMatch(t); n != 1 {
			t.Errorf("offline figures of %d UMKM-months, want the kemplang booth's August 2022", n)
		}
		r := w.report(t)
		if r.Sales != 1 || r.Totals.Onsite != 25_000 {
			t.Errorf("report after voiding: %d sales, on site %d; want the one card sale of Rp25.000", r.Sales, r.Totals.Onsite)
		}
		var list struct{ Items []expo.SaleRecord }
		s.Do("GET", w.path("/exhibitors/%d/sales", w.kemplangX), w.cashier, nil, &list)
		voided := map[string]string{}
		for _, sr := range list.Items {
			if sr.VoidedAt != nil {
				voided[sr.ID] = sr.VoidReason
			}
		}
		if len(voided) != 3 || voided[saleID(2)] != "Pembeli membatalkan" {
			t.Errorf("voided sales in the booth's list: %v", voided)
		}
		var n int
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'void_sale' AND entity = 'exhibitor' AND entity_id = ?
			AND after_json LIKE ? AND actor_id = (SELECT id FROM users WHERE email = 'dinas16@x.id')`, w.kemplangX, "%Pembeli membatalkan%").Scan(&n)
		if n != 1 {
			t.Errorf("%d audit entries for the agency's void with its reason, want 1", n)
		}
	})
}

// TestBoothStockPastTheRangeOfInt32: selling far past the stock brought
// (offline, flagged) keeps working; on PostgreSQL a 32-bit stock column
// made every later sync of that booth fail.
func TestBoothStockPastTheRangeOfInt32(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMoneyWorld(t, s)
		if _, err := s.App.DB.Writer().Exec(t.Context(), `UPDATE expo_products SET stock = ? WHERE exhibitor_id = ?`, math.MinInt32+5_000, w.kemplangX); err != nil {
			t.Fatal(err)
		}
		out := w.sync(t, w.sellerA, w.kemplangX, sale(saleID(1), time.Now(), "cash", map[string]any{"product_id": w.kemplang, "name": "Kemplang", "quantity": expo.MaxLineQuantity, "price": 1}))
		if out.Accepted != 1 || out.Flagged != 1 {
			t.Errorf("a sale past a stock already far below zero: %+v", out)
		}
	})
}
