package mall_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// feeRules are Pasar Kreatif's fees: Rp15.000 a market day, Rp500.000 a
// month for fixed tenants, 5% of sales between Rp50.000 and Rp1.000.000,
// no new turn 30 days past due.
var feeRules = mall.Rules{TurnDays: 7, FeeRules: mall.FeeRules{Fees: &mall.DailyFee{Daily: 15_000}, MonthlyRent: 500_000,
	SalesShare: &mall.SalesShare{Percent: 5, Min: 50_000, Max: 1_000_000}, ArrearsLimitDays: 30}}

func (w *venueWorld) svc() *mall.Service { return mall.NewService(w.db, umkm.NewService(w.db)) }

func (w *venueWorld) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	ctx := context.Background()
	if err := w.db.InTx(ctx, func(tx *sqldb.Tx) error { _, err := tx.Exec(ctx, q, args...); return err }); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// turn writes a turn straight into the table and returns its id.
func (w *venueWorld) turn(t *testing.T, stall string, app mall.Application, from, to string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := w.db.InTx(ctx, func(tx *sqldb.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO turns (venue_id, stall_id, umkm_id, application_id, from_date, to_date, status, origin, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'scheduled', 'manual', ?) RETURNING id`, w.venue.ID, w.stalls[stall], app.UMKMID, app.ID, from, to, time.Now().UTC()).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (w *venueWorld) checkins(t *testing.T, turnID int64, app mall.Application, status string, days ...string) {
	t.Helper()
	for _, d := range days {
		w.exec(t, `INSERT INTO checkins (venue_id, turn_id, stall_id, umkm_id, day, status, created_at)
			SELECT venue_id, id, stall_id, umkm_id, ?, ?, ? FROM turns WHERE id = ?`, d, status, time.Now().UTC(), turnID)
	}
}

var saleSeq int

// sale records a stall sale of the turn on day straight into the table.
func (w *venueWorld) sale(t *testing.T, turnID int64, day string, total int64, voided bool) {
	t.Helper()
	saleSeq++
	var voidedAt any
	if voided {
		voidedAt = time.Now().UTC()
	}
	w.exec(t, `INSERT INTO mall_sales (id, venue_id, stall_id, turn_id, umkm_id, cashier_id, sold_at, sale_day, payment_method, total, synced_at, voided_at)
		SELECT ?, venue_id, stall_id, id, umkm_id, ?, ?, ?, 'cash', ?, ?, ? FROM turns WHERE id = ?`,
		fmt.Sprintf("sale-%d-%d", w.venue.ID, saleSeq), platform.ActorFrom(w.operator).UserID, time.Now().UTC(), day, total, time.Now().UTC(), voidedAt, turnID)
}

func linesOf(inv mall.Invoice) map[string]mall.InvoiceLine {
	out := map[string]mall.InvoiceLine{}
	for _, l := range inv.Lines {
		out[l.Kind] = l
	}
	return out
}

func byUMKM(list []mall.Invoice) map[int64]mall.Invoice {
	out := map[int64]mall.Invoice{}
	for _, inv := range list {
		out[inv.UMKMID] = inv
	}
	return out
}

// Each fee kind is computed from what the venue recorded: the daily fee
// per market day checked in (not per no-show), the fixed tenant's rent
// pro rata by days instead of the daily fee, the share of non-voided sales
// clamped to its minimum and maximum; a rerun never bills twice.
func TestInvoicesComputeEachFeeKind(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newVenueWorld(t, db)
		svc := w.svc()
		if _, err := svc.PublishRulebook(w.operator, w.venue.ID, feeRules); err != nil {
			t.Fatal(err)
		}
		rotating, fixed := w.apps[0], w.apps[1]
		w.exec(t, `UPDATE mall_applications SET class = 'tetap' WHERE id = ?`, fixed.ID)
		week := w.turn(t, "K-01", rotating, "2027-01-04", "2027-01-10")
		w.checkins(t, week, rotating, "present", "2027-01-04", "2027-01-05", "2027-01-09")
		w.checkins(t, week, rotating, "no_show", "2027-01-06")
		w.sale(t, week, "2027-01-04", 1_200_000, false)
		w.sale(t, week, "2027-01-09", 800_000, false)
		w.sale(t, week, "2027-01-09", 5_000_000, true)   // voided: not counted
		w.sale(t, week, "2027-02-01", 30_000_000, false) // synced late, on a day of February
		jan := w.turn(t, "K-02", fixed, "2027-01-16", "2027-01-31")
		w.turn(t, "K-02", fixed, "2027-02-01", "2027-02-14")
		w.checkins(t, jan, fixed, "present", "2027-01-16", "2027-01-17", "2027-01-23", "2027-01-24", "2027-01-30")

		list, err := svc.Invoice(w.operator, w.venue.ID, "2027-01-01", "2027-01-31")
		if err != nil {
			t.Fatal(err)
		}
		got := byUMKM(list)
		r, f := got[rotating.UMKMID], got[fixed.UMKMID]
		if len(list) != 2 || r.Status != mall.InvoiceOpen || r.DueDate != "2027-02-14" || r.Outstanding != r.Total || r.UMKMName != rotating.UMKMName {
			t.Fatalf("January's invoices: %+v", list)
		}
		rl, fl := linesOf(r), linesOf(f)
		if d := rl[mall.FeeDaily]; d.Days != 3 || d.Rate != 15_000 || d.Amount != 45_000 {
			t.Errorf("the rotating tenant's daily fee: %+v, want 3 days × Rp15.000", d)
		}
		if s := rl[mall.FeeSalesShare]; s.Sales != 2_000_000 || s.BasisPoints != 500 || s.Amount != 100_000 || s.Clamped != "" {
			t.Errorf("the rotating tenant's share: %+v, want 5%% of Rp2.000.000", s)
		}
		if _, ok := rl[mall.FeeRent]; ok || r.Total != 145_000 || len(r.Lines) != 2 {
			t.Errorf("the rotating tenant's invoice: %+v, want daily and share only, Rp145.000", r)
		}
		if rent := fl[mall.FeeRent]; rent.Days != 16 || rent.Amount != 500_000*16/31 {
			t.Errorf("the fixed tenant's rent: %+v, want 16/31 of Rp500.000", rent)
		}
		if _, ok := fl[mall.FeeDaily]; ok {
			t.Errorf("the fixed tenant paying rent was charged the daily fee too: %+v", f.Lines)
		}
		if s := fl[mall.FeeSalesShare]; s.Sales != 0 || s.Amount != 50_000 || s.Clamped != "min" || f.Total != 500_000*16/31+50_000 {
			t.Errorf("the fixed tenant's share without sales: %+v (total %d), want the minimum", s, f.Total)
		}

		// A rerun returns the same invoices; an overlapping period is refused.
		again, err := svc.Invoice(w.operator, w.venue.ID, "2027-01-01", "2027-01-31")
		if err != nil || len(again) != 2 || again[0].ID != list[0].ID || again[1].ID != list[1].ID || again[0].Total != list[0].Total {
			t.Errorf("a rerun: %+v (%v), want the same two invoices", again, err)
		}
		if _, err := svc.Invoice(w.operator, w.venue.ID, "2027-01-15", "2027-02-15"); platform.ErrorKind(err) != platform.KindConflict {
			t.Errorf("an overlapping period: %v, want a conflict", err)
		}
		ctx := context.Background()
		var n, lines int
		if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*), (SELECT COUNT(*) FROM mall_invoice_lines) FROM mall_invoices`).Scan(&n, &lines); err != nil || n != 2 || lines != 4 {
			t.Errorf("%d invoices and %d lines stored (%v), want 2 and 4", n, lines, err)
		}

		// February: the late sale is the rotating tenant's only fee, cut to the maximum.
		feb, err := svc.Invoice(w.operator, w.venue.ID, "2027-02-01", "2027-02-28")
		if err != nil {
			t.Fatal(err)
		}
		got = byUMKM(feb)
		if s := linesOf(got[rotating.UMKMID])[mall.FeeSalesShare]; len(feb) != 2 || s.Sales != 30_000_000 || s.Amount != 1_000_000 || s.Clamped != "max" ||
			got[rotating.UMKMID].Total != 1_000_000 {
			t.Errorf("February's share: %+v, want the maximum of Rp1.000.000", feb)
		}
		if rent := linesOf(got[fixed.UMKMID])[mall.FeeRent]; rent.Amount != 250_000 || rent.Days != 14 {
			t.Errorf("February's rent: %+v, want 14/28 of Rp500.000", rent)
		}

		// Without a rent, a fixed tenant pays the daily fee; a tenant with nothing to pay gets no invoice.
		if _, err := svc.PublishRulebook(w.operator, w.venue.ID, mall.Rules{TurnDays: 7, FeeRules: mall.FeeRules{Fees: &mall.DailyFee{Daily: 15_000, DueDays: 7}}}); err != nil {
			t.Fatal(err)
		}
		w.turn(t, "K-01", rotating, "2027-04-01", "2027-04-07")
		apr := w.turn(t, "K-02", fixed, "2027-04-01", "2027-04-30")
		w.checkins(t, apr, fixed, "present", "2027-04-03", "2027-04-04")
		april, err := svc.Invoice(w.operator, w.venue.ID, "2027-04-01", "2027-04-30")
		if err != nil || len(april) != 1 || april[0].UMKMID != fixed.UMKMID || april[0].Total != 30_000 || april[0].DueDate != "2027-05-07" {
			t.Errorf("April: %+v (%v), want only the fixed tenant's 2 days × Rp15.000, due in 7 days", april, err)
		}
	})
}

// A payment is recorded once per Idempotency-Key; a payment past what is
// owed changes nothing; payments of one invoice at once never exceed it.
func TestInvoicePaymentsAreOnceAndNeverExceedTheInvoice(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newVenueWorld(t, db)
		svc := w.svc()
		if _, err := svc.PublishRulebook(w.operator, w.venue.ID, feeRules); err != nil {
			t.Fatal(err)
		}
		tr := w.turn(t, "K-01", w.apps[0], "2027-01-04", "2027-01-10")
		w.checkins(t, tr, w.apps[0], "present", "2027-01-04", "2027-01-05")
		list, err := svc.Invoice(w.operator, w.venue.ID, "2027-01-01", "2027-01-31")
		if err != nil || len(list) != 1 || list[0].Total != 80_000 { // 2 days × Rp15.000 + the Rp50.000 minimum share
			t.Fatalf("invoice: %+v (%v)", list, err)
		}
		inv := list[0]
		pay := func(amount int64, key string) (mall.Payment, error) {
			return svc.PayInvoice(w.operator, w.venue.ID, inv.ID, mall.PaymentFields{Amount: amount, Method: mall.PayCash, Reference: "kuitansi 7"}, key)
		}
		first, err := pay(30_000, "k-1")
		if err != nil || first.Replayed {
			t.Fatalf("first payment: %+v (%v)", first, err)
		}
		again, err := pay(30_000, "k-1")
		if err != nil || again.ID != first.ID || !again.Replayed {
			t.Errorf("the same key again: %+v (%v), want the first payment replayed", again, err)
		}
		if _, err := pay(40_000, "k-1"); platform.ErrorKind(err) != platform.KindConflict {
			t.Errorf("the same key with another amount: %v, want a conflict", err)
		}
		if _, err := pay(50_001, "k-2"); platform.ErrorKind(err) != platform.KindInvalid {
			t.Errorf("paying past the Rp50.000 owed: %v, want invalid", err)
		}
		if _, err := pay(10_000, ""); platform.ErrorKind(err) != platform.KindInvalid {
			t.Errorf("a payment without a key: %v, want invalid", err)
		}
		cur, err := svc.InvoiceOf(w.operator, w.venue.ID, inv.ID)
		if err != nil || cur.Paid != 30_000 || cur.Outstanding != 50_000 || len(cur.Payments) != 1 || cur.Status != mall.InvoiceOpen {
			t.Fatalf("after one payment: %+v (%v)", cur, err)
		}

		// Eight payments of Rp20.000 at once for the Rp50.000 left: two land.
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = pay(20_000, fmt.Sprintf("c-%d", i))
			}()
		}
		wg.Wait()
		landed := 0
		for i, err := range errs {
			switch {
			case err == nil:
				landed++
			case platform.ErrorKind(err) != platform.KindInvalid:
				t.Errorf("concurrent payment %d: %v, want success or invalid", i, err)
			}
		}
		cur, _ = svc.InvoiceOf(w.operator, w.venue.ID, inv.ID)
		if landed != 2 || cur.Paid != 70_000 || len(cur.Payments) != 3 {
			t.Errorf("concurrent payments: %d landed, paid %d in %d payments; want 2, Rp70.000, 3", landed, cur.Paid, len(cur.Payments))
		}
		// The last Rp10.000, sent five times at once under one key: paid once, in full.
		for i := range 5 {
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[i] = pay(10_000, "last") }()
		}
		wg.Wait()
		for i := range 5 {
			if errs[i] != nil {
				t.Errorf("retry %d of the last payment: %v", i, errs[i])
			}
		}
		cur, _ = svc.InvoiceOf(w.operator, w.venue.ID, inv.ID)
		if cur.Paid != 80_000 || cur.Outstanding != 0 || cur.Status != mall.InvoicePaid || cur.PaidAt == nil || len(cur.Payments) != 4 {
			t.Errorf("after the last payment: %+v", cur)
		}
		if _, err := pay(1, "after"); platform.ErrorKind(err) != platform.KindConflict {
			t.Errorf("paying a paid invoice: %v, want a conflict", err)
		}
		var audits int
		if err := db.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'mall_invoice' AND action = 'pay' AND entity_id = ?`,
			inv.ID).Scan(&audits); err != nil || audits != 4 {
			t.Errorf("%d payment audit entries (%v), want 4", audits, err)
		}
		invoiced, paid, arrears, err := svc.FeeTotals(w.operator, w.venue.ID, "2027-01-01", "2027-12-31")
		if err != nil || invoiced != 80_000 || paid != 80_000 || arrears != 0 {
			t.Errorf("fee totals: %d %d %d (%v)", invoiced, paid, arrears, err)
		}
	})
}

// A tenant whose invoice is unpaid more than the rulebook's limit past due
// gets no turn in an allocation (reason arrears), nor one by hand, until
// it pays.
func TestArrearsHoldBackNewTurns(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newVenueWorld(t, db)
		svc := w.svc()
		if _, err := svc.PublishRulebook(w.operator, w.venue.ID, feeRules); err != nil {
			t.Fatal(err)
		}
		late := w.apps[0]
		// A turn of a past season, invoiced long ago and never paid.
		old := w.turn(t, "K-01", late, "2024-01-08", "2024-01-14")
		w.checkins(t, old, late, "present", "2024-01-08")
		list, err := svc.Invoice(w.operator, w.venue.ID, "2024-01-01", "2024-01-31")
		if err != nil || len(list) != 1 || list[0].UMKMID != late.UMKMID || list[0].ArrearsDays < 300 {
			t.Fatalf("the old invoice: %+v (%v)", list, err)
		}
		res, err := svc.Allocate(w.operator, w.venue.ID, "2027-01-04", "2027-03-28", 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Unassigned) != 1 || res.Unassigned[0].UMKMID != late.UMKMID || res.Unassigned[0].Reason != "arrears" {
			t.Errorf("unassigned: %+v, want the tenant in arrears with reason arrears", res.Unassigned)
		}
		for _, tr := range res.Turns {
			if tr.UMKMID == late.UMKMID {
				t.Errorf("the tenant in arrears got a turn: %+v", tr)
			}
		}
		ap, err := svc.Application(w.operator, w.venue.ID, late.ID)
		if err != nil || ap.AllocationReason != "arrears" {
			t.Errorf("the application's reason: %q (%v), want arrears", ap.AllocationReason, err)
		}
		_, err = svc.AddTurn(w.operator, w.venue.ID, mall.TurnFields{Stall: "K-01", ApplicationID: late.ID, From: "2027-03-22", To: "2027-03-28"})
		if fs := platform.ErrorFields(err); platform.ErrorKind(err) != platform.KindConflict || len(fs) != 1 || fs[0].Field != "application_id" ||
			!strings.Contains(err.Error(), "arrears") {
			t.Errorf("a turn by hand for the tenant in arrears: %v, want a conflict with the reason", err)
		}
		if _, err := svc.AddTurn(w.operator, w.venue.ID, mall.TurnFields{Stall: "K-02", ApplicationID: late.ID, From: "2027-03-29", To: "2027-03-28"}); platform.ErrorKind(err) != platform.KindInvalid {
			t.Errorf("a bad form is told first: %v, want invalid", err)
		}
		var turns int
		if err := db.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM turns WHERE umkm_id = ? AND from_date > '2026-01-01'`, late.UMKMID).Scan(&turns); err != nil || turns != 0 {
			t.Errorf("%d turns of the tenant in arrears stored (%v)", turns, err)
		}
		invoiced, paid, arrears, err := svc.FeeTotals(w.operator, w.venue.ID, "2024-01-01", "2024-12-31")
		if err != nil || invoiced != list[0].Total || paid != 0 || arrears != list[0].Total {
			t.Errorf("fee totals of 2024: %d %d %d (%v)", invoiced, paid, arrears, err)
		}

		// Paid: the next run gives it turns again.
		if _, err := svc.PayInvoice(w.operator, w.venue.ID, list[0].ID, mall.PaymentFields{Amount: list[0].Total, Method: mall.PayQRIS}, "lunas"); err != nil {
			t.Fatal(err)
		}
		res, err = svc.Allocate(w.operator, w.venue.ID, "2027-01-04", "2027-03-28", 7)
		if err != nil || len(res.Unassigned) != 0 {
			t.Errorf("after paying: unassigned %+v (%v), want none", res.Unassigned, err)
		}
	})
}
