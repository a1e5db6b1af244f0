package bench

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/mall/allocation"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The rubric of the stored season: four criteria of weight 1, scored by two
// curators. An application's score is then the sum of its eight scores
// divided by 8 (0–5); mallSeason's 30–100 become sums of 12–40, so that the
// threshold 2.5 is mallSeason's 50 (give or take the rounding).
var seasonRubric = []mall.Criterion{{Key: "produk_lokal", Label: "Produk lokal", Weight: 1},
	{Key: "kualitas", Label: "Kualitas", Weight: 1}, {Key: "kemasan", Label: "Kemasan", Weight: 1},
	{Key: "kesiapan", Label: "Kesiapan berjualan", Weight: 1}}

// dailyFee is the venue's retribusi per market day checked in.
const dailyFee = 15_000

// storedSeason is mallSeason written into a database: the venue, its
// stalls and rulebook through the service, the 5,000 UMKM, their
// applications, curators' scores, their turns of the past season and its
// invoices (an unpaid one of 2025 for each applicant mallSeason has in
// arrears) straight into the tables.
type storedSeason struct {
	db       *sqldb.DB
	svc      *mall.Service
	operator context.Context
	venueID  int64
	from, to string
}

func storeSeason(b *testing.B, d sqldb.Dialect) storedSeason {
	b.Helper()
	db := testutil.MustOpenDB(b, d)
	accounts := account.NewService(db)
	svc := mall.NewService(db, umkm.NewService(db))
	agency, agencyUser := mustActor(b, accounts, "dinas32@bench.id", platform.RoleAgency, "32")
	_, curator := mustActor(b, accounts, "kurator@bench.id", platform.RoleAgency, "32")
	_, seller := mustActor(b, accounts, "penjual@bench.id", platform.RoleSeller, "")
	in := mallSeason()
	v, err := svc.CreateVenue(agency, mall.VenueFields{Name: "Pasar Kreatif Jawa Barat", ProvinceCode: "32", RegencyCode: "32.73",
		Address: "Jl. Pahlawan No. 70, Bandung", OperatorName: "PT Jaswita Jabar"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.SetStalls(agency, v.ID, stallInputs(in.Stalls)); err != nil {
		b.Fatal(err)
	}
	rb := in.Rulebook
	if _, err := svc.PublishRulebook(agency, v.ID, mall.Rules{TurnDays: rb.TurnDays, MaxTurnsPerUMKM: rb.MaxTurnsPerUMKM,
		CategoryCaps: rb.CategoryCaps, MinPerRegency: rb.MinPerRegency, GuestQuota: rb.GuestQuota, NoShowMinutes: 60,
		Priorities: []string{string(allocation.PriorityNeverHadTurn), string(allocation.PriorityMikro), string(allocation.PriorityAttendance)},
		Rubric:     seasonRubric, RubricThreshold: 2.5,
		FeeRules: mall.FeeRules{Fees: &mall.DailyFee{Daily: dailyFee, DueDays: 14}, ArrearsLimitDays: 30}}); err != nil {
		b.Fatal(err)
	}

	now := time.Now().UTC()
	date := func(t time.Time) string { return t.Format(time.DateOnly) }
	// The past season, 2026-01-05 to October: PastTurns weekly turns each,
	// laid stall after stall, with days attended as AttendanceRate says.
	pastFrom := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	var umkms, apps, past, pastTurns, scores, invoices [][]any
	invoice := func(a allocation.Application, name string, from time.Time, total int64, paid bool) {
		status, paidAmount := "open", int64(0)
		if paid {
			status, paidAmount = "paid", total
		}
		invoices = append(invoices, []any{v.ID, a.UMKMID, name, date(from), date(from.AddDate(0, 0, 6)), date(from.AddDate(0, 0, 20)), 1,
			total, paidAmount, status, now})
	}
	var slot [4]int // mallSeason gives 0–3 past turns
	for _, a := range in.Applications {
		name := fmt.Sprintf("UMKM %s %d", a.Category, a.UMKMID)
		umkms = append(umkms, umkmRow(a.UMKMID, seller.ID, name, fmt.Sprintf("9%012d", a.UMKMID), a.Province, a.Regency, a.Category, a.Scale, now))
		from, to := in.Season.From, in.Season.To
		if !a.From.IsZero() {
			from, to = a.From, a.To
		}
		apps = append(apps, []any{a.ID, v.ID, a.UMKMID, name, a.Regency, a.Province, a.Scale, date(from), date(to), string(a.Class), a.Category,
			a.Needs.Power, a.Needs.Water, a.Needs.Cooking, weekdays(a.Weekdays), mall.Submitted, seller.ID, now, now})
		total := int(math.Round(a.RubricScore * 0.4))
		for i := range 8 {
			s := min(5, max(0, total-5*i)) // the eight scores add up to total
			scores = append(scores, []any{a.ID, []int64{agencyUser.ID, curator.ID}[i/4], seasonRubric[i%4].Key, s, now})
		}
		if a.PastTurns > 0 {
			pastID := a.ID + 100_000
			past = append(past, []any{pastID, v.ID, a.UMKMID, name, a.Regency, a.Province, a.Scale, "2026-01-05", "2026-11-29", string(a.Class),
				a.Category, a.Needs.Power, a.Needs.Water, a.Needs.Cooking, weekdays(a.Weekdays), mall.Accepted, seller.ID, now, now})
			attended := int(math.Round(7 * a.AttendanceRate))
			for j := range a.PastTurns {
				// A UMKM's j-th turn in the j-th block of 13 weeks: its turns fall in different weeks.
				st, week := slot[j]%len(in.Stalls), 13*j+slot[j]/len(in.Stalls)
				slot[j]++
				f := pastFrom.AddDate(0, 0, 7*week)
				pastTurns = append(pastTurns, []any{v.ID, in.Stalls[st].Code, a.UMKMID, pastID, date(f), date(f.AddDate(0, 0, 6)), attended, 7 - attended, now})
				if attended > 0 {
					invoice(a, name, f, int64(attended)*dailyFee, true) // the week's daily fees, paid
				}
			}
		}
		if a.Arrears {
			// A week of 2025 never paid: past the limit of 30 days.
			invoice(a, name, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), 7*dailyFee, false)
		}
	}
	insertRows(b, db, "umkm", umkmCols, umkms)
	insertRows(b, db, "mall_applications", applicationCols, append(apps, past...))
	insertRows(b, db, "mall_invoices", []string{"venue_id", "umkm_id", "umkm_name", "period_from", "period_to", "due_date",
		"rulebook_version", "total", "paid", "status", "created_at"}, invoices)
	insertRows(b, db, "curation_scores", []string{"application_id", "curator_id", "criterion", "score", "updated_at"}, scores)
	stallIDs := map[string]int64{}
	stalls, err := svc.Stalls(agency, v.ID)
	if err != nil {
		b.Fatal(err)
	}
	for _, st := range stalls {
		stallIDs[st.Code] = st.ID
	}
	for _, t := range pastTurns {
		t[1] = stallIDs[t[1].(string)]
	}
	insertRows(b, db, "turns", []string{"venue_id", "stall_id", "umkm_id", "application_id", "from_date", "to_date", "attended_days",
		"no_show_days", "created_at", "status", "origin"}, withOrigin(pastTurns))
	if d == sqldb.Postgres {
		// Fresh tables: give the planner their sizes, as autovacuum would.
		if _, err := db.Writer().Exec(context.Background(), `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	return storedSeason{db: db, svc: svc, operator: agency, venueID: v.ID, from: date(in.Season.From), to: date(in.Season.To)}
}

// withOrigin adds status and origin to turns rows.
func withOrigin(rows [][]any) [][]any {
	for i, r := range rows {
		rows[i] = append(r[:len(r):len(r)], "scheduled", "allocation")
	}
	return rows
}

// BenchmarkAllocateSeasonDB is issue 11's speed case with storage: the
// season of mallSeason (300 stalls, 5,000 applications, 52 weekly turns,
// every quota) stored in the database, then mall.Service.Allocate as the
// operator's button runs it: load the inputs (stalls, applications, rubric
// scores, past turns), run the engine, and in one transaction replace the
// season's turns, store the run and each application's reason. Each run
// after the first replaces the previous run's turns.
func BenchmarkAllocateSeasonDB(b *testing.B) {
	forEachDialect(b, func(b *testing.B, d sqldb.Dialect) {
		s := storeSeason(b, d)
		var out mall.Allocation
		for b.Loop() {
			var err error
			if out, err = s.svc.Allocate(s.operator, s.venueID, s.from, s.to, 42); err != nil {
				b.Fatal(err)
			}
		}
		stored := mustCount(b, s.db, `SELECT COUNT(*) FROM turns WHERE run_id = ?`, out.RunID)
		if stored != len(out.Turns) || out.Fairness.MaxGap > 1 {
			b.Fatalf("run %d: %d turns stored of %d, max_gap %d", out.RunID, stored, len(out.Turns), out.Fairness.MaxGap)
		}
		reasons := mustCount(b, s.db, `SELECT COUNT(*) FROM mall_applications WHERE allocation_run_id = ? AND allocation_reason IS NOT NULL`, out.RunID)
		if reasons != len(out.Unassigned) {
			b.Fatalf("%d applications carry a reason, %d unassigned", reasons, len(out.Unassigned))
		}
		why := map[string]int{}
		for _, u := range out.Unassigned {
			why[u.Reason]++
		}
		b.Logf("%s: %d turns stored, %d of %d stall-turns unfilled, max_gap %d, unassigned %v, %d rules relaxed",
			d, stored, out.UnfilledStallTurns, out.StallTurns, out.Fairness.MaxGap, why, len(out.Relaxed))
		b.ReportMetric(float64(out.Fairness.MaxGap), "max_gap")
		b.ReportMetric(float64(out.UnfilledStallTurns), "unfilled_stall_turns")
		b.ReportMetric(float64(out.StallTurns), "stall_turns")
		b.ReportMetric(float64(stored), "turns_stored")
		b.ReportMetric(float64(len(out.Unassigned)), "unassigned")
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/run")
	})
}
