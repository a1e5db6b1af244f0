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
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// An agency starts its province's programme: name, start year, the
// commodities ("kode, nama, satuan, harga" a line) and the targets per
// regency ("kode kabupaten, rumah tangga" a line), typed as the mall's
// stall list is. Package types, sponsors and phases come through the API
// (or an adoption) for now.

type panganNewPage struct {
	Page
	Form      Form
	Provinces []region.Province
	// Regencies of the agency's province, as a reminder of their codes.
	Regencies []region.Regency
}

var panganNewFields = []string{"name", "province_code", "start_year", "commodities", "targets"}

func (s *server) panganNewForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	f := NewForm(r)
	f.Values["start_year"] = "2021"
	f.Values["commodities"] = "cabai, Cabai, kg, 40000\ntomat, Tomat, kg, 12000\nkangkung, Kangkung, kg, 8000\ntelur, Telur ayam, butir, 2000\nlele, Lele, kg, 25000\n"
	return s.renderPanganNew(w, r, http.StatusOK, f)
}

func (s *server) renderPanganNew(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	p := &panganNewPage{Page: s.pageT(r, "title_pangan_new"), Form: f}
	if p.Actor.ProvinceCode != "" {
		p.Regencies = region.Regencies(p.Actor.ProvinceCode)
	} else {
		p.Provinces = region.Provinces()
	}
	s.render(w, r, status, "pangan_new", p)
	return nil
}

func (s *server) panganCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	f := FormFromRequest(r, panganNewFields...)
	v := f.Values
	v["commodities"], v["targets"] = r.FormValue("commodities"), r.FormValue("targets")
	province := v["province_code"]
	if a := platform.ActorFrom(r.Context()); a.ProvinceCode != "" {
		province = a.ProvinceCode
	}
	year, err := strconv.Atoi(v["start_year"])
	if err != nil {
		f.Fail("start_year", "whole_number")
	}
	commodities, commodityLines := parseCommodityLines(v["commodities"], &f)
	targets, targetLines := parseTargetLines(v["targets"], &f)
	if len(f.Errors) > 0 {
		f.MarkInvalid()
		return s.renderPanganNew(w, r, f.Status(), f)
	}
	prog, err := s.Pangan.CreateProgramme(r.Context(), pangan.ProgrammeFields{Name: v["name"], ProvinceCode: province, StartYear: year,
		Commodities: commodities, Targets: targets})
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		lineErrors(&f, "commodities", commodityLines)
		lineErrors(&f, "targets", targetLines)
		return s.renderPanganNew(w, r, f.Status(), f)
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

// parseCommodityLines reads "kode, nama, satuan, harga" lines; the line
// number of each commodity comes back for the service's errors.
func parseCommodityLines(text string, f *Form) ([]pangan.Commodity, []int) {
	var list []pangan.Commodity
	var lines []int
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		cells := splitLine(line)
		if cells == nil {
			continue
		}
		if len(cells) != 4 {
			f.Fail("commodities", "pangan_commodity_line_invalid", n+1)
			continue
		}
		price, ok := idn.ParseRupiah(cells[3])
		if !ok {
			f.Fail("commodities", "pangan_price_line_invalid", n+1)
			continue
		}
		list = append(list, pangan.Commodity{Code: cells[0], Name: cells[1], Unit: strings.ToLower(cells[2]), Price: price})
		lines = append(lines, n+1)
	}
	return list, lines
}

// parseTargetLines reads "kode kabupaten, rumah tangga" lines.
func parseTargetLines(text string, f *Form) ([]pangan.Target, []int) {
	var list []pangan.Target
	var lines []int
	for n, line := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		cells := splitLine(line)
		if cells == nil {
			continue
		}
		households, err := strconv.ParseInt(strings.ReplaceAll(cells[len(cells)-1], ".", ""), 10, 64)
		if len(cells) != 2 || err != nil {
			f.Fail("targets", "pangan_target_line_invalid", n+1)
			continue
		}
		list = append(list, pangan.Target{RegencyCode: cells[0], Households: households})
		lines = append(lines, n+1)
	}
	return list, lines
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
