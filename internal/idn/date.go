package idn

import (
	"fmt"
	"strconv"
	"time"
)

var monthsID = [...]string{
	"Januari", "Februari", "Maret", "April", "Mei", "Juni",
	"Juli", "Agustus", "September", "Oktober", "November", "Desember",
}

// MonthName returns the Indonesian name of a month ("Agustus"), or "" for a
// value outside 1–12.
func MonthName(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return monthsID[m-1]
}

// MonthNameEN returns the English name of a month ("August"), or "" for a
// value outside 1–12.
func MonthNameEN(m time.Month) string {
	if m < time.January || m > time.December {
		return ""
	}
	return m.String()
}

// in converts t to loc; a nil loc keeps t's own location.
func in(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		return t
	}
	return t.In(loc)
}

func dayMonthYear(t time.Time, en bool) string {
	month := MonthName(t.Month())
	if en {
		month = MonthNameEN(t.Month())
	}
	return strconv.Itoa(t.Day()) + " " + month + " " + strconv.Itoa(t.Year())
}

// Date formats t in loc as an Indonesian date: "12 Agustus 2022". A nil loc
// uses t's own location.
func Date(t time.Time, loc *time.Location) string { return dayMonthYear(in(t, loc), false) }

// DateEN formats t in loc as an English date: "12 August 2022".
func DateEN(t time.Time, loc *time.Location) string { return dayMonthYear(in(t, loc), true) }

// DateTime formats t in loc as "12 Agustus 2022 14.05 WIB" (Indonesian
// writes a full stop between hour and minute). zoneAbbrev is appended as
// given, typically region.ZoneAbbrev(province); when empty it is omitted.
func DateTime(t time.Time, loc *time.Location, zoneAbbrev string) string {
	t = in(t, loc)
	return withZone(fmt.Sprintf("%s %02d.%02d", dayMonthYear(t, false), t.Hour(), t.Minute()), zoneAbbrev)
}

// DateTimeEN formats t in loc as "12 August 2022 14:05 WIB".
func DateTimeEN(t time.Time, loc *time.Location, zoneAbbrev string) string {
	t = in(t, loc)
	return withZone(fmt.Sprintf("%s %02d:%02d", dayMonthYear(t, true), t.Hour(), t.Minute()), zoneAbbrev)
}

func withZone(s, zone string) string {
	if zone == "" {
		return s
	}
	return s + " " + zone
}

// DateRange formats the calendar dates from..to (each read in its own
// location) compactly with an en dash:
//
//	"12 Agustus 2022"                  (same day)
//	"12–14 Agustus 2022"               (same month)
//	"30 Juli–2 Agustus 2022"           (same year)
//	"30 Desember 2022–2 Januari 2023"  (different years)
//
// If to is before from, the two are swapped.
func DateRange(from, to time.Time) string { return dateRange(from, to, false) }

// DateRangeEN is DateRange in English: "12–14 August 2022",
// "30 July–2 August 2022", "30 December 2022–2 January 2023".
func DateRangeEN(from, to time.Time) string { return dateRange(from, to, true) }

type ymd struct {
	y int
	m time.Month
	d int
}

func (a ymd) before(b ymd) bool {
	if a.y != b.y {
		return a.y < b.y
	}
	if a.m != b.m {
		return a.m < b.m
	}
	return a.d < b.d
}

func dateRange(from, to time.Time, en bool) string {
	var a, b ymd
	a.y, a.m, a.d = from.Date()
	b.y, b.m, b.d = to.Date()
	if b.before(a) {
		a, b = b, a
	}
	month := MonthName
	if en {
		month = MonthNameEN
	}
	const dash = "–" // U+2013 EN DASH
	end := strconv.Itoa(b.d) + " " + month(b.m) + " " + strconv.Itoa(b.y)
	switch {
	case a == b:
		return end
	case a.y == b.y && a.m == b.m:
		return strconv.Itoa(a.d) + dash + end
	case a.y == b.y:
		return strconv.Itoa(a.d) + " " + month(a.m) + dash + end
	default:
		return strconv.Itoa(a.d) + " " + month(a.m) + " " + strconv.Itoa(a.y) + dash + end
	}
}
