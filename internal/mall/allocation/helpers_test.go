package allocation

import (
	"fmt"
	"testing"
	"time"
)

// monday is the first day of the seasons in these tests.
var monday = date(2027, 1, 4)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func days(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// season is an input of weekly turns over the given number of weeks at a
// venue of province 32 (Jawa Barat), with no other rule.
func season(weeks int, stalls ...Stall) Input {
	return Input{
		Rulebook: Rulebook{Version: 1, TurnDays: 7},
		Province: "32",
		Season:   Season{From: monday, To: days(monday, 7*weeks-1)},
		Stalls:   stalls,
		Seed:     42,
	}
}

func stall(code string, has Needs) Stall {
	return Stall{Code: code, Kind: KindKios, Zone: "A", Has: has, Status: StatusActive}
}

// plainStalls are n stalls without properties, K-01…
func plainStalls(n int) []Stall {
	var ss []Stall
	for i := 1; i <= n; i++ {
		ss = append(ss, stall(fmt.Sprintf("K-%02d", i), Needs{}))
	}
	return ss
}

// appl is a rotating local application of a kriya UMKM from Bandung
// (32.73) with umkm id 1000+id; change it with the options.
func appl(id int64, opts ...func(*Application)) Application {
	a := Application{ID: id, UMKMID: 1000 + id, Class: ClassBergilir, Category: "kriya", Regency: "32.73",
		Province: "32", Scale: "kecil", RubricScore: 80, PastTurns: 1, AttendanceRate: 0.9}
	for _, o := range opts {
		o(&a)
	}
	return a
}

func class(c Class) func(*Application)     { return func(a *Application) { a.Class = c } }
func category(c string) func(*Application) { return func(a *Application) { a.Category = c } }
func regency(r string) func(*Application)  { return func(a *Application) { a.Regency = r } }
func needs(n Needs) func(*Application)     { return func(a *Application) { a.Needs = n } }
func weekdays(d ...int) func(*Application) { return func(a *Application) { a.Weekdays = d } }
func guest(a *Application)                 { a.Province, a.Regency = "16", "16.71" }

func mustAllocate(t *testing.T, in Input) Result {
	t.Helper()
	res, err := Allocate(in)
	if err != nil {
		t.Fatalf("Allocate: %v", err)
	}
	return res
}

func turnsOf(res Result, id int64) []Turn {
	var ts []Turn
	for _, t := range res.Turns {
		if t.ApplicationID == id {
			ts = append(ts, t)
		}
	}
	return ts
}

func reasonOf(res Result, id int64) Reason {
	for _, u := range res.Unassigned {
		if u.ApplicationID == id {
			return u.Reason
		}
	}
	return ""
}

func relaxed(res Result, rule string) []Relaxation {
	var rs []Relaxation
	for _, r := range res.Relaxed {
		if r.Rule == rule {
			rs = append(rs, r)
		}
	}
	return rs
}
