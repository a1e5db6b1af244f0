package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/partner"
	"github.com/gerai-id/gerai/internal/platform"
)

// The partner's desk (/mitra): for each partner the actor works for (its
// own for staff, every one for the admin) the portfolio by class with a
// bar chart, the fostered UMKM's sales through Gerai over twelve months,
// the fostered UMKM with their stage, the loans with their class and days
// late, programmes and training, all from the partner service under the
// actor's scope; the partner's staff also get the forms that lend, import
// repayments, record stages, add training and record attendance
// (partner_forms.go).

type partnerDesk struct {
	partner.Partner
	Portfolio  partner.Portfolio
	Chart      template.HTML
	Trend      template.HTML
	TrendTotal int64
	Fostered   []partner.Fostered
	Loans      []partner.Loan
	Programmes []partner.PartnerProgramme
	Trainings  []trainingView
	// MayFoster shows the forms (the partner's staff; the admin only looks).
	MayFoster bool
	// Forms are this partner's forms by section, with a posted one's errors.
	Forms map[string]Form
	// ImportErrors are the rows an import refused, in row order.
	ImportErrors []string
	// LoanKey is the loan form's idempotency key, made when the page is drawn.
	LoanKey string
}

// trainingView is a training event with the names of the UMKM that attended.
type trainingView struct {
	partner.Training
	Names []string
}

type partnerDeskPage struct {
	Page
	Partners []partnerDesk
	// Notice says what the last form did ("3 repayments recorded").
	Notice string
}

// partnerSections are the desk's forms.
var partnerSections = []string{"pinjaman", "impor", "tahap", "pelatihan", "hadir"}

func (s *server) partnerHome(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	if err := requireDesk(r, account.PartnerDesk); err != nil {
		return err
	}
	p, err := s.partnerDeskView(r, 0, "", Form{})
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if n, err := strconv.Atoi(q.Get("dicatat")); err == nil && n >= 0 {
		again, _ := strconv.Atoi(q.Get("ulang"))
		p.Notice = p.Tf("partner_import_done", n, again)
	}
	s.render(w, r, http.StatusOK, "partner_desk", p)
	return nil
}

// partnerDeskView draws the desk; the form of section posted to partner
// posted (0 none) comes back with its values and errors.
func (s *server) partnerDeskView(r *http.Request, posted int64, section string, f Form) (*partnerDeskPage, error) {
	ctx := r.Context()
	list, err := s.Partners.Partners(ctx)
	if err != nil {
		return nil, err
	}
	p := &partnerDeskPage{Page: s.pageT(r, "title_partner_desk")}
	for _, pt := range list {
		d := partnerDesk{Partner: pt, Forms: map[string]Form{}, MayFoster: s.Partners.MayFoster(ctx, pt.ID), LoanKey: newUUID()}
		for _, sec := range partnerSections {
			d.Forms[sec] = NewForm(r)
		}
		if pt.ID == posted {
			d.Forms[section] = f
			if section == "pinjaman" && f.Values["idempotency_key"] != "" {
				d.LoanKey = f.Values["idempotency_key"] // nothing was lent: the same key again
			}
			if section == "impor" {
				d.ImportErrors = rowErrors(f.Errors)
			}
		}
		if d.Loans, err = s.Partners.Loans(ctx, pt.ID); err != nil {
			return nil, err
		}
		d.Portfolio = partner.Summarize(d.Loans, s.Partners.Today())
		var bars []chartBar
		for _, c := range d.Portfolio.ByClass {
			bars = append(bars, chartBar{Label: p.T("loan_class_" + c.Class), Value: c.Outstanding, Text: p.RpShort(c.Outstanding)})
		}
		d.Chart = horizontalBars(bars, p.T("partner_portfolio_chart"))
		if d.Fostered, err = s.Partners.FosteredUMKM(ctx, pt.ID); err != nil {
			return nil, err
		}
		if err := s.partnerTrend(r, &p.Page, &d); err != nil {
			return nil, err
		}
		if d.Programmes, err = s.Partners.Programmes(ctx, pt.ID); err != nil {
			return nil, err
		}
		trainings, err := s.Partners.Trainings(ctx, pt.ID)
		if err != nil {
			return nil, err
		}
		names := map[int64]string{}
		for _, u := range d.Fostered {
			names[u.ID] = u.Name
		}
		for _, t := range trainings {
			tv := trainingView{Training: t}
			for _, id := range t.Attendees {
				tv.Names = append(tv.Names, names[id])
			}
			d.Trainings = append(d.Trainings, tv)
		}
		p.Partners = append(p.Partners, d)
	}
	return p, nil
}

// trendMonths is how far back the sales trend goes.
const trendMonths = 12

// partnerTrend draws the fostered UMKM's monthly sales through Gerai over
// the last twelve months (the sales roll-ups, sales.UMKMMonths): only the
// UMKM whose consent is active, which FosteredUMKM has listed under the
// actor's scope.
func (s *server) partnerTrend(r *http.Request, p *Page, d *partnerDesk) error {
	if len(d.Fostered) == 0 || s.Sales == nil {
		return nil
	}
	ids := make([]int64, len(d.Fostered))
	for i, u := range d.Fostered {
		ids[i] = u.ID
	}
	today := s.Partners.Today()
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -(trendMonths - 1), 0)
	figs, err := s.Sales.UMKMMonths(r.Context(), ids, first.Format("2006-01"), today.Format("2006-01"))
	if err != nil {
		return err
	}
	byMonth := map[string]int64{}
	for _, m := range figs.Rows {
		byMonth[m.Month] = m.Amount
	}
	var sum platform.CheckedSum
	cols := make([]chartColumn, trendMonths)
	for i := range cols {
		m := first.AddDate(0, i, 0).Format("2006-01")
		v := byMonth[m]
		sum.Plus(&d.TrendTotal, v)
		top := ""
		if v > 0 {
			top = p.RpShort(v)
		}
		cols[i] = chartColumn{Label: monthShort(*p, m), Title: p.Month(m) + ": " + p.Rp(v), Parts: []int64{v}, Top: top}
	}
	d.Trend = stackedColumns(cols, []string{"#1f6f43"}, p.T("partner_trend_chart"))
	return nil
}

// rowErrors lists an import's row errors ("rows[N].column") by row.
func rowErrors(errs map[string]string) []string {
	type rowErr struct {
		n   int
		key string
		msg string
	}
	var list []rowErr
	for k, msg := range errs {
		rest, ok := strings.CutPrefix(k, "rows[")
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, "]")
		n, _ := strconv.Atoi(num)
		list = append(list, rowErr{n, k, msg})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].n != list[j].n {
			return list[i].n < list[j].n
		}
		return list[i].key < list[j].key
	})
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.msg
	}
	return out
}

// partnerAction runs one of the desk's forms for the partner in the path:
// the actor is checked (check, before the body is read: the import is an
// upload) and the form parsed only then; the user's mistakes come back
// beside that form's fields, anything else is an error page.
func (s *server) partnerAction(section string, fields []string, check func(r *http.Request, id int64) error,
	act func(r *http.Request, id int64, f *Form, next url.Values) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "partner")
		if err != nil {
			return err
		}
		if err := check(r, id); err != nil {
			return err
		}
		if err := parseUpload(r); err != nil {
			return err
		}
		f := FormFromRequest(r, fields...)
		done, err := runSection(w, r, "/mitra", fmt.Sprintf("mitra-%d-%s", id, section), &f, func(next url.Values) error { return act(r, id, &f, next) })
		if done || err != nil {
			return err
		}
		p, err := s.partnerDeskView(r, id, section, f)
		if err != nil {
			return err
		}
		s.render(w, r, f.Status(), "partner_desk", p)
		return nil
	}
}

func (s *server) mayLend(r *http.Request, id int64) error {
	return s.Partners.CheckManageLoans(r.Context(), id)
}

func (s *server) mayFoster(r *http.Request, id int64) error {
	return s.Partners.CheckFoster(r.Context(), id)
}

// partnerFile serves the desk's exports: /mitra/{partner}/binaan.csv|.xlsx
// (the fostered UMKM) and pinjaman.csv|.xlsx (the loans). The files carry
// no NIK nor phone number. Written to a buffer first, so a refusal is an
// error page and not half a file.
func (s *server) partnerFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "partner")
	if err != nil {
		return err
	}
	name, format, _ := strings.Cut(r.PathValue("file"), ".")
	if format != "csv" && format != "xlsx" {
		return notFound()
	}
	writers := map[string]func(ctx context.Context, partnerID int64, format string, w io.Writer) error{
		"binaan":   s.Partners.WriteUMKMExport,
		"pinjaman": s.Partners.WriteLoanExport,
	}
	write, ok := writers[name]
	if !ok {
		return notFound()
	}
	var buf bytes.Buffer
	if err := write(r.Context(), id, format, &buf); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	attachment(w, fmt.Sprintf("mitra-%d-%s", id, name), format)
	_, err = w.Write(buf.Bytes())
	return err
}
