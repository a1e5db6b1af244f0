package web

import (
	"net/http"
	"net/url"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The agency's registry: the UMKM its scope shows (verified ones and every
// record of its own province), searched and filtered, paged with the
// list's cursor, and exported as CSV or XLSX with exactly the same rows.

type registryPage struct {
	Page
	Form       Form
	Items      []umkm.UMKM
	NextURL    string
	Regencies  []region.Regency
	Categories []string
	Scales     []umkm.Scale
	Statuses   []umkm.Status
	// CSVURL and XLSXURL export the rows of this filter.
	CSVURL, XLSXURL string
}

// province narrows the admin's list to a province (the registry
// dashboard's links); an agency's scope is its province already.
var registryFields = []string{"q", "province", "regency", "scale", "category", "status"}

// registryFilter reads the registry's filter from the query string.
func registryFilter(r *http.Request) (umkm.Filter, Form, url.Values) {
	q := r.URL.Query()
	f := NewForm(r)
	kept := url.Values{}
	for _, k := range registryFields {
		f.Values[k] = q.Get(k)
		if v := q.Get(k); v != "" {
			kept.Set(k, v)
		}
	}
	return umkm.Filter{Text: f.Values["q"], ProvinceCode: f.Values["province"], RegencyCode: f.Values["regency"], Scale: umkm.Scale(f.Values["scale"]),
		Category: f.Values["category"], Status: umkm.Status(f.Values["status"])}, f, kept
}

func (s *server) agencyRegistry(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	filter, f, kept := registryFilter(r)
	filter.Limit, filter.Cursor = 50, r.URL.Query().Get("cursor")
	actor := platform.ActorFrom(r.Context())
	p := &registryPage{Page: s.pageT(r, "title_registry"), Form: f, Categories: umkm.Categories,
		Scales:   []umkm.Scale{umkm.ScaleMikro, umkm.ScaleKecil, umkm.ScaleMenengah},
		Statuses: []umkm.Status{umkm.StatusVerified, umkm.StatusSubmitted, umkm.StatusRejected, umkm.StatusDraft},
		CSVURL:   "/dinas/umkm.csv", XLSXURL: "/dinas/umkm.xlsx"}
	if len(kept) > 0 {
		p.CSVURL += "?" + kept.Encode()
		p.XLSXURL += "?" + kept.Encode()
	}
	p.Title = p.T("registry") + " — Gerai"
	if actor.ProvinceCode != "" {
		p.Regencies = region.Regencies(actor.ProvinceCode)
	} else {
		p.Regencies = region.AllRegencies()
	}
	status := http.StatusOK
	page, err := s.UMKM.List(r.Context(), filter)
	if err != nil {
		if !p.Form.SetError(err) {
			return err
		}
		status = p.Form.Status()
	}
	p.Items = page.Items
	if page.NextCursor != "" {
		next := url.Values{}
		for k, v := range kept {
			next[k] = v
		}
		next.Set("cursor", page.NextCursor)
		p.NextURL = "/dinas/umkm?" + next.Encode()
	}
	s.render(w, r, status, "registry", p)
	return nil
}

// agencyRegistryFile exports what the registry page lists under the same
// filter (every page of it), WhatsApp numbers masked.
func (s *server) agencyRegistryFile(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := requireDesk(r, account.StaffDesk); err != nil {
			return err
		}
		filter, _, _ := registryFilter(r)
		rows, _, err := s.UMKM.Export(r.Context(), filter)
		if err != nil {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		attachment(w, "registri-umkm", format)
		if format == "csv" {
			return umkm.WriteCSV(w, rows)
		}
		return umkm.WriteXLSX(w, rows)
	}
}
