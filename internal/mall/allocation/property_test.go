package allocation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

// The property tests draw random venues, stalls, rulebooks, applications
// and started turns, and check each result against the rules with code of
// their own (periods, availability and groups are recomputed here, not
// taken from the engine).

const propertyCases = 400

func TestPropertiesOfRandomSeasons(t *testing.T) {
	for c := range propertyCases {
		r := rand.New(rand.NewPCG(uint64(c), 11))
		in := randomInput(r)
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			res, err := Allocate(in)
			if err != nil {
				t.Fatalf("Allocate: %v", err)
			}
			checkResult(t, in, res)
			// Deterministic: again, and with every list shuffled.
			shuffled := in
			shuffled.Stalls = slices.Clone(in.Stalls)
			shuffled.Applications = slices.Clone(in.Applications)
			shuffled.Started = slices.Clone(in.Started)
			r.Shuffle(len(shuffled.Stalls), func(i, j int) { shuffled.Stalls[i], shuffled.Stalls[j] = shuffled.Stalls[j], shuffled.Stalls[i] })
			r.Shuffle(len(shuffled.Applications), func(i, j int) {
				shuffled.Applications[i], shuffled.Applications[j] = shuffled.Applications[j], shuffled.Applications[i]
			})
			r.Shuffle(len(shuffled.Started), func(i, j int) { shuffled.Started[i], shuffled.Started[j] = shuffled.Started[j], shuffled.Started[i] })
			for _, again := range []Input{in, shuffled} {
				res2, err := Allocate(again)
				if err != nil || !reflect.DeepEqual(res, res2) {
					t.Fatalf("same input, another result (err %v)", err)
				}
			}
			// A rule made strict is refused exactly when the result relaxed it.
			for _, rule := range []string{RuleMinPerRegency, RuleCategoryCaps} {
				strict := in
				strict.Rulebook.Strict = []string{rule}
				_, err := Allocate(strict)
				if want := len(relaxed(res, rule)) > 0; want != (err != nil) || err != nil && platform.ErrorKind(err) != platform.KindConflict {
					t.Errorf("strict %s: error %v, relaxed %v", rule, err, relaxed(res, rule))
				}
			}
		})
	}
}

var (
	categories = []string{"kuliner", "fesyen", "kriya", "jasa"}
	regencies  = []string{"32.01", "32.04", "32.73", "32.77", "32.79"}
	classes    = []Class{ClassTetap, ClassBergilir, ClassPercobaan, ClassTamu}
)

func randomInput(r *rand.Rand) Input {
	turnDays := []int{1, 2, 7, 7, 30}[r.IntN(5)]
	from := date(2027, time.Month(1+r.IntN(12)), 1+r.IntN(28))
	span := turnDays*(1+r.IntN(max(1, 24/turnDays+4))) - r.IntN(turnDays)
	in := Input{Province: "32", Season: Season{From: from, To: days(from, span-1)}, Seed: r.Uint64()}
	rb := &in.Rulebook
	rb.Version, rb.TurnDays = 1+r.IntN(5), turnDays
	rb.MaxTurnsPerUMKM = r.IntN(5)
	rb.MinPerRegency = r.IntN(3)
	rb.GuestQuota = float64(r.IntN(4)) / 10
	rb.RubricThreshold = float64(r.IntN(40))
	rb.CategoryCaps = map[string]float64{}
	for _, c := range categories {
		if r.IntN(3) == 0 {
			rb.CategoryCaps[c] = float64(r.IntN(7)) / 10
		}
	}
	rb.ClassOrder = slices.Clone(classes)
	r.Shuffle(4, func(i, j int) { rb.ClassOrder[i], rb.ClassOrder[j] = rb.ClassOrder[j], rb.ClassOrder[i] })
	for _, p := range []Priority{PriorityNeverHadTurn, PriorityMikro, PriorityAttendance, PriorityRubric} {
		if r.IntN(2) == 0 {
			rb.Priorities = append(rb.Priorities, p)
		}
	}
	if r.IntN(3) == 0 {
		in.OpenWeekdays = randomWeekdays(r)
	}
	for i := range 1 + r.IntN(12) {
		s := Stall{Code: fmt.Sprintf("S-%02d", i), Kind: KindKios, Status: StatusActive,
			Has: Needs{Power: r.IntN(2) == 0, Water: r.IntN(3) == 0, Cooking: r.IntN(3) == 0}}
		if r.IntN(7) == 0 {
			s.Category = categories[r.IntN(len(categories))]
		}
		if r.IntN(10) == 0 {
			s.Status = StatusUnderRepair
		}
		in.Stalls = append(in.Stalls, s)
	}
	// Half the cases draw applicants alike (few categories, needs and
	// weekday patterns), so that the fairness groups have many members.
	alike := r.IntN(2) == 0
	spread := func(n int) int {
		if alike {
			return n * 4
		}
		return n
	}
	patterns := [][]int{nil, {6, 7}, randomWeekdays(r)}
	for i := range r.IntN(40) {
		a := Application{ID: int64(10 + i*3), UMKMID: int64(500 + i), Class: classes[r.IntN(4)],
			Category: categories[r.IntN(len(categories))], Regency: regencies[r.IntN(len(regencies))], Province: "32",
			Scale: []string{"mikro", "kecil", "menengah"}[r.IntN(3)], RubricScore: float64(r.IntN(100)),
			PastTurns: r.IntN(3), AttendanceRate: float64(r.IntN(11)) / 10, Arrears: r.IntN(20) == 0,
			Needs: Needs{Power: r.IntN(spread(4)) == 0, Water: r.IntN(spread(6)) == 0, Cooking: r.IntN(spread(5)) == 0}}
		if alike {
			a.Class, a.Category = classes[1+r.IntN(2)], categories[r.IntN(2)]
		}
		if r.IntN(6) == 0 {
			a.Province, a.Regency = "16", "16.71"
		}
		if alike {
			a.Weekdays = patterns[r.IntN(len(patterns))]
		} else if r.IntN(2) == 0 {
			a.Weekdays = randomWeekdays(r)
		}
		if r.IntN(spread(4)) == 0 {
			a.From = days(from, r.IntN(span))
			a.To = days(a.From, r.IntN(span))
		}
		in.Applications = append(in.Applications, a)
	}
	// Started turns: whole periods, never two on one stall or one UMKM at once.
	ps := refPeriods(in)
	used := map[string]bool{}
	for range r.IntN(6) {
		if len(in.Applications) == 0 || len(ps) == 0 {
			break
		}
		a, s, p := in.Applications[r.IntN(len(in.Applications))], in.Stalls[r.IntN(len(in.Stalls))], ps[r.IntN(len(ps))]
		ks, ka := fmt.Sprint(s.Code, p), fmt.Sprint(a.ID, p)
		if used[ks] || used[ka] {
			continue
		}
		used[ks], used[ka] = true, true
		in.Started = append(in.Started, Turn{Stall: s.Code, UMKMID: a.UMKMID, ApplicationID: a.ID, From: p[0], To: p[1]})
	}
	return in
}

func randomWeekdays(r *rand.Rand) []int {
	var ds []int
	for d := 1; d <= 7; d++ {
		if r.IntN(2) == 0 {
			ds = append(ds, d)
		}
	}
	return ds
}

// refPeriods cuts the season as the rulebook says: consecutive periods of
// TurnDays from the season's start, the last cut at its end, those without
// an opening day dropped.
func refPeriods(in Input) [][2]time.Time {
	var out [][2]time.Time
	for s := in.Season.From; !s.After(in.Season.To); s = days(s, in.Rulebook.TurnDays) {
		e := days(s, in.Rulebook.TurnDays-1)
		if e.After(in.Season.To) {
			e = in.Season.To
		}
		for d := s; !d.After(e); d = days(d, 1) {
			if refOn(in.OpenWeekdays, d) {
				out = append(out, [2]time.Time{s, e})
				break
			}
		}
	}
	return out
}

func refOn(weekdays []int, d time.Time) bool {
	iso := int(d.Weekday())
	if iso == 0 {
		iso = 7
	}
	return len(weekdays) == 0 || slices.Contains(weekdays, iso)
}

// refAvailable: an opening day of the turn is one of the applicant's days
// and inside its dates.
func refAvailable(in Input, a Application, p [2]time.Time) bool {
	for d := p[0]; !d.After(p[1]); d = days(d, 1) {
		if refOn(in.OpenWeekdays, d) && refOn(a.Weekdays, d) &&
			(a.From.IsZero() || !d.Before(a.From)) && (a.To.IsZero() || !d.After(a.To)) {
			return true
		}
	}
	return false
}

func fits(s Stall, a Application) bool {
	return s.Status == StatusActive && (s.Category == "" || s.Category == a.Category) &&
		(!a.Needs.Power || s.Has.Power) && (!a.Needs.Water || s.Has.Water) && (!a.Needs.Cooking || s.Has.Cooking)
}

func checkResult(t *testing.T, in Input, res Result) {
	t.Helper()
	ps := refPeriods(in)
	stalls := map[string]Stall{}
	active := 0
	for _, s := range in.Stalls {
		stalls[s.Code] = s
		if s.Status == StatusActive {
			active++
		}
	}
	apps := map[int64]Application{}
	for _, a := range in.Applications {
		apps[a.ID] = a
	}
	capacity := active * len(ps)
	if res.StallTurns != capacity {
		t.Errorf("capacity %d, want %d", res.StallTurns, capacity)
	}

	// Started turns come back unchanged.
	var started []Turn
	for _, tr := range res.Turns {
		if tr.Started {
			tr.Started = false
			started = append(started, tr)
		}
	}
	if !sameTurns(started, in.Started) {
		t.Errorf("started turns changed:\n%+v\n%+v", in.Started, started)
	}

	// No stall and no UMKM twice at once; every new turn fits its rules.
	periodOf := map[time.Time]int{}
	for i, p := range ps {
		periodOf[p[0]] = i
	}
	held := map[int64]map[int]bool{} // application → periods
	newHeld := map[int64]map[int]bool{}
	perCat, perReg, guests, occupied := map[string]int{}, map[string]int{}, 0, 0
	byStall := map[string][]Turn{}
	for _, tr := range res.Turns {
		a, s := apps[tr.ApplicationID], stalls[tr.Stall]
		for _, o := range byStall[tr.Stall] {
			if !tr.From.After(o.To) && !o.From.After(tr.To) {
				t.Fatalf("stall %s double-booked: %+v and %+v", tr.Stall, o, tr)
			}
		}
		byStall[tr.Stall] = append(byStall[tr.Stall], tr)
		p, ok := periodOf[tr.From]
		if !ok || !ps[p][1].Equal(tr.To) {
			t.Fatalf("turn %+v is not a period of the season", tr)
		}
		if held[a.ID] == nil {
			held[a.ID], newHeld[a.ID] = map[int]bool{}, map[int]bool{}
		}
		if held[a.ID][p] {
			t.Fatalf("application %d holds two stalls in %s", a.ID, tr.From.Format("2006-01-02"))
		}
		held[a.ID][p] = true
		perCat[a.Category]++
		if a.Province != in.Province {
			guests++
		} else {
			perReg[a.Regency]++
		}
		if s.Status == StatusActive {
			occupied++
		}
		if tr.Started {
			continue
		}
		newHeld[a.ID][p] = true
		if !fits(s, a) || !refAvailable(in, a, ps[p]) || a.Arrears || a.RubricScore < in.Rulebook.RubricThreshold || tr.UMKMID != a.UMKMID {
			t.Fatalf("turn %+v breaks a rule for %+v on %+v", tr, a, s)
		}
	}
	if res.UnfilledStallTurns != capacity-occupied {
		t.Errorf("unfilled %d, want %d", res.UnfilledStallTurns, capacity-occupied)
	}

	// Upper bounds hold or are reported relaxed.
	isRelaxed := func(rule, subject string) bool {
		return slices.ContainsFunc(res.Relaxed, func(r Relaxation) bool { return r.Rule == rule && r.Subject == subject })
	}
	for c, f := range in.Rulebook.CategoryCaps {
		if capN := int(math.Floor(f*float64(capacity) + 1e-9)); perCat[c] > capN && !isRelaxed(RuleCategoryCaps, c) {
			t.Errorf("category %s has %d stall-turns over its cap %d, unreported", c, perCat[c], capN)
		}
	}
	if capN := int(math.Floor(in.Rulebook.GuestQuota*float64(capacity) + 1e-9)); guests > capN && !isRelaxed(RuleGuestQuota, "guests") {
		t.Errorf("guests have %d stall-turns over the quota %d, unreported", guests, capN)
	}
	eligible := func(a Application) bool {
		if a.Arrears || a.RubricScore < in.Rulebook.RubricThreshold || !slices.ContainsFunc(in.Stalls, func(s Stall) bool { return fits(s, a) }) {
			return false
		}
		return slices.ContainsFunc(ps, func(p [2]time.Time) bool { return refAvailable(in, a, p) })
	}
	for _, a := range in.Applications {
		if m := in.Rulebook.MaxTurnsPerUMKM; m > 0 && a.Class != ClassTetap && len(held[a.ID]) > m && !isRelaxed(RuleMaxTurns, fmt.Sprint(a.ID)) {
			t.Errorf("application %d has %d turns over the maximum %d, unreported", a.ID, len(held[a.ID]), m)
		}
		// The regency minimum holds or is reported.
		if n := in.Rulebook.MinPerRegency; n > 0 && a.Province == in.Province && eligible(a) && perReg[a.Regency] < n && !isRelaxed(RuleMinPerRegency, a.Regency) {
			t.Errorf("regency %s has %d turns under the minimum %d, unreported", a.Regency, perReg[a.Regency], n)
		}
	}

	// Every application without a turn has exactly one reason; no other has one.
	seen := map[int64]int{}
	for _, u := range res.Unassigned {
		seen[u.ApplicationID]++
		a := apps[u.ApplicationID]
		if !slices.Contains([]Reason{ReasonArrears, ReasonBelowThreshold, ReasonNotAvailable, ReasonNoMatchingStall, ReasonCategoryFull, ReasonQuotaReached}, u.Reason) || u.UMKMID != a.UMKMID {
			t.Errorf("unassigned %+v", u)
		}
		if a.Arrears && u.Reason != ReasonArrears || !a.Arrears && a.RubricScore < in.Rulebook.RubricThreshold && u.Reason != ReasonBelowThreshold {
			t.Errorf("unassigned %+v: the screening reason comes first", u)
		}
	}
	for _, a := range in.Applications {
		if want := boolInt(len(held[a.ID]) == 0); seen[a.ID] != want {
			t.Errorf("application %d with %d turns is listed %d times as unassigned", a.ID, len(held[a.ID]), seen[a.ID])
		}
	}

	// Fairness: inside a group, a gap of two or more only where the richer
	// one's extra turns are all started ones.
	groups := map[string][]Application{}
	for _, a := range in.Applications {
		if a.Class == ClassTetap || !eligible(a) {
			continue
		}
		key := fmt.Sprint(a.Class, a.Category, a.Needs, a.Province == in.Province)
		for _, p := range ps {
			key += fmt.Sprint(boolInt(refAvailable(in, a, p)))
		}
		groups[key] = append(groups[key], a)
	}
	maxGap := 0
	for _, g := range groups {
		for _, rich := range g {
			for _, poor := range g {
				gap := len(held[rich.ID]) - len(held[poor.ID])
				maxGap = max(maxGap, gap)
				if gap < 2 {
					continue
				}
				for p := range newHeld[rich.ID] {
					if !held[poor.ID][p] {
						t.Errorf("applications %d (%d turns) and %d (%d): a new turn in %s could have gone to the poorer",
							rich.ID, len(held[rich.ID]), poor.ID, len(held[poor.ID]), ps[p][0].Format("2006-01-02"))
					}
				}
			}
		}
	}
	if res.Fairness.MaxGap != maxGap || len(in.Started) == 0 && maxGap > 1 {
		t.Errorf("fairness %+v, measured gap %d", res.Fairness, maxGap)
	}
}

func sameTurns(a, b []Turn) bool {
	key := func(t Turn) string { return fmt.Sprint(t.Stall, t.ApplicationID, t.UMKMID, t.From.Unix(), t.To.Unix()) }
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i] = key(a[i])
	}
	for i := range b {
		kb[i] = key(b[i])
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}
