package allocation

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/platform"
)

func TestMinPerRegencyIsServedFirst(t *testing.T) {
	in := season(2, plainStalls(1)...) // two turns
	in.Rulebook.Priorities = []Priority{PriorityNeverHadTurn}
	newcomer := func(a *Application) { a.PastTurns = 0 }
	in.Applications = []Application{appl(1, newcomer), appl(2, newcomer), appl(3, newcomer), appl(4, regency("32.04"))}
	res := mustAllocate(t, in)
	if len(turnsOf(res, 4)) != 0 {
		t.Fatalf("without a regency minimum the newcomers take both turns: %+v", res.Turns)
	}
	in.Rulebook.MinPerRegency = 1
	res = mustAllocate(t, in)
	if len(turnsOf(res, 4)) != 1 || len(res.Relaxed) != 0 {
		t.Errorf("Kabupaten Bandung's only applicant gets a turn: %+v, relaxed %+v", res.Turns, res.Relaxed)
	}
}

func TestMinPerRegencyRelaxedWhenStallTurnsAreTooFew(t *testing.T) {
	in := season(2, plainStalls(1)...) // two turns for three regencies
	in.Rulebook.MinPerRegency = 1
	in.Applications = []Application{appl(1), appl(2, regency("32.04")), appl(3, regency("32.01"))}
	res := mustAllocate(t, in)
	rs := relaxed(res, RuleMinPerRegency)
	if len(rs) != 1 || rs[0].Want != 1 || rs[0].Got != 0 || !slices.Equal(rs[0].Because, []string{CauseStallTurns}) {
		t.Fatalf("relaxed %+v: want one regency short because of stall_turns", res.Relaxed)
	}
	if u := reasonOf(res, idOfRegency(in, rs[0].Subject)); u != ReasonNotAvailable {
		t.Errorf("the short regency's applicant: reason %q", u)
	}
	in.Rulebook.Strict = []string{RuleMinPerRegency}
	_, err := Allocate(in)
	if platform.ErrorKind(err) != platform.KindConflict || !strings.Contains(err.Error(), "min_per_regency") || !strings.Contains(err.Error(), "stall_turns") {
		t.Errorf("strict min_per_regency: %v, want a conflict naming min_per_regency and stall_turns", err)
	}
}

func idOfRegency(in Input, r string) int64 {
	for _, a := range in.Applications {
		if a.Regency == r {
			return a.ID
		}
	}
	return 0
}

func TestMinPerRegencyRelaxedByACategoryCap(t *testing.T) {
	in := season(1, plainStalls(2)...)
	in.Rulebook.MinPerRegency = 1
	in.Rulebook.CategoryCaps = map[string]float64{"kuliner": 0}
	in.Applications = []Application{appl(1), appl(2, regency("32.04"), category("kuliner"))}
	res := mustAllocate(t, in)
	rs := relaxed(res, RuleMinPerRegency)
	if len(rs) != 1 || rs[0].Subject != "32.04" || !slices.Equal(rs[0].Because, []string{RuleCategoryCaps}) {
		t.Errorf("relaxed %+v: want 32.04 short because of category_caps", res.Relaxed)
	}
	if r := reasonOf(res, 2); r != ReasonCategoryFull {
		t.Errorf("reason %q, want category_full", r)
	}
}

func TestGuestsAreNotARegencyOfTheVenue(t *testing.T) {
	in := season(1, plainStalls(1)...)
	in.Rulebook.MinPerRegency = 1
	in.Rulebook.GuestQuota = 1
	in.Applications = []Application{appl(1), appl(2, guest)}
	if res := mustAllocate(t, in); len(res.Relaxed) != 0 {
		t.Errorf("a guest's regency asks no minimum: %+v", res.Relaxed)
	}
}

func TestStartedTurnsAreKeptAndCounted(t *testing.T) {
	in := season(3, plainStalls(2)...) // 6 stall-turns, one started
	started := Turn{Stall: "K-01", UMKMID: 1001, ApplicationID: 1, From: monday, To: days(monday, 6)}
	in.Started = []Turn{started}
	in.Applications = []Application{appl(1), appl(2), appl(3)}
	res := mustAllocate(t, in)
	started.Started = true
	if !slices.Contains(res.Turns, started) {
		t.Errorf("the started turn is not in the result unchanged: %+v", res.Turns)
	}
	for id := int64(1); id <= 3; id++ {
		if n := len(turnsOf(res, id)); n != 2 {
			t.Errorf("application %d: %d turns, want 2 (the started one counts)", id, n)
		}
	}
	for _, tr := range res.Turns {
		if tr.Stall == "K-01" && tr.From.Equal(monday) && !tr.Started {
			t.Errorf("K-01 in week 1 given twice: %+v", tr)
		}
	}
	// A started turn beyond a cap stays; the cap is reported relaxed.
	in.Rulebook.CategoryCaps = map[string]float64{"kriya": 0.1}
	res = mustAllocate(t, in)
	rs := relaxed(res, RuleCategoryCaps)
	if len(rs) != 1 || rs[0].Got != 1 || rs[0].Want != 0 || !slices.Equal(rs[0].Because, []string{CauseStartedTurns}) {
		t.Errorf("relaxed %+v: want category_caps for the started turn", res.Relaxed)
	}
	if len(res.Turns) != 1 || reasonOf(res, 2) != ReasonCategoryFull {
		t.Errorf("no new kriya turn: %+v %+v", res.Turns, res.Unassigned)
	}
}

func TestReasonPrecedence(t *testing.T) {
	in := season(1, plainStalls(1)...)
	in.Rulebook.RubricThreshold = 60
	in.Rulebook.CategoryCaps = map[string]float64{"kuliner": 0}
	low := func(a *Application) { a.RubricScore = 40 }
	arrears := func(a *Application) { a.Arrears = true }
	never := func(a *Application) { a.From, a.To = days(monday, 30), days(monday, 40) }
	cook := needs(Needs{Cooking: true})
	in.Applications = []Application{
		appl(1, arrears, low, never, cook),
		appl(2, low, never, cook),
		appl(3, never, cook, category("kuliner")),
		appl(4, cook, category("kuliner")),
		appl(5, category("kuliner"), guest),
		appl(6, guest),
	}
	want := map[int64]Reason{1: ReasonArrears, 2: ReasonBelowThreshold, 3: ReasonNotAvailable,
		4: ReasonNoMatchingStall, 5: ReasonCategoryFull, 6: ReasonQuotaReached}
	res := mustAllocate(t, in)
	for id, r := range want {
		if got := reasonOf(res, id); got != r {
			t.Errorf("application %d: %q, want %q", id, got, r)
		}
	}
	if len(res.Unassigned) != len(want) {
		t.Errorf("%d unassigned, want %d", len(res.Unassigned), len(want))
	}
}

func TestInvalidInputNamesTheFields(t *testing.T) {
	for _, tc := range []struct {
		field string
		edit  func(*Input)
	}{
		{"rulebook.turn_days", func(in *Input) { in.Rulebook.TurnDays = 0 }},
		{"rulebook.category_caps", func(in *Input) { in.Rulebook.CategoryCaps = map[string]float64{"kuliner": 1.5} }},
		{"rulebook.guest_quota", func(in *Input) { in.Rulebook.GuestQuota = -0.1 }},
		{"rulebook.class_order", func(in *Input) { in.Rulebook.ClassOrder = []Class{ClassTamu, ClassTamu} }},
		{"rulebook.priorities", func(in *Input) { in.Rulebook.Priorities = []Priority{"oldest"} }},
		{"rulebook.strict", func(in *Input) { in.Rulebook.Strict = []string{"fairness"} }},
		{"season", func(in *Input) { in.Season.To = days(monday, -1) }},
		{"province", func(in *Input) { in.Province = "" }},
		{"stalls[1].code", func(in *Input) { in.Stalls[1].Code = "K-01" }},
		{"stalls[0].kind", func(in *Input) { in.Stalls[0].Kind = "lapak" }},
		{"applications[1].umkm_id", func(in *Input) { in.Applications[1].UMKMID = in.Applications[0].UMKMID }},
		{"applications[0].class", func(in *Input) { in.Rulebook.ClassOrder = []Class{ClassTetap} }},
		{"applications[0].weekdays", func(in *Input) { in.Applications[0].Weekdays = []int{0} }},
		{"started[0].stall", func(in *Input) { in.Started[0].Stall = "X-99" }},
		{"started[0].application_id", func(in *Input) { in.Started[0].UMKMID = 7 }},
	} {
		in := season(2, plainStalls(2)...)
		in.Applications = []Application{appl(1), appl(2)}
		in.Started = []Turn{{Stall: "K-01", UMKMID: 1001, ApplicationID: 1, From: monday, To: days(monday, 6)}}
		tc.edit(&in)
		_, err := Allocate(in)
		var fields []string
		for _, f := range platform.ErrorFields(err) {
			fields = append(fields, f.Field)
		}
		if platform.ErrorKind(err) != platform.KindInvalid || !slices.Contains(fields, tc.field) {
			t.Errorf("%s: got %v (fields %v)", tc.field, err, fields)
		}
	}
	in := season(2, plainStalls(1)...)
	in.Applications = []Application{appl(1), appl(2)}
	in.Started = []Turn{
		{Stall: "K-01", UMKMID: 1001, ApplicationID: 1, From: monday, To: days(monday, 6)},
		{Stall: "K-01", UMKMID: 1002, ApplicationID: 2, From: days(monday, 3), To: days(monday, 9)},
	}
	if _, err := Allocate(in); platform.ErrorKind(err) != platform.KindInvalid {
		t.Errorf("overlapping started turns: %v, want invalid", err)
	}
}

func TestSameInputInAnyOrderGivesTheSameResult(t *testing.T) {
	in := season(6, plainStalls(4)...)
	in.Stalls = append(in.Stalls, stall("M-01", Needs{Cooking: true, Power: true}))
	in.Rulebook.MinPerRegency = 1
	in.Rulebook.CategoryCaps = map[string]float64{"kuliner": 0.3}
	regs := []string{"32.73", "32.04", "32.01", "32.77"}
	for id := int64(1); id <= 20; id++ {
		a := appl(id, regency(regs[id%4]))
		if id%3 == 0 {
			a.Category, a.Needs.Cooking = "kuliner", true
		}
		if id%5 == 0 {
			a.Weekdays = []int{6, 7}
		}
		in.Applications = append(in.Applications, a)
	}
	in.Started = []Turn{{Stall: "K-02", UMKMID: 1007, ApplicationID: 7, From: monday, To: days(monday, 6)}}
	first := mustAllocate(t, in)
	r := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		r.Shuffle(len(in.Applications), func(i, j int) { in.Applications[i], in.Applications[j] = in.Applications[j], in.Applications[i] })
		r.Shuffle(len(in.Stalls), func(i, j int) { in.Stalls[i], in.Stalls[j] = in.Stalls[j], in.Stalls[i] })
		if again := mustAllocate(t, in); !reflect.DeepEqual(first, again) {
			t.Fatalf("shuffled input, other result:\n%+v\n%+v", first, again)
		}
	}
	if first.Seed != 42 || first.RulebookVersion != 1 {
		t.Errorf("seed %d, version %d written in the result", first.Seed, first.RulebookVersion)
	}
}

func TestRepairClosesAGapOfTwo(t *testing.T) {
	in := season(4, plainStalls(1)...)
	in.Applications = []Application{appl(1), appl(2)}
	if err := validate(&in); err != nil {
		t.Fatal(err)
	}
	e := newEngine(&in)
	rich, poor := e.apps[0], e.apps[1]
	for p := range 3 {
		e.assign(rich, 0, p)
	}
	poor.reason = ReasonNotAvailable
	e.repairFairness()
	if rich.count != 2 || poor.count != 1 || poor.reason != "" {
		t.Fatalf("after repair %d and %d turns, reason %q: want 2 and 1", rich.count, poor.count, poor.reason)
	}
	res := e.result()
	if res.Fairness.MaxGap != 1 || len(turnsOf(res, 2)) != 1 || len(res.Unassigned) != 0 {
		t.Errorf("result %+v", res)
	}
}

func TestRefusalAndFieldErrorsReadInEnglish(t *testing.T) {
	in := season(2, plainStalls(1)...)
	in.Rulebook.MinPerRegency = 1
	in.Rulebook.Strict = []string{RuleMinPerRegency}
	in.Applications = []Application{appl(1), appl(2, regency("32.04")), appl(3, regency("32.01"))}
	_, err := Allocate(in)
	if got := i18n.ErrorText("en", err); !strings.HasPrefix(got, "Rule min_per_regency cannot hold for 32.") || !strings.HasSuffix(got, "conflicts with stall_turns") {
		t.Errorf("English refusal: %q", got)
	}
	in.Stalls[0].Kind = "lapak"
	_, err = Allocate(in)
	if fs := i18n.ErrorFields("en", err); len(fs) != 1 || fs[0].Message != "Stall kind: kios, tenda, gerobak or meja" {
		t.Errorf("English field errors: %+v", fs)
	}
}
