package seed

import (
	"context"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
)

// checkDemoMall checks, on a loaded demo, what a visitor of Pasar Kreatif
// Jawa Barat, its operator and its tenants see; TestDemo calls it so that
// the demo loads once per database.
func checkDemoMall(t *testing.T, a *app.App, users map[string]account.User) {
	t.Helper()
	ctx := context.Background()
	db := a.DB.Reader()
	var venueID int64
	if err := db.QueryRow(ctx, `SELECT id FROM venues WHERE name = ?`, demoVenueName).Scan(&venueID); err != nil {
		t.Fatalf("no venue %s: %v", demoVenueName, err)
	}
	v, err := a.Mall.Venue(ctx, venueID)
	if err != nil {
		t.Fatal(err)
	}
	if v.RegencyCode != "32.73" || v.OperatorName != "PT Jaswita Jabar" || v.TimeZone != "Asia/Jakarta" {
		t.Errorf("venue %+v, want Kota Bandung, PT Jaswita Jabar, Asia/Jakarta", v)
	}

	// 32 kios and 11 carts, on a plan of about 600 × 400.
	stalls, err := a.Mall.Stalls(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, st := range stalls {
		kinds[st.Kind]++
		if st.X < 0 || st.X > 600 || st.Y < 0 || st.Y > 400 {
			t.Errorf("stall %s at (%d, %d), off the 600 × 400 plan", st.Code, st.X, st.Y)
		}
	}
	if len(stalls) != 43 || kinds["kios"] != 32 || kinds["gerobak"] != 11 {
		t.Errorf("%d stalls %v, want 32 kios and 11 gerobak", len(stalls), kinds)
	}

	// The operator's employee runs it; a buyer does not.
	op := platform.WithActor(ctx, users[demoOperator].Actor())
	if users[demoOperator].Role != platform.RoleBuyer {
		t.Errorf("%s has role %s, want a plain buyer account", demoOperator, users[demoOperator].Role)
	}
	if !a.Mall.MayRun(op, v) {
		t.Errorf("%s may not run %s", demoOperator, v.Name)
	}
	if a.Mall.MayRun(platform.WithActor(ctx, users["pembeli@gerai.id"].Actor()), v) {
		t.Error("the demo buyer may run the venue")
	}
	if runs, err := a.Mall.Venues(op, true); err != nil || len(runs) != 1 || runs[0].ID != v.ID {
		t.Errorf("the operator runs %v (%v), want the demo venue only", runs, err)
	}

	// Today is a market day in progress: about two thirds of its tenants
	// are present, and Euis's Kelom Geulis is expected at K-07.
	day, err := a.Mall.Today(op, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !day.Open || day.Present == 0 {
		t.Errorf("today %s: open %v, %d present", day.Day, day.Open, day.Present)
	}
	if tenants := day.Present + day.Expected; tenants < 15 || 3*day.Present < 2*tenants-3 || 3*day.Present > 2*tenants+3 {
		t.Errorf("today %d present of %d tenants, want about two thirds", day.Present, tenants)
	}
	euis := umkmByName(ctx, a, "Kelom Geulis Tasikmalaya")
	found := false
	for _, o := range day.Stalls {
		if o.UMKMID == euis {
			found = true
			if o.Stall != demoEuisStall || o.Status != "expected" {
				t.Errorf("Kelom Geulis today at %s, %s; want %s, expected", o.Stall, o.Status, demoEuisStall)
			}
		}
	}
	if !found {
		t.Errorf("Kelom Geulis has no stall today %s", day.Day)
	}

	// The season: turns for many regencies, guests among them.
	apps, err := a.Mall.Applications(op, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	regencies, categories := map[string]bool{}, map[string]bool{}
	reasons := map[string]int{}
	rejected, guests := 0, 0
	for _, ap := range apps {
		regencies[ap.RegencyCode], categories[ap.Category] = true, true
		reasons[ap.AllocationReason]++
		if ap.Status == mall.Rejected && ap.DecisionReason != "" {
			rejected++
		}
		if ap.Class == mall.ClassTamu {
			guests++
		}
	}
	if len(apps) < 45 || len(apps) > 60 || len(regencies) < 8 || len(categories) != 6 {
		t.Errorf("%d applications from %d regencies in %d categories, want 45–60 from 8 or more in all 6", len(apps), len(regencies), len(categories))
	}
	if reasons["below_threshold"] == 0 || reasons["category_full"] == 0 || rejected < 2 || guests < 3 {
		t.Errorf("reasons %v, %d rejected with a reason, %d guests; want below_threshold, category_full, rejections and guests", reasons, rejected, guests)
	}
	season, err := a.Mall.Turns(ctx, v.ID, day.Day, time.Now().AddDate(0, 0, 90).Format(time.DateOnly))
	if err != nil {
		t.Fatal(err)
	}
	turnRegencies := map[string]bool{}
	region := map[int64]string{}
	for _, ap := range apps {
		region[ap.UMKMID] = ap.RegencyCode
	}
	for _, tn := range season {
		turnRegencies[region[tn.UMKMID]] = true
	}
	t.Logf("%s: %d present, %d expected, %d free; %d applications, reasons %v; %d turns for %d regencies",
		day.Day, day.Present, day.Expected, day.Free, len(apps), reasons, len(season), len(turnRegencies))
	if len(turnRegencies) < 8 || len(season) < 200 {
		t.Errorf("%d turns for %d regencies, want a season for 8 regencies or more", len(season), len(turnRegencies))
	}

	// The market day trades: every tenant checked in has sold a few times
	// at its stall, in cash and by QRIS, and no one else has.
	present := map[int64]string{}
	for _, o := range day.Stalls {
		if o.Status == mall.Present {
			present[o.TurnID] = o.Stall
		}
	}
	sales, err := a.Mall.Sales(op, v.ID, day.Day, day.Day)
	if err != nil {
		t.Fatal(err)
	}
	perTurn, methods := map[int64]int{}, map[string]int{}
	for _, sl := range sales {
		if stall, ok := present[sl.TurnID]; !ok || stall != sl.Stall {
			t.Errorf("sale %s at %s on turn %d, which has not checked in today", sl.ID, sl.Stall, sl.TurnID)
		}
		if sl.Total <= 0 || sl.Late || sl.VoidedAt != nil {
			t.Errorf("sale %s: total %d, late %v, voided %v", sl.ID, sl.Total, sl.Late, sl.VoidedAt)
		}
		perTurn[sl.TurnID]++
		methods[sl.PaymentMethod]++
	}
	for turn, stall := range present {
		if n := perTurn[turn]; n < 3 || n > 6 {
			t.Errorf("%d sales today at %s, want 3–6 for each tenant checked in", n, stall)
		}
	}
	if methods["cash"] == 0 || methods["qris"] == 0 || len(methods) != 2 {
		t.Errorf("today's sales paid %v, want cash and QRIS", methods)
	}

	// The rulebook's daily fee is invoiced for the day: one invoice per
	// tenant present, most paid, two still open.
	if rb, err := a.Mall.CurrentRulebook(ctx, v.ID); err != nil || rb.Fees == nil || rb.Fees.Daily != 10_000 {
		t.Errorf("the rulebook's fees %+v (%v), want a daily fee of Rp10.000", rb.Fees, err)
	}
	invoices, err := a.Mall.Invoices(op, v.ID, mall.InvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, inv := range invoices {
		if inv.From != day.Day || inv.To != day.Day || inv.Total != 10_000 {
			t.Errorf("invoice %s for %s–%s of %d, want today's daily fee", inv.Number, inv.From, inv.To, inv.Total)
		}
		if inv.Status == mall.InvoiceOpen {
			open++
		}
	}
	if len(invoices) != day.Present || open != 2 {
		t.Errorf("%d invoices, %d open; want one for each of the %d tenants present, two open", len(invoices), open, day.Present)
	}

	// The operator's report of the month shows the sales and the fees.
	rep, err := a.Mall.Report(op, v.ID, day.Day[:8]+"01", day.Day)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sales <= 0 || rep.SalesCount != int64(len(sales)) {
		t.Errorf("the report's sales: Rp%d in %d sales, want the %d sales of today", rep.Sales, rep.SalesCount, len(sales))
	}
	if f := rep.Fees; f.Paid <= 0 || f.Invoiced <= f.Paid || f.Invoiced != int64(10_000*day.Present) {
		t.Errorf("the report's fees %+v, want Rp10.000 invoiced per tenant present, most of it paid", f)
	}
	t.Logf("today: %d sales, Rp%d; fees %+v", len(sales), rep.Sales, rep.Fees)

	// Loading the mall again (an interrupted demo resumes) changes nothing.
	tables := []string{"venues", "venue_staff", "stalls", "rulebooks", "mall_applications", "curation_scores", "turns", "checkins",
		"mall_sales", "mall_sale_items", "mall_invoices", "mall_invoice_lines", "mall_invoice_payments"}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = count(t, db, `SELECT COUNT(*) FROM `+tb)
	}
	start := time.Now()
	if err := demoMall(ctx, a, users, time.Now()); err != nil {
		t.Fatal(err)
	}
	t.Logf("the mall loaded again in %v", time.Since(start))
	for _, tb := range tables {
		if n := count(t, db, `SELECT COUNT(*) FROM `+tb); n != before[tb] {
			t.Errorf("%s: %d rows after loading the mall again, %d before", tb, n, before[tb])
		}
	}

	// Euis checks in at K-07 by its QR code.
	var code string
	if err := db.QueryRow(ctx, `SELECT qr_code FROM stalls WHERE venue_id = ? AND code = ?`, v.ID, demoEuisStall).Scan(&code); err != nil {
		t.Fatal(err)
	}
	c, created, err := a.Mall.CheckIn(platform.WithActor(ctx, users["euis.kelom@demo.gerai.id"].Actor()), v.ID, demoEuisStall, code)
	if err != nil || !created || c.Status != mall.Present {
		t.Errorf("Euis's check-in at %s: %+v, created %v, %v", demoEuisStall, c, created, err)
	}
}
