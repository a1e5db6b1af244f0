package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

func notFound() error { return platform.NotFound("Halaman") }

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound()
	}
	return id, nil
}

// SearchForm is the search box with its filters and sort order, as typed.
type SearchForm struct {
	Q, Province, Regency, Category, MinPrice, MaxPrice, Sort string
	Halal                                                    bool
}

type searchPage struct {
	Page
	Form       SearchForm
	Provinces  []region.Province
	Regencies  []region.Regency
	Categories []string
	Sorts      []string
	Results    []catalog.Product
	Stores     []umkm.UMKM
	// NextURL and PrevURL page forward and back; CountText says how many
	// products were found ("123 produk", "lebih dari 1.000 produk").
	NextURL, PrevURL string
	CountText        string
	// Suggestion is a spelling that finds more (SuggestURL searches it);
	// Corrected: the results are the suggestion's, the query found nothing.
	Suggestion, SuggestURL string
	Corrected              bool
	Errors                 map[string]string
	Heading                string
	// On the home page: running beli-bareng campaigns and expos.
	Campaigns []order.Campaign
	Expos     []expo.Event
}

func (s *server) searchPageData(r *http.Request) *searchPage {
	q := r.URL.Query()
	f := SearchForm{Q: q.Get("q"), Province: q.Get("province"), Regency: q.Get("regency"), Category: q.Get("category"),
		MinPrice: q.Get("min_price"), MaxPrice: q.Get("max_price"), Sort: q.Get("sort"),
		Halal: q.Get("halal") == "1" || q.Get("halal") == "true"}
	if r, ok := region.RegencyByCode(f.Regency); ok && f.Province == "" {
		f.Province = r.ProvinceCode
	}
	p := &searchPage{Page: s.page(r, "Gerai"), Form: f, Provinces: region.Provinces(), Categories: umkm.Categories,
		Sorts: catalog.Sorts, Errors: map[string]string{}}
	if f.Province != "" {
		p.Regencies = region.Regencies(f.Province)
	}
	return p
}

func (s *server) home(w http.ResponseWriter, r *http.Request) error {
	p := s.searchPageData(r)
	p.Title = "Gerai — " + p.T("tagline")
	page, err := s.Catalog.Search(r.Context(), catalog.Query{Limit: 12, NoCount: true})
	if err != nil {
		return err
	}
	p.Results = page.Items
	p.Heading = p.T("new_products")
	if p.Campaigns, err = s.Orders.Campaigns(r.Context(), order.CampaignFilter{Running: true, Limit: 4}); err != nil {
		return err
	}
	events, err := s.Expo.Events(r.Context())
	if err != nil {
		return err
	}
	for _, e := range events {
		if e.Status != expo.Draft && len(p.Expos) < 3 {
			p.Expos = append(p.Expos, e)
		}
	}
	s.render(w, r, http.StatusOK, "home", p)
	return nil
}

func (s *server) searchPage(w http.ResponseWriter, r *http.Request) error {
	p := s.searchPageData(r)
	p.Title = p.T("results_for") + " — Gerai"
	if p.Form.Q != "" {
		p.Title = p.Form.Q + " — Gerai"
	}
	q := catalog.Query{Text: p.Form.Q, ProvinceCode: p.Form.Province, RegencyCode: p.Form.Regency,
		Category: p.Form.Category, Sort: p.Form.Sort, Cursor: r.URL.Query().Get("cursor"), Limit: 20}
	if p.Form.Halal {
		t := true
		q.Halal = &t
	}
	price := func(field, v string) *int64 {
		if v == "" {
			return nil
		}
		n, ok := idn.ParseRupiah(v) // the one reading of typed rupiah
		if !ok {
			p.Errors[field] = p.T("search_price_bad")
			return nil
		}
		return &n
	}
	q.MinPrice = price("min_price", p.Form.MinPrice)
	q.MaxPrice = price("max_price", p.Form.MaxPrice)
	status := http.StatusOK
	if len(p.Errors) == 0 {
		page, err := s.Catalog.Search(r.Context(), q)
		if err != nil {
			var f Form = NewForm(r)
			if !f.SetError(err) {
				return err
			}
			p.Errors = f.Errors
			status = http.StatusUnprocessableEntity
		} else {
			p.showResults(r, page)
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	if p.Form.Q != "" && status == http.StatusOK && r.URL.Query().Get("cursor") == "" {
		text := p.Form.Q
		if p.Corrected {
			text = p.Suggestion
		}
		stores, err := s.UMKM.List(r.Context(), umkm.Filter{Text: text, ProvinceCode: p.Form.Province,
			RegencyCode: p.Form.Regency, Category: p.Form.Category, Status: umkm.StatusVerified, Limit: 4})
		if err != nil {
			return err
		}
		p.Stores = stores.Items
	}
	p.Heading = p.T("results_for")
	s.render(w, r, status, "search", p)
	return nil
}

// showResults puts a page of results on p, with links to the pages around
// it: those of the suggestion when the results are the suggestion's.
func (p *searchPage) showResults(r *http.Request, page catalog.SearchPage) {
	p.Results = page.Items
	if page.CountMore {
		p.CountText = p.Tf("n_products_more", p.Num(catalog.MaxCount))
	} else {
		p.CountText = p.N("n_products", int64(page.Count))
	}
	link := func(text, cursor string) string {
		v := r.URL.Query()
		for k, vals := range v {
			if len(vals) == 1 && vals[0] == "" {
				v.Del(k) // the form's empty filters: shorter links
			}
		}
		v.Set("q", text)
		v.Del("cursor")
		if cursor != "" {
			v.Set("cursor", cursor)
		}
		return "/cari?" + v.Encode()
	}
	text := p.Form.Q
	if page.Suggestion != "" {
		p.Suggestion, p.SuggestURL, p.Corrected = page.Suggestion, link(page.Suggestion, ""), page.Corrected
		if page.Corrected {
			text = page.Suggestion
		}
	}
	if page.NextCursor != "" {
		p.NextURL = link(text, page.NextCursor)
	}
	if page.PrevCursor != "" {
		p.PrevURL = link(text, page.PrevCursor)
	}
}

type storePage struct {
	Page
	UMKM     umkm.UMKM
	Products []catalog.Product
	WALink   string
	ShareWA  string
	ShareURL string
	NextURL  string
}

func (s *server) storePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.UMKM.Get(r.Context(), id)
	if err != nil {
		return err
	}
	page, err := s.Catalog.Search(r.Context(), catalog.Query{UMKMID: id, Limit: 40, Cursor: r.URL.Query().Get("cursor"), NoCount: true})
	if err != nil {
		return err
	}
	p := &storePage{Page: s.page(r, u.Name+" — Gerai"), UMKM: u, Products: page.Items}
	p.ShareURL = s.absoluteURL("/umkm/" + strconv.FormatInt(id, 10))
	if u.WhatsApp != "" {
		p.WALink = idn.WhatsAppLink(u.WhatsApp, p.Tf("wa_store_ask", u.Name, p.ShareURL))
	}
	p.ShareWA = "https://wa.me/?text=" + url.QueryEscape(p.Tf("wa_store_share", u.Name, p.ShareURL))
	if page.NextCursor != "" {
		p.NextURL = "/umkm/" + strconv.FormatInt(id, 10) + "?cursor=" + url.QueryEscape(page.NextCursor)
	}
	s.render(w, r, http.StatusOK, "store", p)
	return nil
}

func (s *server) aboutPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "about", &struct{ Page }{s.pageT(r, "title_about")})
	return nil
}

func (s *server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	l := r.URL.Query().Get("l")
	if !i18n.Supported(l) {
		l = i18n.Default
	}
	s.setCookie(w, r, &http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
	return nil
}
