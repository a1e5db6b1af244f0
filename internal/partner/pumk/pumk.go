// Package pumk holds the rules of the state companies' working-capital
// loans to micro and small businesses (Program Pendanaan Usaha Mikro dan
// Usaha Kecil, PUMK; Peraturan Menteri BUMN PER-6/MBU/09/2022 art. 12):
// at most Rp250 juta per business, a tenor of at most 3 years, and an
// administration fee of 3% a year of the loan's balance at the start of
// each loan year. It computes a loan's monthly schedule, applies
// repayments to it, and classes the loan by its days late (issue 13:
// lancar ≤ 30, kurang lancar 31–180, diragukan 181–270, macet > 270).
//
// Pure functions over whole rupiah (int64): the partner package stores
// loans and repayments and calls these; nothing here reads a clock.
package pumk

import (
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

// Bounds of a loan.
const (
	MaxPrincipal   = 250_000_000 // rupiah
	MaxTenorMonths = 36
	// FeePermille is the yearly administration fee: 3% = 30‰ of the
	// balance at the start of each loan year.
	FeePermille = 30
)

// Instalment is one month of a loan's schedule.
type Instalment struct {
	N         int       `json:"n" doc:"1 for the first month"`
	DueOn     time.Time `json:"due_on" format:"date"`
	Principal int64     `json:"principal"`
	Fee       int64     `json:"fee"`
}

// Due is what the instalment asks for.
func (i Instalment) Due() int64 { return i.Principal + i.Fee }

// Schedule is a loan of principal over tenor months starting on start:
// one instalment a month on the start's day (the month's last day where
// it has none), the principal in equal parts and the fee of each loan
// year — 3% of the balance at its start — in equal parts over its months;
// any remainder of a division goes to the earliest months, so the parts
// sum to the principal and to each year's fee exactly. A fee is rounded
// down to the rupiah (in the borrower's favour).
func Schedule(principal int64, tenor int, start time.Time) ([]Instalment, error) {
	var val platform.Validation
	val.Check(principal > 0 && principal <= MaxPrincipal, "principal", "Pinjaman PUMK harus Rp1 sampai Rp250.000.000")
	val.Check(tenor >= 1 && tenor <= MaxTenorMonths, "tenor_months", "Jangka waktu pinjaman PUMK 1 sampai 36 bulan")
	if err := val.Err(); err != nil {
		return nil, err
	}
	out := make([]Instalment, tenor)
	parts := split(principal, tenor)
	balance := principal
	for year := 0; year*12 < tenor; year++ {
		first, months := year*12, min(12, tenor-year*12)
		fees := split(balance*FeePermille/1000, months)
		for m := range months {
			i := first + m
			out[i] = Instalment{N: i + 1, DueOn: addMonths(start, i+1), Principal: parts[i], Fee: fees[m]}
			balance -= parts[i]
		}
	}
	return out, nil
}

// split divides total into n parts differing by at most one rupiah, the
// larger ones first.
func split(total int64, n int) []int64 {
	out := make([]int64, n)
	base, rest := total/int64(n), total%int64(n)
	for i := range out {
		out[i] = base
		if int64(i) < rest {
			out[i]++
		}
	}
	return out
}

// addMonths is the date months after start, on start's day or the
// month's last day where it is shorter (31 January + 1 = 28 or 29 February).
func addMonths(start time.Time, months int) time.Time {
	y, m, d := start.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, start.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, start.Location())
}

// Owed is what the schedule asks for in all.
func Owed(schedule []Instalment) int64 {
	var sum int64
	for _, i := range schedule {
		sum += i.Due()
	}
	return sum
}

// Repayment is money received on a day.
type Repayment struct {
	PaidOn time.Time
	Amount int64
}

// CheckRepayment refuses a repayment that is not positive or that would
// pay more than the loan still owes after those already recorded.
func CheckRepayment(schedule []Instalment, recorded []Repayment, amount int64) error {
	var paid int64
	for _, r := range recorded {
		paid += r.Amount
	}
	if amount <= 0 {
		return platform.Invalid("amount", "Jumlah pembayaran harus lebih dari Rp0")
	}
	if left := Owed(schedule) - paid; amount > left {
		return platform.Invalid("amount", "Pembayaran melebihi sisa pinjaman (%s)", platform.Rupiah(left))
	}
	return nil
}

// Status is where a loan stands on a day.
type Status struct {
	Paid        int64  `json:"paid"`
	Outstanding int64  `json:"outstanding" doc:"What the schedule still asks for"`
	Arrears     int64  `json:"arrears" doc:"What fell due and is not paid"`
	DaysLate    int    `json:"days_late" doc:"Since the oldest instalment due and not fully paid"`
	Class       string `json:"class" enum:"lancar,kurang_lancar,diragukan,macet"`
}

// StatusOn applies the repayments received up to day (inclusive) to the
// instalments in order, each its fee and principal, and measures the
// arrears from the oldest instalment due before day and not fully paid.
func StatusOn(schedule []Instalment, repayments []Repayment, day time.Time) Status {
	var st Status
	for _, r := range repayments {
		if !r.PaidOn.After(day) {
			st.Paid += r.Amount
		}
	}
	st.Outstanding = max(Owed(schedule)-st.Paid, 0)
	left := st.Paid
	for _, i := range schedule {
		covered := min(left, i.Due())
		left -= covered
		if i.DueOn.Before(day) && covered < i.Due() {
			st.Arrears += i.Due() - covered
			if st.DaysLate == 0 {
				st.DaysLate = daysBetween(i.DueOn, day)
			}
		}
	}
	st.Class = Class(st.DaysLate)
	return st
}

func daysBetween(a, b time.Time) int {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	return int(time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC).Sub(time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// Collectibility classes.
const (
	Lancar       = "lancar"
	KurangLancar = "kurang_lancar"
	Diragukan    = "diragukan"
	Macet        = "macet"
)

// Class is a loan's collectibility by its days late: lancar up to 30,
// kurang lancar 31–180, diragukan 181–270, macet beyond.
func Class(daysLate int) string {
	switch {
	case daysLate <= 30:
		return Lancar
	case daysLate <= 180:
		return KurangLancar
	case daysLate <= 270:
		return Diragukan
	}
	return Macet
}
