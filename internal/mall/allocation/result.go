package allocation

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
)

func (e *engine) result() Result {
	res := Result{RulebookVersion: e.rb.Version, Seed: e.in.Seed, StallTurns: e.capacity}
	for _, t := range e.in.Started {
		t.Started = true
		res.Turns = append(res.Turns, t)
	}
	for _, a := range e.apps {
		for p, s := range a.at {
			if s >= 0 {
				pr := e.periods[p]
				res.Turns = append(res.Turns, Turn{Stall: e.stalls[s].code, UMKMID: a.UMKMID, ApplicationID: a.ID,
					From: dateOf(pr.from), To: dateOf(pr.to)})
			}
		}
		if a.count == 0 {
			r := a.reason
			if r == "" { // not reached by any phase: cannot happen, but never leave one without a reason
				r = e.classify(a, 1, nil)
			}
			res.Unassigned = append(res.Unassigned, Unassigned{ApplicationID: a.ID, UMKMID: a.UMKMID, Reason: r})
		}
	}
	sortTurns(res.Turns)
	for s, st := range e.stalls {
		if !st.active {
			continue
		}
		for p := range e.P {
			if e.occ[s*e.P+p] == 0 {
				res.UnfilledStallTurns++
			}
		}
	}
	res.Fairness = e.fairness()
	res.Relaxed = e.relaxations()
	return res
}

// sortTurns orders turns by date, then stall (the keys computed once: a
// season has tens of thousands of turns).
func sortTurns(ts []Turn) {
	type keyed struct {
		from, to int
		t        Turn
	}
	ks := make([]keyed, len(ts))
	for i, t := range ts {
		ks[i] = keyed{dayOf(t.From), dayOf(t.To), t}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.t.Stall, b.t.Stall),
			cmp.Compare(a.to, b.to), cmp.Compare(a.t.ApplicationID, b.t.ApplicationID))
	})
	for i := range ks {
		ts[i] = ks[i].t
	}
}

// relaxations lists the rules the result does not meet. Upper bounds
// (category caps, the guest quota, the turns per UMKM) are never broken by
// the engine, only by started turns that already exceed them; the regency
// minimum is a lower bound and gives way to capacity, to the upper bounds,
// to stall properties and availability, and to the fairness bound.
func (e *engine) relaxations() []Relaxation {
	var out []Relaxation
	if e.minReg > 0 {
		short := e.minReg * len(e.regions)
		for _, r := range sortedKeys(e.regions) {
			got := e.regUsed[r]
			if got >= e.minReg {
				continue
			}
			var because []string
			if e.capacity < short {
				because = []string{CauseStallTurns}
			} else {
				because = e.regencyCauses(r)
			}
			out = append(out, Relaxation{Rule: RuleMinPerRegency, Subject: r, Want: e.minReg, Got: got, Because: because})
		}
	}
	for _, c := range sortedKeys(e.catCap) {
		if e.catUsed[c] > e.catCap[c] {
			out = append(out, Relaxation{Rule: RuleCategoryCaps, Subject: c, Want: e.catCap[c], Got: e.catUsed[c], Because: []string{CauseStartedTurns}})
		}
	}
	if e.guestUsed > e.guestCap {
		out = append(out, Relaxation{Rule: RuleGuestQuota, Subject: "guests", Want: e.guestCap, Got: e.guestUsed, Because: []string{CauseStartedTurns}})
	}
	if e.maxTurns > 0 {
		for _, a := range e.apps {
			if !a.tetap && a.count > e.maxTurns {
				out = append(out, Relaxation{Rule: RuleMaxTurns, Subject: strconv.FormatInt(a.ID, 10), Want: e.maxTurns, Got: a.count, Because: []string{CauseStartedTurns}})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Relaxation) int { return cmp.Compare(a.Rule, b.Rule) })
	return out
}

// regencyCauses says what kept each eligible applicant of regency r from
// one more turn.
func (e *engine) regencyCauses(r string) []string {
	set := map[string]bool{}
	for _, a := range e.apps {
		if !a.eligible || a.guest || a.Regency != r {
			continue
		}
		set[e.cause(a)] = true
	}
	return sortedKeys(set)
}

func (e *engine) cause(a *app) string {
	if !a.tetap && e.maxTurns > 0 && a.count >= e.maxTurns {
		return RuleMaxTurns
	}
	reason := a.reason
	if a.count > 0 || reason == "" {
		reason = e.classify(a, 1, nil)
		if reason == ReasonNoMatchingStall && e.freeMatching(a) {
			return CauseFairness // a stall is free for it: the fairness repair took its turn
		}
	}
	switch reason {
	case ReasonCategoryFull:
		return RuleCategoryCaps
	case ReasonQuotaReached:
		return RuleGuestQuota
	case ReasonNoMatchingStall:
		return CauseStallProperties
	}
	return CauseAvailability
}

// freeMatching reports whether a stall a can use is free in a turn it can
// come and does not hold.
func (e *engine) freeMatching(a *app) bool {
	for p := range e.P {
		if !a.avail.has(p) || a.at[p] != atNone {
			continue
		}
		for _, t := range a.types {
			if len(e.free[p*e.T+t]) > 0 {
				return true
			}
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// strictError refuses a result that relaxes a rule the rulebook says must hold.
func strictError(rb *Rulebook, relaxed []Relaxation) error {
	for _, r := range relaxed {
		if slices.Contains(rb.Strict, r.Rule) {
			return platform.Errorf(platform.KindConflict, "Aturan %s tidak dapat dipenuhi untuk %s: bertentangan dengan %s",
				r.Rule, r.Subject, strings.Join(r.Because, ", "))
		}
	}
	return nil
}
