package idn

import (
	"strconv"
	"strings"
)

// ParseRupiah reads a whole-rupiah amount as people type it in Indonesia:
// "5000", "5.000", "Rp5.000", "Rp 5.000", "Rp. 5.000" and "5.000,00" are
// all 5000. Dots group thousands (so each group after the first has three
// digits: "50.00" and "1.5" are refused rather than guessed at), a comma
// may only be followed by zeros (rupiah have no cents: "5,5" is refused),
// and there is no sign. An empty string reads as 0 (an optional field).
//
// The offline cashier (internal/web/static/kasir.js, parseRupiah) applies
// the same rules; internal/web's tests check the two agree.
func ParseRupiah(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && strings.EqualFold(s[:2], "rp") {
		s = strings.TrimPrefix(s[2:], ".")
		s = strings.TrimSpace(s)
	}
	if s == "" {
		return 0, true
	}
	if whole, cents, ok := strings.Cut(s, ","); ok {
		if cents == "" || strings.Trim(cents, "0") != "" {
			return 0, false
		}
		s = whole
	}
	groups := strings.Split(s, ".")
	for i, g := range groups {
		if g == "" || strings.Trim(g, "0123456789") != "" || (len(groups) > 1 && (len(g) > 3 || i > 0 && len(g) != 3)) {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(strings.Join(groups, ""), 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}
