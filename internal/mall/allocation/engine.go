package allocation

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// Property bits of a stall or of what an applicant needs.
const (
	hasPower uint8 = 1 << iota
	hasWater
	hasCooking
)

func bits(n Needs) uint8 {
	var b uint8
	if n.Power {
		b |= hasPower
	}
	if n.Water {
		b |= hasWater
	}
	if n.Cooking {
		b |= hasCooking
	}
	return b
}

// Marks in app.at beside a stall index.
const (
	atNone    = -1 // no turn in the period
	atStarted = -2 // a started turn
)

type period struct{ from, to int } // day numbers, inclusive

type stallRec struct {
	code   string
	has    uint8
	cat    string
	active bool
	typ    int // index in engine.types; -1 when not active
}

// stallType groups active stalls that every rule treats alike: same
// properties, same category zone.
type stallType struct {
	has uint8
	cat string
}

type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }

type app struct {
	*Application
	idx      int // in engine.apps
	guest    bool
	needs    uint8
	avail    bitset
	navail   int
	at       []int32 // per period: a stall index, atNone or atStarted
	count    int     // stall-turns it holds, started included
	tetap    bool
	eligible bool // passed screening and can fit somewhere at all
	reason   Reason
	tie      uint64
	types    []int // the stall types it can use, best first
	started  []int // stalls of its started turns (a fixed tenant keeps its stall)
	out      bool  // rotating: can get no more turns this run
	round    int
}

type engine struct {
	in      *Input
	rb      *Rulebook
	periods []period
	P, T    int
	stalls  []stallRec
	types   []stallType
	occ     []int32   // stall*P+period: 0 free, -1 started, else app index+1
	free    [][]int32 // period*T+type: free stall indices, ascending
	nfree   []int     // free stalls per period
	apps    []*app    // by id
	demand  []int     // eligible rotating applicants available per period

	capacity  int
	catCap    map[string]int
	catUsed   map[string]int
	guestCap  int
	guestUsed int
	regUsed   map[string]int
	regions   map[string]bool // regencies with an eligible local applicant
	minReg    int
	maxTurns  int
}

// Allocate assigns the season's turns. It is a pure function of in: the
// same input (in any order of its lists) gives the same result. It returns
// an invalid error (with field errors) for input it cannot read, and a
// conflict error naming the rule when a rule listed in Rulebook.Strict
// cannot hold.
func Allocate(in Input) (Result, error) {
	if err := validate(&in); err != nil {
		return Result{}, err
	}
	e := newEngine(&in)
	e.run()
	res := e.result()
	if err := strictError(&in.Rulebook, res.Relaxed); err != nil {
		return Result{}, err
	}
	return res, nil
}

func newEngine(in *Input) *engine {
	e := &engine{in: in, rb: &in.Rulebook, catCap: map[string]int{}, catUsed: map[string]int{},
		regUsed: map[string]int{}, regions: map[string]bool{}, minReg: in.Rulebook.MinPerRegency, maxTurns: in.Rulebook.MaxTurnsPerUMKM}
	e.buildPeriods()
	e.buildStalls()
	e.buildApps()
	e.placeStarted()
	e.screen()
	return e
}

func weekdayMask(days []int) uint8 {
	if len(days) == 0 {
		return 0x7f
	}
	var m uint8
	for _, d := range days {
		m |= 1 << (d - 1)
	}
	return m
}

func (e *engine) buildPeriods() {
	open := weekdayMask(e.in.OpenWeekdays)
	from, to, n := dayOf(e.in.Season.From), dayOf(e.in.Season.To), e.rb.TurnDays
	for s := from; s <= to; s += n {
		p := period{s, min(s+n-1, to)}
		for d := p.from; d <= p.to && d < p.from+7; d++ {
			if open&(1<<(isoWeekday(d)-1)) != 0 {
				e.periods = append(e.periods, p)
				break
			}
		}
	}
	e.P = len(e.periods)
}

func (e *engine) buildStalls() {
	ss := slices.Clone(e.in.Stalls)
	slices.SortFunc(ss, func(a, b Stall) int { return cmp.Compare(a.Code, b.Code) })
	typeIx := map[stallType]int{}
	var keys []stallType
	for _, s := range ss {
		k := stallType{bits(s.Has), s.Category}
		if _, ok := typeIx[k]; !ok && s.Status == StatusActive {
			typeIx[k] = 0
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b stallType) int {
		return cmp.Or(cmp.Compare(a.cat, b.cat), cmp.Compare(a.has, b.has))
	})
	for i, k := range keys {
		typeIx[k] = i
	}
	e.types, e.T = keys, len(keys)
	e.occ = make([]int32, len(ss)*e.P)
	e.free = make([][]int32, e.P*e.T)
	e.nfree = make([]int, e.P)
	for i, s := range ss {
		r := stallRec{code: s.Code, has: bits(s.Has), cat: s.Category, active: s.Status == StatusActive, typ: -1}
		if r.active {
			r.typ = typeIx[stallType{r.has, r.cat}]
			for p := range e.P {
				e.free[p*e.T+r.typ] = append(e.free[p*e.T+r.typ], int32(i))
				e.nfree[p]++
			}
			e.capacity += e.P
		}
		e.stalls = append(e.stalls, r)
	}
	for c, f := range e.rb.CategoryCaps {
		e.catCap[c] = int(math.Floor(f*float64(e.capacity) + 1e-9))
	}
	e.guestCap = int(math.Floor(e.rb.GuestQuota*float64(e.capacity) + 1e-9))
}

// typesFor lists the stall types an applicant can use, best first: stalls
// zoned for its category (which nobody else may take), then the fewest
// properties it does not need, so that scarce stalls (cooking, water) stay
// for those who need them.
func (e *engine) typesFor(needs uint8, cat string) []int {
	var ts []int
	for i, t := range e.types {
		if t.has&needs == needs && (t.cat == "" || t.cat == cat) {
			ts = append(ts, i)
		}
	}
	surplus := func(t stallType) int { return popcount(t.has &^ needs) }
	slices.SortStableFunc(ts, func(a, b int) int {
		ta, tb := e.types[a], e.types[b]
		return cmp.Or(cmp.Compare(boolInt(ta.cat == ""), boolInt(tb.cat == "")), cmp.Compare(surplus(ta), surplus(tb)))
	})
	return ts
}

func popcount(b uint8) int {
	n := 0
	for ; b != 0; b &= b - 1 {
		n++
	}
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (e *engine) buildApps() {
	open := weekdayMask(e.in.OpenWeekdays)
	type typeKey struct {
		needs uint8
		cat   string
	}
	cache := map[typeKey][]int{}
	ids := make([]*Application, len(e.in.Applications))
	for i := range e.in.Applications {
		ids[i] = &e.in.Applications[i]
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].ID < ids[j].ID })
	for i, ap := range ids {
		a := &app{Application: ap, idx: i, guest: ap.Province != e.in.Province, needs: bits(ap.Needs),
			avail: newBitset(e.P), at: make([]int32, e.P), tetap: ap.Class == ClassTetap,
			tie: mix(e.in.Seed ^ mix(uint64(ap.ID)))}
		k := typeKey{a.needs, ap.Category}
		ts, ok := cache[k]
		if !ok {
			ts = e.typesFor(a.needs, ap.Category)
			cache[k] = ts
		}
		a.types = ts
		mask := open & weekdayMask(ap.Weekdays)
		lo, hi := math.MinInt, math.MaxInt
		if !ap.From.IsZero() {
			lo = dayOf(ap.From)
		}
		if !ap.To.IsZero() {
			hi = dayOf(ap.To)
		}
		for p, pr := range e.periods {
			a.at[p] = atNone
			// Available: at least one opening day of the turn is one of its
			// weekdays and inside its dates (see the package documentation).
			for d := max(pr.from, lo); d <= min(pr.to, hi); d++ {
				if mask&(1<<(isoWeekday(d)-1)) != 0 {
					a.avail.set(p)
					a.navail++
					break
				}
				if d >= max(pr.from, lo)+6 {
					break // a whole week seen: no weekday of it fits
				}
			}
		}
		e.apps = append(e.apps, a)
	}
}

// mix is splitmix64's finaliser: the seeded shuffle gives each application
// the tie key mix(seed ^ mix(id)), which does not depend on input order.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (e *engine) appByID(id int64) *app {
	i, ok := slices.BinarySearchFunc(e.apps, id, func(a *app, id int64) int { return cmp.Compare(a.ID, id) })
	if !ok {
		return nil
	}
	return e.apps[i]
}

func (e *engine) stallByCode(code string) int {
	i, ok := slices.BinarySearchFunc(e.stalls, code, func(s stallRec, c string) int { return cmp.Compare(s.code, c) })
	if !ok {
		return -1
	}
	return i
}

// placeStarted marks the started turns: each occupies every period it
// overlaps on its stall and counts there for its applicant and quotas.
func (e *engine) placeStarted() {
	for _, t := range e.in.Started {
		s, a := e.stallByCode(t.Stall), e.appByID(t.ApplicationID)
		from, to := dayOf(t.From), dayOf(t.To)
		if !slices.Contains(a.started, s) {
			a.started = append(a.started, s)
		}
		for p, pr := range e.periods {
			if pr.to < from || pr.from > to {
				continue
			}
			if e.occ[s*e.P+p] == 0 && e.stalls[s].active {
				e.takeFree(s, p)
			}
			e.occ[s*e.P+p] = -1
			a.at[p] = atStarted
			e.count(a, 1)
		}
	}
	for _, a := range e.apps {
		slices.Sort(a.started)
	}
}

// count adds n stall-turns to a's tallies.
func (e *engine) count(a *app, n int) {
	a.count += n
	e.catUsed[a.Category] += n
	if a.guest {
		e.guestUsed += n
	} else {
		e.regUsed[a.Regency] += n
	}
}

func (e *engine) takeFree(s, p int) {
	l := &e.free[p*e.T+e.stalls[s].typ]
	if i, ok := slices.BinarySearch(*l, int32(s)); ok {
		*l = slices.Delete(*l, i, i+1)
		e.nfree[p]--
	}
}

// screen gives the reasons that hold whatever others get, in the order of
// precedence, and marks the rest eligible.
func (e *engine) screen() {
	e.demand = make([]int, e.P)
	for _, a := range e.apps {
		switch {
		case a.Arrears:
			a.reason = ReasonArrears
		case a.RubricScore < e.rb.RubricThreshold:
			a.reason = ReasonBelowThreshold
		case a.navail == 0:
			a.reason = ReasonNotAvailable
		case len(a.types) == 0:
			a.reason = ReasonNoMatchingStall
		default:
			a.eligible = true
		}
		if !a.eligible {
			continue
		}
		if !a.guest {
			e.regions[a.Regency] = true
		}
		if !a.tetap {
			for p := range e.P {
				if a.avail.has(p) {
					e.demand[p]++
				}
			}
		}
	}
}
