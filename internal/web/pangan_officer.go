package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// The field officer's pages of a food programme (issue 12 §5–6): its
// programmes and villages with their households, each linking to the
// visit form (pangan_visit.go); the household QR sticker's link, which
// opens the visit form for those who visit the household and says nothing
// personal to anyone else; and the printable A4 sheet of a village's
// stickers.

// officerHouseholdsPage bounds the households listed at once (an officer
// may have 500 in a village): the next ones are a link away.
const officerHouseholdsPage = 50

type officerPage struct {
	Page
	Assignments []officerAssignment
	// The village shown, its households (a page of them) and the link to
	// the next page ("" for the last).
	Programme  pangan.Assignment
	Village    string
	Households []pangan.Household
	// Next and Prev link the village's neighbouring pages of households.
	Next, Prev string
}

type officerAssignment struct {
	pangan.Assignment
	Villages []officerVillage
	// Groups are the programme's groups in the officer's villages.
	Groups []pangan.FoodGroup
}

type officerVillage struct {
	pangan.VillageCount
	Name, Href, Stickers string
	Selected             bool
}

// officerHome is /petugas/pangan: the programmes and villages the account
// is a field officer of; one village's households at a time (the first,
// or ?program=&desa=), 50 a page.
func (s *server) officerHome(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	list, err := s.Pangan.MyAssignments(r.Context())
	if err != nil {
		return err
	}
	p := &officerPage{Page: s.pageT(r, "title_pangan_officer")}
	q := r.URL.Query()
	wantProg, _ := strconv.ParseInt(q.Get("program"), 10, 64)
	wantVillage := q.Get("desa")
	for _, a := range list {
		oa := officerAssignment{Assignment: a}
		if oa.Groups, err = s.Pangan.Groups(r.Context(), a.ProgrammeID, ""); err != nil {
			return err
		}
		for _, v := range a.Villages {
			ov := officerVillage{VillageCount: v, Name: villageLabel(v.Code),
				Href:     fmt.Sprintf("/petugas/pangan?program=%d&desa=%s#rumah", a.ProgrammeID, url.QueryEscape(v.Code)),
				Stickers: stickerSheetURL(a.ProgrammeID, v.Code, 0)}
			if p.Village == "" && (wantVillage == "" || (a.ProgrammeID == wantProg && v.Code == wantVillage)) {
				ov.Selected, p.Programme, p.Village = true, a, v.Code
			}
			oa.Villages = append(oa.Villages, ov)
		}
		p.Assignments = append(p.Assignments, oa)
	}
	if p.Village != "" {
		var pg householdPager
		if p.Households, pg, err = s.householdPage(r, p.Programme.ProgrammeID, p.Village, officerHouseholdsPage); err != nil {
			return err
		}
		base := fmt.Sprintf("/petugas/pangan?program=%d&desa=%s", p.Programme.ProgrammeID, url.QueryEscape(p.Village))
		if pg.Next != "" {
			p.Next = base + "&setelah=" + pg.Next + "#rumah"
		}
		if pg.Prev != "" {
			p.Prev = base + "&sebelum=" + pg.Prev + "#rumah"
		}
	}
	s.render(w, r, http.StatusOK, "pangan_officer", p)
	return nil
}

// fieldOfficerCheck returns what tells the header whether the actor is a
// field officer of some programme (asked once, and only by the header).
func (s *server) fieldOfficerCheck(r *http.Request) func() bool {
	if s.Pangan == nil || platform.ActorFrom(r.Context()).Anonymous() {
		return nil // most pages are read anonymously: no closure to make
	}
	var done, is bool
	return func() bool {
		if !done && s.Pangan != nil && !platform.ActorFrom(r.Context()).Anonymous() {
			var err error
			if is, err = s.Pangan.IsFieldOfficer(r.Context()); err != nil {
				s.Log.Error("field officer check", "err", err)
			}
		}
		done = true
		return is
	}
}

// FieldOfficer reports whether the actor is a food programme's field
// officer (the header links its work then).
func (p Page) FieldOfficer() bool { return p.fieldOfficer != nil && p.fieldOfficer() }

// VillageName is a village's name and kecamatan, for the templates.
func (p officerPage) VillageName() string { return villageLabel(p.Village) }

// VisitURL is a household's visit form.
func (p officerPage) VisitURL(h pangan.Household) string { return visitBase(h.ProgrammeID, h.ID) }

func stickerSheetURL(programmeID int64, village string, after int64) string {
	u := fmt.Sprintf("/petugas/pangan/%d/stiker?desa=%s", programmeID, url.QueryEscape(village))
	if after > 0 {
		u += fmt.Sprintf("&setelah=%d", after)
	}
	return u
}

// stickerLink is what a household's QR sticker holds: the public address
// of its sticker page, whose code is the household's secret (anyone who
// sees the sticker can read it; the page shows the household only to those
// who visit it).
func (s *server) stickerLink(programmeID int64, code string) string {
	return s.absoluteURL(fmt.Sprintf("/pangan/%d/stiker/%s", programmeID, code))
}

type stickerPage struct {
	Page
	Sticker pangan.Sticker
	Login   string // the login link that comes back here, for an anonymous visitor
}

// stickerPage is where a sticker's QR leads: the visit form for an officer
// of the household's village (or the agency); for anyone else the
// programme's name and that this is a programme household, nothing more.
func (s *server) stickerPage(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.Pangan.StickerTarget(r.Context(), pid, r.PathValue("code"))
	if err != nil {
		return err
	}
	if st.HouseholdID != 0 {
		http.Redirect(w, r, visitBase(pid, st.HouseholdID), http.StatusSeeOther)
		return nil
	}
	p := &stickerPage{Page: s.pageT(r, "title_pangan_sticker", st.ProgrammeName), Sticker: st}
	if p.Actor.Anonymous() {
		p.Login = "/masuk?next=" + url.QueryEscape(r.URL.Path)
	}
	// The same link answers differently once someone logs in.
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "pangan_visit_sticker", p)
	return nil
}

type stickerSheetPage struct {
	Page
	Programme pangan.Programme
	Village   string
	Stickers  []stickerCell
	Next      string
}

type stickerCell struct {
	Number  int64
	Initial string
	QR      template.HTML
}

// stickerSheet is the A4 sheet of a village's household stickers
// (?desa=CODE), 60 a sheet: to the agency and the village's officers. Under
// each QR the household's number and its head's initial, never the name
// or the NIK: the sticker hangs on the house's wall.
func (s *server) stickerSheet(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	pid, err := pathID(r, "id")
	if err != nil {
		return err
	}
	village := r.URL.Query().Get("desa")
	after, _ := strconv.ParseInt(r.URL.Query().Get("setelah"), 10, 64)
	rows, more, err := s.Pangan.StickerSheet(r.Context(), pid, village, after, pangan.MaxStickerSheet)
	if err != nil {
		return err
	}
	prog, err := s.Pangan.Programme(r.Context(), pid)
	if err != nil {
		return err
	}
	p := &stickerSheetPage{Page: s.pageT(r, "title_pangan_stickers", villageLabel(village)), Programme: prog, Village: village}
	if _, ok := region.VillageByCode(village); ok {
		p.Village = villageLabel(village)
	}
	for _, row := range rows {
		qr, err := qrSVG(s.stickerLink(pid, row.Code), p.Tf("pangan_sticker_qr", row.HouseholdID))
		if err != nil {
			return err
		}
		p.Stickers = append(p.Stickers, stickerCell{Number: row.HouseholdID, Initial: row.Initial, QR: qr})
	}
	if more {
		p.Next = stickerSheetURL(pid, village, rows[len(rows)-1].HouseholdID)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "pangan_stickers", p)
	return nil
}
