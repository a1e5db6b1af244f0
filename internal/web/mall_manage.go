package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The operator's pages of the open-air mall: the venues one runs (and, for
// an agency, a new venue), and one page per venue to run it: today's
// occupancy, the stall list, the rulebook, the applications with their
// decision and rubric scores, the season's allocation with its reasons,
// and the printable sheet of stall QR codes. Every form shows its errors
// beside its fields. Who may do what is the mall service's (RunVenue,
// SetUpVenue): these pages ask it before reading a form.

type mallRunListPage struct {
	Page
	Venues    []mall.Venue
	Form      Form
	MayCreate bool
	Provinces []region.Province
	Regencies []region.Regency
}

func (s *server) mallRunList(w http.ResponseWriter, r *http.Request) error {
	if err := requireAccount(r); err != nil {
		return err
	}
	f := NewForm(r)
	f.Values["opens_at"], f.Values["closes_at"] = "10:00", "22:00"
	return s.renderMallRunList(w, r, http.StatusOK, f)
}

func (s *server) renderMallRunList(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	venues, err := s.Mall.Venues(r.Context(), true)
	if err != nil {
		return err
	}
	p := &mallRunListPage{Page: s.pageT(r, "title_mall_run"), Venues: venues, Form: f}
	p.MayCreate = p.Is("agency") || p.Is("admin")
	if p.MayCreate {
		p.Provinces = region.Provinces()
		if p.Actor.ProvinceCode != "" {
			p.Regencies = region.Regencies(p.Actor.ProvinceCode)
		} else {
			for _, pr := range p.Provinces {
				p.Regencies = append(p.Regencies, region.Regencies(pr.Code)...)
			}
		}
	}
	s.render(w, r, status, "mall_run_list", p)
	return nil
}

var venueFormFields = []string{"name", "regency_code", "address", "operator_name", "opens_at", "closes_at"}

func (s *server) mallCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	f := FormFromRequest(r, venueFormFields...)
	v := f.Values
	days, ok := weekdaysOf(r, &f, "opening_weekdays")
	if !ok {
		f.MarkInvalid()
		return s.renderMallRunList(w, r, f.Status(), f)
	}
	province, _, _ := strings.Cut(v["regency_code"], ".")
	venue, err := s.Mall.CreateVenue(r.Context(), mall.VenueFields{Name: v["name"], ProvinceCode: province, RegencyCode: v["regency_code"],
		Address: v["address"], OperatorName: v["operator_name"], OpeningWeekdays: days, OpensAt: v["opens_at"], ClosesAt: v["closes_at"]})
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		f.liftErrors("province_code")
		if e, ok := f.Errors["province_code"]; ok {
			f.Errors["regency_code"] = e
		}
		return s.renderMallRunList(w, r, f.Status(), f)
	}
	http.Redirect(w, r, fmt.Sprintf("/pengelola/pasar/%d", venue.ID), http.StatusSeeOther)
	return nil
}

// weekdaysOf reads the checked ISO weekdays of a form's checkbox group,
// remembering them in the form ("weekday_6": "on") to show it again.
func weekdaysOf(r *http.Request, f *Form, field string) ([]int, bool) {
	var days []int
	for _, d := range r.Form["weekday"] {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 7 {
			return nil, f.Fail(field, "weekdays_invalid")
		}
		days = append(days, n)
		f.Values["weekday_"+d] = "on"
	}
	return days, true
}

type mallManagePage struct {
	Page
	Venue        mall.Venue
	Day          mall.Day
	Plan         template.HTML
	Stalls       []mall.Stall
	Rulebook     *mall.Rulebook
	Applications []mall.Application
	Runs         []mall.AllocationRun
	// Result is the allocation just run (?run= after the form redirects).
	Result     *mall.AllocationRun
	Names      map[int64]string // applicant UMKM by id, for the reasons list
	Categories []string
	Forms      map[string]Form
	Staff      []mall.StaffMember
	MayAppoint bool
	Invoices   []mall.Invoice
	Payment    mall.VenuePayment
	// Released are today's stalls released as no-shows, each with its waiting list.
	Released []mall.Released
}

// PayKey is a fresh idempotency key for one payment form.
func (p *mallManagePage) PayKey() string { return newToken() }

var mallSections = []string{"stalls", "standin", "rulebook", "decision", "allocate", "staff", "fees", "pay", "qris"}

func (s *server) mallManageView(r *http.Request, id int64, section string, f Form) (*mallManagePage, error) {
	ctx := r.Context()
	day, err := s.Mall.Today(ctx, id) // also checks the actor runs this venue
	if err != nil {
		return nil, err
	}
	v, err := s.Mall.Venue(ctx, id)
	if err != nil {
		return nil, err
	}
	today, _ := time.Parse(time.DateOnly, day.Day)
	p := &mallManagePage{Page: s.pageT(r, "title_mall_manage", v.Name), Venue: v, Day: day, Forms: map[string]Form{},
		Categories: umkm.Categories, Names: map[int64]string{}}
	p.MayAppoint = p.Is("agency") || p.Is("admin")
	plan := make([]planStall, 0, len(day.Stalls))
	if p.Stalls, err = s.Mall.Stalls(ctx, id); err != nil {
		return nil, err
	}
	byCode := map[string]mall.Occupancy{}
	for _, o := range day.Stalls {
		byCode[o.Stall] = o
	}
	for _, st := range p.Stalls {
		o := byCode[st.Code]
		ps := planStall{Stall: st, State: o.Status, Label: st.Code + ": " + p.T("occ_"+o.Status)}
		if o.UMKMName != "" {
			ps.Label += " — " + o.UMKMName
		}
		if o.Status == "free" && st.Status == mall.StatusUnderRepair {
			ps.State = "repair"
		}
		plan = append(plan, ps)
	}
	p.Plan = sitePlan(plan, p.T("site_plan"))
	switch rb, err := s.Mall.CurrentRulebook(ctx, id); {
	case err == nil:
		p.Rulebook = &rb
	case platform.ErrorKind(err) != platform.KindNotFound:
		return nil, err
	}
	if p.Applications, err = s.Mall.Applications(ctx, id); err != nil {
		return nil, err
	}
	for _, ap := range p.Applications {
		p.Names[ap.UMKMID] = ap.UMKMName
	}
	if p.Runs, err = s.Mall.Allocations(ctx, id); err != nil {
		return nil, err
	}
	if len(p.Runs) > 3 {
		p.Runs = p.Runs[:3]
	}
	for i, run := range p.Runs {
		if r.URL.Query().Get("run") == strconv.FormatInt(run.RunID, 10) {
			p.Result = &p.Runs[i]
		}
	}
	if p.MayAppoint {
		if p.Staff, err = s.Mall.Staff(ctx, id); err != nil {
			return nil, err
		}
	}
	if p.Released, err = s.Mall.WaitingLists(ctx, id); err != nil {
		return nil, err
	}
	if p.Invoices, err = s.Mall.Invoices(ctx, id, mall.InvoiceFilter{}); err != nil {
		return nil, err
	}
	if len(p.Invoices) > 100 {
		p.Invoices = p.Invoices[:100]
	}
	if p.Payment, err = s.Mall.VenuePaymentOf(ctx, id); err != nil {
		return nil, err
	}
	for _, sec := range mallSections {
		p.Forms[sec] = NewForm(r)
	}
	p.Forms["qris"].Values["static_qris"] = p.Payment.StaticQRIS
	monthStart := today.AddDate(0, 0, 1-today.Day())
	// Last month, or the period just invoiced (?tagihan_dari=&tagihan_sampai=).
	p.Forms["fees"].Values["invoice_from"] = monthStart.AddDate(0, -1, 0).Format(time.DateOnly)
	p.Forms["fees"].Values["invoice_to"] = monthStart.AddDate(0, 0, -1).Format(time.DateOnly)
	if from, to := r.URL.Query().Get("tagihan_dari"), r.URL.Query().Get("tagihan_sampai"); isDate(from) && isDate(to) {
		p.Forms["fees"].Values["invoice_from"], p.Forms["fees"].Values["invoice_to"] = from, to
	}
	p.Forms["stalls"].Values["stalls"] = stallLines(p.Stalls)
	if p.Rulebook != nil {
		fillRulebookForm(p.Forms["rulebook"], p.Rulebook.Rules)
	} else {
		fillRulebookForm(p.Forms["rulebook"], mall.Rules{TurnDays: 7, MaxTurnsPerUMKM: 4, MinPerRegency: 1, GuestQuota: 0.1,
			NoShowMinutes: 60, CategoryCaps: map[string]float64{"kuliner": 0.4}})
	}
	p.Forms["allocate"].Values["from"] = day.Day
	p.Forms["allocate"].Values["to"] = today.AddDate(0, 3, 0).Format(time.DateOnly)
	p.Forms["allocate"].Values["seed"] = "42"
	if section != "" {
		p.Forms[section] = f
	}
	return p, nil
}

func (s *server) mallManage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.mallManageView(r, id, "", NewForm(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "mall_manage", p)
	return nil
}

// mallAction runs one of the manage page's forms after asking the mall
// whether the actor runs the venue: mistakes are shown beside that form's
// fields, anything else is an error page; done redirects to the page, with
// the query the action adds to next (the run to show, the period invoiced),
// so a reload never posts the form again.
func (s *server) mallAction(section string, fields []string, act func(r *http.Request, id int64, f *Form, next url.Values) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := s.Mall.AuthorizeRun(r.Context(), id); err != nil { // before reading the form
			return err
		}
		f := FormFromRequest(r, fields...)
		done, err := runSection(w, r, fmt.Sprintf("/pengelola/pasar/%d", id), section, &f, func(next url.Values) error { return act(r, id, &f, next) })
		if done || err != nil {
			return err
		}
		p, err := s.mallManageView(r, id, section, f)
		if err != nil {
			return err
		}
		s.render(w, r, f.Status(), "mall_manage", p)
		return nil
	}
}

// isDate reports whether s is a YYYY-MM-DD date.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// stallLines writes the stall list as the form's lines: one stall per line,
// "code, kind, size, zone, properties, category, x, y".
func stallLines(stalls []mall.Stall) string {
	var b strings.Builder
	for _, st := range stalls {
		var props []string
		for _, pr := range []struct {
			on   bool
			name string
		}{{st.Power, "listrik"}, {st.Water, "air"}, {st.Cooking, "masak"}, {st.Status == mall.StatusUnderRepair, "perbaikan"}} {
			if pr.on {
				props = append(props, pr.name)
			}
		}
		fmt.Fprintf(&b, "%s, %s, %s, %s, %s, %s, %d, %d\n", st.Code, st.Kind, st.Size, st.Zone, strings.Join(props, " "), st.Category, st.X, st.Y)
	}
	return b.String()
}

// parseStallLines reads the form's lines back; a line it cannot read is
// reported by its number.
func parseStallLines(text string, f *Form) ([]mall.StallInput, bool) {
	var list []mall.StallInput
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, ",")
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		if len(cols) < 2 || len(cols) > 8 {
			return nil, f.Fail("stalls", "stall_line_invalid", n+1)
		}
		for len(cols) < 8 {
			cols = append(cols, "")
		}
		in := mall.StallInput{Code: cols[0], Kind: strings.ToLower(cols[1]), Size: cols[2], Zone: cols[3], Category: strings.ToLower(cols[5])}
		for _, prop := range strings.Fields(strings.ToLower(cols[4])) {
			switch prop {
			case "listrik", "power":
				in.Power = true
			case "air", "water":
				in.Water = true
			case "masak", "cooking":
				in.Cooking = true
			case "perbaikan", "repair":
				in.Status = mall.StatusUnderRepair
			default:
				return nil, f.Fail("stalls", "stall_property_invalid", n+1, prop)
			}
		}
		var err1, err2 error
		if cols[6] != "" {
			in.X, err1 = strconv.Atoi(cols[6])
		}
		if cols[7] != "" {
			in.Y, err2 = strconv.Atoi(cols[7])
		}
		if err1 != nil || err2 != nil {
			return nil, f.Fail("stalls", "stall_position_invalid", n+1)
		}
		list = append(list, in)
	}
	return list, true
}

func (s *server) mallStalls(r *http.Request, id int64, f *Form, _ url.Values) error {
	list, ok := parseStallLines(r.FormValue("stalls"), f)
	if !ok {
		return nil
	}
	f.Values["stalls"] = r.FormValue("stalls")
	_, err := s.Mall.SetStalls(r.Context(), id, list)
	if err != nil && f.SetError(err) {
		// Errors name "[3].kind": one field, the list, shows them all.
		var lines []string
		for k, msg := range f.Errors {
			if k != "stalls" {
				lines = append(lines, k+": "+msg)
				delete(f.Errors, k)
			}
		}
		slices.Sort(lines)
		if len(lines) > 0 {
			f.Errors["stalls"] = strings.Join(lines, "; ")
		} else if _, shown := f.Errors["stalls"]; !shown {
			f.Errors["stalls"] = f.Message
		}
		return nil
	}
	return err
}

// fillRulebookForm writes rules into the rulebook form's fields.
func fillRulebookForm(f Form, rb mall.Rules) {
	v := f.Values
	v["turn_days"] = strconv.Itoa(rb.TurnDays)
	v["max_turns_per_umkm"] = strconv.Itoa(rb.MaxTurnsPerUMKM)
	v["min_per_regency"] = strconv.Itoa(rb.MinPerRegency)
	v["guest_quota"] = strconv.FormatFloat(rb.GuestQuota*100, 'f', -1, 64)
	v["no_show_minutes"] = strconv.Itoa(rb.NoShowMinutes)
	v["rubric_threshold"] = strconv.FormatFloat(rb.RubricThreshold, 'f', -1, 64)
	var caps []string
	for _, c := range umkm.Categories {
		if share, ok := rb.CategoryCaps[c]; ok {
			caps = append(caps, c+" = "+strconv.FormatFloat(share*100, 'f', -1, 64))
		}
	}
	v["category_caps"] = strings.Join(caps, "\n")
	var rubric []string
	for _, c := range rb.Rubric {
		rubric = append(rubric, fmt.Sprintf("%s | %s | %d", c.Key, c.Label, c.Weight))
	}
	v["rubric"] = strings.Join(rubric, "\n")
	for _, c := range rb.Categories {
		v["cat_"+c] = "on"
	}
	if rb.Fees != nil {
		v["fee_daily"], v["due_days"] = strconv.FormatInt(rb.Fees.Daily, 10), strconv.Itoa(rb.Fees.DueDays)
	}
	v["monthly_rent"], v["arrears_limit_days"] = strconv.FormatInt(rb.MonthlyRent, 10), strconv.Itoa(rb.ArrearsLimitDays)
	if sh := rb.SalesShare; sh != nil {
		v["share_percent"] = strconv.FormatFloat(sh.Percent, 'f', -1, 64)
		v["share_min"], v["share_max"] = strconv.FormatInt(sh.Min, 10), strconv.FormatInt(sh.Max, 10)
	}
}

// feeRulesOf reads the rulebook form's fee fields (empty: none).
func feeRulesOf(v map[string]string, f *Form) mall.FeeRules {
	money := func(name string) int64 {
		n, ok := idn.ParseRupiah(v[name])
		if !ok {
			f.Fail(name, "amount_invalid")
		}
		return n
	}
	count := func(name string) int {
		if v[name] == "" {
			return 0
		}
		n, err := strconv.Atoi(v[name])
		if err != nil {
			f.Fail(name, "whole_number")
		}
		return n
	}
	var fr mall.FeeRules
	if daily, due := money("fee_daily"), count("due_days"); daily > 0 || due > 0 {
		fr.Fees = &mall.DailyFee{Daily: daily, DueDays: due}
	}
	fr.MonthlyRent, fr.ArrearsLimitDays = money("monthly_rent"), count("arrears_limit_days")
	if v["share_percent"] != "" {
		pct, err := strconv.ParseFloat(strings.ReplaceAll(v["share_percent"], ",", "."), 64)
		if err != nil {
			f.Fail("share_percent", "percent_invalid")
		}
		fr.SalesShare = &mall.SalesShare{Percent: pct, Min: money("share_min"), Max: money("share_max")}
	}
	return fr
}

var rulebookFields = []string{"turn_days", "max_turns_per_umkm", "min_per_regency", "guest_quota", "no_show_minutes", "rubric_threshold", "category_caps", "rubric",
	"fee_daily", "due_days", "monthly_rent", "arrears_limit_days", "share_percent", "share_min", "share_max"}

func (s *server) mallRulebook(r *http.Request, id int64, f *Form, _ url.Values) error {
	v := f.Values
	// Rules the form does not show (class order, priorities, strict rules) stay as published.
	var rules mall.Rules
	if rb, err := s.Mall.CurrentRulebook(r.Context(), id); err == nil {
		rules = rb.Rules
	} else if platform.ErrorKind(err) != platform.KindNotFound {
		return err
	}
	ints := map[string]*int{"turn_days": &rules.TurnDays, "max_turns_per_umkm": &rules.MaxTurnsPerUMKM,
		"min_per_regency": &rules.MinPerRegency, "no_show_minutes": &rules.NoShowMinutes}
	for name, dst := range ints {
		n, err := strconv.Atoi(strings.TrimSpace(v[name]))
		if v[name] == "" {
			n, err = 0, nil
		}
		if err != nil {
			f.Fail(name, "whole_number")
		}
		*dst = n
	}
	percent := func(field, text string) float64 {
		x, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(text, "%")), 64)
		if err != nil || x < 0 || x > 100 {
			f.Fail(field, "percent_invalid")
			return 0
		}
		return x / 100
	}
	rules.GuestQuota = 0
	if v["guest_quota"] != "" {
		rules.GuestQuota = percent("guest_quota", v["guest_quota"])
	}
	rules.RubricThreshold = 0
	if v["rubric_threshold"] != "" {
		x, err := strconv.ParseFloat(strings.ReplaceAll(v["rubric_threshold"], ",", "."), 64)
		if err != nil {
			f.Fail("rubric_threshold", "number_invalid")
		}
		rules.RubricThreshold = x
	}
	rules.CategoryCaps = map[string]float64{}
	for _, line := range strings.Split(v["category_caps"], "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		c, share, ok := strings.Cut(line, "=")
		if !ok {
			f.Fail("category_caps", "cap_line_invalid", line)
			continue
		}
		rules.CategoryCaps[strings.ToLower(strings.TrimSpace(c))] = percent("category_caps", share)
	}
	rules.Categories = nil
	for _, c := range umkm.Categories {
		if r.FormValue("cat_"+c) != "" {
			rules.Categories = append(rules.Categories, c)
			v["cat_"+c] = "on"
		}
	}
	rules.Rubric = nil
	for _, line := range strings.Split(v["rubric"], "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 {
			f.Fail("rubric", "rubric_line_invalid", line)
			continue
		}
		w, err := strconv.Atoi(strings.TrimSpace(parts[2]))
		if err != nil {
			f.Fail("rubric", "rubric_line_invalid", line)
			continue
		}
		rules.Rubric = append(rules.Rubric, mall.Criterion{Key: strings.TrimSpace(parts[0]), Label: strings.TrimSpace(parts[1]), Weight: w})
	}
	rules.FeeRules = feeRulesOf(v, f)
	if len(f.Errors) > 0 {
		return nil
	}
	_, err := s.Mall.PublishRulebook(r.Context(), id, rules)
	if err != nil && f.SetError(err) {
		f.moveErrors(map[string]string{"fees.daily": "fee_daily", "fees.due_days": "due_days", "sales_share.percent": "share_percent",
			"sales_share.min": "share_min", "sales_share.max": "share_max"})
		for k, msg := range f.Errors { // "category_caps.kuliner", "rubric[0].key": the field of the form
			for _, field := range []string{"category_caps", "rubric", "categories"} {
				if k != field && strings.HasPrefix(k, field) {
					if _, shown := f.Errors[field]; !shown {
						f.Errors[field] = msg
					}
					delete(f.Errors, k)
				}
			}
		}
		return nil
	}
	return err
}

func (s *server) mallDecide(r *http.Request, id int64, f *Form, _ url.Values) error {
	appID, err := pathID(r, "app")
	if err != nil {
		return err
	}
	f.Values["app"] = strconv.FormatInt(appID, 10)
	_, err = s.Mall.Decide(r.Context(), id, appID, mall.Decision{Status: f.Values["status"], Reason: f.Values["reason"], Class: f.Values["class"]})
	return err
}

func (s *server) mallScore(r *http.Request, id int64, f *Form, _ url.Values) error {
	appID, err := pathID(r, "app")
	if err != nil {
		return err
	}
	rb, err := s.Mall.CurrentRulebook(r.Context(), id)
	if err != nil {
		return err
	}
	scores := map[string]int{}
	for _, c := range rb.Rubric {
		n, err := strconv.Atoi(r.FormValue("score_" + c.Key))
		if err != nil {
			f.Values["app"] = strconv.FormatInt(appID, 10)
			f.Fail("score", "score_invalid", mall.MaxScore)
			return nil
		}
		scores[c.Key] = n
	}
	_, err = s.Mall.SetScores(r.Context(), id, appID, scores)
	if err != nil {
		f.Values["app"] = strconv.FormatInt(appID, 10)
	}
	return err
}

func (s *server) mallAllocate(r *http.Request, id int64, f *Form, next url.Values) error {
	seed, err := strconv.ParseInt(f.Values["seed"], 10, 64)
	if err != nil {
		f.Fail("seed", "whole_number")
		return nil
	}
	res, err := s.Mall.Allocate(r.Context(), id, f.Values["from"], f.Values["to"], seed)
	if err != nil {
		return err
	}
	next.Set("run", strconv.FormatInt(res.RunID, 10))
	return nil
}

// mallStandIn gives a stall released today to the UMKM picked from its waiting list.
func (s *server) mallStandIn(r *http.Request, id int64, f *Form, _ url.Values) error {
	f.Values["stall"] = r.PathValue("code")
	app, err := strconv.ParseInt(f.Values["application_id"], 10, 64)
	if err != nil || app <= 0 {
		f.Fail("application_id", "waiting_choose")
		return nil
	}
	_, err = s.Mall.GrantStandIn(r.Context(), id, f.Values["stall"], app)
	return err
}

func (s *server) mallAddStaff(r *http.Request, id int64, f *Form, _ url.Values) error {
	_, err := s.Mall.AddStaff(r.Context(), id, f.Values["email"])
	return err
}

type mallQRPage struct {
	Page
	Venue  mall.Venue
	Stalls []stallQR
}

// stallQR is one cell of the printable sheet.
type stallQR struct {
	Stall mall.Stall
	QR    template.HTML
	// Secret is the code the QR holds, printed under it for a phone whose camera fails.
	Secret string
}

// mallQRSheet is the A4 sheet of stall QR codes to print, cut and stick on
// each stall: the tenant scans its stall's to check in, a buyer scans it to
// see the UMKM's store.
func (s *server) mallQRSheet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	codes, err := s.Mall.StallQRCodes(r.Context(), id) // those who run the venue only
	if err != nil {
		return err
	}
	v, err := s.Mall.Venue(r.Context(), id)
	if err != nil {
		return err
	}
	stalls, err := s.Mall.Stalls(r.Context(), id)
	if err != nil {
		return err
	}
	p := &mallQRPage{Page: s.pageT(r, "title_mall_qr", v.Name), Venue: v}
	for _, st := range stalls {
		link := stallQRLink(s.PublicURL, v.ID, st.Code, codes[st.Code])
		qr, err := qrSVG(link, p.Tf("stall_qr_of", st.Code))
		if err != nil {
			return err
		}
		p.Stalls = append(p.Stalls, stallQR{Stall: st, QR: qr, Secret: codes[st.Code]})
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "mall_qr", p)
	return nil
}

// stallQRLink is what a stall's QR holds: its public page, with the secret
// code the tenant's check-in needs. Anyone who sees the stall can read it;
// the code proves presence at the stall, the login proves who checks in.
func stallQRLink(base string, venueID int64, code, secret string) string {
	return fmt.Sprintf("%s/pasar/%d/lapak/%s?kode=%s", strings.TrimRight(base, "/"), venueID, code, secret)
}
