package pangan_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// statRow is one row of pangan_stats, as a dashboard would sum it.
type statRow struct {
	Area, Parent, Month, Commodity              string
	Quantity, Value, Home, Sold, Given, Records int64
	Reached, Proven                             int64
}

func statsTable(t *testing.T, db *sqldb.DB, programme int64) []statRow {
	t.Helper()
	rows, err := db.Reader().Query(context.Background(), `SELECT area_code, parent_code, month, commodity_code, quantity_milli, value,
		value_home, value_sold, value_given, records, households_reached, households_proven
		FROM pangan_stats WHERE programme_id = ? ORDER BY area_code, month, commodity_code`, programme)
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x statRow, err error) {
		err = r.Scan(&x.Area, &x.Parent, &x.Month, &x.Commodity, &x.Quantity, &x.Value, &x.Home, &x.Sold, &x.Given, &x.Records,
			&x.Reached, &x.Proven)
		return x, err
	})
	if err != nil {
		t.Fatal(err)
	}
	// The households' months (the saving's spread) are part of the roll-up:
	// one row each, its household in Parent.
	rows, err = db.Reader().Query(context.Background(), `SELECT village_code, household_id, month, value_home, visits
		FROM pangan_household_months WHERE programme_id = ? ORDER BY household_id, month`, programme)
	months, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x statRow, err error) {
		var household int64
		err = r.Scan(&x.Area, &household, &x.Month, &x.Home, &x.Records)
		x.Parent, x.Commodity = fmt.Sprintf("household %d", household), "(month)"
		return x, err
	})
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, months...)
	// And the saving's bins (emptied bins the incremental path leaves at zero are no figure).
	rows, err = db.Reader().Query(context.Background(), `SELECT area_code, month, bin, households, value_sum
		FROM pangan_saving_bins WHERE programme_id = ? AND households <> 0 ORDER BY area_code, month, bin`, programme)
	bins, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x statRow, err error) {
		var bin int64
		err = r.Scan(&x.Area, &x.Month, &bin, &x.Records, &x.Home)
		x.Commodity = fmt.Sprintf("(bin %d)", bin)
		return x, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return append(out, bins...)
}

// statsDiff lists the rows of want missing from got ("-") and those of got
// not in want ("+"); "" when the tables are equal.
func statsDiff(want, got []statRow) string {
	count := map[statRow]int{}
	for _, r := range want {
		count[r]++
	}
	for _, r := range got {
		count[r]--
	}
	var b strings.Builder
	for _, r := range append(want, got...) {
		switch n := count[r]; {
		case n > 0:
			fmt.Fprintf(&b, "- %+v\n", r)
		case n < 0:
			fmt.Fprintf(&b, "+ %+v\n", r)
		}
		count[r] = 0
	}
	if b.Len() == 0 && len(want) != len(got) {
		return fmt.Sprintf("%d rows, want %d", len(got), len(want))
	}
	return b.String()
}

// TestFoodRebuildStatsEqualsIncremental: after visits synced through the
// service (several villages, districts and regencies, months at the
// province's clock, a visit with no harvest, a regency price), RebuildStats
// leaves the whole roll-up exactly as the incremental path wrote it; after
// rows are damaged it writes them back; only the programme's agency and an
// admin may run it.
func TestFoodRebuildStatsEqualsIncremental(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		ctx := context.Background()
		svc := s.App.Pangan
		agency := platform.WithActor(ctx, s.MustUser("dinas16@x.id", platform.RoleAgency, "16").Actor())
		admin := platform.WithActor(ctx, s.MustUser("admin@x.id", platform.RoleAdmin, "").Actor())
		officerUser := s.MustUser("penyuluh@x.id", platform.RoleBuyer, "")
		officer := platform.WithActor(ctx, officerUser.Actor())
		p, err := svc.CreateProgramme(agency, pangan.ProgrammeFields{Name: "Gerakan Sumsel Mandiri Pangan", ProvinceCode: "16", StartYear: 2021,
			Commodities: []pangan.Commodity{{Code: "cabai", Name: "Cabai", Unit: "kg", Price: 40000},
				{Code: "telur", Name: "Telur", Unit: "butir", Price: 2000, MaxPerM2: 40}, {Code: "lele", Name: "Lele", Unit: "kg", Price: 25000}},
			Prices:  []pangan.Price{{Commodity: "cabai", RegencyCode: "16.07", Price: 45000}},
			Targets: []pangan.Target{{RegencyCode: "16.04", Households: 9450}, {RegencyCode: "16.07", Households: 7625}}})
		if err != nil {
			t.Fatal(err)
		}
		villages := []string{"16.04.01.2001", "16.04.01.2002", "16.04.10.1031", "16.07.01.1016"}
		if _, err := svc.AssignOfficer(agency, p.ID, officerUser.ID, append([]string(nil), villages...)); err != nil {
			t.Fatal(err)
		}
		niks := []string{"1604015203850001", "1604010507800002", "1604100101750004", "1607014408900003", "1604015203850005", "1607010101700006"}
		var households []pangan.Household
		for i, nik := range niks {
			h, err := svc.AddHousehold(agency, p.ID, pangan.HouseholdFields{HeadName: fmt.Sprintf("Kepala %d", i), NIK: nik,
				VillageCode: villages[i%len(villages)], Members: 4, PovertyStatus: "miskin"})
			if err != nil {
				t.Fatal(err)
			}
			households = append(households, h)
		}
		// Visits over three months; 17:30 UTC on the last day of a month is
		// already the next month in Palembang (WIB), as the roll-up counts it.
		at := []time.Time{time.Date(2024, 1, 31, 17, 30, 0, 0, time.UTC), time.Date(2024, 2, 10, 3, 0, 0, 0, time.UTC),
			time.Date(2024, 3, 5, 2, 0, 0, 0, time.UTC)}
		var visits []pangan.VisitIn
		for i, h := range households {
			for k := range i%3 + 1 {
				v := pangan.VisitIn{ID: uuid.NewString(), HouseholdID: h.ID, VisitedAt: at[k], BaseVersion: int64(k)}
				if (i+k)%4 != 3 { // some visits find nothing to harvest
					v.Production = []pangan.ProductionIn{{Commodity: "cabai", Quantity: 1.25, Use: pangan.UseHome},
						{Commodity: "telur", Quantity: float64(20 + 5*k), Use: []string{pangan.UseHome, pangan.UseSold, pangan.UseGiven}[i%3]}}
					if k == 2 {
						v.Production = append(v.Production, pangan.ProductionIn{Commodity: "lele", Quantity: 3.5, Use: pangan.UseSold})
					}
				}
				visits = append(visits, v)
			}
		}
		// Two batches, as two syncs of the phone.
		for _, batch := range [][]pangan.VisitIn{visits[:5], visits[5:]} {
			res, err := svc.SyncVisits(officer, p.ID, batch)
			if err != nil || res.Accepted != len(batch) {
				t.Fatalf("sync: %+v, %v", res, err)
			}
		}
		incremental := statsTable(t, s.App.DB, p.ID)
		if len(incremental) == 0 {
			t.Fatal("no roll-up after the visits")
		}
		months := map[string]bool{}
		for _, r := range incremental {
			months[r.Month] = true
		}
		if !months["2024-02"] || months["2024-01"] {
			t.Errorf("months %v: want the visit at 17:30 UTC on 31 January counted in February (WIB)", months)
		}

		if err := svc.RebuildStats(agency, p.ID); err != nil {
			t.Fatal(err)
		}
		if diff := statsDiff(incremental, statsTable(t, s.App.DB, p.ID)); diff != "" {
			t.Errorf("rebuilt roll-up differs from the incremental one:\n%s", diff)
		}

		// A damaged roll-up (a row changed, a row lost, a row invented) is repaired.
		db := s.App.DB.Writer()
		for _, q := range []string{`UPDATE pangan_stats SET value = value + 999 WHERE area_code = '16'`, `DELETE FROM pangan_household_months`, `DELETE FROM pangan_saving_bins WHERE area_code = '16'`,
			`DELETE FROM pangan_stats WHERE area_code = '16.07.01.1016'`,
			`INSERT INTO pangan_stats (programme_id, area_code, parent_code, month, commodity_code, records) VALUES (?, '16.04.01.2003', '16.04.01', '2024-01', '', 7)`} {
			args := []any{}
			if q[0] == 'I' {
				args = append(args, p.ID)
			}
			if _, err := db.Exec(ctx, q, args...); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.RebuildStats(admin, p.ID); err != nil {
			t.Fatal(err)
		}
		if diff := statsDiff(incremental, statsTable(t, s.App.DB, p.ID)); diff != "" {
			t.Errorf("the admin's rebuild did not repair the roll-up:\n%s", diff)
		}
		in, err := svc.Indicators(ctx, p.ID, "province", "16", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if in.Reached != int64(len(households)) {
			t.Errorf("province reached %d after the rebuild, want %d", in.Reached, len(households))
		}

		// Nobody else may run it: not the field officer, another province's
		// agency, or a context without an actor.
		other := platform.WithActor(ctx, s.MustUser("dinas32@x.id", platform.RoleAgency, "32").Actor())
		for name, c := range map[string]struct {
			ctx  context.Context
			kind platform.Kind
		}{"officer": {officer, platform.KindForbidden}, "agency 32": {other, platform.KindForbidden},
			"no actor": {ctx, platform.KindUnauthorized}} {
			if err := svc.RebuildStats(c.ctx, p.ID); platform.ErrorKind(err) != c.kind {
				t.Errorf("%s: rebuild gave %v, want %s", name, err, c.kind)
			}
		}
		if err := svc.RebuildStats(agency, p.ID+99); platform.ErrorKind(err) != platform.KindNotFound {
			t.Errorf("rebuild of a programme that does not exist: %v", err)
		}
	})
}
