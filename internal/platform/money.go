package platform

import (
	"math"
	"math/bits"
)

// Money is whole rupiah in an int64. Sums and products of amounts go
// through AddInt64 and MulInt64, the one place that checks them: Go's
// arithmetic wraps round silently, and SQL's SUM fails (SQLite) or returns
// a value that no longer fits (PostgreSQL) once past the range.

// AddInt64 returns a+b and true, or the bound the exact sum went past
// (math.MaxInt64 or math.MinInt64) and false.
func AddInt64(a, b int64) (int64, bool) {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64, false
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64, false
	}
	return s, true
}

// MulInt64 returns a*b and true, or the bound the exact product went past
// and false.
func MulInt64(a, b int64) (int64, bool) {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(magnitude(a), magnitude(b))
	limit := uint64(math.MaxInt64)
	if neg {
		limit++ // |math.MinInt64|
	}
	if hi != 0 || lo > limit {
		if neg {
			return math.MinInt64, false
		}
		return math.MaxInt64, false
	}
	if neg {
		return int64(-lo), true
	}
	return int64(lo), true
}

func magnitude(n int64) uint64 {
	if n < 0 {
		return -uint64(n)
	}
	return uint64(n)
}

// SumSplit splits amounts for SQL sums: SUM(total) fails on SQLite (and
// does not fit an int64 on PostgreSQL) once a group passes the range, so
// reports sum total / SumSplit and total % SumSplit apart, each far inside
// it (a group would need a billion rows), and join them with CheckedSum.
const SumSplit = 1_000_000_000

// SplitSums is the SQL of that: two sums of a column.
func SplitSums(col string) string {
	return "SUM(" + col + " / 1000000000), SUM(" + col + " % 1000000000)"
}

// CheckedSum does every sum of a report: a figure whose exact value would
// not fit an int64 stops at the bound and is remembered (Overflow) instead
// of wrapping round or failing the report.
type CheckedSum struct{ Overflow bool }

// Plus adds v into *dst.
func (c *CheckedSum) Plus(dst *int64, v int64) {
	var ok bool
	if *dst, ok = AddInt64(*dst, v); !ok {
		c.Overflow = true
	}
}

// PlusSplit adds hi × SumSplit + lo, the two sums of SplitSums, into *dst.
func (c *CheckedSum) PlusSplit(dst *int64, hi, lo int64) {
	v, ok := MulInt64(hi, SumSplit)
	if !ok {
		c.Overflow = true
	}
	c.Plus(dst, v)
	c.Plus(dst, lo)
}
