// Package idn formats and validates Indonesian values: rupiah amounts,
// dates, phone/WhatsApp numbers and identity/business numbers (NIK, NIB).
//
// Every formatter has an Indonesian form (the default) and an English form
// (suffix EN) for the English UI.
package idn

import "strconv"

// abs returns the magnitude of n as uint64; it is exact for math.MinInt64.
func abs(n int64) uint64 {
	if n < 0 {
		return -uint64(n)
	}
	return uint64(n)
}

// group writes the decimal digits of u with sep between groups of three.
func group(u uint64, sep byte) string {
	s := strconv.FormatUint(u, 10)
	if len(s) <= 3 {
		return s
	}
	out := make([]byte, 0, len(s)+(len(s)-1)/3)
	first := len(s) % 3
	if first == 0 {
		first = 3
	}
	out = append(out, s[:first]...)
	for i := first; i < len(s); i += 3 {
		out = append(out, sep)
		out = append(out, s[i:i+3]...)
	}
	return string(out)
}

func sign(n int64) string {
	if n < 0 {
		return "-"
	}
	return ""
}

// FormatInt groups thousands with '.' as Indonesian does: 20000 → "20.000",
// -1500 → "-1.500".
func FormatInt(n int64) string { return sign(n) + group(abs(n), '.') }

// FormatIntEN groups thousands with ',': 20000 → "20,000".
func FormatIntEN(n int64) string { return sign(n) + group(abs(n), ',') }

// Rupiah formats whole rupiah: 1500000 → "Rp1.500.000", -1500 → "-Rp1.500".
func Rupiah(amount int64) string { return sign(amount) + "Rp" + group(abs(amount), '.') }

// RupiahEN formats whole rupiah for the English UI: "Rp1,500,000".
func RupiahEN(amount int64) string { return sign(amount) + "Rp" + group(abs(amount), ',') }

type scale struct {
	unit   uint64
	id, en string
}

// scales from largest to smallest. Indonesian uses the short scale
// (miliar = 10^9, triliun = 10^12) like English.
var scales = []scale{
	{1_000_000_000_000, "triliun", "trillion"},
	{1_000_000_000, "miliar", "billion"},
	{1_000_000, "juta", "million"},
}

// RupiahShort formats a sum for summaries with one decimal: "Rp3,1 juta",
// "Rp55,2 miliar", "Rp1,5 triliun", "Rp2 miliar" (",0" is dropped). Amounts
// below one million use the full Rupiah form. Rounding is half away from
// zero, computed with integers; a value that rounds up to 1000 of a unit
// moves to the next unit (999_950_000 → "Rp1 miliar").
func RupiahShort(amount int64) string { return rupiahShort(amount, false) }

// RupiahShortEN is RupiahShort for the English UI: "Rp55.2 billion",
// "Rp3.1 million", "Rp1.5 trillion"; below one million "Rp999,999".
func RupiahShortEN(amount int64) string { return rupiahShort(amount, true) }

func rupiahShort(amount int64, en bool) string {
	thousands, decimal := byte('.'), byte(',')
	if en {
		thousands, decimal = ',', '.'
	}
	u := abs(amount)
	if u < scales[len(scales)-1].unit {
		return sign(amount) + "Rp" + group(u, thousands)
	}
	// Pick the largest unit not above u; if rounding reaches 1000 of that
	// unit (999,95 juta → 1000,0 juta), use the next larger unit (1 miliar).
	i := 0
	for u < scales[i].unit {
		i++
	}
	tenths := roundTenths(u, scales[i].unit)
	if tenths >= 10_000 && i > 0 {
		i--
		tenths = roundTenths(u, scales[i].unit)
	}
	whole, frac := tenths/10, tenths%10
	s := sign(amount) + "Rp" + group(whole, thousands)
	if frac != 0 {
		s += string(decimal) + strconv.FormatUint(frac, 10)
	}
	if en {
		return s + " " + scales[i].en
	}
	return s + " " + scales[i].id
}

// roundTenths returns u/unit in tenths, rounded half up (u is a magnitude, so
// this is half away from zero for the signed amount). It splits u into
// quotient and remainder first so nothing overflows: r*10 < 10^13.
func roundTenths(u, unit uint64) uint64 {
	q, r := u/unit, u%unit
	return q*10 + (r*10+unit/2)/unit
}
