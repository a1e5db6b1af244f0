package web

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/tabular"
)

// A programme's dashboard, one page per area of the roll-up (province,
// regency, district, village): the area's indicators from the service, a
// chart of the value produced per month (eaten at home, sold, given) and
// one of reach against target per area below, the table of those areas
// with CSV/XLSX of it, and one A4 page when printed. Province and regency
// pages are public; a district's or a village's the service refuses to
// anyone but the agency and the area's officers.

// areaRef is an area of the chain, named.
type areaRef struct {
	Code, Name, Level string
	// Href is its dashboard, "" when the reader may not open it.
	Href string
}

// panganRow is one area of the table below the page's area.
type panganRow struct {
	Name string
	// Href is its dashboard, "" when the reader may not open it.
	Href string
	pangan.AreaFigure
}

type panganPage struct {
	Page
	Programme       pangan.Programme
	AdoptedFromName string
	In              pangan.Indicators
	Area            areaRef
	Crumbs          []areaRef
	Rows            []panganRow
	ChildLevel      string
	MonthChart      template.HTML
	ReachChart      template.HTML
	// Period is the month filter (dari, sampai) with its errors.
	Period Form
	// Query carries the period to the links (files, areas below), "" for all months.
	Query string
	// Base is this area's address, the files' without their extension.
	Base string
	Runs bool
}

// Without is the households reached without proven aid (yet).
func (p *panganPage) Without(f pangan.Figures) int64 { return max(0, f.Reached-f.Proven) }

// Share is reached over target, 0 without a target.
func (p *panganPage) Share(reached, target int64) float64 {
	if target <= 0 {
		return 0
	}
	return float64(reached) / float64(target)
}

// Q is the period's query for a link ("?dari=…"), or "".
func (p *panganPage) Q() string {
	if p.Query == "" {
		return ""
	}
	return "?" + p.Query
}

// areaName names an area of any level by its code, false for none.
func areaName(code string) (string, bool) {
	switch region.LevelOf(code) {
	case region.LevelProvince:
		if p, ok := region.ProvinceByCode(code); ok {
			return p.Name, true
		}
	case region.LevelRegency:
		if _, ok := region.RegencyByCode(code); ok {
			return region.Label(code), true
		}
	case region.LevelDistrict:
		if d, ok := region.DistrictByCode(code); ok {
			return d.Name, true
		}
	case region.LevelVillage:
		if v, ok := region.VillageByCode(code); ok {
			return v.Name, true
		}
	}
	return "", false
}

func (s *server) panganDashboard(w http.ResponseWriter, r *http.Request) error {
	return s.panganArea(w, r, "")
}

// panganAreaHandler serves /pangan/{id}/wilayah/{code}, and the table's
// files at {code}.csv and {code}.xlsx.
func (s *server) panganAreaHandler(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	for _, ext := range []string{".csv", ".xlsx"} {
		if c, ok := strings.CutSuffix(code, ext); ok {
			p, err := s.panganView(r, c)
			if err != nil {
				return err
			}
			return writePanganFile(w, p, ext[1:])
		}
	}
	return s.panganArea(w, r, code)
}

func (s *server) panganArea(w http.ResponseWriter, r *http.Request, code string) error {
	p, err := s.panganView(r, code)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "pangan", p)
	return nil
}

func (s *server) panganView(r *http.Request, code string) (*panganPage, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	prog, err := s.Pangan.Programme(ctx, id)
	if err != nil {
		return nil, err
	}
	if code == "" {
		code = prog.ProvinceCode
	}
	name, known := areaName(code)
	if !known || (code != prog.ProvinceCode && !strings.HasPrefix(code, prog.ProvinceCode+".")) {
		return nil, notFound()
	}
	p := &panganPage{Page: s.page(r, name+" — "+prog.Name), Programme: prog, Period: NewForm(r)}
	p.Period.Values["dari"], p.Period.Values["sampai"] = strings.TrimSpace(r.FormValue("dari")), strings.TrimSpace(r.FormValue("sampai"))
	from, to := p.Period.Values["dari"], p.Period.Values["sampai"]
	for field, m := range map[string]*string{"dari": &from, "sampai": &to} {
		if *m != "" {
			if _, err := time.Parse("2006-01", *m); err != nil {
				p.Period.Fail(field, "month_invalid")
				*m = ""
			}
		}
	}
	var q []string
	if from != "" {
		q = append(q, "dari="+from)
	}
	if to != "" {
		q = append(q, "sampai="+to)
	}
	p.Query = strings.Join(q, "&")
	if p.In, err = s.Pangan.Indicators(ctx, prog.ID, "", code, from, to); err != nil {
		return nil, err
	}
	if prog.AdoptedFrom != 0 {
		if src, err := s.Pangan.Programme(ctx, prog.AdoptedFrom); err == nil {
			p.AdoptedFromName = src.Name
		}
	}
	p.Runs = p.Is("admin") || (p.Is("agency") && p.Actor.ProvinceCode == prog.ProvinceCode)
	mayRead, err := s.Pangan.AreaReader(ctx, prog)
	if err != nil {
		return nil, err
	}
	href := func(c string) string {
		lv := region.LevelOf(c)
		if lv >= region.LevelDistrict && !mayRead(c) {
			return ""
		}
		if lv == region.LevelProvince {
			return fmt.Sprintf("/pangan/%d%s", prog.ID, p.Q())
		}
		return fmt.Sprintf("/pangan/%d/wilayah/%s%s", prog.ID, c, p.Q())
	}
	for c := code; c != ""; c = region.ParentOf(c) {
		n, _ := areaName(c)
		p.Crumbs = append([]areaRef{{Code: c, Name: n, Level: region.LevelOf(c).String(), Href: href(c)}}, p.Crumbs...)
	}
	p.Area = p.Crumbs[len(p.Crumbs)-1]
	p.Crumbs = p.Crumbs[:len(p.Crumbs)-1]
	p.Base = fmt.Sprintf("/pangan/%d/wilayah/%s", prog.ID, code)
	if region.LevelOf(code) < region.LevelVillage {
		p.ChildLevel = (region.LevelOf(code) + 1).String()
	}
	for _, c := range p.In.Children {
		n, ok := areaName(c.Code)
		if !ok {
			n = c.Code
		}
		p.Rows = append(p.Rows, panganRow{Name: n, Href: href(c.Code), AreaFigure: c})
	}
	p.MonthChart = valueByMonthChart(p.In.Months, p.Page)
	p.ReachChart = reachChart(p.Rows, p.Page, p.In.Level == pangan.LevelProvince)
	return p, nil
}

// The table's columns in the files, in Indonesian (the agency's reports).
var panganFileHeader = []string{"Kode wilayah", "Wilayah", "Target rumah tangga", "Rumah tangga terjangkau", "Dengan bantuan terbukti",
	"Persen target", "Nilai produksi (Rp)", "Dimakan sendiri (Rp)", "Dijual (Rp)", "Diberikan (Rp)", "Catatan produksi"}

// panganFileRows are the table's rows and the area's totals, as cells.
func panganFileRows(p *panganPage) [][]any {
	row := func(code, name string, target int64, f pangan.Figures) []any {
		share := ""
		if target > 0 {
			share = strconv.FormatFloat(float64(f.Reached)*100/float64(target), 'f', 1, 64)
		}
		return []any{code, name, target, f.Reached, f.Proven, share, f.Value, f.Home, f.Sold, f.Given, f.Records}
	}
	var out [][]any
	for _, r := range p.Rows {
		out = append(out, row(r.Code, r.Name, r.Target, r.Figures))
	}
	return append(out, row(p.Area.Code, "Jumlah "+p.Area.Name, p.In.Target, p.In.Figures))
}

// writePanganFile writes the area's table as CSV or XLSX: aggregates only,
// no household's data.
func writePanganFile(w http.ResponseWriter, p *panganPage, format string) error {
	name := fmt.Sprintf("pangan-%d-%s", p.Programme.ID, p.Area.Code)
	if p.Query != "" {
		name += "-" + strings.NewReplacer("dari=", "", "sampai=", "", "&", "-").Replace(p.Query)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	rows := panganFileRows(p)
	attachment(w, name, format)
	if format == "csv" {
		cw := tabular.NewCSVWriter(w, false)
		cw.Row(toCells(panganFileHeader)...)
		for _, r := range rows {
			cw.Row(r...)
		}
		return cw.Flush()
	}
	return panganXLSX(w, p, rows)
}

func toCells(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func panganXLSX(w io.Writer, p *panganPage, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Wilayah"
	f.SetSheetName("Sheet1", sheet)
	format := `"Rp"#,##0`
	rp, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	tabular.SetCell(f, sheet, "A1", p.Programme.Name+" — "+p.Area.Name)
	f.SetCellStyle(sheet, "A1", "A1", bold)
	for i, h := range panganFileHeader {
		cell, _ := excelize.CoordinatesToCellName(i+1, 3)
		tabular.SetCell(f, sheet, cell, h)
		f.SetCellStyle(sheet, cell, cell, bold)
	}
	for j, r := range rows {
		for i, v := range r {
			cell, _ := excelize.CoordinatesToCellName(i+1, j+4)
			if s, ok := v.(string); ok && i == 5 && s != "" {
				x, _ := strconv.ParseFloat(s, 64)
				v = x
			}
			if err := tabular.SetCell(f, sheet, cell, v); err != nil {
				return err
			}
			if i >= 6 && i <= 9 {
				f.SetCellStyle(sheet, cell, cell, rp)
			}
		}
	}
	totals, _ := excelize.CoordinatesToCellName(2, len(rows)+3)
	f.SetCellStyle(sheet, totals, totals, bold)
	f.SetColWidth(sheet, "A", "A", 16)
	f.SetColWidth(sheet, "B", "B", 30)
	f.SetColWidth(sheet, "C", "K", 16)
	return f.Write(w)
}

// monthShort is a month's abbreviation under a chart's bar.
func monthShort(p Page, m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	name := p.Month(m)
	return name[:3] + "’" + strconv.Itoa(t.Year()%100)
}

// Colours of the value's uses, the legend's .sw classes alike.
var useColours = []string{"#1f6f43", "#d4a017", "#8a2a0e"}

// valueByMonthChart draws each month's value produced as a column, stacked
// eaten at home / sold / given, server-side.
func valueByMonthChart(months []pangan.MonthFigure, p Page) template.HTML {
	if len(months) == 0 {
		return ""
	}
	cols := make([]chartColumn, len(months))
	for i, m := range months {
		cols[i] = chartColumn{Label: monthShort(p, m.Month), Title: p.Month(m.Month) + ": " + p.Rp(m.Value),
			Parts: []int64{m.Home, m.Sold, m.Given}, Top: p.RpShort(m.Value)}
	}
	return stackedColumns(cols, useColours, p.T("pangan_value_chart"))
}

// reachChart draws each area's households reached against its target as
// horizontal bars (the target light, reached dark); without targets (below
// the regencies) the bars compare the areas with each other.
func reachChart(rows []panganRow, p Page, targets bool) template.HTML {
	var bars []chartBar
	for _, r := range rows {
		b := chartBar{Label: r.Name, Value: r.Reached, Text: p.Num(r.Reached)}
		if targets {
			b.Whole = r.Target
			b.Text += " / " + p.Num(r.Target)
		}
		bars = append(bars, b)
	}
	return horizontalBars(bars, p.T("pangan_reach_chart"))
}
