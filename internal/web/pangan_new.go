package web

import (
	"cmp"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// An agency starts its province's programme, and later changes its
// configuration, on one form: name, start year and the lists typed a line
// each as the mall's stall list is — commodities ("kode, nama, satuan,
// harga"), targets ("kode kabupaten, rumah tangga"), regency prices
// ("komoditas, kode kabupaten, harga"), aid packages ("kode, nama, 8 ekor
// Ayam petelur; 1 buah Drum"), sponsors ("nama, jenis") and phases ("nama,
// sasaran"). The configuration form starts from the programme's lists.

type panganNewPage struct {
	Page
	Form      Form
	Provinces []region.Province
	// Regencies of the agency's province, as a reminder of their codes.
	Regencies []region.Regency
	// Programme is the programme being configured (nil: a new one).
	Programme *pangan.Programme
	// Saved: the configuration was just stored (?tersimpan=1).
	Saved        bool
	SponsorKinds []string
	Segments     []string
}

var panganNewFields = []string{"name", "province_code", "start_year", "commodities", "targets", "prices", "packages", "sponsors", "phases"}

func (s *server) panganNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	f := NewForm(r)
	f.Values["start_year"] = "2021"
	f.Values["commodities"] = "cabai, Cabai, kg, 40000\ntomat, Tomat, kg, 12000\nkangkung, Kangkung, kg, 8000\ntelur, Telur ayam, butir, 2000\nlele, Lele, kg, 25000\n"
	return s.renderPanganNew(w, r, http.StatusOK, f, nil)
}

func (s *server) renderPanganNew(w http.ResponseWriter, r *http.Request, status int, f Form, prog *pangan.Programme) error {
	p := &panganNewPage{Page: s.pageT(r, "title_pangan_new"), Form: f, Programme: prog, SponsorKinds: pangan.SponsorKinds, Segments: pangan.Segments}
	province := p.Actor.ProvinceCode
	if prog != nil {
		p.Page = s.pageT(r, "title_pangan_configure", prog.Name)
		province = prog.ProvinceCode
		p.Saved = r.URL.Query().Get("tersimpan") == "1"
	}
	if province != "" {
		p.Regencies = region.Regencies(province)
	} else {
		p.Provinces = region.Provinces()
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "pangan_new", p)
	return nil
}

func (s *server) panganCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	f := FormFromRequest(r, panganNewFields...)
	province := f.Values["province_code"]
	if a := platform.ActorFrom(r.Context()); a.ProvinceCode != "" {
		province = a.ProvinceCode
	}
	fields, lines := parseProgrammeForm(r, &f)
	fields.ProvinceCode = province
	if len(f.Errors) > 0 {
		f.MarkInvalid()
		return s.renderPanganNew(w, r, f.Status(), f, nil)
	}
	prog, err := s.Pangan.CreateProgramme(r.Context(), fields)
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		lines.attach(&f)
		return s.renderPanganNew(w, r, f.Status(), f, nil)
	}
	http.Redirect(w, r, fmt.Sprintf("/pengelola/pangan/%d", prog.ID), http.StatusSeeOther)
	return nil
}

// splitLine reads one line of a list textarea: its comma-separated cells,
// or nil for a blank line or a comment.
func splitLine(line string) []string {
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return nil
	}
	cells := strings.Split(line, ",")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

var listIndex = regexp.MustCompile(`^([a-z_]+)\[(\d+)\]`)

// lineErrors puts the service's errors on a list's elements ("targets[2].
// households") beside the list's textarea, each naming its line.
func lineErrors(f *Form, field string, lines []int) {
	type lineMsg struct {
		n   int
		msg string
	}
	var msgs []lineMsg
	for k, msg := range f.Errors {
		m := listIndex.FindStringSubmatch(k)
		if m == nil || m[1] != field {
			continue
		}
		i, _ := strconv.Atoi(m[2])
		n := i + 1
		if i < len(lines) {
			n = lines[i]
		}
		msgs = append(msgs, lineMsg{n, i18n.Tf(f.lang, "line_n", n) + ": " + msg})
		delete(f.Errors, k)
	}
	if len(msgs) == 0 {
		return
	}
	slices.SortFunc(msgs, func(a, b lineMsg) int { return cmp.Or(cmp.Compare(a.n, b.n), cmp.Compare(a.msg, b.msg)) })
	var out []string
	if prev, ok := f.Errors[field]; ok {
		out = append(out, prev)
	}
	for _, m := range msgs {
		out = append(out, m.msg)
	}
	f.Errors[field] = strings.Join(out, "; ")
}
