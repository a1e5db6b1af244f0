package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/report"
)

// The cooperation dashboard (/dinas/kerja-sama, issue 13 §2): B2C sales
// across provinces from the sales roll-ups (report.Cooperation, under the
// actor's scope), the Sumsel ↔ Jabar pair on top, a seller × buyer matrix,
// the monthly flow as an SVG chart, the kinds of order, the seller
// regencies and categories, and the expos', malls' and food programmes'
// headlines (report.Headlines). Every figure links to the orders behind it
// (/dinas/kerja-sama/pesanan) or to the registry's list. It prints as one
// A4 page (decision 0035).

const (
	coopPath       = "/dinas/kerja-sama"
	coopOrdersPath = "/dinas/kerja-sama/pesanan"
	// coopMatrixMax is how many seller and buyer provinces the matrix shows
	// (the largest; the rest are in the orders list and the API).
	coopMatrixMax = 8
	// coopAreasMax is how many regency × category lines the page shows.
	coopAreasMax = 8
	coopPageSize = 50
)

// coopFigure is one figure with the orders behind it.
type coopFigure struct {
	Orders, Amount int64
	Href           string
}

type coopPair struct {
	Seller, Buyer string
	coopFigure
	// Outside: the actor's scope covers neither province (a third
	// province's agency): the card says so instead of a figure.
	Outside bool
}

type coopCell struct {
	coopFigure
	// Heat shades the cell 0–5 by its amount against the largest.
	Heat int
}

type coopMatrixRow struct {
	Seller string
	Cells  []coopCell
	Total  int64
}

type coopKind struct {
	Kind string
	coopFigure
	Share float64
}

type coopArea struct {
	sales.AreaFigure
	Href         string
	RegistryHref string
}

type coopPageModel struct {
	Page
	Form Form
	// Shown is false when the period is wrong (the form shows why).
	Shown   bool
	Scope   string
	C       report.Cooperation
	H       report.Headlines
	Top     [2]coopPair
	Flow    template.HTML
	Kinds   []coopKind
	Buyers  []string
	Rows    []coopMatrixRow
	More    bool
	Areas   []coopArea
	MoreAre bool
	// Printed and AsOf are the footer's dates.
	Printed, AsOf string
	Query         string
}

// coopPeriod reads the period's months (defaults: report.DefaultPeriod).
func coopPeriod(r *http.Request, now time.Time) Form {
	f := NewForm(r)
	from, to := report.DefaultPeriod(now)
	q := r.URL.Query()
	f.Values["from"], f.Values["to"] = from, to
	if v := q.Get("from"); v != "" {
		f.Values["from"] = v
	}
	if v := q.Get("to"); v != "" {
		f.Values["to"] = v
	}
	return f
}

// coopScope names what the actor's figures cover: its province, or every one.
func coopScope(p Page) string {
	if p.Actor.Role == platform.RoleAgency {
		// An agency account without a province sees no sales at all.
		if pr, ok := region.ProvinceByCode(p.Actor.ProvinceCode); ok {
			return pr.Name
		}
		return "–"
	}
	return p.T("coop_all_provinces")
}

// coopOrdersURL is the address of the orders behind a figure.
func coopOrdersURL(from, to string, kv ...string) string {
	q := url.Values{"from": {from}, "to": {to}}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return coopOrdersPath + "?" + q.Encode()
}

func (s *server) coopDashboard(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	now := time.Now()
	p := &coopPageModel{Page: s.pageT(r, "coop_title")}
	p.Scope = coopScope(p.Page)
	p.Form = coopPeriod(r, now)
	from, to := p.Form.Values["from"], p.Form.Values["to"]
	zone := p.Actor.ProvinceCode
	p.Printed = p.Day(now, zone)
	p.AsOf = p.Date(now, zone)
	filter := sales.Filter{From: from, To: to}
	if err := filter.Validate(); err != nil {
		if !p.Form.SetError(err) {
			return err
		}
		s.render(w, r, p.Form.Status(), "coop", p)
		return nil
	}
	ctx := r.Context()
	c, err := s.Report.Cooperation(ctx, filter)
	if err != nil {
		return err
	}
	if p.H, err = s.Report.Headlines(ctx, from, to); err != nil {
		return err
	}
	p.Shown, p.C = true, c
	p.Query = url.Values{"from": {from}, "to": {to}}.Encode()
	for i, t := range c.Top {
		p.Top[i] = coopPair{Seller: t.SellerProvince, Buyer: t.BuyerProvince, coopFigure: coopFigure{Orders: t.Orders, Amount: t.Amount,
			Href: coopOrdersURL(from, to, "seller", t.SellerProvince, "buyer", t.BuyerProvince)}}
		if sales.MayReadPair(p.Actor, t.SellerProvince, t.BuyerProvince) != nil {
			p.Top[i] = coopPair{Seller: t.SellerProvince, Buyer: t.BuyerProvince, Outside: true}
		}
	}
	if !p.Top[0].Outside || !p.Top[1].Outside {
		p.Flow = coopFlowChart(p)
	}
	p.coopMatrix(c.Pairs)
	for _, k := range c.ByKind {
		ck := coopKind{Kind: k.Kind, coopFigure: coopFigure{Orders: k.Orders, Amount: k.Amount, Href: coopOrdersURL(from, to, "kind", k.Kind)}}
		if c.Amount > 0 {
			ck.Share = float64(k.Amount) / float64(c.Amount)
		}
		p.Kinds = append(p.Kinds, ck)
	}
	for i, a := range c.ByArea {
		if i == coopAreasMax {
			p.MoreAre = true
			break
		}
		p.Areas = append(p.Areas, coopArea{AreaFigure: a,
			Href:         coopOrdersURL(from, to, "seller", a.SellerProvince, "regency", a.SellerRegency, "category", a.Category),
			RegistryHref: "/dinas/umkm?" + url.Values{"regency": {a.SellerRegency}, "category": {a.Category}, "status": {"verified"}}.Encode()})
	}
	s.render(w, r, http.StatusOK, "coop", p)
	return nil
}

// coopFlowChart draws the pair on top month by month: Sumsel → Jabar and
// Jabar → Sumsel stacked in each month's column.
func coopFlowChart(p *coopPageModel) template.HTML {
	a, b := p.C.Top[0].Months, p.C.Top[1].Months
	if len(a) == 0 || len(a) != len(b) {
		return ""
	}
	cols := make([]chartColumn, len(a))
	for i := range a {
		label := a[i].Month
		if t, err := time.Parse("2006-01", a[i].Month); err == nil {
			name := idn.MonthName(t.Month())
			if p.Lang == "en" {
				name = idn.MonthNameEN(t.Month())
			}
			label = string([]rune(name)[:3])
			if i == 0 || t.Month() == time.January {
				label += " " + t.Format("06")
			}
		}
		cols[i] = chartColumn{Label: label, Parts: []int64{a[i].Amount, b[i].Amount},
			Title: fmt.Sprintf("%s: %s %s, %s %s", p.Month(a[i].Month), p.T("coop_sumsel_jabar"), p.RpShort(a[i].Amount),
				p.T("coop_jabar_sumsel"), p.RpShort(b[i].Amount))}
	}
	return stackedColumns(cols, []string{"#1f6f43", "#d4a017"}, p.T("coop_flow_chart"))
}

// coopMatrix lays the scope's pairs out as seller rows × buyer columns,
// the largest provinces first.
func (p *coopPageModel) coopMatrix(pairs []report.Pair) {
	sellerSum, buyerSum := map[string]int64{}, map[string]int64{}
	amount := map[[2]string]report.Pair{}
	var top int64 = 1
	for _, pr := range pairs {
		sellerSum[pr.SellerProvince] += pr.Amount
		buyerSum[pr.BuyerProvince] += pr.Amount
		amount[[2]string{pr.SellerProvince, pr.BuyerProvince}] = pr
		top = max(top, pr.Amount)
	}
	order := func(m map[string]int64) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Slice(out, func(i, j int) bool {
			if m[out[i]] != m[out[j]] {
				return m[out[i]] > m[out[j]]
			}
			return out[i] < out[j]
		})
		if len(out) > coopMatrixMax {
			out, p.More = out[:coopMatrixMax], true
		}
		return out
	}
	sellers := order(sellerSum)
	p.Buyers = order(buyerSum)
	from, to := p.Form.Values["from"], p.Form.Values["to"]
	for _, sp := range sellers {
		row := coopMatrixRow{Seller: sp, Total: sellerSum[sp]}
		for _, bp := range p.Buyers {
			cell := coopCell{}
			if pr, ok := amount[[2]string{sp, bp}]; ok && pr.Orders > 0 {
				cell.Orders, cell.Amount = pr.Orders, pr.Amount
				cell.Href = coopOrdersURL(from, to, "seller", sp, "buyer", bp)
				cell.Heat = 1 + int(4*float64(pr.Amount)/float64(top))
			}
			row.Cells = append(row.Cells, cell)
		}
		p.Rows = append(p.Rows, row)
	}
}

type coopOrdersModel struct {
	Page
	Form    Form
	Items   []sales.SalesOrder
	NextURL string
	BackURL string
	// Heading says which figure the orders are behind.
	Heading string
}

var coopOrderFields = []string{"from", "to", "seller", "buyer", "kind", "regency", "category"}

func (s *server) coopOrders(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	p := &coopOrdersModel{Page: s.pageT(r, "coop_orders_title"), Form: coopPeriod(r, time.Now())}
	q := r.URL.Query()
	for _, k := range coopOrderFields[2:] {
		p.Form.Values[k] = q.Get(k)
	}
	v := p.Form.Values
	f := sales.Filter{From: v["from"], To: v["to"], SellerProvince: v["seller"], BuyerProvince: v["buyer"],
		Kind: v["kind"], SellerRegency: v["regency"], Category: v["category"]}
	p.BackURL = coopPath + "?" + url.Values{"from": {f.From}, "to": {f.To}}.Encode()
	p.Heading = coopHeading(p.Page, f)
	var before int64
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			p.Form.Fail("before", "coop_before_invalid")
			p.Form.MarkInvalid()
			s.render(w, r, http.StatusUnprocessableEntity, "coop_orders", p)
			return nil
		}
		before = n
	}
	list, err := s.Report.Sales.Sales(r.Context(), f, before, coopPageSize+1)
	if err != nil {
		if !p.Form.SetError(err) {
			return err
		}
		s.render(w, r, p.Form.Status(), "coop_orders", p)
		return nil
	}
	if len(list) > coopPageSize {
		list = list[:coopPageSize]
		next := url.Values{}
		for _, k := range coopOrderFields {
			if v[k] != "" {
				next.Set(k, v[k])
			}
		}
		next.Set("before", strconv.FormatInt(list[coopPageSize-1].OrderID, 10))
		p.NextURL = coopOrdersPath + "?" + next.Encode()
	}
	p.Items = list
	s.render(w, r, http.StatusOK, "coop_orders", p)
	return nil
}

// coopHeading names the figure a filter is: "Sumatera Selatan → Jawa Barat
// · Beli bareng · Maret 2026 – Desember 2026".
func coopHeading(p Page, f sales.Filter) string {
	h := p.T("coop_all_sales")
	switch {
	case f.SellerProvince != "" && f.BuyerProvince != "":
		h = provinceName(f.SellerProvince) + " → " + provinceName(f.BuyerProvince)
	case f.SellerProvince != "":
		h = p.Tf("coop_sold_by", provinceName(f.SellerProvince))
	case f.BuyerProvince != "":
		h = p.Tf("coop_bought_by", provinceName(f.BuyerProvince))
	}
	if f.SellerRegency != "" {
		h += " · " + region.Label(f.SellerRegency)
	}
	if f.Category != "" {
		h += " · " + p.Cat(f.Category)
	}
	if f.Kind != "" {
		h += " · " + p.T("coop_kind_"+f.Kind)
	}
	return h + " · " + p.Month(f.From) + " – " + p.Month(f.To)
}

type coopPublicModel struct {
	Page
	Form  Form
	Shown bool
	P     report.PublicCooperation
	Rows  []coopPublicRow
	// Totals are the buyer provinces' column totals, then the grand total.
	Totals []coopPublicCell
}

type coopPublicRow struct {
	Seller   string
	Cells    []coopPublicCell
	Total    int64
	Withheld bool
}

type coopPublicCell struct {
	Orders   int64
	Amount   int64
	HasAmt   bool
	Withheld bool
}

// coopPublic is the cooperation for anyone (/kerja-sama): order counts and
// amounts by province pair, the pairs of few orders withheld and marked.
func (s *server) coopPublic(w http.ResponseWriter, r *http.Request) error {
	p := &coopPublicModel{Page: s.pageT(r, "coop_public_title"), Form: coopPeriod(r, time.Now())}
	from, to := p.Form.Values["from"], p.Form.Values["to"]
	pc, err := s.Report.Public(r.Context(), from, to)
	if err != nil {
		if !p.Form.SetError(err) {
			return err
		}
		s.render(w, r, p.Form.Status(), "coop_public", p)
		return nil
	}
	p.Shown, p.P = true, pc
	for i, sp := range pc.Sellers {
		row := coopPublicRow{Seller: sp, Total: pc.Table.RowTotals[i], Withheld: pc.Withheld.RowTotals[i]}
		for j, bp := range pc.Buyers {
			c := coopPublicCell{Orders: pc.Table.Cells[i][j], Withheld: pc.Withheld.Cells[i][j]}
			c.Amount, c.HasAmt = pc.Amounts[[2]string{sp, bp}]
			if c.Withheld {
				c.Orders = 0
			}
			row.Cells = append(row.Cells, c)
		}
		if row.Withheld {
			row.Total = 0
		}
		p.Rows = append(p.Rows, row)
	}
	for j := range pc.Buyers {
		p.Totals = append(p.Totals, coopPublicCell{Orders: pc.Table.ColTotals[j], Withheld: pc.Withheld.ColTotals[j]})
	}
	p.Totals = append(p.Totals, coopPublicCell{Orders: pc.Table.Total, Withheld: pc.Withheld.Total})
	for i := range p.Totals {
		if p.Totals[i].Withheld {
			p.Totals[i].Orders = 0
		}
	}
	s.render(w, r, http.StatusOK, "coop_public", p)
	return nil
}
