package allocation

import (
	"cmp"
	"slices"
)

// run serves the classes in the rulebook's order.
func (e *engine) run() {
	for _, c := range classOrder(e.rb) {
		var apps []*app
		for _, a := range e.apps {
			if a.Class == c && a.eligible {
				apps = append(apps, a)
			}
		}
		slices.SortFunc(apps, e.compare)
		if c == ClassTetap {
			e.fixedPhase(apps)
		} else {
			e.rotatingPhase(apps)
		}
	}
	e.repairFairness()
}

// compare orders applicants inside a round: the rulebook's priorities, then
// the seeded tie key, then the id (should two keys collide).
func (e *engine) compare(a, b *app) int {
	for _, p := range e.rb.Priorities {
		var c int
		switch p {
		case PriorityNeverHadTurn:
			c = cmp.Compare(boolInt(b.PastTurns == 0), boolInt(a.PastTurns == 0))
		case PriorityMikro:
			c = cmp.Compare(boolInt(b.Scale == "mikro"), boolInt(a.Scale == "mikro"))
		case PriorityAttendance:
			c = cmp.Compare(b.AttendanceRate, a.AttendanceRate)
		case PriorityRubric:
			c = cmp.Compare(b.RubricScore, a.RubricScore)
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(a.tie, b.tie), cmp.Compare(a.ID, b.ID))
}

// deficit reports whether a's regency still lacks its minimum of turns.
func (e *engine) deficit(a *app) bool {
	return e.minReg > 0 && !a.guest && e.regUsed[a.Regency] < e.minReg
}

// fixedPhase gives each fixed tenant, in order, one stall for every turn it
// can come (keeping the stall of its started turns when it can), or
// nothing. Applicants of regencies below their minimum go first.
func (e *engine) fixedPhase(apps []*app) {
	done := make([]bool, len(apps))
	for _, onlyDeficit := range []bool{true, false} {
		if onlyDeficit && e.minReg == 0 {
			continue
		}
		for i, a := range apps {
			if done[i] || onlyDeficit && !e.deficit(a) {
				continue
			}
			done[i] = true
			e.giveAll(a)
		}
	}
}

// rotatingPhase shares turns out in rounds: in round r every applicant
// still in play with fewer than r turns may get one more, so no one gets a
// second turn before everyone who can get a first has one. An applicant
// that finds no turn leaves the phase: turns only ever get taken, so it
// would find none later either. In each round the applicants of regencies
// below their minimum are served first, then the rest, each in priority
// order.
func (e *engine) rotatingPhase(apps []*app) {
	active := apps
	for r := 1; len(active) > 0; r++ {
		for _, onlyDeficit := range []bool{true, false} {
			if onlyDeficit && e.minReg == 0 {
				continue
			}
			for _, a := range active {
				if a.out || a.round == r || onlyDeficit && !e.deficit(a) {
					continue
				}
				if e.maxTurns > 0 && a.count >= e.maxTurns {
					a.out = true
					continue
				}
				if a.count >= r { // started turns already give it this round's turn
					continue
				}
				a.round = r
				if !e.giveOne(a) {
					a.out = true
				}
			}
		}
		active = slices.DeleteFunc(active, func(a *app) bool { return a.out })
	}
}

// giveOne gives a one more turn, or records why it cannot have a first.
func (e *engine) giveOne(a *app) bool {
	if e.room(a) < 1 {
		e.fail(a, 1, nil)
		return false
	}
	best, bestRank, bestF, bestD := -1, 0, 0, 1
	for p := range e.P {
		if !a.avail.has(p) || a.at[p] != atNone {
			continue
		}
		rank, f := -1, 0
		for i, t := range a.types {
			if n := len(e.free[p*e.T+t]); n > 0 {
				if rank < 0 {
					rank = i
				}
				f += n
			}
		}
		if f == 0 {
			continue
		}
		// The best-fitting stall type first; then the turn with the most
		// free stalls per applicant who could come, so that applicants who
		// can come in few turns still find them free.
		d := max(e.demand[p], 1)
		if best < 0 || rank < bestRank || rank == bestRank && f*bestD > bestF*d {
			best, bestRank, bestF, bestD = p, rank, f, d
		}
	}
	if best < 0 {
		e.fail(a, 1, nil)
		return false
	}
	s := e.free[best*e.T+a.types[bestRank]][0]
	e.assign(a, int(s), best)
	return true
}

// room is how many more stall-turns a's category and (for a guest) the
// guest quota allow.
func (e *engine) room(a *app) int {
	r := e.capacity
	if c, ok := e.catCap[a.Category]; ok {
		r = min(r, c-e.catUsed[a.Category])
	}
	if a.guest {
		r = min(r, e.guestCap-e.guestUsed)
	}
	return r
}

// giveAll gives a fixed tenant one stall for all the turns it can come and
// does not yet hold, or nothing.
func (e *engine) giveAll(a *app) {
	var need []int
	for p := range e.P {
		if a.avail.has(p) && a.at[p] == atNone {
			need = append(need, p)
		}
	}
	if len(need) == 0 {
		return
	}
	if e.room(a) < len(need) {
		e.fail(a, len(need), need)
		return
	}
	usable := make([]bool, e.T)
	for _, t := range a.types {
		usable[t] = true
	}
	var candidates []int
	for _, s := range a.started {
		if st := e.stalls[s]; st.active && usable[st.typ] {
			candidates = append(candidates, s)
		}
	}
	for _, t := range a.types {
		for s, st := range e.stalls {
			if st.typ == t {
				candidates = append(candidates, s)
			}
		}
	}
	for _, s := range candidates {
		if e.freeAll(s, need) {
			for _, p := range need {
				e.assign(a, s, p)
			}
			return
		}
	}
	e.fail(a, len(need), need)
}

func (e *engine) freeAll(s int, ps []int) bool {
	for _, p := range ps {
		if e.occ[s*e.P+p] != 0 {
			return false
		}
	}
	return true
}

func (e *engine) assign(a *app, s, p int) {
	e.takeFree(s, p)
	e.occ[s*e.P+p] = int32(a.idx + 1)
	a.at[p] = int32(s)
	e.count(a, 1)
}

// fail records the reason of an applicant that has no turn at all; need is
// the number of stall-turns it asked for, fixed lists the turns a fixed
// tenant needs on one stall (nil for a rotating one).
func (e *engine) fail(a *app, need int, fixed []int) {
	if a.count > 0 {
		return
	}
	a.reason = e.classify(a, need, fixed)
}

// classify names why a cannot have the stall-turns it asks for now, in the
// order of precedence: the quotas first (a free stall would not help),
// then whether stalls are free on its days but lack its properties.
func (e *engine) classify(a *app, need int, fixed []int) Reason {
	if c, ok := e.catCap[a.Category]; ok && e.catUsed[a.Category]+need > c {
		return ReasonCategoryFull
	}
	if a.guest && e.guestUsed+need > e.guestCap {
		return ReasonQuotaReached
	}
	if fixed != nil {
		for s, st := range e.stalls {
			if st.active && e.freeAll(s, fixed) {
				return ReasonNoMatchingStall
			}
		}
		return ReasonNotAvailable
	}
	for p := range e.P {
		if a.avail.has(p) && a.at[p] == atNone && e.nfree[p] > 0 {
			return ReasonNoMatchingStall
		}
	}
	return ReasonNotAvailable
}
