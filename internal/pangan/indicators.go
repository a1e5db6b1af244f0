package pangan

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Levels of the indicators' roll-up.
const (
	LevelProvince = "province"
	LevelRegency  = "regency"
	LevelDistrict = "district"
	LevelVillage  = "village"
)

// levelOf is the level of an area code by its form.
func levelOf(code string) string {
	switch strings.Count(code, ".") {
	case 0:
		if len(code) == 2 {
			return LevelProvince
		}
	case 1:
		return LevelRegency
	case 2:
		return LevelDistrict
	case 3:
		return LevelVillage
	}
	return ""
}

// Figures are the money and reach of an area over a period.
type Figures struct {
	Reached int64 `json:"households_reached" doc:"Households with at least one visit or one proven aid delivery"`
	Proven  int64 `json:"households_proven" doc:"Households given proven aid"`
	Value   int64 `json:"value" doc:"Rupiah produced at the reference prices"`
	Home    int64 `json:"value_home" doc:"Rupiah of it eaten at home: the households' saving"`
	Sold    int64 `json:"value_sold"`
	Given   int64 `json:"value_given"`
	Records int64 `json:"records"`
}

// CommodityFigure is what an area produced of one commodity.
type CommodityFigure struct {
	Commodity string  `json:"commodity"`
	Name      string  `json:"name"`
	Unit      string  `json:"unit"`
	Quantity  float64 `json:"quantity"`
	Value     int64   `json:"value"`
}

// MonthFigure is one month of an area.
type MonthFigure struct {
	Month string `json:"month" example:"2024-03"`
	Figures
}

// AreaFigure is one area below the one asked for.
type AreaFigure struct {
	Code   string `json:"code"`
	Target int64  `json:"target"`
	Figures
}

// Indicators are a programme's figures for one area, from its records.
type Indicators struct {
	ProgrammeID int64  `json:"programme_id"`
	Level       string `json:"level" enum:"province,regency,district,village"`
	Code        string `json:"code"`
	// Target is the sum of the regency targets in the area (province and
	// regency levels; targets are set per regency).
	Target     int64 `json:"target"`
	Registered int64 `json:"households_registered"`
	// ActivePlots: plots a visit in the last 90 days found something alive on.
	ActivePlots int64 `json:"active_plots"`
	// SoldGerai: the value the area's groups sold through Gerai's marketplace (SoldThroughGerai).
	SoldGerai int64 `json:"value_sold_gerai"`
	// Saving: the households' home consumption in the latest month with
	// records, and its spread (regency level and below).
	Saving *Saving `json:"saving,omitempty"`
	Figures
	Production []CommodityFigure `json:"production"`
	Months     []MonthFigure     `json:"months"`
	Children   []AreaFigure      `json:"children" doc:"The areas one level down"`
}

// ActiveDays is how recent a visit must be for its plot to count as active.
const ActiveDays = 90

// Indicators reads an area's figures (level from the code's form, which
// level, when given, must match: "16",
// "16.04", "16.04.01", "16.04.01.2001") from the roll-up: cumulative, or
// the months from–to (YYYY-MM, both optional). Province and regency
// figures are public (they hold no household's data); a district's or a
// village's go to the programme's agency and the area's field officers.
func (s *Service) Indicators(ctx context.Context, programmeID int64, level, code, from, to string) (Indicators, error) {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Indicators{}, err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		code = p.ProvinceCode
	}
	in := Indicators{ProgrammeID: p.ID, Code: code, Level: levelOf(code), Production: []CommodityFigure{}, Months: []MonthFigure{}, Children: []AreaFigure{}}
	var val platform.Validation
	val.Check(in.Level != "" && (code == p.ProvinceCode || strings.HasPrefix(code, p.ProvinceCode+".")), "code", "Kode wilayah bukan bagian provinsi program")
	val.Check(level == "" || level == in.Level, "level", "Kode wilayah %s bukan tingkat %s", code, level)
	val.Check(from == "" || isMonth(from), "from", "Bulan harus berformat TTTT-BB")
	val.Check(to == "" || isMonth(to), "to", "Bulan harus berformat TTTT-BB")
	if err := val.Err(); err != nil {
		return in, err
	}
	if in.Level == LevelDistrict || in.Level == LevelVillage {
		if err := s.mayReadArea(ctx, p, code); err != nil {
			return in, err
		}
	}
	if to == "" {
		to = "9999-12"
	}
	q := s.db.Reader()
	months := ` AND month >= ? AND month <= ?`
	sums := `COALESCE(SUM(households_reached), 0), COALESCE(SUM(households_proven), 0), COALESCE(SUM(value), 0), COALESCE(SUM(value_home), 0),
		COALESCE(SUM(value_sold), 0), COALESCE(SUM(value_given), 0), COALESCE(SUM(records), 0)`
	scanFigures := func(r sqldb.Scanner, f *Figures, extra ...any) error {
		return r.Scan(append(extra, &f.Reached, &f.Proven, &f.Value, &f.Home, &f.Sold, &f.Given, &f.Records)...)
	}
	if err := scanFigures(q.QueryRow(ctx, `SELECT `+sums+` FROM pangan_stats WHERE programme_id = ? AND area_code = ? AND commodity_code = ''`+months,
		p.ID, code, from, to), &in.Figures); err != nil {
		return in, err
	}
	rows, err := q.Query(ctx, `SELECT commodity_code, COALESCE(SUM(quantity_milli), 0), COALESCE(SUM(value), 0) FROM pangan_stats
		WHERE programme_id = ? AND area_code = ? AND commodity_code <> ''`+months+` GROUP BY commodity_code ORDER BY commodity_code`, p.ID, code, from, to)
	if in.Production, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (c CommodityFigure, err error) {
		var milli int64
		err = r.Scan(&c.Commodity, &milli, &c.Value)
		c.Quantity = float64(milli) / 1000
		if cm, ok := p.Commodity(c.Commodity); ok {
			c.Name, c.Unit = cm.Name, cm.Unit
		}
		return c, err
	}); err != nil {
		return in, err
	}
	rows, err = q.Query(ctx, `SELECT month, `+sums+` FROM pangan_stats WHERE programme_id = ? AND area_code = ? AND commodity_code = ''`+months+`
		GROUP BY month ORDER BY month`, p.ID, code, from, to)
	if in.Months, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (m MonthFigure, err error) {
		err = scanFigures(r, &m.Figures, &m.Month)
		return m, err
	}); err != nil {
		return in, err
	}
	rows, err = q.Query(ctx, `SELECT area_code, `+sums+` FROM pangan_stats WHERE programme_id = ? AND parent_code = ? AND commodity_code = ''`+months+`
		GROUP BY area_code ORDER BY area_code`, p.ID, code, from, to)
	if in.Children, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (a AreaFigure, err error) {
		err = scanFigures(r, &a.Figures, &a.Code)
		return a, err
	}); err != nil {
		return in, err
	}
	targets := map[string]int64{}
	for _, t := range p.Targets {
		targets[t.RegencyCode] = t.Households
		if code == p.ProvinceCode || code == t.RegencyCode {
			in.Target += t.Households
		}
	}
	if in.Level == LevelProvince {
		// Every regency with a target is a row, reached or not yet.
		have := map[string]bool{}
		for i, c := range in.Children {
			in.Children[i].Target = targets[c.Code]
			have[c.Code] = true
		}
		for _, t := range p.Targets {
			if !have[t.RegencyCode] {
				in.Children = append(in.Children, AreaFigure{Code: t.RegencyCode, Target: t.Households})
			}
		}
		slices.SortFunc(in.Children, func(a, b AreaFigure) int { return strings.Compare(a.Code, b.Code) })
	}
	col, _ := areaColumn(code)
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM pangan_households WHERE programme_id = ? AND `+col+` = ?`, p.ID, code).Scan(&in.Registered); err != nil {
		return in, err
	}
	since := s.now().UTC().AddDate(0, 0, -ActiveDays)
	lo, hi := code, code
	if in.Level != LevelVillage {
		lo, hi = code+".", code+"/" // every village code below: "." sorts just before "/"
	}
	if err = q.QueryRow(ctx, `SELECT COUNT(*) FROM pangan_plots WHERE programme_id = ? AND village_code >= ? AND village_code <= ? AND last_alive_at >= ?`,
		p.ID, lo, hi, since).Scan(&in.ActivePlots); err != nil {
		return in, err
	}
	if n := len(in.Months); n > 0 {
		if in.Saving, err = s.saving(ctx, q, p.ID, code, in.Months[n-1].Month); err != nil {
			return in, err
		}
	}
	in.SoldGerai, err = s.soldThroughGerai(ctx, p, code, from, to)
	return in, err
}

// mayReadArea lets the programme's agency, an admin and the field officers
// of villages in the area read a district's or a village's figures.
func (s *Service) mayReadArea(ctx context.Context, p Programme, code string) error {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return platform.Unauthorized()
	}
	if account.Authorize(a, account.RunProgramme, account.Resource{ProvinceCode: p.ProvinceCode}) == nil {
		return nil
	}
	villages, err := s.villagesOf(ctx, p.ID, a.UserID)
	if err != nil {
		return err
	}
	for _, v := range villages {
		if v == code || strings.HasPrefix(v, code+".") {
			return nil
		}
	}
	return platform.Errorf(platform.KindForbidden, "Angka kecamatan dan desa hanya untuk dinas program dan petugas lapangan wilayah itu")
}

func isMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil
}
