package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
)

// The agency's page of a programme: its households (masked NIK and phone,
// filtered by regency → district → village, a page at a time), the form to
// register one under the purpose statement UU 27/2022 asks for, the field
// officers and the form to assign one. Area choices are GET forms that
// reload the page with the next level's options, so no script is needed;
// the registration itself is a POST, so a NIK never lands in an address.

// areaPicker is a regency → district → village choice, one level per reload.
type areaPicker struct {
	Regency, District, Village string
	Regencies                  []region.Regency
	Districts                  []region.District
	Villages                   []region.Village
}

// householdPager holds the cursors of a household list's neighbours:
// Next the page after ("" last), Prev the page before ("" first); Paged:
// this is not the first page.
type householdPager struct {
	Next, Prev string
	Paged      bool
}

// householdPage reads the page of an area's households that the query's
// setelah (after a household) or sebelum (before one) asks for.
func (s *server) householdPage(r *http.Request, programmeID int64, area string, limit int) ([]pangan.Household, householdPager, error) {
	q := r.URL.Query()
	filter := pangan.HouseholdFilter{Area: area, Limit: limit}
	if n, err := strconv.ParseInt(q.Get("sebelum"), 10, 64); err == nil && n > 0 {
		filter.Before = strconv.FormatInt(n, 10)
	} else if n, err := strconv.ParseInt(q.Get("setelah"), 10, 64); err == nil && n > 0 {
		filter.Cursor = strconv.FormatInt(n, 10)
	}
	list, more, err := s.Pangan.Households(r.Context(), programmeID, filter)
	if err != nil {
		return nil, householdPager{}, err
	}
	pg := householdPager{Next: more, Paged: filter.Cursor != ""}
	if filter.Before != "" { // more goes further back; forward is the page we came from
		pg.Paged, pg.Next = more != "", filter.Before
		if n := len(list); n > 0 {
			pg.Next = strconv.FormatInt(list[n-1].ID, 10)
		}
	}
	if pg.Paged && len(list) > 0 {
		pg.Prev = strconv.FormatInt(list[0].ID, 10)
	}
	return list, pg, nil
}

// pickArea reads a picker's codes (only those inside the province and each
// inside the one above), with the options of every level chosen so far.
func pickArea(province, regency, district, village string) areaPicker {
	a := areaPicker{Regencies: region.Regencies(province)}
	if r, ok := region.RegencyByCode(regency); ok && r.ProvinceCode == province {
		a.Regency, a.Districts = regency, region.Districts(regency)
	}
	if a.Regency != "" && strings.HasPrefix(district, a.Regency+".") && region.LevelOf(district) == region.LevelDistrict {
		if _, ok := region.DistrictByCode(district); ok {
			a.District, a.Villages = district, region.Villages(district)
		}
	}
	if a.District != "" && strings.HasPrefix(village, a.District+".") {
		if _, ok := region.VillageByCode(village); ok {
			a.Village = village
		}
	}
	return a
}

// Area is the deepest level chosen ("" none).
func (a areaPicker) Area() string {
	switch {
	case a.Village != "":
		return a.Village
	case a.District != "":
		return a.District
	}
	return a.Regency
}

type panganManagePage struct {
	Page
	Programme  pangan.Programme
	Households []pangan.Household
	Pager      householdPager
	Filter     areaPicker
	// FilterQuery is the list's filter for the pager's links.
	FilterQuery     string
	Picker          areaPicker
	Officers        []pangan.Officer
	Forms           map[string]Form
	PovertyStatuses []string
	// Added is the household just registered (?terdaftar=).
	Added *pangan.Household
	// The "Kelompok" section (pangan_groups.go): the area's groups, the
	// registration's picker and kinds, the group just registered;
	// GroupsMore: how many more the area holds than are listed.
	Groups      []pangan.FoodGroup
	GroupsMore  int64
	GroupPicker areaPicker
	GroupKinds  []string
	AddedGroup  *pangan.FoodGroup
	// The sponsors' section (pangan_sponsor.go), and the account just given a sponsor's view.
	Sponsors   []sponsorRow
	AddedStaff string
}

var householdFields = []string{"head_name", "nik", "village_code", "phone", "members", "poverty_status", "poverty_source", "address"}

func (s *server) panganManageView(r *http.Request, id int64, section string, f Form) (*panganManagePage, error) {
	ctx := r.Context()
	prog, err := s.Pangan.AuthorizeRun(ctx, id)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	p := &panganManagePage{Page: s.pageT(r, "title_pangan_manage", prog.Name), Programme: prog, Forms: map[string]Form{},
		PovertyStatuses: pangan.PovertyStatuses}
	p.Filter = pickArea(prog.ProvinceCode, q.Get("kab"), q.Get("kec"), q.Get("desa"))
	fq := url.Values{}
	for k, v := range map[string]string{"kab": p.Filter.Regency, "kec": p.Filter.District, "desa": p.Filter.Village} {
		if v != "" {
			fq.Set(k, v)
		}
	}
	p.FilterQuery = fq.Encode()
	if p.Households, p.Pager, err = s.householdPage(r, prog.ID, p.Filter.Area(), 50); err != nil {
		return nil, err
	}
	if p.Officers, err = s.Pangan.Officers(ctx, prog.ID); err != nil {
		return nil, err
	}
	// The registration's picker: from the village posted, else the page's choice.
	reg, dist, vill := q.Get("daftar_kab"), q.Get("daftar_kec"), ""
	if section == "daftar" {
		reg, dist, vill = r.PostFormValue("daftar_kab"), r.PostFormValue("daftar_kec"), f.Values["village_code"]
		if a, ok := region.Place(vill); ok {
			reg, dist = a.Regency.Code, a.District.Code
		}
	}
	p.Picker = pickArea(prog.ProvinceCode, reg, dist, vill)
	for _, sec := range []string{"daftar", "petugas", "kelompok", "sponsor"} {
		p.Forms[sec] = NewForm(r)
	}
	p.Forms["daftar"].Values["members"] = "4"
	if section != "" {
		p.Forms[section] = f
	}
	if added, err := strconv.ParseInt(q.Get("terdaftar"), 10, 64); err == nil {
		for i := range p.Households {
			if p.Households[i].ID == added {
				p.Added = &p.Households[i]
			}
		}
	}
	if err := s.panganManageGroups(r, p, section, f); err != nil {
		return nil, err
	}
	if err := s.panganManageSponsors(r, p); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *server) panganManage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.panganManageView(r, id, "", NewForm(r))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "pangan_manage", p)
	return nil
}

// panganAction runs one of the agency page's forms once the service says the
// actor runs the programme: mistakes beside that form's fields, done
// redirects to the page at the form's section (the query next adds).
func (s *server) panganAction(section string, fields []string, act func(r *http.Request, id int64, f *Form, next url.Values) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if _, err := s.Pangan.AuthorizeRun(r.Context(), id); err != nil { // before reading the form
			return err
		}
		f := FormFromRequest(r, fields...)
		done, err := runSection(w, r, fmt.Sprintf("/pengelola/pangan/%d", id), section, &f, func(next url.Values) error { return act(r, id, &f, next) })
		if done || err != nil {
			return err
		}
		p, err := s.panganManageView(r, id, section, f)
		if err != nil {
			return err
		}
		w.Header().Set("Cache-Control", "private, no-store")
		s.render(w, r, f.Status(), "pangan_manage", p)
		return nil
	}
}

func (s *server) panganAddHousehold(r *http.Request, id int64, f *Form, next url.Values) error {
	v := f.Values
	members, err := strconv.Atoi(v["members"])
	if err != nil {
		f.Fail("members", "whole_number")
	}
	if len(f.Errors) > 0 {
		return nil
	}
	h, err := s.Pangan.AddHousehold(r.Context(), id, pangan.HouseholdFields{HeadName: v["head_name"], NIK: v["nik"], VillageCode: v["village_code"],
		Address: v["address"], Phone: v["phone"], Members: members, PovertyStatus: v["poverty_status"], PovertySource: v["poverty_source"]})
	if err != nil {
		return err
	}
	next.Set("terdaftar", strconv.FormatInt(h.ID, 10))
	next.Set("daftar_kab", h.RegencyCode)
	next.Set("daftar_kec", h.DistrictCode)
	return nil
}

func (s *server) panganAssignOfficer(r *http.Request, id int64, f *Form, _ url.Values) error {
	f.Values["village_codes"] = strings.TrimSpace(r.FormValue("village_codes"))
	villages := strings.FieldsFunc(f.Values["village_codes"], func(c rune) bool { return c == ',' || c == ';' || c == ' ' || c == '\n' || c == '\r' || c == '\t' })
	if v := strings.TrimSpace(r.FormValue("village")); v != "" {
		villages = append(villages, v)
	}
	user, _, err := s.Pangan.OfficerAccount(r.Context(), id, f.Values["email"])
	if err != nil {
		return err
	}
	_, err = s.Pangan.AssignOfficer(r.Context(), id, user, villages)
	if err != nil && f.SetError(err) {
		f.moveErrors(map[string]string{"user_id": "email"})
		for k, msg := range f.Errors {
			if strings.HasPrefix(k, "village_codes[") {
				if _, shown := f.Errors["village_codes"]; !shown {
					f.Errors["village_codes"] = msg
				}
				delete(f.Errors, k)
			}
		}
		return nil
	}
	return err
}

type panganHouseholdPage struct {
	// The household's plots and aid with their forms (pangan_aid.go).
	panganAidPage
	Record  pangan.HouseholdRecord
	Address region.Address
	Runs    bool
}

// panganHousehold is a household's own page: the whole NIK and phone, to
// the programme's agency and the village's officers (the service refuses
// anyone else), with its plots and aid and their forms.
func (s *server) panganHousehold(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	hid, err := pathID(r, "hid")
	if err != nil {
		return err
	}
	p, err := s.householdView(r, id, hid, "", Form{})
	if err != nil {
		return err
	}
	// The whole NIK is on this page: no cache may keep it.
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "pangan_household", p)
	return nil
}

// LocalPhone writes a whole phone number as Indonesians type it (0812…).
func (p Page) LocalPhone(e164 string) string { return idn.LocalPhone(e164) }

// Poverty names a poverty status.
func (p Page) Poverty(s string) string { return p.T("poverty_" + s) }
