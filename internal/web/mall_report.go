package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/mall"
)

// The venue's report page for the operator and the agency: the period's
// figures, a chart of each day's stalls (held by a turn, tenant present),
// the breakdowns, CSV/XLSX, and one A4 page when printed.

type mallReportPage struct {
	Page
	Venue  mall.Venue
	Report mall.Report
	Chart  template.HTML
	Query  string
}

// reportPeriod is the period asked (?dari=&sampai=), by default the
// month so far at the venue.
func reportPeriod(r *http.Request, v mall.Venue) (from, to string) {
	now := time.Now().In(v.Location())
	from, to = strings.TrimSpace(r.FormValue("dari")), strings.TrimSpace(r.FormValue("sampai"))
	if from == "" {
		from = now.Format("2006-01") + "-01"
	}
	if to == "" {
		to = now.Format(time.DateOnly)
	}
	return from, to
}

func (s *server) mallReportView(r *http.Request) (*mallReportPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	v, err := s.Mall.Venue(r.Context(), id)
	if err != nil {
		return nil, err
	}
	from, to := reportPeriod(r, v)
	rep, err := s.Mall.Report(r.Context(), id, from, to)
	if err != nil {
		return nil, err
	}
	p := &mallReportPage{Page: s.pageT(r, "title_mall_report", v.Name), Venue: v, Report: rep,
		Query: "dari=" + from + "&sampai=" + to}
	p.Chart = occupancyChart(rep.ByDay, p.T("occupancy_chart"))
	return p, nil
}

func (s *server) mallReport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.mallReportView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "mall_report", p)
	return nil
}

func (s *server) mallReportFile(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.mallReportView(r)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("laporan-pasar-%d-%s-%s", p.Venue.ID, p.Report.From, p.Report.To)
		w.Header().Set("Cache-Control", "private, no-store")
		attachment(w, name, format)
		if format == "csv" {
			return mall.WriteCSV(w, p.Report)
		}
		return mall.WriteXLSX(w, p.Report)
	}
}

// occupancyChart draws each day's stall-days: held by a turn (light) and
// the tenant present (dark), server-side.
func occupancyChart(days []mall.ReportRow, label string) template.HTML {
	if len(days) == 0 {
		return ""
	}
	var top int64 = 1
	for _, d := range days {
		top = max(top, d.BookedDays, d.Present)
	}
	const chartH, left, bottom = 160, 30, 40
	barW := max(6, min(40, 700/len(days)-4))
	w := left + len(days)*(barW+4) + 10
	h := chartH + bottom
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg class="chart" viewBox="0 0 %d %d" width="%d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, w, template.HTMLEscapeString(label))
	fmt.Fprintf(&buf, `<text x="0" y="12" font-size="11">%d</text><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, top, left-2, chartH, w, chartH)
	for i, d := range days {
		x := left + i*(barW+4)
		bh := int(float64(d.BookedDays) / float64(top) * (chartH - 10))
		ph := int(float64(d.Present) / float64(top) * (chartH - 10))
		fmt.Fprintf(&buf, `<g><title>%s: %d / %d</title><rect x="%d" y="%d" width="%d" height="%d" fill="#f3c969"/><rect x="%d" y="%d" width="%d" height="%d" fill="#1f6f43"/></g>`,
			d.Key, d.Present, d.BookedDays, x, chartH-bh, barW, bh, x, chartH-ph, barW, ph)
		if len(days) <= 16 || i%7 == 0 {
			fmt.Fprintf(&buf, `<text x="%d" y="%d" font-size="10" text-anchor="middle">%s</text>`, x+barW/2, chartH+14, d.Key[8:])
		}
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String())
}
