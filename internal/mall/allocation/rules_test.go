package allocation

import (
	"slices"
	"testing"
)

func TestSeasonIsCutIntoTurnsOfTurnDays(t *testing.T) {
	in := season(0, plainStalls(1)...)
	in.Season.To = days(monday, 16) // two weeks and three days
	in.Applications = []Application{appl(1)}
	res := mustAllocate(t, in)
	ts := turnsOf(res, 1)
	if len(ts) != 3 || res.StallTurns != 3 {
		t.Fatalf("got %d turns of %d stall-turns, want 3 of 3: %+v", len(ts), res.StallTurns, ts)
	}
	want := [][2]int{{0, 6}, {7, 13}, {14, 16}}
	for i, tr := range ts {
		if !tr.From.Equal(days(monday, want[i][0])) || !tr.To.Equal(days(monday, want[i][1])) {
			t.Errorf("turn %d is %s–%s, want days %v of the season", i, tr.From.Format("2006-01-02"), tr.To.Format("2006-01-02"), want[i])
		}
	}
}

func TestDaysTheVenueIsClosedAreNoTurns(t *testing.T) {
	in := season(1, plainStalls(2)...)
	in.Rulebook.TurnDays = 1
	in.OpenWeekdays = []int{6, 7}
	in.Applications = []Application{appl(1)}
	res := mustAllocate(t, in)
	if res.StallTurns != 4 || len(turnsOf(res, 1)) != 2 {
		t.Fatalf("a week of daily turns open on weekends: %d stall-turns, %d turns; want 4 and 2", res.StallTurns, len(turnsOf(res, 1)))
	}
	for _, tr := range res.Turns {
		if wd := tr.From.Weekday(); wd != 6 && wd != 0 {
			t.Errorf("turn on %s, a closed day", tr.From.Weekday())
		}
	}
}

func TestAvailabilityIsAnOpeningDayOnTheApplicantsDays(t *testing.T) {
	weekend := weekdays(6, 7)
	// Weekly turns: a weekend UMKM can take every week.
	in := season(4, plainStalls(1)...)
	in.Applications = []Application{appl(1, weekend)}
	if n := len(turnsOf(mustAllocate(t, in), 1)); n != 4 {
		t.Errorf("weekend UMKM, weekly turns: %d turns, want 4", n)
	}
	// Daily turns: only Saturdays and Sundays.
	in = season(2, plainStalls(1)...)
	in.Rulebook.TurnDays = 1
	in.Applications = []Application{appl(1, weekend)}
	ts := turnsOf(mustAllocate(t, in), 1)
	if len(ts) != 4 {
		t.Errorf("weekend UMKM, daily turns over two weeks: %d turns, want 4", len(ts))
	}
	for _, tr := range ts {
		if wd := tr.From.Weekday(); wd != 6 && wd != 0 {
			t.Errorf("given %s", tr.From.Weekday())
		}
	}
	// Dates: from the second week's Monday to the third week's Tuesday; the
	// third week's weekend is outside them.
	in = season(4, plainStalls(1)...)
	a := appl(1, weekend)
	a.From, a.To = days(monday, 7), days(monday, 15)
	in.Applications = []Application{a}
	ts = turnsOf(mustAllocate(t, in), 1)
	if len(ts) != 1 || !ts[0].From.Equal(days(monday, 7)) {
		t.Errorf("weekend UMKM available in week 2 only: got %+v", ts)
	}
	// A venue open on weekdays only never sees it.
	in = season(2, plainStalls(1)...)
	in.OpenWeekdays = []int{1, 2, 3, 4, 5}
	in.Applications = []Application{appl(1, weekend)}
	if r := reasonOf(mustAllocate(t, in), 1); r != ReasonNotAvailable {
		t.Errorf("weekend UMKM at a weekday venue: reason %q, want not_available", r)
	}
}

func TestFixedTenantKeepsOneStallForTheSeason(t *testing.T) {
	in := season(4, plainStalls(2)...)
	in.Applications = []Application{appl(1), appl(2), appl(3), appl(9, class(ClassTetap))}
	res := mustAllocate(t, in)
	fixed := turnsOf(res, 9)
	if len(fixed) != 4 {
		t.Fatalf("fixed tenant got %d turns, want all 4", len(fixed))
	}
	for _, tr := range fixed {
		if tr.Stall != fixed[0].Stall {
			t.Errorf("fixed tenant moved from %s to %s", fixed[0].Stall, tr.Stall)
		}
	}
	var counts []int
	for _, id := range []int64{1, 2, 3} {
		counts = append(counts, len(turnsOf(res, id)))
	}
	slices.Sort(counts)
	if !slices.Equal(counts, []int{1, 1, 2}) {
		t.Errorf("rotating tenants share the other stall's 4 turns: %v, want [1 1 2]", counts)
	}
}

func TestFixedTenantIsAllOrNothingAndKeepsItsStartedStall(t *testing.T) {
	// K-01 is taken in week 2: the fixed tenant gets K-02 for all four weeks.
	in := season(4, plainStalls(2)...)
	in.Applications = []Application{appl(1), appl(9, class(ClassTetap))}
	in.Started = []Turn{{Stall: "K-01", UMKMID: 1001, ApplicationID: 1, From: days(monday, 7), To: days(monday, 13)}}
	res := mustAllocate(t, in)
	for _, tr := range turnsOf(res, 9) {
		if tr.Stall != "K-02" {
			t.Errorf("fixed tenant on %s in %s, want K-02 all season", tr.Stall, tr.From.Format("2006-01-02"))
		}
	}
	// With one stall, taken in week 2, there is no stall for its season.
	in.Stalls = plainStalls(1)
	if r := reasonOf(mustAllocate(t, in), 9); r != ReasonNotAvailable {
		t.Errorf("no stall free all season: reason %q, want not_available", r)
	}
	// Its own started turn on K-03 keeps it there.
	in = season(4, plainStalls(3)...)
	in.Applications = []Application{appl(9, class(ClassTetap))}
	in.Started = []Turn{{Stall: "K-03", UMKMID: 1009, ApplicationID: 9, From: monday, To: days(monday, 6)}}
	res = mustAllocate(t, in)
	ts := turnsOf(res, 9)
	if len(ts) != 4 {
		t.Fatalf("fixed tenant with a started week: %d turns, want 4", len(ts))
	}
	for _, tr := range ts {
		if tr.Stall != "K-03" {
			t.Errorf("fixed tenant moved to %s", tr.Stall)
		}
	}
}

func TestRoundsShareTurnsWithinOne(t *testing.T) {
	in := season(4, plainStalls(3)...) // 12 stall-turns
	in.Rulebook.Priorities = []Priority{PriorityNeverHadTurn}
	for id := int64(1); id <= 5; id++ {
		in.Applications = append(in.Applications, appl(id))
	}
	in.Applications[4].PastTurns = 0
	res := mustAllocate(t, in)
	got := map[int64]int{}
	for id := int64(1); id <= 5; id++ {
		got[id] = len(turnsOf(res, id))
	}
	if got[5] != 3 {
		t.Errorf("the one that never had a turn gets one of the two extra turns: %d, want 3", got[5])
	}
	total, lo, hi := 0, 99, 0
	for _, n := range got {
		total, lo, hi = total+n, min(lo, n), max(hi, n)
	}
	if total != 12 || hi-lo > 1 || res.Fairness.MaxGap != 1 || res.UnfilledStallTurns != 0 {
		t.Errorf("turns %v, fairness %+v, unfilled %d: want 12 turns within one of each other", got, res.Fairness, res.UnfilledStallTurns)
	}
}

func TestPrioritiesThenTheSeed(t *testing.T) {
	in := season(2, plainStalls(1)...) // two turns for three
	in.Rulebook.Priorities = []Priority{PriorityMikro, PriorityNeverHadTurn}
	newcomer := func(a *Application) { a.PastTurns = 0 }
	mikro := func(a *Application) { a.Scale = "mikro" }
	in.Applications = []Application{appl(1, newcomer), appl(2), appl(3, mikro)}
	res := mustAllocate(t, in)
	if len(turnsOf(res, 3)) != 1 || len(turnsOf(res, 1)) != 1 || reasonOf(res, 2) != ReasonNotAvailable {
		t.Errorf("mikro, then the newcomer; the third has no free turn: %+v %+v", res.Turns, res.Unassigned)
	}
	in.Rulebook.Priorities = []Priority{PriorityAttendance}
	in.Applications = []Application{appl(1), appl(2), appl(3)}
	in.Applications[1].AttendanceRate = 0.5
	if r := reasonOf(mustAllocate(t, in), 2); r == "" {
		t.Errorf("the lowest attendance is left out")
	}
	// Equal on every priority: the seed decides, each seed the same way every time.
	winners := map[int64]bool{}
	for seed := uint64(1); seed <= 30; seed++ {
		in.Seed = seed
		in.Applications = []Application{appl(1), appl(2), appl(3)}
		res := mustAllocate(t, in)
		if len(res.Unassigned) != 1 {
			t.Fatalf("seed %d: %+v", seed, res.Unassigned)
		}
		if again := mustAllocate(t, in); again.Unassigned[0] != res.Unassigned[0] {
			t.Fatalf("seed %d gave two results", seed)
		}
		winners[res.Unassigned[0].ApplicationID] = true
	}
	if len(winners) != 3 {
		t.Errorf("over 30 seeds the one left out was only %v", winners)
	}
}

func TestStallPropertiesMatchAndScarceStallsAreKept(t *testing.T) {
	all := Needs{Power: true, Water: true, Cooking: true}
	in := season(1, stall("K-01", all), stall("K-02", Needs{}))
	in.Rulebook.Priorities = []Priority{PriorityNeverHadTurn}
	in.Applications = []Application{
		appl(1, func(a *Application) { a.PastTurns = 0 }), // served first, needs nothing
		appl(2, needs(Needs{Cooking: true})),
	}
	res := mustAllocate(t, in)
	if ts := turnsOf(res, 1); len(ts) != 1 || ts[0].Stall != "K-02" {
		t.Errorf("the one who needs nothing takes the plain stall: %+v", ts)
	}
	if ts := turnsOf(res, 2); len(ts) != 1 || ts[0].Stall != "K-01" {
		t.Errorf("the cook gets the cooking stall: %+v", ts)
	}
	// A second cook finds only the plain stall free.
	in.Applications = []Application{appl(2, needs(Needs{Cooking: true})), appl(3, needs(Needs{Cooking: true}))}
	res = mustAllocate(t, in)
	if len(res.Unassigned) != 1 || res.Unassigned[0].Reason != ReasonNoMatchingStall {
		t.Errorf("second cook: %+v, want no_matching_stall", res.Unassigned)
	}
	// No stall with water at all.
	in = season(1, plainStalls(2)...)
	in.Applications = []Application{appl(1, needs(Needs{Water: true}))}
	if r := reasonOf(mustAllocate(t, in), 1); r != ReasonNoMatchingStall {
		t.Errorf("no stall with water: %q, want no_matching_stall", r)
	}
}

func TestCategoryZonedStalls(t *testing.T) {
	zoned := stall("K-01", Needs{})
	zoned.Category = "kuliner"
	in := season(1, zoned, stall("K-02", Needs{}))
	in.Applications = []Application{appl(1, category("kuliner")), appl(2), appl(3)}
	res := mustAllocate(t, in)
	if ts := turnsOf(res, 1); len(ts) != 1 || ts[0].Stall != "K-01" {
		t.Errorf("kuliner takes its zone: %+v", ts)
	}
	in.Applications = []Application{appl(2), appl(3)}
	res = mustAllocate(t, in)
	if len(res.Unassigned) != 1 || res.Unassigned[0].Reason != ReasonNoMatchingStall || res.UnfilledStallTurns != 1 {
		t.Errorf("kriya never on a kuliner stall: %+v, unfilled %d", res.Unassigned, res.UnfilledStallTurns)
	}
}

func TestCategoryCap(t *testing.T) {
	in := season(2, plainStalls(4)...) // 8 stall-turns
	in.Rulebook.CategoryCaps = map[string]float64{"kuliner": 0.25}
	in.Applications = []Application{appl(1, category("kuliner")), appl(2, category("kuliner")), appl(3, category("kuliner")), appl(4)}
	res := mustAllocate(t, in)
	kuliner := len(turnsOf(res, 1)) + len(turnsOf(res, 2)) + len(turnsOf(res, 3))
	if kuliner != 2 || len(res.Unassigned) != 1 || res.Unassigned[0].Reason != ReasonCategoryFull {
		t.Errorf("kuliner %d turns (cap 2), unassigned %+v: want 2 and one category_full", kuliner, res.Unassigned)
	}
	if len(res.Relaxed) != 0 {
		t.Errorf("nothing relaxed: %+v", res.Relaxed)
	}
}

func TestGuestQuota(t *testing.T) {
	in := season(2, plainStalls(2)...) // 4 stall-turns
	in.Rulebook.GuestQuota = 0.25
	in.Applications = []Application{appl(1, guest, class(ClassTamu)), appl(2, guest, class(ClassTamu)), appl(3, guest)}
	res := mustAllocate(t, in)
	given := len(turnsOf(res, 1)) + len(turnsOf(res, 2)) + len(turnsOf(res, 3))
	if given != 1 || len(res.Unassigned) != 2 {
		t.Fatalf("guests got %d turns (quota 1), unassigned %+v", given, res.Unassigned)
	}
	for _, u := range res.Unassigned {
		if u.Reason != ReasonQuotaReached {
			t.Errorf("%+v: want quota_reached", u)
		}
	}
	in.Rulebook.GuestQuota = 0
	if r := reasonOf(mustAllocate(t, in), 3); r != ReasonQuotaReached {
		t.Errorf("no guest quota: %q, want quota_reached", r)
	}
}

func TestMaxTurnsPerUMKM(t *testing.T) {
	in := season(4, plainStalls(1)...)
	in.Rulebook.MaxTurnsPerUMKM = 2
	in.Applications = []Application{appl(1)}
	res := mustAllocate(t, in)
	if n := len(turnsOf(res, 1)); n != 2 || res.UnfilledStallTurns != 2 {
		t.Errorf("%d turns, %d unfilled: want 2 and 2", n, res.UnfilledStallTurns)
	}
}

func TestClassOrder(t *testing.T) {
	in := season(1, plainStalls(1)...)
	in.Rulebook.GuestQuota = 1
	in.Applications = []Application{appl(1, guest, class(ClassTamu)), appl(2)}
	if res := mustAllocate(t, in); len(turnsOf(res, 2)) != 1 || reasonOf(res, 1) != ReasonNotAvailable {
		t.Errorf("bergilir before tamu: %+v", res)
	}
	in.Rulebook.ClassOrder = []Class{ClassTamu, ClassBergilir}
	if res := mustAllocate(t, in); len(turnsOf(res, 1)) != 1 {
		t.Errorf("tamu first when the rulebook says so: %+v", res)
	}
}

func TestUnderRepairStallsAreNotGiven(t *testing.T) {
	ss := plainStalls(2)
	ss[0].Status = StatusUnderRepair
	in := season(2, ss...)
	in.Applications = []Application{appl(1), appl(2)}
	res := mustAllocate(t, in)
	if res.StallTurns != 2 || res.UnfilledStallTurns != 0 {
		t.Errorf("capacity %d, unfilled %d: want 2 and 0", res.StallTurns, res.UnfilledStallTurns)
	}
	for _, tr := range res.Turns {
		if tr.Stall == "K-01" {
			t.Errorf("stall under repair given: %+v", tr)
		}
	}
}
