package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
)

// The household food programme in the UI, public side (issue 12): the
// list of programmes with "start one" and "adopt" for an agency, and each
// programme's dashboard (pangan_dashboard.go). The agency's pages —
// households, officers, a new programme — are in pangan_manage.go.

type panganListPage struct {
	Page
	Programmes []panganListItem
	// MayStart: an agency whose province has no programme yet.
	MayStart bool
	// Adopt is the adoption form shown again with its error (its Values["source"] names the programme).
	Adopt Form
	// Sponsorships are the sponsors whose report the actor reads ("Bantuan saya").
	Sponsorships []pangan.Sponsorship
}

// panganListItem is one programme with what the actor may do with it.
type panganListItem struct {
	pangan.Programme
	AdoptedFromName string
	// Runs: the actor runs it (a link to its agency page); MayAdopt: the
	// actor is another province's agency.
	Runs, MayAdopt bool
}

func (s *server) panganList(w http.ResponseWriter, r *http.Request) error {
	return s.renderPanganList(w, r, http.StatusOK, NewForm(r))
}

func (s *server) renderPanganList(w http.ResponseWriter, r *http.Request, status int, adopt Form) error {
	list, err := s.Pangan.Programmes(r.Context())
	if err != nil {
		return err
	}
	p := &panganListPage{Page: s.pageT(r, "title_pangan_list"), Adopt: adopt}
	names := map[int64]string{}
	for _, pr := range list {
		names[pr.ID] = pr.Name
	}
	agency := p.Is("agency") && p.Actor.ProvinceCode != ""
	own := false
	for _, pr := range list {
		item := panganListItem{Programme: pr, AdoptedFromName: names[pr.AdoptedFrom]}
		item.Runs = p.Is("admin") || (agency && pr.ProvinceCode == p.Actor.ProvinceCode)
		item.MayAdopt = agency && pr.ProvinceCode != p.Actor.ProvinceCode
		own = own || (agency && pr.ProvinceCode == p.Actor.ProvinceCode)
		p.Programmes = append(p.Programmes, item)
	}
	p.MayStart = (agency && !own) || p.Is("admin")
	if p.Sponsorships, err = s.Pangan.MySponsorships(r.Context()); err != nil {
		return err
	}
	s.render(w, r, status, "pangan_list", p)
	return nil
}

// panganAdopt is the "Adopsi" button of another province's programme: the
// agency names its copy; the new programme's agency page follows.
func (s *server) panganAdopt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := requireDesk(r, account.StaffDesk); err != nil { // an agency adopts: refuse others before reading the form
		return err
	}
	f := FormFromRequest(r, "name")
	f.Values["source"] = strconv.FormatInt(id, 10)
	p, err := s.Pangan.Adopt(r.Context(), id, f.Values["name"])
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		if _, shown := f.Errors["name"]; !shown && f.Message != "" {
			f.Errors["name"] = f.Message
		}
		return s.renderPanganList(w, r, f.Status(), f)
	}
	http.Redirect(w, r, fmt.Sprintf("/pengelola/pangan/%d", p.ID), http.StatusSeeOther)
	return nil
}

// Qty writes a quantity (2.5) with the page's decimal mark, to three
// decimals at most ("2,5" / "2.5"), thousands grouped.
func (p Page) Qty(q float64) string {
	milli := int64(math.Round(q * 1000))
	out := p.Num(milli / 1000)
	if frac := milli % 1000; frac != 0 {
		mark := ","
		if p.Lang == "en" {
			mark = "."
		}
		out += mark + strings.TrimRight(fmt.Sprintf("%03d", frac), "0")
	}
	return out
}

// Month writes "2024-03" as "Maret 2024" / "March 2024".
func (p Page) Month(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	if p.Lang == "en" {
		return idn.MonthNameEN(t.Month()) + " " + strconv.Itoa(t.Year())
	}
	return idn.MonthName(t.Month()) + " " + strconv.Itoa(t.Year())
}

// Day is the calendar date of t in a province ("2 Desember 2026"), for a
// table column where the time of day would only wrap.
func (p Page) Day(t time.Time, provinceCode string) string {
	if p.Lang == "en" {
		return idn.DateEN(t, region.Location(provinceCode))
	}
	return idn.Date(t, region.Location(provinceCode))
}

// PanganUse names how a harvest was used (home, sold, given).
func (p Page) PanganUse(use string) string { return p.T("pangan_use_" + use) }

// AreaName names an area of any level by its code (the code itself when unknown).
func (p Page) AreaName(code string) string {
	if n, ok := areaName(code); ok {
		return n
	}
	return code
}
