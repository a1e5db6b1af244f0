package web_test

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestCashierFormBoundsAndVoidingASale: the plain cashier form refuses a
// sale past the bounds with the reason beside the field; the booth's owner
// and the organising agency see a void form beside each stored sale and the
// cashier does not (nor may it post one); a void needs a reason and shows
// in the list.
func TestCashierFormBoundsAndVoidingASale(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		s.MustUser("rina@x.id", platform.RoleBuyer, "")
		agency, seller := s.MustToken("dinas16@x.id"), s.MustToken("siti@x.id")
		var u, e, x struct{ ID int64 }
		s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Kemplang Cek Siti", "owner_name": "Siti", "nib": "1671000000009",
			"regency_code": "16.71", "category": "kuliner"}, &u)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), agency, nil, nil)
		s.Do("POST", "/api/v1/events", agency, map[string]any{"name": "Expo", "host_province_code": "32", "city": "Bandung", "venue": "V",
			"starts_on": "2022-08-12", "ends_on": "2022-08-14"}, &e)
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/status", e.ID), agency, map[string]any{"status": "running"}, nil)
		if res := s.Do("POST", fmt.Sprintf("/api/v1/events/%d/exhibitors", e.ID), agency, map[string]any{"kind": "umkm", "umkm_id": u.ID, "booth": "A-01"}, &x); res.StatusCode != 201 {
			t.Fatalf("exhibitor: %d %s", res.StatusCode, res.Body)
		}
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/exhibitors/%d/cashiers", e.ID, x.ID), seller, map[string]any{"email": "rina@x.id"}, nil)
		page := fmt.Sprintf("/kasir/%d/%d", e.ID, x.ID)

		rina := loggedIn(t, s, "rina@x.id")
		code, body := rina.get(page)
		if code != 200 || strings.Contains(body, "/batal") || !strings.Contains(body, `"limits":{`) {
			t.Fatalf("the cashier's page: %d; it must carry the bounds for the script and no void form", code)
		}
		sell := func(price, quantity string) (int, string) {
			code, _, body := rina.post(page+"/jual", url.Values{"csrf_token": {rina.csrf}, "name": {"Songket"}, "price": {price}, "quantity": {quantity}, "payment_method": {"cash"}})
			return code, body
		}
		for _, c := range []struct {
			what, price, quantity, want string
		}{
			{"a price past Rp1 miliar", "1000000001", "1", `id="e-price"`},
			{"a quantity past 10.000", "1", "10001", `id="e-quantity"`},
			{"a total past Rp10 miliar", "Rp1.000.000.000", "11", "Total satu penjualan paling tinggi Rp10.000.000.000"},
			{"a quantity past int64", "1", "99999999999999999999", `id="e-quantity"`},
		} {
			if code, body := sell(c.price, c.quantity); code != 422 || !strings.Contains(body, c.want) {
				t.Errorf("%s: %d, want 422 with %q", c.what, code, c.want)
			}
		}
		if code, _ := sell("Rp1.000.000.000", "10"); code != 303 {
			t.Fatalf("a sale of exactly Rp10 miliar: %d, want 303", code)
		}
		var sale string
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT id FROM expo_sales`).Scan(&sale)
		voidURL := page + "/penjualan/" + sale + "/batal"
		if code, _, _ := rina.post(voidURL, url.Values{"csrf_token": {rina.csrf}, "reason": {"Salah input"}}); code != 403 {
			t.Errorf("the cashier voids a sale: %d, want 403", code)
		}

		siti := loggedIn(t, s, "siti@x.id")
		if _, body := siti.get(page); !strings.Contains(body, voidURL) {
			t.Fatalf("the owner's page has no void form for the sale")
		}
		if code, _, body := siti.post(voidURL, url.Values{"csrf_token": {siti.csrf}, "reason": {" "}}); code != 422 || !strings.Contains(body, `id="e-void-`+sale+`"`) {
			t.Errorf("a void without a reason: %d, want 422 with the error beside that sale", code)
		}
		if code, _, _ := siti.post(voidURL, url.Values{"csrf_token": {siti.csrf}, "reason": {"Pembeli batal membeli"}}); code != 303 {
			t.Fatalf("the owner voids: %d, want 303", code)
		}
		if _, body := siti.get(page); !strings.Contains(body, "Pembeli batal membeli") || strings.Contains(body, voidURL) {
			t.Errorf("the voided sale is not shown as voided with its reason")
		}
		if code, _, _ := siti.post(voidURL, url.Values{"csrf_token": {siti.csrf}, "reason": {"Lagi"}}); code != 409 {
			t.Errorf("voiding twice: %d, want 409", code)
		}
		dinas := loggedIn(t, s, "dinas16@x.id")
		rina.post(page+"/jual", url.Values{"csrf_token": {rina.csrf}, "name": {"Songket"}, "price": {"2000000"}, "quantity": {"1"}, "payment_method": {"card"}})
		if _, body := dinas.get(page); strings.Count(body, "/batal") != 1 {
			t.Errorf("the organising agency's page: want a void form for the one sale not voided")
		}
	})
}

// TestReportPagePastTheRange: a sale stored before the bounds (put in
// directly) takes a total past int64; the report page, CSV and XLSX still
// render, and the page says which figures are incomplete.
func TestReportPagePastTheRange(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		admin := s.MustUser("admin@x.id", platform.RoleAdmin, "")
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		agency := s.MustToken("dinas16@x.id")
		var e, x struct{ ID int64 }
		s.Do("POST", "/api/v1/events", agency, map[string]any{"name": "Expo", "host_province_code": "32", "city": "Bandung", "venue": "V",
			"starts_on": "2022-08-12", "ends_on": "2022-08-14"}, &e)
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/status", e.ID), agency, map[string]any{"status": "running"}, nil)
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/exhibitors", e.ID), agency, map[string]any{"kind": "institution", "name": "Kriya Sriwijaya", "booth": "A-01"}, &x)
		at := time.Date(2022, 8, 12, 3, 0, 0, 0, time.UTC)
		for i := range 3 {
			if _, err := s.App.DB.Writer().Exec(t.Context(), `INSERT INTO expo_sales (id, event_id, exhibitor_id, cashier_id, sold_at, sale_day, payment_method, total, synced_at)
				VALUES (?, ?, ?, ?, ?, '2022-08-12', 'cash', ?, ?)`, fmt.Sprintf("0dd0a7a0-0000-4000-8000-%012d", i), e.ID, x.ID, admin.ID, at, int64(math.MaxInt64/2), at); err != nil {
				t.Fatal(err)
			}
		}
		s.Do("PUT", fmt.Sprintf("/api/v1/events/%d/report-public", e.ID), agency, map[string]any{"public": true}, nil)
		visitor := newBrowser(t, s)
		report := fmt.Sprintf("/expo/%d/laporan", e.ID)
		if code, body := visitor.get(report); code != 200 || !strings.Contains(body, "Sebagian angka laporan melampaui batas") {
			t.Errorf("report page past the range: %d, want 200 with the notice", code)
		}
		for _, f := range []string{".csv", ".xlsx"} {
			if code, _ := visitor.get(report + f); code != 200 {
				t.Errorf("report%s past the range: %d", f, code)
			}
		}
		var r expo.Report
		s.Do("GET", fmt.Sprintf("/api/v1/events/%d/report", e.ID), "", nil, &r)
		if !r.Overflow || r.Totals.All != math.MaxInt64 || r.Sales != 3 || r.Flagged != 3 {
			t.Errorf("report: overflow %v, all %d, %d sales (%d flagged)", r.Overflow, r.Totals.All, r.Sales, r.Flagged)
		}
		// Newer sales do not push them off the booth's page, where the
		// agency voids them.
		var sales []map[string]any
		for i := range 25 {
			sales = append(sales, map[string]any{"id": fmt.Sprintf("0dd0a7a0-0000-4000-9000-%012d", i), "sold_at": at.Add(time.Duration(i+1) * time.Hour).Format(time.RFC3339),
				"payment_method": "cash", "items": []map[string]any{{"name": "Songket", "quantity": 1, "price": 2_000_000}}})
		}
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/sales/sync", e.ID), agency, map[string]any{"exhibitor_id": x.ID, "sales": sales}, nil)
		dinas := loggedIn(t, s, "dinas16@x.id")
		_, page := dinas.get(fmt.Sprintf("/kasir/%d/%d", e.ID, x.ID))
		for i := range 3 {
			if !strings.Contains(page, fmt.Sprintf("/penjualan/0dd0a7a0-0000-4000-8000-%012d/batal", i)) {
				t.Errorf("the booth's page does not offer to void sale %d past the bounds", i)
			}
		}
	})
}
