package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/memo"
	"github.com/gerai-id/gerai/internal/order"
)

type productPage struct {
	Page
	Product catalog.Product
	// UMKM is the seller as the product's own read joins it (name, region,
	// WhatsApp): the page reads no UMKM row of its own.
	UMKM     catalog.Seller
	WALink   string
	ShareWA  string
	ShareURL string
	// Campaigns are the running beli-bareng campaigns on the product.
	Campaigns []order.Campaign
	// GroupOrders are the open group orders the visitor may add this product to.
	GroupOrders []order.GroupOrder
	// Gallery is every photo of the product, as the page links them.
	Gallery []galleryPhoto
	// The parts every visitor sees the same (productView): rendered from
	// the templates productTop, productFacts and productTail.
	Top, Facts, Tail template.HTML
}

// productView is the product page's part that is the same for every
// visitor in one language: the product as read, and its gallery, facts,
// links and description rendered. It is kept for productViewTTL
// (decision 0045): a product's page is asked by visitor after visitor and
// the rendering is most of its cost. Stock, running campaigns, the forms
// (the visitor's CSRF token, their group orders) and the header stay live.
type productView struct {
	Product          catalog.Product
	Top, Facts, Tail template.HTML
}

type productViewKey struct {
	id      int64
	lang    string
	version uint64 // catalog.Version: this process's product writes show at once
}

const (
	// productViewTTL bounds how long another process's change of a product
	// (its name, price, photos) takes to show: the checkout reprices every
	// line and refuses a price the buyer was not shown, so a page a few
	// seconds old sells nothing at a wrong price.
	productViewTTL = 5 * time.Second
	// productViewSize bounds the products kept: some 4 KB each.
	productViewSize = 10_000
)

func newProductViews() *memo.Cache[productViewKey, productView] {
	return &memo.Cache[productViewKey, productView]{TTL: productViewTTL, Size: productViewSize}
}

// galleryPhoto is one photo of the product page's gallery: its thumbnail
// links #foto-N (Href), where the large photo shows enlarged (CSS :target)
// with links to the photos before and after it. Laid out here rather than
// in the template, which would otherwise compute each link per photo.
type galleryPhoto struct {
	ID, Href     string // "foto-2", "#foto-2"
	Thumb, Large string // URLs
	Label        string // "Foto 2 dari 3"
	Prev, Next   string // "#foto-1", "#foto-3"; "" at either end
	Of           string // "2/3"
}

// galleryOf lays out a product's photos (already loaded with it: no query).
func (s *server) galleryOf(lang string, photos []catalog.Photo) []galleryPhoto {
	out := make([]galleryPhoto, len(photos))
	for i, ph := range photos {
		g := &out[i]
		g.ID = "foto-" + strconv.Itoa(i+1)
		g.Href = "#" + g.ID
		g.Thumb, g.Large = s.MediaURL(ph.ThumbKey), s.MediaURL(ph.LargeKey)
		g.Label = i18n.Tf(lang, "photo_n", i+1, len(photos))
		g.Of = strconv.Itoa(i+1) + "/" + strconv.Itoa(len(photos))
		if i > 0 {
			g.Prev = "#foto-" + strconv.Itoa(i)
		}
		if i < len(photos)-1 {
			g.Next = "#foto-" + strconv.Itoa(i+2)
		}
	}
	return out
}

func (s *server) productPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	lang := stateFrom(r.Context()).lang
	view, err := s.productView(r.Context(), id, lang)
	if err != nil {
		return err
	}
	prod := view.Product
	p := &productPage{Page: s.page(r, prod.Name+" — "+prod.UMKM.Name), Product: prod, UMKM: prod.UMKM,
		Top: view.Top, Facts: view.Facts, Tail: view.Tail}
	if has, err := s.Orders.HasRunningCampaign(r.Context(), id); err != nil {
		return err
	} else if has {
		if p.Campaigns, err = s.Orders.Campaigns(r.Context(), order.CampaignFilter{ProductID: id, Running: true, Limit: 3}); err != nil {
			return err
		}
	}
	if p.GroupOrders, err = s.Orders.OpenGroupOrders(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "product", p)
	return nil
}

// productView returns the product page's shared part: kept when the
// product is listed (the public's page), read and rendered for this
// visitor when it is not (its owner's and agency's preview, never kept).
// A kept view is served with the stock and listing read live.
func (s *server) productView(ctx context.Context, id int64, lang string) (productView, error) {
	key := productViewKey{id: id, lang: lang, version: s.Catalog.Version()}
	if v, ok := s.productViews.Get(key); ok {
		live, err := s.Catalog.Availability(ctx, id)
		if err != nil {
			return productView{}, err
		}
		if live.Listed {
			v.Product.Stock = live.Stock
			return v, nil
		}
	}
	prod, err := s.Catalog.Get(ctx, id)
	if err != nil {
		return productView{}, err
	}
	v, err := s.renderProductView(lang, prod)
	if err == nil && prod.Listed {
		s.productViews.Put(key, v)
	}
	return v, err
}

// renderProductView renders the shared part of prod's page. It renders
// with a Page that has no visitor (no CSRF token, no actor), so that what
// is kept can hold nothing of the visitor it was first rendered for.
func (s *server) renderProductView(lang string, prod catalog.Product) (productView, error) {
	p := &productPage{Page: Page{Lang: lang, mediaURL: s.MediaURL}, Product: prod, UMKM: prod.UMKM}
	p.Gallery = s.galleryOf(lang, prod.Photos)
	p.ShareURL = s.absoluteURL("/produk/" + strconv.FormatInt(prod.ID, 10))
	if prod.UMKM.WhatsApp != "" {
		p.WALink = idn.WhatsAppLink(prod.UMKM.WhatsApp, p.Tf("wa_product_ask", prod.UMKM.Name, prod.Name, p.Rp(prod.Price), p.ShareURL))
	}
	p.ShareWA = "https://wa.me/?text=" + url.QueryEscape(prod.Name+" — "+p.Rp(prod.Price)+" "+p.ShareURL)
	t := s.tmpl.page(lang, "product")
	v := productView{Product: prod}
	for _, part := range []struct {
		name string
		out  *template.HTML
	}{{"productTop", &v.Top}, {"productFacts", &v.Facts}, {"productTail", &v.Tail}} {
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, part.name, p); err != nil {
			return productView{}, err
		}
		*part.out = template.HTML(buf.String()) // html/template's own output, escaped for its context
	}
	return v, nil
}
