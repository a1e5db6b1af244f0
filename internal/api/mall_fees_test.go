package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/testutil"
)

// feeRulebook is jabarRules with the fees of issue 11 §8.
func feeRulebook() map[string]any {
	rules := map[string]any{"fees": map[string]any{"daily": 15000}, "monthly_rent": 500000,
		"sales_share": map[string]any{"percent": 5, "min": 50000, "max": 1000000}, "arrears_limit_days": 30}
	for k, v := range jabarRules {
		rules[k] = v
	}
	return rules
}

// pastTurn writes a turn of an application in the past straight into the
// table (the API gives turns only in an application's season, which
// cannot start before today), with the tenant checked in on days.
func (w *mallWorld) pastTurn(t *testing.T, stall string, app mall.Application, from, to string, days ...string) {
	t.Helper()
	ctx := context.Background()
	db := w.s.App.DB
	var id int64
	if err := db.Writer().QueryRow(ctx, `INSERT INTO turns (venue_id, stall_id, umkm_id, application_id, from_date, to_date, status, origin, created_at)
		SELECT ?, id, ?, ?, ?, ?, 'scheduled', 'manual', ? FROM stalls WHERE venue_id = ? AND code = ? RETURNING id`,
		w.venue, app.UMKMID, app.ID, from, to, time.Now().UTC(), w.venue, stall).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, d := range days {
		if _, err := db.Writer().Exec(ctx, `INSERT INTO checkins (venue_id, turn_id, stall_id, umkm_id, day, status, created_at)
			SELECT venue_id, id, stall_id, umkm_id, ?, 'present', ? FROM turns WHERE id = ?`, d, time.Now().UTC(), id); err != nil {
			t.Fatal(err)
		}
	}
}

// pay posts a payment of an invoice with an Idempotency-Key ("" sends none).
func (w *mallWorld) pay(t *testing.T, tok string, invoiceID int64, key string, body map[string]any) (int, []byte, mall.Payment) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", w.s.URL+w.path("/invoices/%d/payments", invoiceID), bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	var p mall.Payment
	res := w.s.Send(req, &p)
	return res.StatusCode, res.Body, p
}

type invoiceList struct{ Items []mall.Invoice }

func TestMallInvoicesPaymentsAndTheirScope(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		w.open(t, feeRulebook())
		var rb mall.Rulebook
		if res := s.Do("GET", w.path("/rulebook"), "", nil, &rb); res.StatusCode != 200 || rb.SalesShare == nil || rb.SalesShare.BasisPoints != 500 ||
			rb.MonthlyRent != 500000 || rb.Fees == nil || rb.Fees.Daily != 15000 || rb.ArrearsLimitDays != 30 {
			t.Errorf("the published fees: %d %s", res.StatusCode, res.Body)
		}
		sneaky := feeRulebook()
		sneaky["sales_share"] = map[string]any{"percent": 2.5, "basis_points": 9999}
		if res := s.Do("PUT", w.path("/rulebook"), w.staffA, sneaky, &rb); res.StatusCode != 200 || rb.SalesShare.BasisPoints != 250 {
			t.Errorf("basis points sent by the client: %d %s, want the server's 250", res.StatusCode, res.Body)
		}
		if res := s.Do("PUT", w.path("/rulebook"), w.staffA, feeRulebook(), &rb); res.StatusCode != 200 || rb.SalesShare.BasisPoints != 500 {
			t.Fatalf("publish the fees again: %d %s", res.StatusCode, res.Body)
		}
		bad := feeRulebook()
		bad["sales_share"] = map[string]any{"percent": 12.345, "min": 50000}
		bad["fees"] = map[string]any{"daily": 2_000_000_000}
		if res := s.Do("PUT", w.path("/rulebook"), w.staffA, bad, nil); res.StatusCode != 422 ||
			!hasField(problemFields(t, res.Body), "body.sales_share.percent") || !hasField(problemFields(t, res.Body), "body.fees.daily") {
			t.Errorf("bad fees: %d %s, want 422 naming sales_share.percent and fees.daily", res.StatusCode, res.Body)
		}
		from, to := jakartaDay(1), jakartaDay(30)
		local := w.apply(t, w.seller2, w.umkmB, from, to)
		guest := w.apply(t, w.sellerA, w.umkmA, from, to)
		w.pastTurn(t, "K-01", local, "2025-03-03", "2025-03-09", "2025-03-08", "2025-03-09")
		w.pastTurn(t, "K-02", guest, "2025-03-03", "2025-03-09", "2025-03-09")

		period := map[string]any{"from": "2025-03-01", "to": "2025-03-31"}
		for _, c := range []struct {
			name, tok string
			want      int
		}{{"anonymous", "", 401}, {"a tenant", w.seller2, 403}, {"a buyer", w.buyer, 403}, {"another venue's staff", w.staffB, 403}, {"another province's agency", w.agency16, 403}} {
			if res := s.Do("POST", w.path("/invoices"), c.tok, period, nil); res.StatusCode != c.want || res.ContentType != "application/problem+json" {
				t.Errorf("invoicing as %s: %d %s, want %d", c.name, res.StatusCode, res.Body, c.want)
			}
		}
		if res := s.Do("POST", w.path("/invoices"), w.staffA, map[string]any{"from": "2025-03-31", "to": "2025-03-01"}, nil); res.StatusCode != 422 ||
			!hasField(problemFields(t, res.Body), "body.to") {
			t.Errorf("a period the wrong way round: %d %s", res.StatusCode, res.Body)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM mall_invoices`); n != 0 {
			t.Fatalf("%d invoices made by refused requests", n)
		}
		var made invoiceList
		if res := s.Do("POST", w.path("/invoices"), w.staffA, period, &made); res.StatusCode != 200 || len(made.Items) != 2 {
			t.Fatalf("invoice March: %d %s", res.StatusCode, res.Body)
		}
		var again invoiceList
		if res := s.Do("POST", w.path("/invoices"), w.agency32, period, &again); res.StatusCode != 200 || len(again.Items) != 2 ||
			again.Items[0].ID != made.Items[0].ID || w.count(t, `SELECT COUNT(*) FROM mall_invoices`) != 2 {
			t.Errorf("invoicing March again: %d %s, want the same two invoices", res.StatusCode, res.Body)
		}
		mine := byTenant(made.Items)[w.umkmB] // 2 days × Rp15.000 + the Rp50.000 minimum share
		if mine.Total != 80000 || mine.DueDate != "2025-04-14" || mine.Number == "" || mine.Status != mall.InvoiceOpen {
			t.Fatalf("the local tenant's invoice: %+v", mine)
		}
		theirs := byTenant(made.Items)[w.umkmA]

		// Lists: those who run the venue see all, a tenant its own, others nothing.
		list := func(tok, query string) (int, []int64) {
			var out invoiceList
			res := s.Do("GET", w.path("/invoices%s", query), tok, nil, &out)
			var ids []int64
			for _, inv := range out.Items {
				ids = append(ids, inv.UMKMID)
			}
			return res.StatusCode, ids
		}
		for _, c := range []struct {
			name, tok, query string
			want             int
		}{
			{"the venue's staff", w.staffA, "", 2}, {"the province's agency", w.agency32, "", 2}, {"the local tenant", w.seller2, "", 1},
			{"the guest tenant", w.sellerA, "", 1}, {"a buyer", w.buyer, "", 0}, {"another province's agency", w.agency16, "", 0},
			{"another venue's staff", w.staffB, "", 0}, {"staff, by tenant", w.staffA, "?umkm_id=" + strconv.FormatInt(w.umkmA, 10), 1},
			{"staff, paid ones", w.staffA, "?status=paid", 0}, {"staff, in arrears", w.staffA, "?arrears=true", 2},
		} {
			if st, ids := list(c.tok, c.query); st != 200 || len(ids) != c.want {
				t.Errorf("invoices for %s: %d %v, want %d", c.name, st, ids, c.want)
			}
		}
		if _, ids := list(w.seller2, ""); len(ids) != 1 || ids[0] != w.umkmB {
			t.Errorf("the local tenant sees %v, want only its own", ids)
		}
		if st, _ := list(w.staffA, "?status=unpaid"); st != 422 {
			t.Errorf("an unknown status: %d, want 422", st)
		}
		if st, _ := list("", ""); st != 401 {
			t.Errorf("invoices for anonymous: %d, want 401", st)
		}
		get := func(tok string, id int64) (int, mall.Invoice) {
			var inv mall.Invoice
			res := s.Do("GET", w.path("/invoices/%d", id), tok, nil, &inv)
			return res.StatusCode, inv
		}
		for _, c := range []struct {
			name, tok string
			id        int64
			want      int
		}{
			{"its tenant", w.seller2, mine.ID, 200}, {"the staff", w.staffA, mine.ID, 200}, {"another tenant", w.sellerA, mine.ID, 404},
			{"a buyer", w.buyer, mine.ID, 404}, {"another province's agency", w.agency16, mine.ID, 404}, {"another venue's staff", w.staffB, mine.ID, 404},
		} {
			if st, _ := get(c.tok, c.id); st != c.want {
				t.Errorf("invoice read by %s: %d, want %d", c.name, st, c.want)
			}
		}
		if st, inv := get(w.seller2, mine.ID); st != 200 || len(inv.Lines) != 2 || inv.Outstanding != 80000 || inv.ArrearsDays < 30 || inv.QRIS != "" {
			t.Errorf("the tenant's invoice before the venue has a QRIS: %+v", inv)
		}

		// The operator's static QRIS: checked, then each invoice's dynamic QRIS is built from it.
		static, err := qris.Build(qris.Merchant{Name: "PT JASWITA JABAR", City: "BANDUNG", NMID: "ID1020032222222", MCC: "7299",
			Criteria: "UBE", AcquirerDomain: "ID.CO.BANKBJB.WWW", MerchantPAN: "9360011000000001", MerchantID: "JASWITA"}, 0, "")
		if err != nil {
			t.Fatal(err)
		}
		dynamic, _ := qris.Dynamic(static, 1000, "X-1")
		for _, c := range []struct {
			name, tok, code string
			want            int
		}{
			{"a tenant", w.seller2, static, 403}, {"another venue's staff", w.staffB, static, 403},
			{"a broken CRC", w.staffA, static[:len(static)-4] + "0000", 422}, {"a dynamic QRIS", w.staffA, dynamic, 422},
		} {
			res := s.Do("PUT", w.path("/payment"), c.tok, map[string]any{"static_qris": c.code}, nil)
			if res.StatusCode != c.want || (c.want == 422 && !hasField(problemFields(t, res.Body), "body.static_qris")) {
				t.Errorf("setting the QRIS as %s: %d %s, want %d", c.name, res.StatusCode, res.Body, c.want)
			}
		}
		var vp mall.VenuePayment
		if res := s.Do("PUT", w.path("/payment"), w.staffA, map[string]any{"static_qris": static}, &vp); res.StatusCode != 200 || vp.Merchant != "PT JASWITA JABAR" {
			t.Fatalf("set the QRIS: %d %s", res.StatusCode, res.Body)
		}
		_, inv := get(w.seller2, mine.ID)
		if p, err := qris.Parse(inv.QRIS); err != nil || !p.Dynamic() || p.BillNumber() != mine.Number || p.MerchantName() != "PT JASWITA JABAR" {
			t.Errorf("the invoice's QRIS %q: %v", inv.QRIS, err)
		} else if amount, _ := p.Amount(); amount != 80000 {
			t.Errorf("the invoice's QRIS asks %d, want the Rp80.000 owed", amount)
		}

		// Payments: staff only, once per key, never past what is owed.
		cash := map[string]any{"amount": 30000, "method": "cash", "reference": "kuitansi 001"}
		for _, c := range []struct {
			name, tok, key string
			body           map[string]any
			want           int
		}{
			{"the tenant itself", w.seller2, "t-1", cash, 403}, {"another venue's staff", w.staffB, "t-1", cash, 403},
			{"without a key", w.staffA, "", cash, 422}, {"past what is owed", w.staffA, "t-2", map[string]any{"amount": 80001, "method": "cash"}, 422},
			{"an unknown method", w.staffA, "t-3", map[string]any{"amount": 1000, "method": "transfer"}, 422},
		} {
			if st, b, _ := w.pay(t, c.tok, mine.ID, c.key, c.body); st != c.want {
				t.Errorf("paying as %s: %d %s, want %d", c.name, st, b, c.want)
			}
		}
		if n := w.count(t, `SELECT COUNT(*) FROM mall_invoice_payments`); n != 0 {
			t.Fatalf("%d payments stored by refused requests", n)
		}
		st, b, first := w.pay(t, w.staffA, mine.ID, "bayar-1", cash)
		if st != 201 || first.Amount != 30000 || first.Method != "cash" || first.Replayed {
			t.Fatalf("a cash payment: %d %s", st, b)
		}
		if st, b, again := w.pay(t, w.staffA, mine.ID, "bayar-1", cash); st != 200 || again.ID != first.ID {
			t.Errorf("the same payment sent again: %d %s, want 200 with the first", st, b)
		}
		if st, b, _ := w.pay(t, w.staffA, mine.ID, "bayar-1", map[string]any{"amount": 50000, "method": "cash"}); st != 409 {
			t.Errorf("the key with another payment: %d %s, want 409", st, b)
		}
		if st, b, _ := w.pay(t, w.staffA, mine.ID, "bayar-2", map[string]any{"amount": 50001, "method": "qris"}); st != 422 || !hasField(problemFields(t, b), "body.amount") {
			t.Errorf("overpaying the rest: %d %s, want 422 on amount", st, b)
		}
		if st, b, _ := w.pay(t, w.staffA, mine.ID, "bayar-3", map[string]any{"amount": 50000, "method": "qris", "reference": "QRIS 8812"}); st != 201 {
			t.Fatalf("paying the rest by QRIS: %d %s", st, b)
		}
		if st, inv := get(w.seller2, mine.ID); st != 200 || inv.Status != mall.InvoicePaid || inv.Paid != 80000 || inv.Outstanding != 0 ||
			inv.ArrearsDays != 0 || inv.QRIS != "" || len(inv.Payments) != 2 {
			t.Errorf("the paid invoice: %+v", inv)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE entity = 'mall_invoice' AND action = 'pay'`); n != 2 {
			t.Errorf("%d payment audit entries, want 2", n)
		}

		// Voiding: not a paid invoice; an unpaid one, with a reason, and its period can be invoiced again.
		if res := s.Do("POST", w.path("/invoices/%d/void", mine.ID), w.staffA, map[string]any{"reason": "salah hitung"}, nil); res.StatusCode != 409 {
			t.Errorf("voiding a paid invoice: %d %s, want 409", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", w.path("/invoices/%d/void", theirs.ID), w.sellerA, map[string]any{"reason": "x"}, nil); res.StatusCode != 403 {
			t.Errorf("the tenant voids its invoice: %d, want 403", res.StatusCode)
		}
		var voided mall.Invoice
		if res := s.Do("POST", w.path("/invoices/%d/void", theirs.ID), w.staffA, map[string]any{"reason": "tamu dibebaskan"}, &voided); res.StatusCode != 200 ||
			voided.Status != mall.InvoiceVoid || voided.Outstanding != 0 {
			t.Errorf("voiding: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", w.path("/invoices"), w.staffA, period, &again); res.StatusCode != 200 || len(again.Items) != 2 ||
			byTenant(again.Items)[w.umkmA].ID == theirs.ID || byTenant(again.Items)[w.umkmB].ID != mine.ID {
			t.Errorf("invoicing March after the void: %d %s, want a new invoice for the guest and the paid one kept", res.StatusCode, res.Body)
		}
	})
}

// A tenant with fees past due beyond the limit gets no turn by hand (409
// with the reason) and none in an allocation (reason arrears).
func TestMallArrearsHoldBackTurns(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		w.open(t, feeRulebook())
		from, to := jakartaDay(7), jakartaDay(60)
		local := w.apply(t, w.seller2, w.umkmB, from, to)
		w.pastTurn(t, "K-01", local, "2025-03-03", "2025-03-09", "2025-03-08")
		if res := s.Do("POST", w.path("/invoices"), w.staffA, map[string]any{"from": "2025-03-01", "to": "2025-03-31"}, nil); res.StatusCode != 200 {
			t.Fatalf("invoice: %d %s", res.StatusCode, res.Body)
		}
		res := s.Do("POST", w.path("/turns"), w.staffA, map[string]any{"stall": "K-01", "application_id": local.ID, "from": from, "to": from}, nil)
		if res.StatusCode != 409 || !strings.Contains(string(res.Body), "arrears") || !hasField(problemFields(t, res.Body), "body.application_id") {
			t.Errorf("a turn by hand for a tenant in arrears: %d %s, want 409 with the reason", res.StatusCode, res.Body)
		}
		st, b, out := w.allocate(t, w.staffA, from, to, 1)
		if st != 200 || len(out.Unassigned) != 1 || out.Unassigned[0].Reason != "arrears" || out.Unassigned[0].ApplicationID != local.ID || len(out.Turns) != 0 {
			t.Errorf("allocation with the tenant in arrears: %d %s", st, b)
		}
	})
}

// jakartaDay is the date n days from today at the venue (Asia/Jakarta).
func jakartaDay(n int) string {
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	return time.Now().In(jakarta).AddDate(0, 0, n).Format(time.DateOnly)
}

func byTenant(list []mall.Invoice) map[int64]mall.Invoice {
	out := map[int64]mall.Invoice{}
	for _, inv := range list {
		out[inv.UMKMID] = inv
	}
	return out
}
