package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/pangan"
)

// The lists of a programme's form, a line each (see pangan_new.go): read
// here into the service's fields, and written back from a programme for
// its configuration form.

// formLines maps each list's elements to the textarea lines they came from,
// so the service's "targets[2].households" is shown as "Baris 4: …".
type formLines map[string][]int

func (l formLines) attach(f *Form) {
	for _, field := range []string{"commodities", "targets", "prices", "packages", "sponsors", "phases"} {
		lineErrors(f, field, l[field])
	}
}

// parseProgrammeForm reads the programme form's fields; mistakes a line
// cannot be read for go beside their textarea.
func parseProgrammeForm(r *http.Request, f *Form) (pangan.ProgrammeFields, formLines) {
	v := f.Values
	for _, k := range []string{"commodities", "targets", "prices", "packages", "sponsors", "phases"} {
		v[k] = r.FormValue(k) // textareas keep their line breaks
	}
	out := pangan.ProgrammeFields{Name: v["name"]}
	year, err := strconv.Atoi(v["start_year"])
	if err != nil {
		f.Fail("start_year", "whole_number")
	}
	out.StartYear = year
	lines := formLines{}
	each := func(field string, cells int, read func(c []string) bool, invalid string) {
		for n, line := range strings.Split(strings.ReplaceAll(v[field], "\r", ""), "\n") {
			c := splitLine(line)
			if c == nil {
				continue
			}
			if len(c) != cells || !read(c) {
				f.Fail(field, invalid, n+1)
				continue
			}
			lines[field] = append(lines[field], n+1)
		}
	}
	each("commodities", 4, func(c []string) bool {
		price, ok := idn.ParseRupiah(c[3])
		out.Commodities = append(out.Commodities, pangan.Commodity{Code: c[0], Name: c[1], Unit: strings.ToLower(c[2]), Price: price})
		return ok
	}, "pangan_commodity_line_invalid")
	each("targets", 2, func(c []string) bool {
		households, err := strconv.ParseInt(strings.ReplaceAll(c[1], ".", ""), 10, 64)
		out.Targets = append(out.Targets, pangan.Target{RegencyCode: c[0], Households: households})
		return err == nil
	}, "pangan_target_line_invalid")
	each("prices", 3, func(c []string) bool {
		price, ok := idn.ParseRupiah(c[2])
		out.Prices = append(out.Prices, pangan.Price{Commodity: strings.ToLower(c[0]), RegencyCode: c[1], Price: price})
		return ok
	}, "pangan_price_override_line_invalid")
	each("packages", 3, func(c []string) bool {
		items, ok := parsePackageItems(c[2])
		out.Packages = append(out.Packages, pangan.PackageType{Code: c[0], Name: c[1], Items: items})
		return ok
	}, "pangan_package_line_invalid")
	each("sponsors", 2, func(c []string) bool {
		out.Sponsors = append(out.Sponsors, pangan.Sponsor{Name: c[0], Kind: strings.ToLower(c[1])})
		return true
	}, "pangan_sponsor_line_invalid")
	each("phases", 2, func(c []string) bool {
		out.Phases = append(out.Phases, pangan.Phase{Name: c[0], Segment: strings.ToLower(c[1])})
		return true
	}, "pangan_phase_line_invalid")
	return out, lines
}

// parsePackageItems reads "8 ekor Ayam petelur; 300 ekor Benih lele":
// each item a quantity, a unit and a name.
func parsePackageItems(text string) ([]pangan.PackageItem, bool) {
	var items []pangan.PackageItem
	for _, part := range strings.Split(text, ";") {
		words := strings.Fields(part)
		if len(words) == 0 {
			continue
		}
		q, err := strconv.ParseInt(strings.ReplaceAll(words[0], ".", ""), 10, 64)
		if err != nil || len(words) < 3 {
			return nil, false
		}
		items = append(items, pangan.PackageItem{Quantity: q, Unit: words[1], Name: strings.Join(words[2:], " ")})
	}
	return items, len(items) > 0
}

// programmeFormValues writes a programme's configuration into the form's lines.
func programmeFormValues(p pangan.Programme, f *Form) {
	var b strings.Builder
	lines := func(field string, n int, line func(i int) string) {
		b.Reset()
		for i := range n {
			b.WriteString(line(i))
			b.WriteByte('\n')
		}
		f.Values[field] = b.String()
	}
	f.Values["name"], f.Values["start_year"] = p.Name, strconv.Itoa(p.StartYear)
	lines("commodities", len(p.Commodities), func(i int) string {
		c := p.Commodities[i]
		return fmt.Sprintf("%s, %s, %s, %d", c.Code, c.Name, c.Unit, c.Price)
	})
	lines("targets", len(p.Targets), func(i int) string { return fmt.Sprintf("%s, %d", p.Targets[i].RegencyCode, p.Targets[i].Households) })
	lines("prices", len(p.Prices), func(i int) string {
		pr := p.Prices[i]
		return fmt.Sprintf("%s, %s, %d", pr.Commodity, pr.RegencyCode, pr.Price)
	})
	lines("packages", len(p.Packages), func(i int) string {
		pt := p.Packages[i]
		items := make([]string, len(pt.Items))
		for j, it := range pt.Items {
			items[j] = fmt.Sprintf("%d %s %s", it.Quantity, it.Unit, it.Name)
		}
		return fmt.Sprintf("%s, %s, %s", pt.Code, pt.Name, strings.Join(items, "; "))
	})
	lines("sponsors", len(p.Sponsors), func(i int) string { return p.Sponsors[i].Name + ", " + p.Sponsors[i].Kind })
	lines("phases", len(p.Phases), func(i int) string { return p.Phases[i].Name + ", " + p.Phases[i].Segment })
}

// panganConfigForm shows a programme's configuration to its agency.
func (s *server) panganConfigForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	prog, err := s.Pangan.AuthorizeRun(r.Context(), id)
	if err != nil {
		return err
	}
	f := NewForm(r)
	programmeFormValues(prog, &f)
	return s.renderPanganNew(w, r, http.StatusOK, f, &prog)
}

// panganConfigure stores the configuration form, whole or not at all.
func (s *server) panganConfigure(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	prog, err := s.Pangan.AuthorizeRun(r.Context(), id) // before reading the form
	if err != nil {
		return err
	}
	f := FormFromRequest(r, panganNewFields...)
	fields, lines := parseProgrammeForm(r, &f)
	if len(f.Errors) == 0 {
		if _, err := s.Pangan.Configure(r.Context(), id, fields); err != nil {
			if !f.SetError(err) {
				return err
			}
			lines.attach(&f)
		}
	}
	if len(f.Errors) > 0 || f.Message != "" {
		if f.Message == "" {
			f.MarkInvalid()
		}
		return s.renderPanganNew(w, r, f.Status(), f, &prog)
	}
	http.Redirect(w, r, fmt.Sprintf("/pengelola/pangan/%d/konfigurasi?tersimpan=1", id), http.StatusSeeOther)
	return nil
}
