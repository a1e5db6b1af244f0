package mall

import (
	"context"
	"sort"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The venue's report for the operator and the agency (issue 11 §9): what
// the stalls held (booked stall-days against the stall-days the venue
// opened), who came (check-ins and no-shows), what was sold at the stalls,
// the fees, and the same by day, zone, regency and category. Read from the
// venue's own tables in one pass each; sums of rupiah are split and
// checked (platform.SplitSums) so no figure can overflow.

// PeriodOccupancy is how full the venue was over the period.
type PeriodOccupancy struct {
	OpenDays   int64 `json:"open_days" doc:"Days the venue opened in the period"`
	StallDays  int64 `json:"stall_days" doc:"Active stalls × open days"`
	BookedDays int64 `json:"booked_days" doc:"Stall-days held by a turn"`
	Present    int64 `json:"present" doc:"Stall-days the tenant checked in"`
	NoShows    int64 `json:"no_shows" doc:"Stall-days released because the tenant did not come"`
	// Rate is present / stall_days, 0–1.
	Rate float64 `json:"rate"`
}

// FeeTotals are the period's fees in whole rupiah.
type FeeTotals struct {
	Invoiced int64 `json:"invoiced"`
	Paid     int64 `json:"paid"`
	Arrears  int64 `json:"arrears"`
}

// ReportRow is one line of a breakdown.
type ReportRow struct {
	Key        string `json:"key"`
	Label      string `json:"label"`
	UMKM       int64  `json:"umkm" doc:"UMKM with a turn"`
	Turns      int64  `json:"turns"`
	BookedDays int64  `json:"booked_days"`
	Present    int64  `json:"present"`
	NoShows    int64  `json:"no_shows"`
	Sales      int64  `json:"sales" doc:"Rupiah sold at the stalls, voided sales left out"`
	SalesCount int64  `json:"sales_count"`
}

// Report is the venue's figures over a period.
type Report struct {
	VenueID    int64           `json:"venue_id"`
	VenueName  string          `json:"venue_name"`
	From       string          `json:"from"`
	To         string          `json:"to"`
	Occupancy  PeriodOccupancy `json:"occupancy"`
	Sales      int64           `json:"sales" doc:"Rupiah sold at the stalls"`
	SalesCount int64           `json:"sales_count"`
	Fees       FeeTotals       `json:"fees"`
	ByDay      []ReportRow     `json:"by_day"`
	ByZone     []ReportRow     `json:"by_zone"`
	ByRegency  []ReportRow     `json:"by_regency"`
	ByCategory []ReportRow     `json:"by_category"`
	// Overflow: some figure passed int64 (only with rows stored past the bounds) and shows the bound.
	Overflow bool `json:"overflow"`
}

// MaxReportDays bounds a report's period.
const MaxReportDays = 731

// Report computes the venue's report from–to (both inclusive), for those who run it.
func (s *Service) Report(ctx context.Context, venueID int64, from, to string) (Report, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Report{}, err
	}
	var val platform.Validation
	start, end, ok := period(&val, "from", "to", from, to)
	if ok {
		val.Check(int(end.Sub(start).Hours()/24) < MaxReportDays, "to", "Periode laporan paling panjang %d hari", MaxReportDays)
	}
	if err := val.Err(); err != nil {
		return Report{}, err
	}
	r := Report{VenueID: v.ID, VenueName: v.Name, From: from, To: to}
	q := s.db.Reader()
	var c platform.CheckedSum

	days := map[string]*ReportRow{}
	var open []string
	for d := start; !d.After(end); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		if v.opensOn(day) {
			open = append(open, day)
			days[day] = &ReportRow{Key: day, Label: day}
		}
	}
	r.Occupancy.OpenDays = int64(len(open))
	stalls, err := s.stalls(ctx, q, v.ID)
	if err != nil {
		return Report{}, err
	}
	zones := map[string]*ReportRow{}
	zoneOf := map[string]string{}
	for _, st := range stalls {
		zoneOf[st.Code] = st.Zone
		z := zones[st.Zone]
		if z == nil {
			z = &ReportRow{Key: st.Zone, Label: st.Zone}
			zones[st.Zone] = z
		}
		if st.Status == StatusActive {
			r.Occupancy.StallDays += int64(len(open))
		}
	}

	regencies, categories := map[string]*ReportRow{}, map[string]*ReportRow{}
	row := func(m map[string]*ReportRow, key, label string) *ReportRow {
		x := m[key]
		if x == nil {
			x = &ReportRow{Key: key, Label: label}
			m[key] = x
		}
		return x
	}
	type turnRow struct {
		id                           int64
		stall, umkmRegency, category string
		umkm                         int64
		fromDate, toDate             string
		standIn                      bool
	}
	rows, err := q.Query(ctx, `SELECT t.id, st.code, ap.regency_code, ap.category, t.umkm_id, CAST(t.from_date AS TEXT), CAST(t.to_date AS TEXT),
		t.stands_in_for IS NOT NULL`+turnJoins+`
		WHERE t.venue_id = ? AND t.status <> 'cancelled' AND t.from_date <= ? AND ? <= t.to_date`, v.ID, to, from)
	turns, err := sqldb.Collect(rows, err, func(sc sqldb.Scanner) (t turnRow, err error) {
		err = sc.Scan(&t.id, &t.stall, &t.umkmRegency, &t.category, &t.umkm, &t.fromDate, &t.toDate, &t.standIn)
		return t, err
	})
	if err != nil {
		return Report{}, err
	}
	turnOf := map[int64]turnRow{}
	seen := map[*ReportRow]map[int64]bool{} // the UMKM counted in each row
	count := func(x *ReportRow, t turnRow, booked int64) {
		x.Turns++
		x.BookedDays += booked
		if seen[x] == nil {
			seen[x] = map[int64]bool{}
		}
		if !seen[x][t.umkm] {
			seen[x][t.umkm] = true
			x.UMKM++
		}
	}
	for _, t := range turns {
		turnOf[t.id] = t
		var booked int64
		for _, day := range open {
			// A stand-in's day is held already by the turn it replaces.
			if !t.standIn && t.fromDate <= day && day <= t.toDate {
				booked++
				days[day].BookedDays++
			}
		}
		r.Occupancy.BookedDays += booked
		count(row(regencies, t.umkmRegency, region.Label(t.umkmRegency)), t, booked)
		count(row(categories, t.category, t.category), t, booked)
		if z := zones[zoneOf[t.stall]]; z != nil {
			count(z, t, booked)
		}
	}

	rows, err = q.Query(ctx, `SELECT turn_id, CAST(day AS TEXT), status FROM checkins WHERE venue_id = ? AND day BETWEEN ? AND ?`, v.ID, from, to)
	type checkRow struct {
		turn        int64
		day, status string
	}
	checks, err := sqldb.Collect(rows, err, func(sc sqldb.Scanner) (x checkRow, err error) {
		err = sc.Scan(&x.turn, &x.day, &x.status)
		return x, err
	})
	if err != nil {
		return Report{}, err
	}
	for _, x := range checks {
		t := turnOf[x.turn]
		targets := []*ReportRow{days[x.day], regencies[t.umkmRegency], categories[t.category], zones[zoneOf[t.stall]]}
		for _, target := range targets {
			if target == nil {
				continue
			}
			if x.status == Present {
				target.Present++
			} else {
				target.NoShows++
			}
		}
		if x.status == Present {
			r.Occupancy.Present++
		} else {
			r.Occupancy.NoShows++
		}
	}
	if r.Occupancy.StallDays > 0 {
		r.Occupancy.Rate = float64(r.Occupancy.Present) / float64(r.Occupancy.StallDays)
	}

	// Sales per turn and day: a few thousand groups at most.
	rows, err = q.Query(ctx, `SELECT turn_id, CAST(sale_day AS TEXT), COUNT(*), `+platform.SplitSums("total")+`
		FROM mall_sales WHERE venue_id = ? AND sale_day BETWEEN ? AND ? AND voided_at IS NULL GROUP BY turn_id, sale_day`, v.ID, from, to)
	type saleRow struct {
		turn      int64
		day       string
		n, hi, lo int64
	}
	sales, err := sqldb.Collect(rows, err, func(sc sqldb.Scanner) (x saleRow, err error) {
		err = sc.Scan(&x.turn, &x.day, &x.n, &x.hi, &x.lo)
		return x, err
	})
	if err != nil {
		return Report{}, err
	}
	for _, x := range sales {
		t := turnOf[x.turn]
		day := days[x.day]
		if day == nil { // sold on a day the venue does not open: still the venue's sales
			day = &ReportRow{Key: x.day, Label: x.day}
			days[x.day] = day
		}
		for _, target := range []*ReportRow{day, regencies[t.umkmRegency], categories[t.category], zones[zoneOf[t.stall]]} {
			if target == nil {
				continue
			}
			c.PlusSplit(&target.Sales, x.hi, x.lo)
			c.Plus(&target.SalesCount, x.n)
		}
		c.PlusSplit(&r.Sales, x.hi, x.lo)
		c.Plus(&r.SalesCount, x.n)
	}

	if r.Fees, err = s.feeTotals(ctx, q, v.ID, from, to, &c); err != nil {
		return Report{}, err
	}
	r.ByDay, r.ByZone = sortedRows(days), sortedRows(zones)
	r.ByRegency, r.ByCategory = sortedRows(regencies), sortedRows(categories)
	r.Overflow = c.Overflow
	return r, nil
}

// sortedRows lists a breakdown by key.
func sortedRows(m map[string]*ReportRow) []ReportRow {
	out := make([]ReportRow, 0, len(m))
	for _, x := range m {
		out = append(out, *x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
