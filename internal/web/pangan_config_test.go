package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestPanganConfigurationForm: the agency reads its programme's
// configuration as the lines it typed, adds a sponsor, a phase, a package
// and a regency price; a line it cannot read, or removing what records use,
// is said beside its list and changes nothing; nobody else opens the form.
func TestPanganConfigurationForm(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		page := w.web("/pengelola/pangan/%d/konfigurasi")
		for email, want := range map[string]int{"dinas32@x.id": 403, "penyuluh@x.id": 403, "pembeli@x.id": 403} {
			b := loggedIn(t, s, email)
			if code, _ := b.get(page); code != want {
				t.Errorf("%s opens the configuration: %d, want %d", email, code, want)
			}
			if code, _, _ := b.post(page, url.Values{"csrf_token": {b.csrf}, "name": {"Diambil alih"}, "start_year": {"2021"}}); code != want {
				t.Errorf("%s posts the configuration: %d, want %d", email, code, want)
			}
		}
		agency := loggedIn(t, s, "dinas16@x.id")
		if _, body := agency.get(w.web("/pengelola/pangan/%d")); !strings.Contains(body, `href="`+page+`"`) {
			t.Errorf("the programme's page does not link its configuration")
		}
		code, body := agency.get(page)
		for _, line := range []string{"cabai, Cabai, kg, 40000", "16.04, 9450", "bsb, Paket Bank Sumsel Babel, 8 ekor Ayam petelur", "Bank Sumsel Babel, bank_csr", "Tahap 1, household"} {
			if code != 200 || !strings.Contains(body, line) {
				t.Errorf("the configuration form (%d) lacks the line %q", code, line)
			}
		}
		form := func(change func(url.Values)) url.Values {
			v := url.Values{"csrf_token": {agency.csrf}, "name": {"Gerakan Sumsel Mandiri Pangan"}, "start_year": {"2021"},
				"commodities": {"cabai, Cabai, kg, 40000\ntelur, Telur ayam, butir, 2000\nlele, Lele, kg, 25000\nkangkung, Kangkung, kg, 8.000"},
				"targets":     {"16.04, 9.450\n16.08, 7800\n16.07, 7625"},
				"prices":      {"cabai, 16.07, 45000"},
				"packages":    {"bsb, Paket Bank Sumsel Babel, 8 ekor Ayam petelur\ndrum, Drum Bank Mandiri, 1 buah Drum"},
				"sponsors":    {"Bank Sumsel Babel, bank_csr\nBank Mandiri, bumn"},
				"phases":      {"Tahap 1, household\nTahap 2, kwt"}}
			if change != nil {
				change(v)
			}
			return v
		}
		read := func() pangan.Programme {
			var p pangan.Programme
			s.Do("GET", w.api(""), "", nil, &p)
			return p
		}
		for _, c := range []struct {
			name, field, says string
			change            func(url.Values)
		}{
			{"a sponsor without its kind", "sponsors", "Baris 2", func(v url.Values) { v.Set("sponsors", "Bank Sumsel Babel, bank_csr\nBank Mandiri") }},
			{"an unknown sponsor kind", "sponsors", "Baris 2", func(v url.Values) { v.Set("sponsors", "Bank Sumsel Babel, bank_csr\nBank Mandiri, koperasi") }},
			{"a package without items", "packages", "Baris 2", func(v url.Values) {
				v.Set("packages", "bsb, Paket Bank Sumsel Babel, 8 ekor Ayam petelur\ndrum, Drum, drum")
			}},
			{"a price for a regency of Jawa Barat", "prices", "Baris 1", func(v url.Values) { v.Set("prices", "cabai, 32.73, 45000") }},
			{"removing a commodity with harvests", "commodities", "Cabai", func(v url.Values) {
				v.Set("commodities", "telur, Telur ayam, butir, 2000\nlele, Lele, kg, 25000")
				v.Set("prices", "")
			}},
		} {
			code, _, body := agency.post(page, form(c.change))
			if code != 422 || !strings.Contains(body, `id="e-`+c.field+`"`) || !strings.Contains(errorOf(body, c.field), c.says) {
				t.Errorf("%s: %d, want 422 with %q beside %s (%q)", c.name, code, c.says, c.field, errorOf(body, c.field))
			}
			if p := read(); len(p.Sponsors) != 1 || len(p.Packages) != 1 || len(p.Commodities) != 3 {
				t.Errorf("%s changed the programme: %d sponsors, %d packages, %d commodities", c.name, len(p.Sponsors), len(p.Packages), len(p.Commodities))
			}
		}
		code, loc, _ := agency.post(page, form(nil))
		if code != 303 || loc != page+"?tersimpan=1" {
			t.Fatalf("saving the configuration: %d → %q", code, loc)
		}
		p := read()
		if len(p.Sponsors) != 2 || len(p.Phases) != 2 || len(p.Packages) != 2 || len(p.Commodities) != 4 || len(p.Prices) != 1 {
			t.Errorf("after saving: %+v", p)
		}
		if k, _ := p.Commodity("kangkung"); k.Price != 8000 || p.Packages[1].Items[0].Name != "Drum" || p.Packages[1].Items[0].Unit != "buah" {
			t.Errorf("kangkung Rp%d, drum package %+v", k.Price, p.Packages[1])
		}
		if _, body := agency.get(loc); !strings.Contains(body, "Konfigurasi tersimpan.") || !strings.Contains(body, "Bank Mandiri, bumn") {
			t.Errorf("the saved form should say so and show the new sponsor")
		}
		agency.get("/bahasa?l=en&next=%2F")
		if _, body := agency.get(page); !strings.Contains(body, "Change the programme&#39;s configuration") || strings.Contains(body, "Simpan konfigurasi") {
			t.Errorf("the English configuration form is not in English")
		}
	})
}

// errorOf is the text beside a form field ("" none).
func errorOf(body, field string) string {
	_, after, ok := strings.Cut(body, `id="e-`+field+`">`)
	if !ok {
		return ""
	}
	text, _, _ := strings.Cut(after, "</div>")
	return text
}
