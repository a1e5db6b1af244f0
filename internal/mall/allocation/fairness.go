package allocation

import (
	"cmp"
	"encoding/binary"
	"slices"
	"strings"
)

// groups returns the comparison groups of the fairness measure: eligible
// rotating applicants that the rules cannot tell apart except by priority
// and regency (same class, same turns they can come, same needs, same
// category, both guests or both local). Groups are in a fixed order, their
// members in priority order.
func (e *engine) groups() [][]*app {
	byKey := map[string][]*app{}
	var keys []string
	var b strings.Builder
	for _, a := range e.apps {
		if !a.eligible || a.tetap {
			continue
		}
		b.Reset()
		b.WriteString(string(a.Class))
		b.WriteByte(0)
		b.WriteString(a.Category)
		b.WriteByte(0)
		b.WriteByte(a.needs | byte(boolInt(a.guest))<<7)
		for _, w := range a.avail {
			b.Write(binary.LittleEndian.AppendUint64(nil, w))
		}
		k := b.String()
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], a)
	}
	slices.Sort(keys)
	out := make([][]*app, 0, len(keys))
	for _, k := range keys {
		g := byKey[k]
		slices.SortFunc(g, e.compare)
		out = append(out, g)
	}
	return out
}

// repairFairness closes every gap of two or more turns inside a group by
// handing one of the richer applicant's new turns, in a turn the poorer one
// does not hold, to the poorer one. Both can use the same stalls and quotas,
// so no rule changes; only a regency's count may drop, and the fairness
// bound is the stronger rule (see the package documentation). Started turns
// never move, so a gap they alone cause stays and is reported.
func (e *engine) repairFairness() {
	for _, g := range e.groups() {
		for e.repairOnce(g) {
		}
	}
}

func (e *engine) repairOnce(g []*app) bool {
	lo, hi := spread(g)
	if hi-lo <= 1 {
		return false
	}
	rank := make(map[*app]int, len(g))
	for i, a := range g {
		rank[a] = i
	}
	poor := slices.Clone(g)
	slices.SortStableFunc(poor, func(a, b *app) int { return cmp.Compare(a.count, b.count) })
	rich := slices.Clone(g)
	slices.SortStableFunc(rich, func(a, b *app) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(rank[b], rank[a]))
	})
	for _, r := range rich {
		if r.count-poor[0].count < 2 {
			return false
		}
		for _, p := range poor {
			if r.count-p.count < 2 {
				break
			}
			if e.transfer(r, p) {
				return true
			}
		}
	}
	return false
}

// transfer moves one of from's new turns to to, in the first turn to does
// not hold.
func (e *engine) transfer(from, to *app) bool {
	for p := range e.P {
		s := from.at[p]
		if s < 0 || to.at[p] != atNone || !to.avail.has(p) {
			continue
		}
		e.occ[int(s)*e.P+p] = int32(to.idx + 1)
		from.at[p], to.at[p] = atNone, s
		e.count(from, -1)
		e.count(to, 1)
		to.reason = ""
		return true
	}
	return false
}

func spread(g []*app) (lo, hi int) {
	lo, hi = g[0].count, g[0].count
	for _, a := range g[1:] {
		lo, hi = min(lo, a.count), max(hi, a.count)
	}
	return lo, hi
}

// fairness measures the result over the comparison groups.
func (e *engine) fairness() Fairness {
	var f Fairness
	for _, g := range e.groups() {
		if len(g) < 2 {
			continue
		}
		f.Groups++
		lo, hi := spread(g)
		f.MaxGap = max(f.MaxGap, hi-lo)
	}
	return f
}
