package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Beli bareng (group-buy campaigns) and wholesale prices in the UI.

type campaignPage struct {
	Page
	Campaign  order.Campaign
	Price     int64 // what a unit costs now (the final price once settled)
	Next      *order.Tier
	Needed    int64 // units until Next
	TimeLeft  string
	Open      bool // joining is possible now
	Mine      *order.Participation
	Regencies []region.Regency
	Provinces []region.Province
	// EditTiers is the tier form, for the campaign's manager while nobody
	// has joined (CanEditTiers).
	EditTiers    Form
	CanEditTiers bool
	Form         Form
	ShareURL     string
	ShareWA      string
	// Quote is what joining with the form's choice charges now (nil: not
	// known yet), JoinUnit its unit price.
	Quote    *order.Quote
	JoinUnit int64
}

// timeLeft says how long until the deadline, in days and hours or minutes.
func timeLeft(lang string, d time.Duration) string {
	days, hours, mins := int(d.Hours())/24, int(d.Hours())%24, int(d.Minutes())%60
	words := map[string][3]string{"id": {"hari", "jam", "menit"}, "en": {"days", "hours", "minutes"}}[lang]
	switch {
	case days > 0:
		return fmt.Sprintf("%d %s %d %s", days, words[0], hours, words[1])
	case hours > 0:
		return fmt.Sprintf("%d %s %d %s", hours, words[1], mins, words[2])
	}
	return fmt.Sprintf("%d %s", max(mins, 1), words[2])
}

func (s *server) campaignView(r *http.Request, id int64, f Form) (*campaignPage, error) {
	c, err := s.Orders.Campaign(r.Context(), id)
	if err != nil {
		return nil, err
	}
	p := &campaignPage{Page: s.pageT(r, "title_campaign", c.ProductName), Campaign: c, Price: c.CurrentPrice(), Form: f,
		Regencies: region.AllRegencies(), Provinces: region.Provinces()}
	if c.Status == order.CampaignSucceeded {
		p.Price = c.FinalPrice
	}
	left := time.Until(c.Deadline)
	p.Open = c.Status == order.CampaignRunning && left > 0 && c.Remaining() > 0
	if c.Status == order.CampaignRunning && left > 0 {
		p.TimeLeft = timeLeft(p.Lang, left)
		if t, ok := c.NextTier(); ok && t.MinQuantity-c.TotalQuantity <= c.Remaining() {
			p.Next, p.Needed = &t, t.MinQuantity-c.TotalQuantity
		}
	}
	if c.Status == order.CampaignRunning && c.TotalQuantity == 0 && !platform.ActorFrom(r.Context()).Anonymous() && s.Orders.MayManageCampaign(r.Context(), c) {
		tf := NewForm(r)
		if f.Values["t0_min"] != "" || len(f.Errors) > 0 {
			tf = f
		} else {
			for i, t := range c.Tiers {
				if i < tierRows {
					tf.Values[fmt.Sprintf("t%d_min", i)] = strconv.FormatInt(t.MinQuantity, 10)
					tf.Values[fmt.Sprintf("t%d_price", i)] = strconv.FormatInt(t.Price, 10)
				}
			}
		}
		p.EditTiers, p.CanEditTiers = tf, true
	}
	if mine, ok, err := s.Orders.MyParticipation(r.Context(), id); err != nil {
		return nil, err
	} else if ok {
		p.Mine = &mine
	}
	p.ShareURL = s.absoluteURL("/beli-bareng/" + strconv.FormatInt(id, 10))
	p.ShareWA = "https://wa.me/?text=" + url.QueryEscape(p.Tf("campaign_share_wa", c.ProductName, c.UMKMName, p.Rp(p.Price), p.ShareURL))
	if f.Values["quantity"] == "" {
		f.Values["quantity"], f.Values["payment"], f.Values["delivery"] = "1", "simulator", order.Pickup
		if err := s.prefillAddress(r, f); err != nil {
			return nil, err
		}
	}
	if p.Open && !platform.ActorFrom(r.Context()).Anonymous() && (p.Mine == nil || p.Mine.State != "active") {
		if p.Quote, err = s.joinQuote(r, c, &p.Form, asksQuote(r)); err != nil {
			return nil, err
		}
		if p.Quote != nil {
			if qty, _ := strconv.ParseInt(f.Values["quantity"], 10, 64); qty > 0 {
				p.JoinUnit = p.Quote.Subtotal / qty
			}
		}
	}
	return p, nil
}

func (s *server) campaignPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.campaignView(r, id, NewForm(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "campaign", p)
	return nil
}

func (s *server) campaignJoin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if platform.ActorFrom(r.Context()).Anonymous() {
		http.Redirect(w, r, "/masuk?next="+url.QueryEscape(fmt.Sprintf("/beli-bareng/%d", id)), http.StatusSeeOther)
		return nil
	}
	f := FormFromRequest(r, "quantity", "payment", "delivery", "name", "phone", "street", "regency_code")
	c, err := s.Orders.Campaign(r.Context(), id)
	if err != nil {
		return err
	}
	req, ok := joinRequest(r, f, c.UMKMID)
	if !ok {
		f.Fail("quantity", "quantity_bad")
	}
	var part order.Participation
	switch {
	case ok && asksQuote(r): // "Hitung ongkir": the page again with the cost, nothing joined
		p, verr := s.campaignView(r, id, f)
		if verr != nil {
			return verr
		}
		status := http.StatusOK
		if len(f.Errors) > 0 {
			status = http.StatusUnprocessableEntity
		}
		s.render(w, r, status, "campaign", p)
		return nil
	case ok:
		part, err = s.Orders.JoinCampaign(r.Context(), id, req)
		if err != nil && !f.SetError(err) {
			return err
		}
		f.liftErrors("address.")
		if f.ShippingError(c.UMKMID) != "" { // the cost changed: say how, above the form
			f.Message = errText(r, err)
		}
	}
	if len(f.Errors) > 0 || f.Message != "" {
		if f.Message == "" {
			f.MarkInvalid()
		}
		p, verr := s.campaignView(r, id, f)
		if verr != nil {
			return verr
		}
		s.render(w, r, f.Status(), "campaign", p)
		return nil
	}
	if n := len(part.Payments); n > 0 && part.Payments[n-1].Provider != order.Transfer {
		http.Redirect(w, r, "/bayar/"+strconv.FormatInt(part.Payments[n-1].ID, 10), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/pesanan/"+strconv.FormatInt(part.OrderID, 10), http.StatusSeeOther)
	return nil
}

func (s *server) campaignLeave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Orders.LeaveCampaign(r.Context(), id); err != nil {
		f := NewForm(r)
		if !f.SetError(err) {
			return err
		}
		p, verr := s.campaignView(r, id, f)
		if verr != nil {
			return verr
		}
		s.render(w, r, http.StatusConflict, "campaign", p)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/beli-bareng/%d", id), http.StatusSeeOther)
	return nil
}

// campaignTiers changes a campaign's tiers before anyone joins.
func (s *server) campaignTiers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, tierFields("t")...)
	tiers, ok := tiersFromForm(&f, "t")
	if ok {
		if _, err := s.Orders.SetCampaignTiers(r.Context(), id, tiers); err != nil {
			if !f.SetError(err) {
				return err
			}
			tierErrors(&f, "t")
			ok = false
		}
	}
	if ok {
		http.Redirect(w, r, fmt.Sprintf("/beli-bareng/%d", id), http.StatusSeeOther)
		return nil
	}
	if f.Message == "" {
		f.MarkInvalid()
	}
	p, err := s.campaignView(r, id, f)
	if err != nil {
		return err
	}
	s.render(w, r, f.Status(), "campaign", p)
	return nil
}

type campaignsPage struct {
	Page
	Campaigns []order.Campaign
}

func (s *server) campaignsPage(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.Orders.Campaigns(r.Context(), order.CampaignFilter{Running: true, Limit: 60})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "campaigns", &campaignsPage{Page: s.pageT(r, "title_campaigns"), Campaigns: cs})
	return nil
}

// tierRows is how many tier rows a form offers.
const tierRows = 3

func tierFields(prefix string) []string {
	var out []string
	for i := range tierRows {
		out = append(out, fmt.Sprintf("%s%d_min", prefix, i), fmt.Sprintf("%s%d_price", prefix, i))
	}
	return out
}

// tiersFromForm reads the filled tier rows; empty rows are skipped.
func tiersFromForm(f *Form, prefix string) ([]order.Tier, bool) {
	var out []order.Tier
	ok := true
	for i := range tierRows {
		minName, priceName := fmt.Sprintf("%s%d_min", prefix, i), fmt.Sprintf("%s%d_price", prefix, i)
		if f.Values[minName] == "" && f.Values[priceName] == "" {
			continue
		}
		n, good := idn.ParseRupiah(f.Values[minName])
		if !good {
			ok = f.Fail(minName, "quantity_bad")
		}
		p, good := idn.ParseRupiah(f.Values[priceName])
		if !good {
			ok = f.Fail(priceName, "price_bad")
		}
		out = append(out, order.Tier{MinQuantity: n, Price: p})
	}
	return out, ok
}

// tierErrors moves domain errors on tiers[i] onto the form's row fields.
func tierErrors(f *Form, prefix string) {
	for i := range tierRows {
		for _, part := range [][2]string{{"min_quantity", "_min"}, {"price", "_price"}} {
			if msg, ok := f.Errors[fmt.Sprintf("tiers[%d].%s", i, part[0])]; ok {
				f.Errors[fmt.Sprintf("%s%d%s", prefix, i, part[1])] = msg
			}
		}
	}
	if msg, ok := f.Errors["tiers"]; ok {
		f.Errors[prefix+"0_min"] = msg
	}
}

type campaignFormPage struct {
	Page
	Product catalog.Product
	UMKM    umkm.UMKM
	Form    Form
	Zone    string
}

func (s *server) campaignProduct(r *http.Request) (catalog.Product, umkm.UMKM, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return catalog.Product{}, umkm.UMKM{}, err
	}
	p, err := s.Catalog.Get(r.Context(), id)
	if err != nil {
		return p, umkm.UMKM{}, err
	}
	u, err := s.UMKM.Get(r.Context(), p.UMKMID)
	if err != nil {
		return p, u, err
	}
	return p, u, umkm.CanUpdate(r.Context(), u)
}

func (s *server) campaignNewForm(w http.ResponseWriter, r *http.Request) error {
	p, u, err := s.campaignProduct(r)
	if err != nil {
		return err
	}
	f := NewForm(r)
	f.Values["t0_min"], f.Values["t0_price"] = "1", strconv.FormatInt(p.Price, 10)
	f.Values["deadline"] = time.Now().In(region.Location(u.ProvinceCode)).AddDate(0, 0, 7).Format("2006-01-02T15:04")
	s.render(w, r, http.StatusOK, "campaign_form", &campaignFormPage{Page: s.pageT(r, "title_campaign_new"), Product: p, UMKM: u, Form: f,
		Zone: region.ZoneAbbrev(u.ProvinceCode)})
	return nil
}

func (s *server) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	p, u, err := s.campaignProduct(r)
	if err != nil {
		return err
	}
	f := FormFromRequest(r, append(tierFields("t"), "min_total", "per_person_limit", "stock", "deadline")...)
	tiers, ok := tiersFromForm(&f, "t")
	num := func(name, key string) int64 {
		n, good := idn.ParseRupiah(f.Values[name])
		if !good {
			ok = f.Fail(name, key)
		}
		return n
	}
	n := order.NewCampaign{ProductID: p.ID, Tiers: tiers, MinTotal: num("min_total", "min_total_bad"),
		PerPersonLimit: num("per_person_limit", "per_person_bad"), Stock: num("stock", "stock_bad")}
	deadline, derr := time.ParseInLocation("2006-01-02T15:04", f.Values["deadline"], region.Location(u.ProvinceCode))
	if derr != nil {
		ok = f.Fail("deadline", "deadline_missing")
	}
	n.Deadline = deadline
	var c order.Campaign
	if ok {
		c, err = s.Orders.CreateCampaign(r.Context(), n)
		if err != nil {
			if !f.SetError(err) {
				return err
			}
			tierErrors(&f, "t")
			ok = false
		}
	}
	if !ok {
		if f.Message == "" {
			f.MarkInvalid()
		}
		s.render(w, r, f.Status(), "campaign_form", &campaignFormPage{Page: s.pageT(r, "title_campaign_new"),
			Product: p, UMKM: u, Form: f, Zone: region.ZoneAbbrev(u.ProvinceCode)})
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/beli-bareng/%d", c.ID), http.StatusSeeOther)
	return nil
}

// productTiers saves a product's wholesale prices from its edit page.
func (s *server) productTiers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, tierFields("g")...)
	tiers, ok := tiersFromForm(&f, "g")
	if ok {
		list := make([]catalog.PriceTier, len(tiers))
		for i, t := range tiers {
			list[i] = catalog.PriceTier{MinQuantity: t.MinQuantity, Price: t.Price}
		}
		if _, err := s.Catalog.SetTiers(r.Context(), id, list); err != nil {
			if !f.SetError(err) {
				return err
			}
			tierErrors(&f, "g")
			ok = false
		}
	}
	if ok {
		http.Redirect(w, r, fmt.Sprintf("/penjual/produk/%d#grosir", id), http.StatusSeeOther)
		return nil
	}
	if f.Message == "" {
		f.MarkInvalid()
	}
	p, err := s.Catalog.Get(r.Context(), id)
	if err != nil {
		return err
	}
	page, err := s.productEditPage(r, p, productForm(p), NewForm(r))
	if err != nil {
		return err
	}
	page.Tiers = f
	s.render(w, r, f.Status(), "product_form", page)
	return nil
}

func tiersForm(tiers []catalog.PriceTier) Form {
	f := valuesForm()
	for i, t := range tiers {
		if i < tierRows {
			f.Values[fmt.Sprintf("g%d_min", i)] = strconv.FormatInt(t.MinQuantity, 10)
			f.Values[fmt.Sprintf("g%d_price", i)] = strconv.FormatInt(t.Price, 10)
		}
	}
	return f
}
