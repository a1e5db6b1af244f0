package mall

import (
	"math"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

// Fee bounds (decision 0025): every amount of the rulebook is at most
// Rp1 miliar, so that no line and no invoice can overflow an int64 (a
// line is at most 2,000 stalls × 366 days × Rp1 miliar, 7.3 × 10^14).
const (
	MaxFee             = 1_000_000_000 // Rp1 miliar: the daily fee, the monthly rent, the share's minimum and maximum
	MaxDueDays         = 90
	DefaultDueDays     = 14
	MaxArrearsDays     = 366
	basisPointsPerUnit = 10_000 // 100% in basis points
	// maxShareBase bounds the sales a share is taken of: past it any share
	// of at least one basis point is above MaxFee, so the clamp decides,
	// and base × basis points stays far inside an int64.
	maxShareBase = 100_000_000_000_000 // Rp100 triliun
)

// Fee kinds: the lines of an invoice.
const (
	FeeDaily      = "daily"       // the daily fee (retribusi harian) × market days checked in
	FeeRent       = "rent"        // the monthly rent (sewa) of a fixed tenant, pro rata by days
	FeeSalesShare = "sales_share" // a share of the period's recorded stall sales, clamped
)

// FeeRules are the rulebook's fees; all optional.
type FeeRules struct {
	Fees *DailyFee `json:"fees,omitempty" doc:"The daily fee per market day checked in, and when invoices fall due"`
	// MonthlyRent is a fixed tenant's (tetap) rent per stall per calendar
	// month, pro rata by the days of the month its turns hold the stall.
	MonthlyRent int64       `json:"monthly_rent,omitempty" minimum:"0" example:"500000" doc:"Rent per stall and month for fixed tenants (tetap), pro rata by days held; they pay no daily fee"`
	SalesShare  *SalesShare `json:"sales_share,omitempty" doc:"A share of the period's recorded (non-voided) stall sales, clamped to min and max"`
	// ArrearsLimitDays: a tenant with an open invoice this many days past
	// due or more gets no new turn (reason arrears); 0 never holds one back.
	ArrearsLimitDays int `json:"arrears_limit_days,omitempty" minimum:"0" example:"30" doc:"A tenant with an invoice unpaid more than this many days past due gets no new turn (0: never)"`
}

// DailyFee is the daily fee (retribusi harian) and the invoices' due date.
type DailyFee struct {
	Daily   int64 `json:"daily,omitempty" minimum:"0" example:"15000" doc:"Rupiah per market day the tenant checked in at its stall"`
	DueDays int   `json:"due_days,omitempty" minimum:"0" example:"14" doc:"Days after the period's end an invoice is due (default 14)"`
}

// SalesShare is a percentage of recorded sales with a floor and a ceiling.
type SalesShare struct {
	Percent float64 `json:"percent" minimum:"0" maximum:"100" example:"5" doc:"0–100, at most two decimals"`
	Min     int64   `json:"min,omitempty" minimum:"0" example:"50000" doc:"Least share a tenant of the period pays, even without sales"`
	Max     int64   `json:"max,omitempty" minimum:"0" example:"1000000" doc:"Most share a tenant pays (0: up to Rp1 miliar)"`
	// BasisPoints is Percent × 100, set when the rulebook is published:
	// what invoices compute with, so no float reaches the money.
	BasisPoints int `json:"basis_points,omitempty" readOnly:"true" doc:"Percent in basis points (set by the server)"`
}

func (f FeeRules) daily() int64 {
	if f.Fees == nil {
		return 0
	}
	return f.Fees.Daily
}

func (f FeeRules) dueDays() int {
	if f.Fees == nil || f.Fees.DueDays == 0 {
		return DefaultDueDays
	}
	return f.Fees.DueDays
}

// validate checks the fee rules into v and sets the share's basis points.
func (f *FeeRules) validate(v *platform.Validation) {
	if f.Fees != nil {
		v.Check(f.Fees.Daily >= 0 && f.Fees.Daily <= MaxFee, "fees.daily", "Retribusi harian 0–%s", platform.Rupiah(MaxFee))
		v.Check(f.Fees.DueDays >= 0 && f.Fees.DueDays <= MaxDueDays, "fees.due_days", "Jatuh tempo 0–%d hari setelah akhir periode (0: %d hari)", MaxDueDays, DefaultDueDays)
	}
	v.Check(f.MonthlyRent >= 0 && f.MonthlyRent <= MaxFee, "monthly_rent", "Sewa bulanan 0–%s", platform.Rupiah(MaxFee))
	v.Check(f.ArrearsLimitDays >= 0 && f.ArrearsLimitDays <= MaxArrearsDays, "arrears_limit_days", "Batas tunggakan 0–%d hari (0: tunggakan tidak menahan giliran)", MaxArrearsDays)
	if sh := f.SalesShare; sh != nil {
		bp := math.Round(sh.Percent * 100)
		ok := !math.IsNaN(sh.Percent) && sh.Percent >= 0 && sh.Percent <= 100 && math.Abs(sh.Percent*100-bp) < 1e-6
		v.Check(ok, "sales_share.percent", "Persentase bagi hasil 0–100 dengan paling banyak dua angka desimal")
		if ok {
			sh.BasisPoints = int(bp)
		}
		v.Check(sh.Min >= 0 && sh.Min <= MaxFee, "sales_share.min", "Batas bawah bagi hasil 0–%s", platform.Rupiah(MaxFee))
		v.Check(sh.Max >= 0 && sh.Max <= MaxFee, "sales_share.max", "Batas atas bagi hasil 0–%s (0: tanpa batas atas)", platform.Rupiah(MaxFee))
		v.Check(sh.Max == 0 || sh.Max >= sh.Min, "sales_share.max", "Batas atas bagi hasil tidak boleh di bawah batas bawahnya")
	}
}

// InvoiceLine is one fee kind of an invoice.
type InvoiceLine struct {
	Kind string `json:"kind" enum:"daily,rent,sales_share"`
	// Days: market days checked in (daily), days the stalls were held (rent).
	Days int `json:"days,omitempty"`
	// Rate: the daily fee (daily), the monthly rent (rent).
	Rate int64 `json:"rate,omitempty"`
	// Sales and BasisPoints: what the share was taken of, and how much (sales_share).
	Sales       int64 `json:"sales,omitempty"`
	BasisPoints int   `json:"basis_points,omitempty"`
	// Clamped says the share was raised to the minimum or cut to the maximum.
	Clamped string `json:"clamped,omitempty" enum:"min,max"`
	Amount  int64  `json:"amount"`
}

// feeTurn is one turn of a tenant, as invoicing reads it.
type feeTurn struct {
	id       int64
	fixed    bool // a fixed tenant's (tetap): pays rent when the rulebook has one
	from, to time.Time
	present  int // market days checked in within the period
}

// tenantFees computes the lines of one tenant's invoice for the period
// from–to: its turns (those meeting the month of from through to), its
// sales in the period (saturated at math.MaxInt64). Lines of no amount are
// left out; a tenant with none gets no invoice.
func tenantFees(r FeeRules, from, to time.Time, turns []feeTurn, sales int64) []InvoiceLine {
	var lines []InvoiceLine
	rentPaying := func(t feeTurn) bool { return t.fixed && r.MonthlyRent > 0 }
	if daily := r.daily(); daily > 0 {
		days := 0
		for _, t := range turns {
			if !rentPaying(t) {
				days += t.present
			}
		}
		if days > 0 {
			lines = append(lines, InvoiceLine{Kind: FeeDaily, Days: days, Rate: daily, Amount: int64(days) * daily})
		}
	}
	if r.MonthlyRent > 0 {
		var fixed []feeTurn
		for _, t := range turns {
			if rentPaying(t) {
				fixed = append(fixed, t)
			}
		}
		if amount, days := rent(r.MonthlyRent, from, to, fixed); amount > 0 {
			lines = append(lines, InvoiceLine{Kind: FeeRent, Days: days, Rate: r.MonthlyRent, Amount: amount})
		}
	}
	if sh := r.SalesShare; sh != nil && (sh.BasisPoints > 0 || sh.Min > 0) {
		amount, clamped := salesShare(*sh, sales)
		if amount > 0 {
			lines = append(lines, InvoiceLine{Kind: FeeSalesShare, Sales: sales, BasisPoints: sh.BasisPoints, Clamped: clamped, Amount: amount})
		}
	}
	return lines
}

// salesShare is the share of sales: rounded down, then raised to Min or
// cut to Max (MaxFee when Max is 0).
func salesShare(sh SalesShare, sales int64) (int64, string) {
	base := min(max(sales, 0), maxShareBase)
	amount := base * int64(sh.BasisPoints) / basisPointsPerUnit
	ceiling := int64(MaxFee)
	if sh.Max > 0 {
		ceiling = sh.Max
	}
	switch {
	case amount < sh.Min:
		return sh.Min, "min"
	case amount > ceiling:
		return ceiling, "max"
	}
	return amount, ""
}

// rent is the monthly rent of the fixed turns for the days of from–to
// they hold a stall, pro rata by the days of each calendar month: a whole
// month held is exactly the rent. Within a month the amount is what the
// month owes up to the period's last day less what it owed before the
// period's first (each rounded down), so invoices of any periods that
// split a month add up to the same rent as one invoice for it. days are
// the stall-days held within the period.
func rent(monthly int64, from, to time.Time, turns []feeTurn) (amount int64, days int) {
	held := func(a, b time.Time) int { // stall-days of the turns within a–b
		n := 0
		for _, t := range turns {
			lo, hi := later(a, t.from), earlier(b, t.to)
			if !hi.Before(lo) {
				n += int(hi.Sub(lo).Hours()/24) + 1
			}
		}
		return n
	}
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		end := m.AddDate(0, 1, -1)
		inMonth := int64(end.Day())
		lo, hi := later(from, m), earlier(to, end)
		before, upTo := int64(held(m, lo.AddDate(0, 0, -1))), int64(held(m, hi))
		amount += monthly*upTo/inMonth - monthly*before/inMonth
		days += int(upTo - before)
	}
	return amount, days
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
