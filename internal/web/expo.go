package web

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Expos in the UI: the public list and event page (exhibitors, booth map,
// the report once published), the printable report with its chart, and the
// organising agency's pages to run an event from start to report.

// expoCookie remembers the expo whose page a buyer came from, so that the
// orders of its exhibitors count in its report (see order.CheckoutRequest.EventID).
const expoCookie = "gerai_expo"

type expoListPage struct {
	Page
	Events []expo.Event
}

func (s *server) expoList(w http.ResponseWriter, r *http.Request) error {
	events, err := s.Expo.Events(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "expo_list", &expoListPage{Page: s.pageT(r, "title_expos"), Events: events})
	return nil
}

// exhibitorGroup is the exhibitors of one regency.
type exhibitorGroup struct {
	Regency    string
	Exhibitors []expo.Exhibitor
}

type expoPage struct {
	Page
	Event   expo.Event
	Dates   string
	Groups  []exhibitorGroup
	Map     template.HTML
	Count   int
	MyUMKM  []umkm.UMKM // a seller's verified UMKM, to apply with
	Applied map[int64]bool
	Runs    bool
	Form    Form
}

func eventDates(r *http.Request, e expo.Event) string {
	return dateRange(stateFrom(r.Context()).lang, e.StartsOn, e.EndsOn)
}

// dateRange writes two calendar dates ("2022-08-12", "2022-08-14") as
// "12–14 Agustus 2022" / "12–14 August 2022".
func dateRange(lang, from, to string) string {
	start, err1 := time.Parse(time.DateOnly, from)
	end, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return from + " – " + to
	}
	return i18n.DateRange(lang, start, end)
}

func (s *server) expoView(r *http.Request, id int64, f Form) (*expoPage, error) {
	e, err := s.Expo.Event(r.Context(), id)
	if err != nil {
		return nil, err
	}
	exhibitors, err := s.Expo.Exhibitors(r.Context(), id)
	if err != nil {
		return nil, err
	}
	booths, err := s.Expo.Booths(r.Context(), id)
	if err != nil {
		return nil, err
	}
	p := &expoPage{Page: s.page(r, e.Name+" — Gerai"), Event: e, Dates: eventDates(r, e), Map: boothMap(booths, i18n.T(stateFrom(r.Context()).lang, "booth_map")), Applied: map[int64]bool{}, Form: f}
	a := platform.ActorFrom(r.Context())
	p.Runs = s.Expo.MayRun(r.Context(), e)
	for _, x := range exhibitors {
		if x.Status != expo.Approved {
			if x.OwnerID == a.UserID && x.UMKMID != 0 {
				p.Applied[x.UMKMID] = true
			}
			continue
		}
		if x.OwnerID == a.UserID && x.UMKMID != 0 {
			p.Applied[x.UMKMID] = true
		}
		label := region.Label(x.RegencyCode)
		if x.RegencyCode == "" {
			label = i18n.T(stateFrom(r.Context()).lang, "institutions_group")
		}
		if n := len(p.Groups); n == 0 || p.Groups[n-1].Regency != label {
			p.Groups = append(p.Groups, exhibitorGroup{Regency: label})
		}
		g := &p.Groups[len(p.Groups)-1]
		g.Exhibitors = append(g.Exhibitors, x)
		p.Count++
	}
	if e.Status == expo.Open && !a.Anonymous() { // the actor's own verified UMKM may apply
		page, err := s.UMKM.List(r.Context(), umkm.Filter{OwnerID: a.UserID, Status: umkm.StatusVerified, Limit: 50})
		if err != nil {
			return nil, err
		}
		p.MyUMKM = page.Items
	}
	return p, nil
}

func (s *server) expoPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.expoView(r, id, NewForm(r))
	if err != nil {
		return err
	}
	s.setCookie(w, r, &http.Cookie{Name: expoCookie, Value: strconv.FormatInt(id, 10), Path: "/", MaxAge: 7 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
	s.render(w, r, http.StatusOK, "expo", p)
	return nil
}

// expoOf is the expo a buyer came through (0: none).
func expoOf(r *http.Request) int64 {
	c, err := r.Cookie(expoCookie)
	if err != nil {
		return 0
	}
	id, _ := strconv.ParseInt(c.Value, 10, 64)
	return id
}

func (s *server) expoApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	umkmID, _ := strconv.ParseInt(r.FormValue("umkm_id"), 10, 64)
	if _, err := s.Expo.Apply(r.Context(), id, umkmID); err != nil {
		f := NewForm(r)
		if !f.SetError(err) {
			return err
		}
		p, verr := s.expoView(r, id, f)
		if verr != nil {
			return verr
		}
		s.render(w, r, f.Status(), "expo", p)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/expo/%d#daftar", id), http.StatusSeeOther)
	return nil
}

// boothMap draws the booths as a grid, one row per letter (A-01, A-02…
// then B-01…), taken booths filled; each booth names its exhibitor.
func boothMap(booths []expo.Booth, label string) template.HTML {
	if len(booths) == 0 {
		return ""
	}
	rows := map[string][]expo.Booth{}
	var order []string
	for _, b := range booths {
		row := b.Code
		if i := strings.IndexAny(row, "-0123456789"); i > 0 {
			row = row[:i]
		}
		if _, ok := rows[row]; !ok {
			order = append(order, row)
		}
		rows[row] = append(rows[row], b)
	}
	const cell, gap = 64, 6
	width := 0
	for _, r := range order {
		width = max(width, len(rows[r]))
	}
	w, h := 40+width*(cell+gap), len(order)*(cell+gap)+gap
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg class="booth-map" viewBox="0 0 %d %d" width="%d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, w, template.HTMLEscapeString(label))
	for i, r := range order {
		y := gap + i*(cell+gap)
		fmt.Fprintf(&buf, `<text x="4" y="%d" font-size="18" font-weight="700">%s</text>`, y+cell/2+6, template.HTMLEscapeString(r))
		for j, b := range rows[r] {
			x := 40 + j*(cell+gap)
			fill, ink := "#fff", "#8a2a0e"
			if b.ExhibitorID != 0 {
				fill, ink = "#8a2a0e", "#fff"
			}
			fmt.Fprintf(&buf, `<g><title>%s</title><rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="#8a2a0e"/>`+
				`<text x="%d" y="%d" font-size="13" text-anchor="middle" fill="%s">%s</text></g>`,
				template.HTMLEscapeString(b.Code+": "+cmpOr(b.ExhibitorName, "kosong")), x, y, cell, cell, fill,
				x+cell/2, y+cell/2+5, ink, template.HTMLEscapeString(b.Code))
		}
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String())
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

type reportPage struct {
	Page
	Report  expo.Report
	Dates   string
	Summary string
	Chart   template.HTML
}

// ReportRow labels a row of a report's section in the page's language:
// payment methods and days by their key, the rest as the report names them.
func (p reportPage) ReportRow(section string, row expo.Row) string {
	switch {
	case section == "payment":
		return p.T("pm_" + row.Key)
	case section == "category":
		return p.Cat(row.Label)
	case section == "regency" && row.Key == "":
		return p.T("no_regency")
	case section == "day":
		if d, err := time.Parse(time.DateOnly, row.Key); err == nil {
			return i18n.Date(p.Lang, d)
		}
	}
	return row.Label
}

func (s *server) expoReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := s.Expo.Report(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "expo_report", &reportPage{Page: s.pageT(r, "title_expo_report", rep.Event.Name), Report: rep,
		Dates: eventDates(r, rep.Event), Summary: expo.SummaryIn(stateFrom(r.Context()).lang, rep), Chart: dayChart(rep.ByDay, i18n.T(stateFrom(r.Context()).lang, "per_day"))})
	return nil
}

// expoReportFile serves the report as CSV or XLSX (the agency's cookie
// session is enough: the API wants a bearer token).
func (s *server) expoReportFile(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		rep, err := s.Expo.Report(r.Context(), id)
		if err != nil {
			return err
		}
		name := "laporan-" + rep.Event.StartsOn
		attachment(w, name, format)
		if format == "csv" {
			return expo.WriteCSV(w, rep)
		}
		return expo.WriteXLSX(w, rep)
	}
}

// dayChart draws the transactions of each day as stacked bars (on site,
// online, business matching), server-side, so the report needs no script.
func dayChart(days []expo.DayRow, label string) template.HTML {
	if len(days) == 0 {
		return ""
	}
	var top int64 = 1
	for _, d := range days {
		top = max(top, d.All)
	}
	const barW, gap, chartH, left, bottom = 90, 30, 220, 10, 60
	w := left + len(days)*(barW+gap)
	h := chartH + bottom + 20
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg class="chart" viewBox="0 0 %d %d" width="%d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, w, template.HTMLEscapeString(label))
	colors := []string{"#8a2a0e", "#d4a017", "#2f6f4e"}
	for i, d := range days {
		x := left + i*(barW+gap)
		y := float64(chartH + 20)
		for k, v := range []int64{d.Onsite, d.Online, d.Matching} {
			bh := math.Round(float64(v) / float64(top) * chartH)
			if bh <= 0 {
				continue
			}
			y -= bh
			fmt.Fprintf(&buf, `<rect x="%d" y="%.0f" width="%d" height="%.0f" fill="%s"><title>%s</title></rect>`, x, y, barW, bh, colors[k], idn.Rupiah(v))
		}
		fmt.Fprintf(&buf, `<text x="%d" y="%.0f" font-size="12" text-anchor="middle">%s</text>`, x+barW/2, y-6, template.HTMLEscapeString(idn.RupiahShort(d.All)))
		fmt.Fprintf(&buf, `<text x="%d" y="%d" font-size="12" text-anchor="middle">%s</text>`, x+barW/2, chartH+40, template.HTMLEscapeString(d.Label))
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String())
}
