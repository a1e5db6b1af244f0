package importer

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// numberPattern is a plain or scientific number as spreadsheets write one:
// "1234567890123", "1234567890123.0", "1.234567890123E+12", "1,5E+06".
var numberPattern = regexp.MustCompile(`^([0-9]+)(?:[.,]([0-9]+))?(?:[eE]([+-]?[0-9]+))?$`)

// expandInteger turns a number a spreadsheet wrote for an identifier (NIB,
// WhatsApp, KBLI) back into its digits, exactly: "1.234567890123E+12" →
// "1234567890123", "81234567890.0" → "81234567890". Anything that is not
// such a number is returned unchanged with ok false.
//
// padded counts the zeros that had to be invented after the written
// digits: "1.23457E+12" → "1234570000000", padded 7. Such zeros usually mean
// the digits were lost when a spreadsheet displayed the number.
func expandInteger(s string) (digits string, padded int, ok bool) {
	m := numberPattern.FindStringSubmatch(s)
	if m == nil || (m[2] == "" && m[3] == "") {
		return s, 0, false
	}
	all, point := m[1]+m[2], len(m[1])
	if m[3] != "" {
		e, err := strconv.Atoi(m[3])
		if err != nil || e > 30 || e < -30 {
			return s, 0, false
		}
		point += e
	}
	if point < 1 {
		return s, 0, false
	}
	if point <= len(all) {
		if strings.Trim(all[point:], "0") != "" {
			return s, 0, false // not a whole number
		}
		digits = all[:point]
	} else {
		padded = point - len(all)
		digits = all + strings.Repeat("0", padded)
	}
	if t := strings.TrimLeft(digits, "0"); t != "" {
		digits = t
	} else {
		digits = "0"
	}
	return digits, padded, true
}

// parseMoney reads a rupiah amount as agencies write it: "1500000",
// "1.500.000", "Rp1.500.000", "Rp 1.500.000,00", "Rp 1.500.000,-",
// "1,500,000.00", and raw XLSX numbers ("1500000", "1.5E+06"). A dot or
// comma followed by exactly three digits is a thousands separator, as in
// Indonesian writing. Fractions of a rupiah are rounded. Negative amounts
// ("-1.000", "(1.000)") are returned as such, for the UMKM rules to reject.
// Empty is zero. ok is false for anything else.
func parseMoney(s string) (amount int64, ok bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\t':
			return -1
		case '\u2212': // minus sign
			return '-'
		}
		return r
	}, s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, s[1:len(s)-1]
	}
	if rest, cut := strings.CutPrefix(s, "-"); cut {
		neg, s = true, rest
	}
	for _, p := range []string{"rp.", "rp", "idr"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
			break
		}
	}
	if rest, cut := strings.CutPrefix(s, "-"); cut {
		neg, s = true, rest
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, ",-"), ".-")
	if s == "" {
		return 0, !neg
	}
	var whole, frac string
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f >= 1e18 {
			return 0, false
		}
		amount = int64(math.Round(f))
	} else {
		for _, r := range s {
			if (r < '0' || r > '9') && r != '.' && r != ',' {
				return 0, false
			}
		}
		dots, commas := strings.Count(s, "."), strings.Count(s, ",")
		var decimal byte
		switch {
		case dots > 0 && commas > 0:
			decimal = s[max(strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ','))]
		case dots == 1 && len(s)-strings.IndexByte(s, '.')-1 != 3:
			decimal = '.'
		case commas == 1 && len(s)-strings.IndexByte(s, ',')-1 != 3:
			decimal = ','
		}
		whole = s
		if decimal != 0 {
			i := strings.LastIndexByte(s, decimal)
			whole, frac = s[:i], s[i+1:]
			if strings.ContainsAny(frac, ".,") || strings.IndexByte(whole, decimal) >= 0 {
				return 0, false
			}
		}
		whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
		if whole == "" {
			return 0, false
		}
		n, err := strconv.ParseInt(whole, 10, 64)
		if err != nil || n >= 1e18 {
			return 0, false
		}
		if frac != "" && frac[0] >= '5' {
			n++
		}
		amount = n
	}
	if neg {
		amount = -amount
	}
	return amount, true
}

var (
	regencyDotted   = regexp.MustCompile(`^([0-9]{2})[.,]([0-9]{2})$`)
	regencyUndotted = regexp.MustCompile(`^[0-9]{4}$`)
	regencyNumeric  = regexp.MustCompile(`^[0-9]{2}\.[0-9]+$`)
)

// parseRegency normalises a Kemendagri regency code: "16.71", "16,71"
// (Indonesian-locale decimal comma), "1671", and the number a spreadsheet
// makes of "16.10" (16.1) or stores as 16.710000000000001. Anything else is
// returned trimmed, for the UMKM rules to reject.
func parseRegency(s string) string {
	if m := regencyDotted.FindStringSubmatch(s); m != nil {
		return m[1] + "." + m[2]
	}
	if regencyUndotted.MatchString(s) {
		return s[:2] + "." + s[2:]
	}
	if regencyNumeric.MatchString(s) {
		// Only when the number is two decimals give or take float noise: a
		// typo such as "16.715" must not become another regency.
		if f, err := strconv.ParseFloat(s, 64); err == nil && math.Abs(f*100-math.Round(f*100)) < 1e-6 {
			return strconv.FormatFloat(math.Round(f*100)/100, 'f', 2, 64)
		}
	}
	return s
}
