package idn

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// refShort is a slow reference for RupiahShort built on exact rationals.
func refShort(n int64) string {
	neg := n < 0
	mag := new(big.Int).Abs(big.NewInt(n))
	if mag.Cmp(big.NewInt(1_000_000)) < 0 {
		return Rupiah(n)
	}
	// Independent rule: the smallest unit whose rounded value stays below
	// 1000.0 (triliun has no cap).
	units := []struct {
		exp  int64
		name string
	}{{6, "juta"}, {9, "miliar"}, {12, "triliun"}}
	for i, u := range units {
		unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(u.exp), nil)
		// tenths = floor(mag*10/unit + 1/2)
		num := new(big.Int).Mul(mag, big.NewInt(20))
		num.Add(num, unit)
		tenths := num.Div(num, new(big.Int).Mul(unit, big.NewInt(2)))
		if i < len(units)-1 && tenths.Cmp(big.NewInt(10_000)) >= 0 {
			continue
		}
		whole := new(big.Int).Div(tenths, big.NewInt(10))
		frac := new(big.Int).Mod(tenths, big.NewInt(10))
		s := "Rp" + FormatInt(whole.Int64())
		if frac.Sign() != 0 {
			s += "," + frac.String()
		}
		s += " " + u.name
		if neg {
			s = "-" + s
		}
		return s
	}
	return "?"
}

func TestRupiahShortReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(n int64) {
		if got, want := RupiahShort(n), refShort(n); got != want {
			t.Fatalf("RupiahShort(%d) = %q, reference %q", n, got, want)
		}
		if got, want := RupiahShortEN(n), RupiahShort(n); strings.Count(got, " ") != strings.Count(want, " ") {
			t.Fatalf("RupiahShortEN(%d) = %q vs %q", n, got, want)
		}
	}
	for _, n := range []int64{math.MaxInt64, math.MinInt64 + 1, 999_999, 1_000_000, 999_950_000, 999_949_999, 999_950_000_000, 999_949_999_999} {
		check(n)
		check(-n)
	}
	for range 200_000 {
		// Spread magnitudes over all orders: 10^k scaled by a random factor.
		n := r.Int64N(int64(math.Pow10(1 + r.IntN(18))))
		if r.IntN(2) == 0 {
			n = -n
		}
		check(n)
	}
}
