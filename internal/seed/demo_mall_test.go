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

	// Loading the mall again (an interrupted demo resumes) changes nothing.
	tables := []string{"venues", "venue_staff", "stalls", "rulebooks", "mall_applications", "curation_scores", "turns", "checkins"}
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
