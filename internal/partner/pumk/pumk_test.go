package pumk

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

func hasField(err error, field string) bool {
	var e *platform.Error
	if !errors.As(err, &e) {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestScheduleSumsAndFees: Rp100 juta over 24 months: Rp4.166.667 or
// Rp4.166.666 of principal a month summing to the principal; the first
// year's fee 3% of Rp100 juta = Rp3 juta over its 12 months, the second
// year's 3% of the Rp50 juta left = Rp1,5 juta; due monthly on the start's
// day, the month's last where it is shorter.
func TestScheduleSumsAndFees(t *testing.T) {
	s, err := Schedule(100_000_000, 24, day("2026-01-31"))
	if err != nil {
		t.Fatal(err)
	}
	var principal, fee1, fee2 int64
	for i, in := range s {
		principal += in.Principal
		if i < 12 {
			fee1 += in.Fee
		} else {
			fee2 += in.Fee
		}
		if in.Principal != 4_166_667 && in.Principal != 4_166_666 {
			t.Errorf("instalment %d: principal %d", in.N, in.Principal)
		}
	}
	// The first 16 months carry the division's remainder: Rp49.999.996 is left after a year, its 3% rounded down.
	if len(s) != 24 || principal != 100_000_000 || fee1 != 3_000_000 || fee2 != 1_499_999 {
		t.Errorf("%d instalments, principal %d, fees %d / %d; want 24, 100.000.000, 3.000.000 / 1.499.999", len(s), principal, fee1, fee2)
	}
	for i, want := range map[int]string{0: "2026-02-28", 1: "2026-03-31", 2: "2026-04-30", 23: "2028-01-31"} {
		if got := s[i].DueOn.Format("2006-01-02"); got != want {
			t.Errorf("instalment %d due %s, want %s", i+1, got, want)
		}
	}
	if Owed(s) != 104_499_999 {
		t.Errorf("owed %d, want 104.499.999", Owed(s))
	}
	// A tenor that is not whole years: the last year's fee over its months.
	s, _ = Schedule(250_000_000, 30, day("2026-03-15"))
	var fee3 int64
	for _, in := range s[24:] {
		fee3 += in.Fee
	}
	var repaid int64
	for _, in := range s[:24] {
		repaid += in.Principal
	}
	if left := 250_000_000 - repaid; fee3 != left*3/100 {
		t.Errorf("third year's fee %d over 6 months, want 3%% of %d", fee3, left)
	}
}

// TestScheduleRefusesBeyondTheRules: above Rp250 juta, nothing, more than
// 36 months or none: a field error.
func TestScheduleRefusesBeyondTheRules(t *testing.T) {
	for _, c := range []struct {
		principal int64
		tenor     int
		field     string
	}{{250_000_001, 12, "principal"}, {0, 12, "principal"}, {-5, 12, "principal"}, {1_000_000, 37, "tenor_months"}, {1_000_000, 0, "tenor_months"}} {
		_, err := Schedule(c.principal, c.tenor, day("2026-01-01"))
		if platform.ErrorKind(err) != platform.KindInvalid || !hasField(err, c.field) {
			t.Errorf("Schedule(%d, %d): %v, want invalid %s", c.principal, c.tenor, err, c.field)
		}
	}
}

// TestStatusDaysLateAndClass: a loan paid on time is lancar; one whose
// oldest unpaid instalment fell due 31, 181 and 271 days ago is kurang
// lancar, diragukan and macet; a partial payment leaves that instalment
// the oldest unpaid; a late payment that catches up makes it lancar again.
func TestStatusDaysLateAndClass(t *testing.T) {
	s, _ := Schedule(12_000_000, 12, day("2026-01-10")) // Rp1.000.000 + fee Rp30.000 a month, due the 10th from February
	due := s[0].Due()
	if due != 1_030_000 {
		t.Fatalf("monthly due %d, want 1.030.000", due)
	}
	onTime := []Repayment{{day("2026-02-10"), due}, {day("2026-03-09"), due}}
	if st := StatusOn(s, onTime, day("2026-03-20")); st.Class != Lancar || st.DaysLate != 0 || st.Arrears != 0 || st.Paid != 2*due {
		t.Errorf("paid on time: %+v", st)
	}
	for _, c := range []struct {
		on    string
		days  int
		class string
	}{{"2026-03-12", 30, Lancar}, {"2026-03-13", 31, KurangLancar}, {"2026-08-09", 180, KurangLancar}, {"2026-08-10", 181, Diragukan},
		{"2026-11-07", 270, Diragukan}, {"2026-11-08", 271, Macet}} {
		// One instalment paid, half of the second: the second (due 10 March) is the oldest unpaid.
		st := StatusOn(s, []Repayment{{day("2026-02-10"), due}, {day("2026-03-10"), due / 2}}, day(c.on))
		want := daysBetween(s[1].DueOn, day(c.on))
		if st.DaysLate != want || st.Class != Class(want) {
			t.Errorf("on %s: %d days late, %s; want %d, %s", c.on, st.DaysLate, st.Class, want, Class(want))
		}
		if Class(c.days) != c.class {
			t.Errorf("Class(%d) = %s, want %s", c.days, Class(c.days), c.class)
		}
	}
	// Catching up: everything due by 20 May paid on 20 May.
	caught := append(onTime[:1:1], Repayment{day("2026-05-20"), 3 * due})
	if st := StatusOn(s, caught, day("2026-05-20")); st.Class != Lancar || st.DaysLate != 0 {
		t.Errorf("after catching up: %+v", st)
	}
	// A repayment after the day does not count yet.
	if st := StatusOn(s, []Repayment{{day("2026-04-01"), due}}, day("2026-03-01")); st.Paid != 0 || st.DaysLate != 19 {
		t.Errorf("a repayment after the day counted: %+v", st)
	}
}

// TestCheckRepayment: nothing, or more than is left to pay, is refused.
func TestCheckRepayment(t *testing.T) {
	s, _ := Schedule(12_000_000, 12, day("2026-01-10"))
	paid := []Repayment{{day("2026-02-10"), 12_000_000}}
	left := Owed(s) - 12_000_000
	if err := CheckRepayment(s, paid, left); err != nil {
		t.Errorf("paying exactly what is left: %v", err)
	}
	for _, amount := range []int64{0, -1, left + 1} {
		if err := CheckRepayment(s, paid, amount); platform.ErrorKind(err) != platform.KindInvalid || !hasField(err, "amount") {
			t.Errorf("repayment %d: %v, want invalid amount", amount, err)
		}
	}
}

// TestScheduleAlwaysAddsUp: for random loans within the rules, the
// principal parts sum to the principal, each year's fee is 3% of its
// opening balance, instalments fall a month apart, and paying every
// instalment on its day leaves nothing outstanding and the loan lancar.
func TestScheduleAlwaysAddsUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2026))
	for range 2000 {
		principal, tenor := 1+rng.Int64N(MaxPrincipal), 1+rng.IntN(MaxTenorMonths)
		start := day("2025-01-01").AddDate(0, 0, rng.IntN(730))
		s, err := Schedule(principal, tenor, start)
		if err != nil {
			t.Fatalf("Schedule(%d, %d): %v", principal, tenor, err)
		}
		var sum int64
		balance := principal
		var pays []Repayment
		for y := 0; y*12 < tenor; y++ {
			var fee int64
			for _, in := range s[y*12 : min(tenor, y*12+12)] {
				fee += in.Fee
			}
			if fee != balance*FeePermille/1000 {
				t.Fatalf("loan %d/%d year %d: fee %d, want 3%% of %d", principal, tenor, y+1, fee, balance)
			}
			for _, in := range s[y*12 : min(tenor, y*12+12)] {
				balance -= in.Principal
			}
		}
		for i, in := range s {
			sum += in.Principal
			if i > 0 && !in.DueOn.After(s[i-1].DueOn) {
				t.Fatalf("loan %d/%d: instalment %d due %s, not after %s", principal, tenor, in.N, in.DueOn, s[i-1].DueOn)
			}
			pays = append(pays, Repayment{in.DueOn, in.Due()})
		}
		if sum != principal {
			t.Fatalf("loan %d/%d: parts sum to %d", principal, tenor, sum)
		}
		if st := StatusOn(s, pays, s[tenor-1].DueOn.AddDate(0, 0, 40)); st.Outstanding != 0 || st.Class != Lancar || st.Paid != Owed(s) {
			t.Fatalf("loan %d/%d paid on time: %+v", principal, tenor, st)
		}
	}
}
