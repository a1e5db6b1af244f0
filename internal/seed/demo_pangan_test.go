package seed

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// checkDemoPangan checks, on a loaded demo, what the Sumsel agency, the
// demo field officer, the public dashboard and the Jabar agency see of the
// food programmes; TestDemo calls it so that the demo loads once per database.
func checkDemoPangan(t *testing.T, a *app.App, users map[string]account.User) {
	t.Helper()
	ctx := context.Background()
	db := a.DB.Reader()
	agency := platform.WithActor(ctx, users["dinas.sumsel@gerai.id"].Actor())
	var gsmpID int64
	if err := db.QueryRow(ctx, `SELECT id FROM pangan_programmes WHERE province_code = '16' AND name = ?`, demoGSMP).Scan(&gsmpID); err != nil {
		t.Fatalf("no %s: %v", demoGSMP, err)
	}
	p, err := a.Pangan.Programme(ctx, gsmpID)
	if err != nil {
		t.Fatal(err)
	}

	// The configuration: 81,000 households in 17 regencies, the
	// three largest targets as reported, the Bank Sumsel Babel package.
	targets := map[string]int64{}
	var total int64
	for _, tg := range p.Targets {
		targets[tg.RegencyCode] = tg.Households
		total += tg.Households
	}
	if p.StartYear != 2021 || len(p.Targets) != 17 || total != 81000 || targets["16.04"] != 9450 || targets["16.08"] != 7800 || targets["16.07"] != 7625 {
		t.Errorf("GSMP from %d with %d targets summing %d (Lahat %d, OKU Timur %d, Banyuasin %d), want 2021, 17, 81,000, 9,450, 7,800, 7,625",
			p.StartYear, len(p.Targets), total, targets["16.04"], targets["16.08"], targets["16.07"])
	}
	if len(p.Commodities) != 11 || len(p.Sponsors) != 3 || len(p.Phases) != 3 || len(p.Prices) == 0 {
		t.Errorf("%d commodities, %d sponsors, %d phases, %d regency prices; want 11, 3, 3 and some",
			len(p.Commodities), len(p.Sponsors), len(p.Phases), len(p.Prices))
	}
	bsb := map[string]int64{}
	for _, pk := range p.Packages {
		if pk.Code == "bsb-csr" {
			for _, it := range pk.Items {
				bsb[it.Name] = it.Quantity
			}
		}
	}
	if bsb["Ayam petelur"] != 8 || bsb["Benih nila"] != 300 || bsb["Benih lele"] != 300 || bsb["Drum budikdamber"] != 1 {
		t.Errorf("Bank Sumsel Babel's package %v, want 8 hens, 300 tilapia and 300 catfish fry, a drum", bsb)
	}

	// A few thousand households in five regencies, with valid NIKs (most
	// issued in their own kecamatan), listed masked.
	if n := count(t, db, `SELECT COUNT(*) FROM pangan_households WHERE programme_id = ?`, p.ID); n < 2000 || n > 3000 {
		t.Errorf("%d GSMP households, want 2,000–3,000", n)
	}
	if n := count(t, db, `SELECT COUNT(DISTINCT regency_code) FROM pangan_households WHERE programme_id = ?`, p.ID); n < 4 || n > 6 {
		t.Errorf("households in %d regencies, want 4–6", n)
	}
	rows, err := db.Query(ctx, `SELECT nik, district_code FROM pangan_households WHERE programme_id = ?`, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	var niks, elsewhere int
	for rows.Next() {
		var nik, district string
		if err := rows.Scan(&nik, &district); err != nil {
			t.Fatal(err)
		}
		if region.NIKProblem("nik", nik) != nil {
			t.Errorf("an invalid NIK stored (%s…)", nik[:6])
		}
		niks++
		if !strings.HasPrefix(nik, strings.ReplaceAll(district, ".", "")) {
			elsewhere++
		}
	}
	rows.Close()
	if elsewhere == 0 || elsewhere*6 > niks {
		t.Errorf("%d of %d NIKs issued in another kecamatan, want some but mostly their own", elsewhere, niks)
	}
	list, _, err := a.Pangan.Households(agency, p.ID, pangan.HouseholdFilter{Limit: 200})
	if err != nil || len(list) != 200 {
		t.Fatalf("the agency's household list: %d, %v", len(list), err)
	}
	for _, h := range list {
		if h.NIK != "" || !strings.Contains(h.NIKMasked, "*") || h.HeadName == "" {
			t.Fatalf("listed household %+v: want a name and the NIK masked only", h)
		}
	}

	// The province's dashboard figures are the sums over the records.
	in, err := a.Pangan.Indicators(ctx, p.ID, pangan.LevelProvince, "16", "", "")
	if err != nil {
		t.Fatal(err)
	}
	var value, home, sold, records, reached int64
	if err := db.QueryRow(ctx, `SELECT COALESCE(SUM(value), 0), COALESCE(SUM(CASE WHEN use = 'home' THEN value ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN use = 'sold' THEN value ELSE 0 END), 0), COUNT(*) FROM pangan_production WHERE programme_id = ?`, p.ID).
		Scan(&value, &home, &sold, &records); err != nil {
		t.Fatal(err)
	}
	reached = int64(count(t, db, `SELECT COUNT(*) FROM pangan_households WHERE programme_id = ? AND reached_at IS NOT NULL`, p.ID))
	if in.Value != value || in.Home != home || in.Sold != sold || in.Records != records || in.Reached != reached || in.Target != 81000 {
		t.Errorf("province figures %+v (target %d), want value %d, home %d, sold %d, records %d, reached %d, target 81,000",
			in.Figures, in.Target, value, home, sold, records, reached)
	}
	if records < 10000 || reached == 0 || reached >= in.Registered {
		t.Errorf("%d production records, %d of %d households reached: want a year of visits, a few households not visited yet",
			records, reached, in.Registered)
	}
	for _, c := range in.Production {
		var milli int64
		if err := db.QueryRow(ctx, `SELECT COALESCE(SUM(quantity_milli), 0) FROM pangan_production WHERE programme_id = ? AND commodity_code = ?`,
			p.ID, c.Commodity).Scan(&milli); err != nil {
			t.Fatal(err)
		}
		if math.Abs(c.Quantity-float64(milli)/1000) > 1e-6 {
			t.Errorf("%s: %.3f %s on the dashboard, %.3f in the records", c.Commodity, c.Quantity, c.Unit, float64(milli)/1000)
		}
	}
	if len(in.Months) != demoVisitMonths || len(in.Children) != 17 {
		t.Errorf("%d months and %d regency rows, want a year and the 17 regencies", len(in.Months), len(in.Children))
	}
	// The saving the governor claims ("up to Rp300.000 a month") is now a
	// measured figure: what a reached household eats of its own yard a month.
	var visitsHome int64
	for _, m := range in.Months {
		visitsHome += m.Home
	}
	if perMonth := visitsHome / reached / demoVisitMonths; perMonth < 30_000 || perMonth > 400_000 {
		t.Errorf("a reached household eats Rp%d a month of its yard, want a plausible Rp30.000–400.000", perMonth)
	}
	for _, reg := range demoPanganRegencies {
		ri, err := a.Pangan.Indicators(ctx, p.ID, pangan.LevelRegency, reg.code, "", "")
		if err != nil {
			t.Fatal(err)
		}
		n := int64(count(t, db, `SELECT COUNT(*) FROM pangan_households WHERE programme_id = ? AND regency_code = ? AND reached_at IS NOT NULL`, p.ID, reg.code))
		if ri.Reached != n || ri.Registered != int64(reg.households) || ri.Value == 0 {
			t.Errorf("regency %s: %d reached of %d registered, value %d; want %d of %d, some value", reg.code, ri.Reached, ri.Registered, ri.Value,
				n, reg.households)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pangan_visits WHERE programme_id = ? AND visited_at > ?`, p.ID, time.Now().UTC()); n != 0 {
		t.Errorf("%d visits in the future", n)
	}

	// The demo officer sees its four Lahat villages' households, visited.
	officer := platform.WithActor(ctx, users[demoOfficer].Actor())
	villages, err := a.Pangan.MyVillages(officer, p.ID)
	if err != nil || len(villages) != demoPanganVillages {
		t.Fatalf("the demo officer's villages %v (%v), want %d", villages, err, demoPanganVillages)
	}
	for _, v := range villages {
		if !strings.HasPrefix(v, demoOfficerDistrict+".") {
			t.Errorf("the demo officer has village %s outside Tanjungsakti Pumu", v)
		}
	}
	mine, _, err := a.Pangan.Households(officer, p.ID, pangan.HouseholdFilter{Limit: 200})
	if err != nil || len(mine) < 10 {
		t.Fatalf("the demo officer lists %d households (%v), want its villages'", len(mine), err)
	}
	visited := 0
	for _, h := range mine {
		if !strings.HasPrefix(h.VillageCode, demoOfficerDistrict+".") {
			t.Errorf("the demo officer lists a household of %s", h.VillageCode)
		}
		if h.LastVisitAt != nil && h.Version > 0 {
			visited++
		}
	}
	if visited*10 < len(mine)*8 {
		t.Errorf("%d of the demo officer's %d households visited, want most", visited, len(mine))
	}

	// Jawa Barat adopted it: the configuration, its own households in
	// Bandung, none of Sumsel's, no Sumsel sponsors or targets.
	var jabarID int64
	if err := db.QueryRow(ctx, `SELECT id FROM pangan_programmes WHERE province_code = '32' AND name = ?`, demoJMP).Scan(&jabarID); err != nil {
		t.Fatalf("no %s: %v", demoJMP, err)
	}
	jp, err := a.Pangan.Programme(ctx, jabarID)
	if err != nil {
		t.Fatal(err)
	}
	if jp.AdoptedFrom != p.ID || len(jp.Commodities) != len(p.Commodities) || len(jp.Packages) != len(p.Packages) || len(jp.Sponsors) != 0 || len(jp.Targets) != 0 {
		t.Errorf("Jabar's programme %+v: want adopted from GSMP with its commodities and packages, no sponsors or targets", jp)
	}
	jabar := platform.WithActor(ctx, users["dinas.jabar@gerai.id"].Actor())
	theirs, _, err := a.Pangan.Households(jabar, jp.ID, pangan.HouseholdFilter{Limit: 200})
	if err != nil || len(theirs) < 20 || len(theirs) > 50 {
		t.Fatalf("Jabar lists %d households (%v), want 20–50", len(theirs), err)
	}
	for _, h := range theirs {
		if h.RegencyCode != "32.73" {
			t.Errorf("a Jabar household in %s, want Kota Bandung", h.RegencyCode)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pangan_households WHERE programme_id = ? AND province_code <> '32'`, jp.ID); n != 0 {
		t.Errorf("%d households of another province in Jabar's programme", n)
	}

	checkDemoPanganAid(t, a, users, p, in)

	// An interrupted load resumes without adding anything: the same
	// households, visits, records and figures.
	tables := []string{"pangan_programmes", "pangan_households", "pangan_officers", "pangan_visits", "pangan_production", "pangan_plots",
		"pangan_groups", "pangan_deliveries", "pangan_visit_statuses", "pangan_sponsor_staff", "umkm"}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = count(t, db, `SELECT COUNT(*) FROM `+tb)
	}
	if err := demoPangan(ctx, a, users, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if n := count(t, db, `SELECT COUNT(*) FROM `+tb); n != before[tb] {
			t.Errorf("%s: %d rows after demoPangan again, %d before", tb, n, before[tb])
		}
	}
	if again, err := a.Pangan.Indicators(ctx, p.ID, pangan.LevelProvince, "16", "", ""); err != nil || again.Figures != in.Figures {
		t.Errorf("province figures %+v after demoPangan again, %+v before (%v)", again.Figures, in.Figures, err)
	}
}

// checkDemoPanganAid checks GSMP's plots, aid and its proof, groups and
// the sponsor's view, given the province's indicators.
func checkDemoPanganAid(t *testing.T, a *app.App, users map[string]account.User, p pangan.Programme, in pangan.Indicators) {
	t.Helper()
	ctx := context.Background()
	db := a.DB.Reader()
	// Most households have a yard; visits of the last weeks found plots alive.
	if n := count(t, db, `SELECT COUNT(DISTINCT household_id) FROM pangan_plots WHERE programme_id = ?`, p.ID); n*10 < int(in.Registered)*8 {
		t.Errorf("%d of %d households have a plot, want most", n, in.Registered)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pangan_plots WHERE programme_id = ? AND kind = 'kolam'`, p.ID); n == 0 {
		t.Error("no fish pond (budikdamber) recorded")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pangan_plots WHERE programme_id = ? AND photo_key LIKE 'pangan/%'`, p.ID); n == 0 {
		t.Error("no plot has a photo (the household page's thumbnail)")
	}
	if in.ActivePlots == 0 {
		t.Error("no active plot on the province's dashboard")
	}

	// Deliveries, most proven, some not yet; the dashboard's proven
	// households are the records'.
	proven := count(t, db, `SELECT COUNT(*) FROM pangan_deliveries WHERE programme_id = ? AND proven = TRUE`, p.ID)
	unproven := count(t, db, `SELECT COUNT(*) FROM pangan_deliveries WHERE programme_id = ? AND proven = FALSE`, p.ID)
	if proven == 0 || unproven == 0 || unproven*5 > proven {
		t.Errorf("%d proven and %d unproven deliveries, want most proven and some belum terbukti", proven, unproven)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pangan_households WHERE programme_id = ? AND proven_at IS NOT NULL`, p.ID); int64(n) != in.Proven || n == 0 {
		t.Errorf("the province shows %d households proven, the records %d", in.Proven, n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pangan_deliveries d JOIN pangan_visits v ON v.household_id = d.household_id
		WHERE d.programme_id = ? AND v.visited_at < d.delivered_at AND v.visited_at = (SELECT MIN(visited_at) FROM pangan_visits f WHERE f.household_id = d.household_id)`, p.ID); n != 0 {
		t.Errorf("%d deliveries handed over after the household's first visit, want them before", n)
	}

	// KWT Melati sells through its UMKM; dasawisma have members.
	kwt := count(t, db, `SELECT COUNT(*) FROM pangan_groups g JOIN umkm u ON u.id = g.umkm_id
		WHERE g.programme_id = ? AND g.kind = 'kwt' AND g.name = ? AND u.status = 'verified'`, p.ID, demoKWT)
	members := count(t, db, `SELECT COUNT(*) FROM pangan_households h JOIN pangan_groups g ON g.id = h.group_id WHERE g.programme_id = ? AND g.name = ?`,
		p.ID, demoKWT)
	if kwt != 1 || members < 5 {
		t.Errorf("%s: %d linked verified UMKM, %d members; want 1 and about ten", demoKWT, kwt, members)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM pangan_groups g WHERE g.programme_id = ? AND g.kind = 'dasawisma'
		AND EXISTS (SELECT 1 FROM pangan_households h WHERE h.group_id = g.id)`, p.ID); n < 3 {
		t.Errorf("%d dasawisma with members, want a few", n)
	}

	// The sponsor's staff reads Bank Sumsel Babel's deliveries only, names as initials.
	var bsb int64
	for _, sp := range p.Sponsors {
		if sp.Name == "Bank Sumsel Babel" {
			bsb = sp.ID
		}
	}
	sponsor := platform.WithActor(ctx, users[demoSponsor].Actor())
	r, err := a.Pangan.SponsorReport(sponsor, p.ID, bsb)
	if err != nil {
		t.Fatalf("the sponsor's report: %v", err)
	}
	want := count(t, db, `SELECT COUNT(*) FROM pangan_deliveries WHERE programme_id = ? AND sponsor_id = ?`, p.ID, bsb)
	if r.Results.Deliveries != int64(want) || want == 0 || r.Results.Proven == 0 || r.Results.Value == 0 || len(r.Recent) == 0 {
		t.Errorf("the sponsor's report %+v, want its %d deliveries, some proven, their households' production", r.Results, want)
	}
	for _, d := range r.Recent {
		if d.SponsorID != bsb || d.PhotoKey != "" || strings.Count(d.HeadName, ".") != len(strings.Fields(d.HeadName)) {
			t.Fatalf("the sponsor reads delivery %+v: want only its own, names as initials, no stored proof", d)
		}
	}
	seen := false
	for _, it := range r.Survival {
		seen = seen || it.Alive+it.Harvested+it.Failed > 0
	}
	if !seen {
		t.Errorf("no visit reported on the sponsor's items: %+v", r.Survival)
	}
	for _, sp := range p.Sponsors {
		if sp.ID != bsb {
			if _, err := a.Pangan.SponsorReport(sponsor, p.ID, sp.ID); platform.ErrorKind(err) != platform.KindForbidden {
				t.Errorf("the sponsor reads %s's report: %v, want forbidden", sp.Name, err)
			}
		}
	}
}
