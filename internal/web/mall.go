package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The open-air mall in the UI, public side: the list of venues, a venue's
// page (site plan of today, today's tenants, the rulebook in force, the
// season's schedule, a seller's applications and the form to apply), and a
// stall's page, which the stall's QR code opens: buyers see the UMKM at the
// stall today and its store, the tenant checks in.

type mallListPage struct {
	Page
	Venues []mall.Venue
	// Runs: the actor runs at least one venue (a link to the operator's pages).
	Runs bool
}

func (s *server) mallList(w http.ResponseWriter, r *http.Request) error {
	venues, err := s.Mall.Venues(r.Context(), false)
	if err != nil {
		return err
	}
	p := &mallListPage{Page: s.pageT(r, "title_malls"), Venues: venues}
	if !p.Actor.Anonymous() {
		mine, err := s.Mall.Venues(r.Context(), true)
		if err != nil {
			return err
		}
		p.Runs = len(mine) > 0 || p.Opens("staff")
	}
	s.render(w, r, http.StatusOK, "mall_list", p)
	return nil
}

type mallPage struct {
	Page
	Venue    mall.Venue
	Plan     template.HTML
	Today    string
	Tenants  []mall.Tenant
	Rulebook *mall.Rulebook
	// Weeks is the schedule from today on, a week per entry.
	Weeks []mallWeek
	Runs  bool
	// MyUMKM are the actor's verified UMKM (to apply with); Mine its applications here.
	MyUMKM     []umkm.UMKM
	Mine       []mall.Application
	MyTurns    []mall.Turn
	MyInvoices []tenantInvoice
	Categories []string
	Form       Form
}

// mallWeek is one week of the public schedule.
type mallWeek struct {
	From, To string
	Turns    []mall.Turn
}

// scheduleWeeks is how far ahead the public page shows the schedule.
const scheduleWeeks = 4

func (s *server) mallView(r *http.Request, id int64, f Form) (*mallPage, error) {
	ctx := r.Context()
	v, err := s.Mall.Venue(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &mallPage{Page: s.page(r, v.Name+" — Gerai"), Venue: v, Form: f, Runs: s.Mall.MayRun(ctx, v)}
	p.Today = time.Now().In(v.Location()).Format(time.DateOnly)
	if p.Tenants, err = s.Mall.Tenants(ctx, v.ID, p.Today); err != nil {
		return nil, err
	}
	stalls, err := s.Mall.Stalls(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	held := map[string]mall.Tenant{}
	for _, t := range p.Tenants {
		held[t.Stall] = t
	}
	plan := make([]planStall, len(stalls))
	for i, st := range stalls {
		ps := planStall{Stall: st, State: "free", Label: st.Code + ": " + p.T("stall_free")}
		if t, ok := held[st.Code]; ok {
			ps.State, ps.Label = "taken", st.Code+": "+t.UMKMName
		} else if st.Status == mall.StatusUnderRepair {
			ps.State, ps.Label = "repair", st.Code+": "+p.T("stall_repair")
		}
		plan[i] = ps
	}
	p.Plan = sitePlan(plan, p.T("site_plan"))
	switch rb, err := s.Mall.CurrentRulebook(ctx, v.ID); {
	case err == nil:
		p.Rulebook = &rb
		p.Categories = rb.Categories
	case platform.ErrorKind(err) != platform.KindNotFound:
		return nil, err
	}
	if len(p.Categories) == 0 {
		p.Categories = umkm.Categories
	}
	today, _ := time.Parse(time.DateOnly, p.Today)
	end := today.AddDate(0, 0, 7*scheduleWeeks-1)
	turns, err := s.Mall.Turns(ctx, v.ID, p.Today, end.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	for w := 0; w < scheduleWeeks; w++ {
		from := today.AddDate(0, 0, 7*w)
		wk := mallWeek{From: from.Format(time.DateOnly), To: from.AddDate(0, 0, 6).Format(time.DateOnly)}
		for _, t := range turns {
			if t.From <= wk.To && wk.From <= t.To {
				wk.Turns = append(wk.Turns, t)
			}
		}
		p.Weeks = append(p.Weeks, wk)
	}
	a := platform.ActorFrom(ctx)
	if !a.Anonymous() && p.Opens("seller") {
		page, err := s.UMKM.List(ctx, umkm.Filter{OwnerID: a.UserID, Status: umkm.StatusVerified, Limit: 50})
		if err != nil {
			return nil, err
		}
		p.MyUMKM = page.Items
		apps, err := s.Mall.Applications(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		mine := map[int64]bool{}
		for _, ap := range apps {
			if slices.ContainsFunc(p.MyUMKM, func(u umkm.UMKM) bool { return u.ID == ap.UMKMID }) {
				p.Mine = append(p.Mine, ap)
				mine[ap.UMKMID] = true
			}
		}
		for _, t := range turns {
			if mine[t.UMKMID] {
				p.MyTurns = append(p.MyTurns, t)
			}
		}
		if p.MyInvoices, err = s.myInvoices(r, v.ID); err != nil {
			return nil, err
		}
	}
	if f.Values["from"] == "" && len(f.Errors) == 0 {
		f.Values["from"] = p.Today
		f.Values["to"] = today.AddDate(0, 3, 0).Format(time.DateOnly)
	}
	return p, nil
}

func (s *server) mallPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.mallView(r, id, NewForm(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "mall", p)
	return nil
}

// Weekday is the name of an ISO weekday (1 Monday … 7 Sunday).
func (p Page) Weekday(d int) string { return p.T(fmt.Sprintf("weekday_%d", d)) }

// Weekdays names a list of ISO weekdays ("Sabtu, Minggu"); empty is every day.
func (p Page) Weekdays(days []int) string {
	if len(days) == 0 || len(days) == 7 {
		return p.T("every_day")
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = p.Weekday(d)
	}
	return strings.Join(names, ", ")
}

// Percent writes a share (0.4) as "40%", to two decimals at most, with the
// page's language's decimal mark ("0,5%", "0.5%").
func (p Page) Percent(f float64) string {
	s := strconv.FormatFloat(math.Round(f*10_000)/100, 'f', -1, 64)
	if p.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "%"
}

// SharePercent writes a rulebook's share of sales ("5%", "2.5%"), from
// its basis points as invoices compute it.
func (p Page) SharePercent(sh mall.SalesShare) string {
	return p.Percent(float64(sh.BasisPoints) / 10_000)
}

// FeeDueDays is how many days after a period's end its invoice falls due
// under the fee rules (the default when they set none), 0 when the rules
// charge nothing, for the public rulebook.
func (p Page) FeeDueDays(f mall.FeeRules) int64 {
	charges := (f.Fees != nil && f.Fees.Daily > 0) || f.MonthlyRent > 0 ||
		(f.SalesShare != nil && (f.SalesShare.BasisPoints > 0 || f.SalesShare.Min > 0))
	switch {
	case !charges:
		return 0
	case f.Fees != nil && f.Fees.DueDays > 0:
		return int64(f.Fees.DueDays)
	}
	return mall.DefaultDueDays
}

var applyFields = []string{"umkm_id", "from", "to", "category", "products"}

func (s *server) mallApply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := requireAccount(r); err != nil {
		return err
	}
	f := FormFromRequest(r, applyFields...)
	f.Values["power"], f.Values["water"], f.Values["cooking"] = r.FormValue("power"), r.FormValue("water"), r.FormValue("cooking")
	umkmID, err := strconv.ParseInt(f.Values["umkm_id"], 10, 64)
	ok := err == nil || f.Fail("umkm_id", "choose_umkm")
	days, daysOK := weekdaysOf(r, &f, "weekdays")
	if ok && daysOK {
		_, err = s.Mall.Apply(r.Context(), id, mall.ApplyFields{UMKMID: umkmID, From: f.Values["from"], To: f.Values["to"],
			Needs:    mall.Needs{Power: f.Values["power"] != "", Water: f.Values["water"] != "", Cooking: f.Values["cooking"] != ""},
			Weekdays: days, Category: f.Values["category"], Products: f.Values["products"]})
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/pasar/%d#pengajuan", id), http.StatusSeeOther)
			return nil
		}
		if !f.SetError(err) {
			return err
		}
	} else {
		f.MarkInvalid()
	}
	p, err := s.mallView(r, id, f)
	if err != nil {
		return err
	}
	s.render(w, r, f.Status(), "mall", p)
	return nil
}

type stallPage struct {
	Page
	Venue mall.Venue
	Stall mall.Stall
	// Tenant holds the stall today (nil: free today).
	Tenant *mall.Tenant
	// Code is the stall QR's secret the tenant checks in with (from the QR's link).
	Code string
	// IsTenant: the actor owns the UMKM at the stall today; CheckedIn says it came.
	IsTenant bool
	CheckIn  *mall.CheckIn
	Message  string
	Today    string
}

func (s *server) stallView(r *http.Request) (*stallPage, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	v, err := s.Mall.Venue(ctx, id)
	if err != nil {
		return nil, err
	}
	stall, ok, err := s.Mall.Stall(ctx, v.ID, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound()
	}
	p := &stallPage{Page: s.pageT(r, "title_stall", stall.Code, v.Name), Venue: v, Stall: stall}
	p.Today = time.Now().In(v.Location()).Format(time.DateOnly)
	p.Code = strings.TrimSpace(r.FormValue("kode"))
	if len(p.Code) > 64 {
		p.Code = ""
	}
	tenants, err := s.Mall.Tenants(ctx, v.ID, p.Today)
	if err != nil {
		return nil, err
	}
	for i := range tenants {
		if tenants[i].Stall == stall.Code {
			p.Tenant = &tenants[i]
		}
	}
	if p.Tenant == nil {
		return p, nil
	}
	u, err := s.UMKM.Get(ctx, p.Tenant.UMKMID)
	if err != nil {
		return nil, err
	}
	a := platform.ActorFrom(ctx)
	p.IsTenant = !a.Anonymous() && u.OwnerID == a.UserID
	if p.IsTenant {
		if c, found, err := s.Mall.CheckInOf(ctx, v.ID, stall.Code, p.Today); err != nil {
			return nil, err
		} else if found {
			p.CheckIn = &c
		}
	}
	return p, nil
}

func (s *server) stallPageHandler(w http.ResponseWriter, r *http.Request) error {
	p, err := s.stallView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "mall_stall", p)
	return nil
}

// stallCheckIn is the tenant's "Saya sudah di lapak": the stall QR's code
// comes from the link the QR holds.
func (s *server) stallCheckIn(w http.ResponseWriter, r *http.Request) error {
	if err := requireAccount(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	_, _, err = s.Mall.CheckIn(r.Context(), id, code, strings.TrimSpace(r.FormValue("kode")))
	if err != nil {
		if k := platform.ErrorKind(err); k != platform.KindInvalid && k != platform.KindConflict {
			return err
		}
		p, verr := s.stallView(r)
		if verr != nil {
			return verr
		}
		p.Message = errText(r, err)
		s.render(w, r, http.StatusUnprocessableEntity, "mall_stall", p)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/pasar/%d/lapak/%s", id, code), http.StatusSeeOther)
	return nil
}

// reasonText is an allocation reason code in the page's language.
func (p Page) Reason(code string) string {
	if code == "" {
		return ""
	}
	return p.T("reason_" + code)
}

// venueHours is "Rabu–Minggu, 10.00–22.00" in the page's language.
func (p Page) VenueHours(v mall.Venue) string {
	return i18n.Tf(p.Lang, "venue_hours", p.Weekdays(v.OpeningWeekdays), v.OpensAt, v.ClosesAt)
}

// Clock is a time of day at a place ("14.05" / "14:05").
func (p Page) Clock(t time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	if p.Lang == "en" {
		return t.In(loc).Format("15:04")
	}
	return t.In(loc).Format("15.04")
}
