package mall

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

// Dates are civil dates at the venue, YYYY-MM-DD: stored so on both
// databases (DATE on PostgreSQL, read back with CAST … AS TEXT) and
// compared as such.

// MaxSeasonDays bounds a season, an application's or an allocation's.
const MaxSeasonDays = 366

// parseDate reads a YYYY-MM-DD date; ok is false for anything else.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	return t, err == nil
}

// period checks a from–to pair of dates for fields fromField and toField:
// both dates, from not after to, at most MaxSeasonDays long.
func period(v *platform.Validation, fromField, toField, from, to string) (time.Time, time.Time, bool) {
	f, ok1 := parseDate(from)
	t, ok2 := parseDate(to)
	v.Check(ok1, fromField, "Tanggal harus berformat TTTT-BB-HH")
	v.Check(ok2, toField, "Tanggal harus berformat TTTT-BB-HH")
	if !ok1 || !ok2 {
		return f, t, false
	}
	if t.Before(f) {
		v.Add(toField, "Tanggal akhir tidak boleh sebelum tanggal awal")
		return f, t, false
	}
	if t.Sub(f) >= MaxSeasonDays*24*time.Hour {
		v.Add(toField, "Musim paling lama %d hari", MaxSeasonDays)
		return f, t, false
	}
	return f, t, true
}

// checkWeekdays returns ISO weekdays sorted and without repeats, or an
// invalid error on field.
func checkWeekdays(field string, days []int) ([]int, error) {
	for _, d := range days {
		if d < 1 || d > 7 {
			return nil, platform.Invalid(field, "Hari harus 1 (Senin) sampai 7 (Minggu)")
		}
	}
	out := slices.Clone(days)
	slices.Sort(out)
	return slices.Compact(out), nil
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

func splitInts(s string) []int {
	out := []int{}
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// isoWeekday is t's weekday, 1 Monday … 7 Sunday.
func isoWeekday(t time.Time) int {
	if d := int(t.Weekday()); d != 0 {
		return d
	}
	return 7
}
