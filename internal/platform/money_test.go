package platform_test

import (
	"math"
	"math/big"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
)

// TestCheckedArithmeticAgreesWithExactArithmetic compares AddInt64 and
// MulInt64 with big.Int on the edges of int64: the result is exact when it
// fits, and otherwise the bound it went past, reported as not ok.
func TestCheckedArithmeticAgreesWithExactArithmetic(t *testing.T) {
	edges := []int64{0, 1, -1, 2, -2, 10_000_000_000, -10_000_000_000, 3_037_000_499, 3_037_000_500, -3_037_000_500,
		math.MaxInt64, math.MaxInt64 - 1, math.MinInt64, math.MinInt64 + 1, math.MaxInt64 / 2, math.MinInt64 / 2}
	check := func(op string, a, b, got int64, ok bool, exact *big.Int) {
		t.Helper()
		fits := exact.IsInt64()
		want := int64(math.MaxInt64)
		switch {
		case fits:
			want = exact.Int64()
		case exact.Sign() < 0:
			want = math.MinInt64
		}
		if got != want || ok != fits {
			t.Errorf("%d %s %d = %d, %v; want %d, %v", a, op, b, got, ok, want, fits)
		}
	}
	for _, a := range edges {
		for _, b := range edges {
			s, ok := platform.AddInt64(a, b)
			check("+", a, b, s, ok, new(big.Int).Add(big.NewInt(a), big.NewInt(b)))
			p, ok := platform.MulInt64(a, b)
			check("×", a, b, p, ok, new(big.Int).Mul(big.NewInt(a), big.NewInt(b)))
		}
	}
}
