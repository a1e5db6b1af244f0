package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// The field officer's visit form (kunjungan pendampingan, issue 12 §5): an
// offline client like the cashier (kasir.go), on the same machinery. With
// JavaScript (static/pangan-visit.js on static/offline.js) a visit is made
// on the phone with its own UUID, queued, and synced to visitSync when
// there is signal; the page and its scripts are kept by the offline
// service worker (scope /petugas/), so the form opens again without
// signal once it has been opened with it. Without JavaScript the same form
// posts one visit to visitPost. Either way the visit goes through
// pangan.Service.SyncVisits: a conflict (someone else visited since the
// page's version) is shown with both sides and stored only when sent again.

// visitLines is how many production lines the form offers (a visit that
// recorded more sends the form again).
const visitLines = 3

// visitUses are the ways a harvest is used, as the form offers them.
var visitUses = []string{pangan.UseHome, pangan.UseSold, pangan.UseGiven}

type visitPage struct {
	Page
	Programme      pangan.Programme
	Household      pangan.Household
	Village        string // "Kembang Ayun, Tanjung Sakti Pumu"
	Base           string // the form's path
	Recent         []pangan.VisitSummary
	Subjects       []visitSubject
	Lines          []int
	Uses           []string
	Form           Form
	Confirm        bool                  // the server found a quantity unusual: offer to confirm it
	Conflict       *pangan.VisitConflict // the plain form's visit met another one
	Saved          bool                  // after the plain form stored a visit
	Data           template.JS
	VisitedDefault string // now, at the household's province, for the datetime field
}

// visitSubject is a plot or an aid item whose status a visit records; the
// section renders only when the household has some.
type visitSubject struct {
	Key     string `json:"key"` // the form's field suffix: "plot-12-0", "aid-7-2"
	Subject string `json:"subject"`
	ID      int64  `json:"id"`
	Line    int    `json:"line"`
	Label   string `json:"label"`
}

// visitSubjects are the household's plots and the items of the aid it was given.
func (s *server) visitSubjects(r *http.Request, h pangan.Household) ([]visitSubject, error) {
	plots, err := s.Pangan.HouseholdPlots(r.Context(), h.ProgrammeID, h.ID)
	if err != nil {
		return nil, err
	}
	aid, err := s.Pangan.HouseholdAid(r.Context(), h.ProgrammeID, h.ID)
	if err != nil {
		return nil, err
	}
	lang := i18n.FromContext(r.Context())
	var out []visitSubject
	for _, pl := range plots {
		kind := "plot_kind_" + pl.Kind // plot_kind_pekarangan, _lahan_sempit, _kolam, _kandang
		out = append(out, visitSubject{Key: fmt.Sprintf("plot-%d-0", pl.ID), Subject: "plot", ID: pl.ID,
			Label: i18n.Tf(lang, "visit_plot_label", i18n.T(lang, kind), formatM2(lang, pl.SizeM2))})
	}
	for _, d := range aid {
		for _, it := range d.Items {
			out = append(out, visitSubject{Key: fmt.Sprintf("aid-%d-%d", d.ID, it.Line), Subject: "aid", ID: d.ID, Line: it.Line,
				Label: i18n.Tf(lang, "visit_aid_label", it.Name, i18n.FormatInt(lang, it.Quantity), it.Unit, d.SponsorName)})
		}
	}
	return out, nil
}

// formatM2 writes an area in the reader's number format: "12,5" or "12.5".
func formatM2(lang string, m2 float64) string {
	text := strconv.FormatFloat(m2, 'f', -1, 64)
	if lang != "en" {
		text = strings.Replace(text, ".", ",", 1)
	}
	return text
}

func visitBase(programmeID, householdID int64) string {
	return fmt.Sprintf("/petugas/pangan/%d/rumah/%d/kunjungan", programmeID, householdID)
}

// visitView builds the form for the household in the path (the officers of
// its village and the agency only).
func (s *server) visitView(r *http.Request, f Form) (*visitPage, error) {
	pid, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	hid, err := pathID(r, "household")
	if err != nil {
		return nil, err
	}
	h, err := s.Pangan.VisitTarget(r.Context(), pid, hid)
	if err != nil {
		return nil, err
	}
	prog, err := s.Pangan.Programme(r.Context(), pid)
	if err != nil {
		return nil, err
	}
	recent, err := s.Pangan.RecentVisits(r.Context(), h.ID, 5)
	if err != nil {
		return nil, err
	}
	subjects, err := s.visitSubjects(r, h)
	if err != nil {
		return nil, err
	}
	p := &visitPage{Page: s.page(r, ""), Programme: prog, Household: h,
		Village: villageLabel(h.VillageCode), Base: visitBase(pid, hid), Recent: recent, Subjects: subjects, Uses: visitUses, Form: f}
	p.Title = p.Tf("title_pangan_visit", householdLabel(p.Page, h))
	for i := range visitLines {
		p.Lines = append(p.Lines, i)
	}
	loc := prog.Location()
	p.VisitedDefault = time.Now().In(loc).Format("2006-01-02T15:04")
	_, offset := time.Now().In(loc).Zone()
	type commodity struct {
		Code string `json:"code"`
		Name string `json:"name"`
		Unit string `json:"unit"`
	}
	var commodities []commodity
	for _, c := range prog.Commodities {
		commodities = append(commodities, commodity{c.Code, c.Name, c.Unit})
	}
	data, _ := json.Marshal(map[string]any{"programme": prog.ID, "household": h.ID, "version": h.Version,
		"label": householdLabel(p.Page, h), "syncURL": fmt.Sprintf("/petugas/pangan/%d/kunjungan/sync", prog.ID), "csrf": p.CSRF,
		"offsetMinutes": offset / 60, "startYear": prog.StartYear, "lines": visitLines, "commodities": commodities,
		"subjects": subjects, "messages": visitScriptMessages(p.Page)})
	p.Data = template.JS(data)
	return p, nil
}

// householdLabel names a household without personal data (for the page's
// title, which browsers keep in their history): its number.
func householdLabel(p Page, h pangan.Household) string {
	return p.Tf("pangan_household_no", h.ID)
}

// villageLabel is a village's name with its kecamatan's.
func villageLabel(code string) string {
	a, ok := region.Place(code)
	if !ok {
		return code
	}
	return a.Village.Name + ", " + a.District.Name
}

// visitScriptMessages are the texts the visit script shows, in the page's
// language ({name} places are filled by the script).
func visitScriptMessages(p Page) map[string]string {
	out := map[string]string{"decimal": ","}
	if p.Lang == "en" {
		out["decimal"] = "."
	}
	for js, key := range map[string]string{"online": "kasir_online", "offline": "kasir_offline",
		"queued": "pangan_js_queued", "synced": "pangan_js_synced", "syncFailed": "kasir_js_sync_failed",
		"tryAgain": "kasir_js_try_again", "syncOffline": "pangan_js_sync_offline", "conflict": "pangan_js_conflict",
		"conflictMine": "pangan_js_conflict_mine", "sendAnyway": "pangan_send_anyway", "dropMine": "pangan_drop_mine",
		"rejected": "pangan_js_rejected", "edit": "pangan_js_edit", "drop": "pangan_js_drop", "quantityBad": "pangan_quantity_bad",
		"commodityMissing": "pangan_commodity_missing", "quantityMissing": "pangan_quantity_missing", "timeBad": "pangan_visited_at_bad",
		"reasonMissing": "pangan_reason_missing", "someoneUnknown": "pangan_js_someone",
		"waiting": "pangan_js_waiting", "formError": "form_error", "use_home": "pangan_use_home", "use_sold": "pangan_use_sold",
		"use_given": "pangan_use_given"} {
		out[js] = p.T(key)
	}
	return out
}

func (s *server) visitForm(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	f := NewForm(r)
	p, err := s.visitView(r, f)
	if err != nil {
		return err
	}
	p.Saved = r.URL.Query().Get("tersimpan") == "1"
	f.Values["visited_at"] = p.VisitedDefault
	// The page is the app: the service worker keeps its last copy.
	w.Header().Set("Cache-Control", "no-cache")
	s.render(w, r, http.StatusOK, "pangan_visit", p)
	return nil
}

// visitPost records one visit from the plain form (no JavaScript): its id
// is made here. Errors come back beside their fields, a conflict with both
// sides and a button to send the visit anyway.
func (s *server) visitPost(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	hid, err := pathID(r, "household")
	if err != nil {
		return err
	}
	// Authorise before reading the form.
	h, err := s.Pangan.VisitTarget(r.Context(), pid, hid)
	if err != nil {
		return err
	}
	prog, err := s.Pangan.Programme(r.Context(), pid)
	if err != nil {
		return err
	}
	subjects, err := s.visitSubjects(r, h)
	if err != nil {
		return err
	}
	fields := []string{"visited_at", "notes", "base_version", "confirm", "resolved"}
	for i := range visitLines {
		fields = append(fields, fmt.Sprintf("commodity_%d", i), fmt.Sprintf("quantity_%d", i), fmt.Sprintf("use_%d", i))
	}
	for _, sj := range subjects {
		fields = append(fields, "status_"+sj.Key, "reason_"+sj.Key)
	}
	f := FormFromRequest(r, fields...)
	f.Values["notes"] = r.FormValue("notes") // as typed, lines and all
	v := pangan.VisitIn{ID: newUUID(), HouseholdID: h.ID, Notes: f.Values["notes"], Confirm: f.Values["confirm"] == "1",
		Resolved: f.Values["resolved"] == "1"}
	if at, err := time.ParseInLocation("2006-01-02T15:04", f.Values["visited_at"], prog.Location()); err == nil {
		v.VisitedAt = at
	} else {
		f.Fail("visited_at", "pangan_visited_at_bad")
	}
	v.BaseVersion, _ = strconv.ParseInt(f.Values["base_version"], 10, 64)
	lineOf := map[int]int{} // production[k] of the visit → line i of the form
	for i := range visitLines {
		c, q, use := f.Values[fmt.Sprintf("commodity_%d", i)], f.Values[fmt.Sprintf("quantity_%d", i)], f.Values[fmt.Sprintf("use_%d", i)]
		if c == "" && q == "" {
			continue
		}
		qty, ok := parseQuantity(q)
		switch {
		case c == "":
			f.Fail(fmt.Sprintf("commodity_%d", i), "pangan_commodity_missing")
		case q == "":
			f.Fail(fmt.Sprintf("quantity_%d", i), "pangan_quantity_missing")
		case !ok:
			f.Fail(fmt.Sprintf("quantity_%d", i), "pangan_quantity_bad")
		}
		lineOf[len(v.Production)] = i
		v.Production = append(v.Production, pangan.ProductionIn{Commodity: c, Quantity: qty, Use: use})
	}
	subjectOf := map[int]string{}
	for _, sj := range subjects {
		st := f.Values["status_"+sj.Key]
		if st == "" {
			continue
		}
		subjectOf[len(v.Statuses)] = sj.Key
		v.Statuses = append(v.Statuses, pangan.StatusIn{Subject: sj.Subject, ID: sj.ID, Line: sj.Line, Status: st, Reason: f.Values["reason_"+sj.Key]})
	}
	var conflict *pangan.VisitConflict
	if len(f.Errors) == 0 {
		res, err := s.Pangan.SyncVisits(r.Context(), pid, []pangan.VisitIn{v})
		if err != nil {
			if !f.SetError(err) {
				return err
			}
		}
		switch {
		case len(res.Rejected) > 0:
			f.SetError(res.Rejected[0].Err())
			f.moveErrors(visitFormFields(lineOf, subjectOf))
		case len(res.Conflicts) > 0:
			conflict = &res.Conflicts[0]
		}
	}
	if len(f.Errors) == 0 && f.Message == "" && conflict == nil {
		http.Redirect(w, r, visitBase(pid, hid)+"?tersimpan=1#kunjungan", http.StatusSeeOther)
		return nil
	}
	status := f.Status()
	if len(f.Errors) > 0 && f.Message == "" {
		f.MarkInvalid()
	}
	p, err := s.visitView(r, f)
	if err != nil {
		return err
	}
	for k := range f.Errors {
		// A quantity the server refused (not one this form could not read):
		// the officer may confirm it is what was harvested.
		if strings.HasPrefix(k, "quantity_") && f.Values[k] != "" {
			if _, ok := parseQuantity(f.Values[k]); ok {
				p.Confirm = true
			}
		}
	}
	if conflict != nil {
		p.Conflict, status = conflict, http.StatusConflict
	}
	s.render(w, r, status, "pangan_visit", p)
	return nil
}

// visitFormFields maps the service's field names of one visit to the
// plain form's: production[0].quantity → quantity_<line>.
func visitFormFields(lineOf map[int]int, subjectOf map[int]string) map[string]string {
	out := map[string]string{}
	for k, i := range lineOf {
		for _, name := range []string{"commodity", "quantity", "use"} {
			out[fmt.Sprintf("production[%d].%s", k, name)] = fmt.Sprintf("%s_%d", name, i)
		}
	}
	for k, key := range subjectOf {
		out[fmt.Sprintf("statuses[%d].status", k)] = "status_" + key
		out[fmt.Sprintf("statuses[%d].id", k)] = "status_" + key
		out[fmt.Sprintf("statuses[%d].reason", k)] = "reason_" + key
	}
	return out
}

// visitSync takes the phone's queued visits (JSON, with the page's CSRF
// token) and answers what SyncVisits answers the API: accepted,
// duplicates, flagged, conflicts and rejections (their reasons in the
// officer's language).
func (s *server) visitSync(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Visits []pangan.VisitIn `json:"visits"`
	}
	return s.offlineSync(w, r, func() error { return s.Pangan.AuthorizeFieldwork(r.Context(), pid) }, &in,
		platform.Errorf(platform.KindInvalid, "Data kunjungan tidak terbaca (harus JSON dalam UTF-8)"),
		func() (any, error) {
			res, err := s.Pangan.SyncVisits(r.Context(), pid, in.Visits)
			translateRejections(r, res.Rejected)
			if res.Rejected == nil {
				res.Rejected = []expo.Rejection{}
			}
			return res, err
		})
}

var (
	quantityGrouped = regexp.MustCompile(`^\d{1,3}(\.\d{3})+(,\d+)?$`)
	quantityPlain   = regexp.MustCompile(`^\d+([.,]\d+)?$`)
)

// parseQuantity reads a quantity as an officer types it: "2,5" (the
// Indonesian decimal comma), "2.5" (a phone keypad's point), "1.250,5"
// (dots grouping thousands before a comma, or in threes: "1.250" is 1250).
// No sign, no letters. static/pangan-visit.js reads it by the same rules.
func parseQuantity(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	switch {
	case quantityGrouped.MatchString(s):
		s = strings.ReplaceAll(s, ".", "")
	case quantityPlain.MatchString(s):
	default:
		return 0, false
	}
	q, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return q, err == nil
}

// CommodityName is a programme commodity's name, for the visit list.
func (p visitPage) CommodityName(code string) string {
	if c, ok := p.Programme.Commodity(code); ok {
		return c.Name
	}
	return code
}

// Unit is a programme commodity's unit.
func (p visitPage) Unit(code string) string {
	c, _ := p.Programme.Commodity(code)
	return c.Unit
}

// Quantity writes a quantity in the page's language: "2,5" / "2.5".
func (p visitPage) Quantity(q float64) string {
	s := strconv.FormatFloat(q, 'f', -1, 64)
	if p.Lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
