package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
)

// A food programme's groups (issue 12): the agency page's "Kelompok"
// section (the groups of the area chosen, the form to register one), the
// field officer's list of its villages' groups (pangan_officer.go), and a
// group's page: its members, the form to add a household of its village,
// and for a KWT (or a group already linked) the UMKM it sells through
// with what that sold on Gerai.

// manageGroupsShown bounds the groups the agency page lists at once.
const manageGroupsShown = 100

// groupFields are the registration form's fields: named apart from the
// household form's on the same page (kind, name, village_code there).
var groupFields = []string{"group_kind", "group_name", "group_village"}

// panganManageGroups fills the agency page's "Kelompok" section: the
// groups of the page's area, and the registration's picker (from the
// village posted, else the section's own choice).
func (s *server) panganManageGroups(r *http.Request, p *panganManagePage, section string, f Form) error {
	var err error
	if p.Groups, err = s.Pangan.Groups(r.Context(), p.Programme.ID, p.Filter.Area()); err != nil {
		return err
	}
	if len(p.Groups) > manageGroupsShown { // a province has thousands of dasawisma: the area picker narrows them
		p.GroupsMore = int64(len(p.Groups) - manageGroupsShown)
		p.Groups = p.Groups[:manageGroupsShown]
	}
	q := r.URL.Query()
	reg, dist, vill := q.Get("kel_kab"), q.Get("kel_kec"), ""
	if section == "kelompok" {
		reg, dist, vill = r.PostFormValue("kel_kab"), r.PostFormValue("kel_kec"), f.Values["group_village"]
		if a, ok := region.Place(vill); ok {
			reg, dist = a.Regency.Code, a.District.Code
		}
	}
	p.GroupPicker = pickArea(p.Programme.ProvinceCode, reg, dist, vill)
	p.GroupKinds = pangan.GroupKinds
	if added, err := strconv.ParseInt(q.Get("kelompok_baru"), 10, 64); err == nil {
		for i := range p.Groups {
			if p.Groups[i].ID == added {
				p.AddedGroup = &p.Groups[i]
			}
		}
	}
	return nil
}

func (s *server) panganAddGroup(r *http.Request, id int64, f *Form, next url.Values) error {
	v := f.Values
	g, err := s.Pangan.AddGroup(r.Context(), id, pangan.GroupFields{Kind: v["group_kind"], Name: v["group_name"], VillageCode: v["group_village"]})
	if err != nil {
		if f.SetError(err) {
			f.moveErrors(map[string]string{"kind": "group_kind", "name": "group_name", "village_code": "group_village"})
			return nil
		}
		return err
	}
	next.Set("kelompok_baru", strconv.FormatInt(g.ID, 10))
	next.Set("kel_kab", g.RegencyCode)
	next.Set("kel_kec", g.DistrictCode)
	return nil
}

// groupCandidates bounds the households of the group's village the
// member form offers in a select; a bigger village gets a number field.
const groupCandidates = 200

type panganGroupPage struct {
	// The group's own plots and aid with their forms (pangan_aid.go),
	// beside the page's member and UMKM forms.
	panganAidPage
	Group pangan.GroupView
	// Runs: the actor runs the programme (links the UMKM, which the
	// service allows the agency only).
	Runs bool
	// Candidates are the village's households not in the group (a page of
	// them); ByNumber: the village has more (or none is left to offer),
	// the form asks for the number; NoCandidates: every household of the
	// village is a member.
	Candidates   []pangan.Household
	ByNumber     bool
	NoCandidates bool
	// Joined is the household just added (?masuk=); Linked: the UMKM was just linked.
	Joined *pangan.Household
	Linked bool
}

func groupURL(programmeID, groupID int64) string {
	return fmt.Sprintf("/pengelola/pangan/%d/kelompok/%d", programmeID, groupID)
}

// GroupURL is a group's page, for the templates.
func (p Page) GroupURL(programmeID, groupID int64) string { return groupURL(programmeID, groupID) }

func (s *server) panganGroupView(r *http.Request, id, gid int64, section string, f Form) (*panganGroupPage, error) {
	ctx := r.Context()
	g, err := s.Pangan.Group(ctx, id, gid)
	if err != nil {
		return nil, err
	}
	prog, err := s.Pangan.Programme(ctx, id)
	if err != nil {
		return nil, err
	}
	// The recipient of a group's delivery is whoever receives it for the group: the form leaves it to the officer.
	aid, err := s.newAidPage(r, g.Name+" — "+prog.Name, prog, aidOwner{group: true, id: gid}, "")
	if err != nil {
		return nil, err
	}
	p := &panganGroupPage{panganAidPage: aid, Group: g}
	p.Runs = p.Is("admin") || (p.Is("agency") && p.Actor.ProvinceCode == prog.ProvinceCode)
	village, next, err := s.Pangan.Households(ctx, id, pangan.HouseholdFilter{Area: g.VillageCode, Limit: groupCandidates})
	if err != nil {
		return nil, err
	}
	for _, h := range village {
		if h.GroupID != g.ID {
			p.Candidates = append(p.Candidates, h)
		}
	}
	p.NoCandidates = next == "" && len(p.Candidates) == 0
	p.ByNumber = next != "" || p.NoCandidates
	for _, sec := range []string{"anggota", "umkm"} {
		p.Forms[sec] = NewForm(r)
	}
	if g.UMKMID != 0 {
		p.Forms["umkm"].Values["umkm_id"] = strconv.FormatInt(g.UMKMID, 10)
	}
	p.finishForms(section, f)
	q := r.URL.Query()
	if joined, err := strconv.ParseInt(q.Get("masuk"), 10, 64); err == nil {
		for i := range g.Households {
			if g.Households[i].ID == joined {
				p.Joined = &p.Group.Households[i]
			}
		}
	}
	p.Linked = q.Get("umkm") == "1" && g.UMKMID != 0
	return p, nil
}

func (s *server) panganGroup(w http.ResponseWriter, r *http.Request) error {
	id, gid, err := groupPath(r)
	if err != nil {
		return err
	}
	p, err := s.panganGroupView(r, id, gid, "", NewForm(r))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "pangan_group", p)
	return nil
}

func groupPath(r *http.Request) (id, gid int64, err error) {
	if id, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	gid, err = pathID(r, "gid")
	return id, gid, err
}

// panganGroupAction runs one of the group page's forms once authorise
// says the actor may (before the form is read): mistakes beside the
// form's fields, done redirects to the page at the form's section.
func (s *server) panganGroupAction(section string, fields []string, authorise func(r *http.Request, id, gid int64) error,
	act func(r *http.Request, id, gid int64, f *Form, next url.Values) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, gid, err := groupPath(r)
		if err != nil {
			return err
		}
		if err := authorise(r, id, gid); err != nil {
			return err
		}
		f := FormFromRequest(r, fields...)
		done, err := runSection(w, r, groupURL(id, gid), section, &f, func(next url.Values) error { return act(r, id, gid, &f, next) })
		if done || err != nil {
			return err
		}
		return s.showOwner(w, r, id, aidOwner{group: true, id: gid}, section, f)
	}
}

// mayWorkOnGroup: who may open the group's page may add its members (the
// agency, the village's officers).
func (s *server) mayWorkOnGroup(r *http.Request, id, gid int64) error {
	return s.Pangan.MayWorkOnGroup(r.Context(), id, gid)
}

// mayRunGroup: the agency links a group's UMKM.
func (s *server) mayRunGroup(r *http.Request, id, _ int64) error {
	_, err := s.Pangan.AuthorizeRun(r.Context(), id)
	return err
}

func (s *server) panganAddMember(r *http.Request, id, gid int64, f *Form, next url.Values) error {
	hid, err := strconv.ParseInt(f.Values["household_id"], 10, 64)
	if err != nil || hid <= 0 {
		f.Fail("household_id", "pangan_household_pick")
		return nil
	}
	h, err := s.Pangan.SetHouseholdGroup(r.Context(), id, gid, hid)
	if err != nil {
		return err
	}
	next.Set("masuk", strconv.FormatInt(h.ID, 10))
	return nil
}

func (s *server) panganLinkUMKM(r *http.Request, id, gid int64, f *Form, next url.Values) error {
	uid, err := strconv.ParseInt(f.Values["umkm_id"], 10, 64)
	if err != nil || uid <= 0 {
		f.Fail("umkm_id", "whole_number")
		return nil
	}
	if _, err := s.Pangan.LinkGroupUMKM(r.Context(), id, gid, uid); err != nil {
		return err
	}
	next.Set("umkm", "1")
	return nil
}
