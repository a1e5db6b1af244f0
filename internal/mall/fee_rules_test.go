package mall

import (
	"math"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

func day(s string) time.Time {
	t, ok := parseDate(s)
	if !ok {
		panic(s)
	}
	return t
}

func fixedTurn(from, to string) feeTurn { return feeTurn{fixed: true, from: day(from), to: day(to)} }

// Rent is pro rata by the days of each calendar month a fixed tenant holds
// a stall; a whole month is exactly the rent, and any split of a period
// into invoices adds up to the rent of the whole.
func TestRentIsProRataByDaysAndSplitsAddUp(t *testing.T) {
	const monthly = 500_000
	march := []feeTurn{fixedTurn("2027-03-01", "2027-03-31")}
	for _, c := range []struct {
		name     string
		turns    []feeTurn
		from, to string
		want     int64
		days     int
	}{
		{"a whole month", march, "2027-03-01", "2027-03-31", 500_000, 31},
		{"half of January held", []feeTurn{fixedTurn("2027-01-16", "2027-02-14")}, "2027-01-01", "2027-01-31", 500_000 * 16 / 31, 16},
		{"February of 28 days, half held", []feeTurn{fixedTurn("2027-01-16", "2027-02-14")}, "2027-02-01", "2027-02-28", 250_000, 14},
		{"two stalls pay twice", append(march, fixedTurn("2027-03-01", "2027-03-31")), "2027-03-01", "2027-03-31", 1_000_000, 62},
		{"weekly turns of a season are one tenancy", []feeTurn{fixedTurn("2027-03-01", "2027-03-07"), fixedTurn("2027-03-08", "2027-03-14"),
			fixedTurn("2027-03-15", "2027-03-21"), fixedTurn("2027-03-22", "2027-03-28"), fixedTurn("2027-03-29", "2027-04-04")},
			"2027-03-01", "2027-03-31", 500_000, 31},
		{"a period across two months", []feeTurn{fixedTurn("2027-01-01", "2027-12-31")}, "2027-01-20", "2027-02-10",
			500_000 - 500_000*19/31 + 500_000*10/28, 22},
		{"no turn in the period", march, "2027-04-01", "2027-04-30", 0, 0},
	} {
		got, days := rent(monthly, day(c.from), day(c.to), c.turns)
		if got != c.want || days != c.days {
			t.Errorf("%s: %d for %d days, want %d for %d", c.name, got, days, c.want, c.days)
		}
	}
	// However March is cut into invoices, they add up to one month's rent.
	for _, cuts := range [][]string{{"2027-03-15"}, {"2027-03-01", "2027-03-02", "2027-03-30"}, {"2027-03-07", "2027-03-14", "2027-03-21", "2027-03-28"}} {
		var sum int64
		start := day("2027-03-01")
		for _, c := range append(cuts, "2027-03-31") {
			end := day(c)
			a, _ := rent(monthly, start, end, march)
			sum += a
			start = end.AddDate(0, 0, 1)
		}
		if sum != monthly {
			t.Errorf("March cut at %v: invoices add up to %d, want %d", cuts, sum, monthly)
		}
	}
}

// The sales share rounds down, is raised to the minimum and cut to the
// maximum (Rp1 miliar without one), and cannot overflow whatever the sales.
func TestSalesShareClampsAndNeverOverflows(t *testing.T) {
	five := SalesShare{Percent: 5, BasisPoints: 500, Min: 50_000, Max: 1_000_000}
	for _, c := range []struct {
		name    string
		sh      SalesShare
		sales   int64
		want    int64
		clamped string
	}{
		{"inside the bounds", five, 2_000_000, 100_000, ""},
		{"below the minimum", five, 999_999, 50_000, "min"},
		{"no sales pays the minimum", five, 0, 50_000, "min"},
		{"above the maximum", five, 30_000_000, 1_000_000, "max"},
		{"two decimals, rounded down", SalesShare{BasisPoints: 1_25}, 1_000_099, 12_501, ""},
		{"no maximum is Rp1 miliar", SalesShare{BasisPoints: 10_000}, 5_000_000_000, MaxFee, "max"},
		{"sales at the int64 bound", SalesShare{BasisPoints: 10_000}, math.MaxInt64, MaxFee, "max"},
		{"one basis point of the bound", SalesShare{BasisPoints: 1}, math.MaxInt64, MaxFee, "max"},
	} {
		got, clamped := salesShare(c.sh, c.sales)
		if got != c.want || clamped != c.clamped {
			t.Errorf("%s: %d (%q), want %d (%q)", c.name, got, clamped, c.want, c.clamped)
		}
	}
}

// Percentages are stored as basis points; more than two decimals, or out
// of range, is refused by field.
func TestFeeRulesValidation(t *testing.T) {
	for _, c := range []struct {
		percent float64
		bp      int
		ok      bool
	}{{5, 500, true}, {2.5, 250, true}, {0.07, 7, true}, {100, 10_000, true}, {0, 0, true}, {12.345, 0, false}, {100.01, 0, false}, {-1, 0, false}} {
		r := FeeRules{SalesShare: &SalesShare{Percent: c.percent}}
		var v platform.Validation
		r.validate(&v)
		if (v.Err() == nil) != c.ok || (c.ok && r.SalesShare.BasisPoints != c.bp) {
			t.Errorf("percent %v: %v, basis points %d; want ok %v and %d", c.percent, v.Err(), r.SalesShare.BasisPoints, c.ok, c.bp)
		}
	}
	r := FeeRules{Fees: &DailyFee{Daily: MaxFee + 1, DueDays: 91}, MonthlyRent: -1, ArrearsLimitDays: 367,
		SalesShare: &SalesShare{Percent: 5, Min: 2_000_000, Max: 1_000_000}}
	var v platform.Validation
	r.validate(&v)
	got := map[string]bool{}
	for _, f := range platform.ErrorFields(v.Err()) {
		got[f.Field] = true
	}
	for _, f := range []string{"fees.daily", "fees.due_days", "monthly_rent", "arrears_limit_days", "sales_share.max"} {
		if !got[f] {
			t.Errorf("the bad fee rules do not name %s: %v", f, v.Err())
		}
	}
}
