// Package report composes the dashboards from each domain's own aggregate
// reads (sales figures, the registry), under the actor's scope: it reads
// no table itself, and every figure it shows went through the domain's
// read, which took the scope from the policy (decision 0034).
package report

import (
	"context"
	"sort"
	"time"

	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The pair the two governors measure the cooperation by: Sumatera Selatan
// and Jawa Barat.
const (
	Sumsel = "16"
	Jabar  = "32"
)

// Service builds the dashboards.
type Service struct {
	Sales *sales.Service
	UMKM  *umkm.Service
	// QRIS counts the verified UMKM accepting QRIS (order.Service); nil
	// leaves the registry's share with QRIS at 0.
	QRIS interface {
		StaticQRISCount(ctx context.Context, provinceCode string) (int64, error)
	}
	now func() time.Time
}

// NewService returns the dashboards over the domains' reads.
func NewService(s *sales.Service, registry *umkm.Service) *Service {
	return &Service{Sales: s, UMKM: registry, now: time.Now}
}

// Pair is one province's sales to another's buyers over the period.
type Pair struct {
	SellerProvince, BuyerProvince string
	Orders, Amount                int64
	// Months are the pair's figures month by month (every month of the period).
	Months []sales.Flow
}

// Cooperation is the cooperation dashboard: B2C sales across provinces.
type Cooperation struct {
	Filter sales.Filter
	// Months lists the period's months in order.
	Months []string
	// Top are Sumsel → Jabar and Jabar → Sumsel, the pair on top.
	Top [2]Pair
	// Pairs are every seller × buyer province pair of the scope, largest first.
	Pairs  []Pair
	Orders int64
	Amount int64
	Buyers int64
	// Basket is the average order (Amount / Orders), 0 without orders.
	Basket   int64
	ByKind   []sales.KindFigure
	ByArea   []sales.AreaFigure
	Overflow bool
	AsOf     time.Time
}

// DefaultPeriod is the twelve months up to this one, at WIB.
func DefaultPeriod(now time.Time) (from, to string) {
	t := now.In(time.FixedZone("WIB", 7*3600))
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	return first.AddDate(0, -11, 0).Format("2006-01"), first.Format("2006-01")
}

// monthsBetween lists the months from to to (YYYY-MM, both included).
func monthsBetween(from, to string) []string {
	a, err1 := time.Parse("2006-01", from)
	b, err2 := time.Parse("2006-01", to)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []string
	for t := a; !t.After(b) && len(out) < sales.MaxMonths; t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out
}

// Cooperation returns the dashboard of the filter's period (the last
// twelve months when unset) for the actor: the admin's covers every
// province, an agency's the sales where its province sells or buys.
func (s *Service) Cooperation(ctx context.Context, f sales.Filter) (Cooperation, error) {
	if f.From == "" && f.To == "" {
		f.From, f.To = DefaultPeriod(s.now())
	}
	c := Cooperation{Filter: f, AsOf: s.now()}
	flows, err := s.Sales.Flows(ctx, f)
	if err != nil {
		return c, err
	}
	if f.From != "" && f.To != "" {
		c.Months = monthsBetween(f.From, f.To)
	}
	var sum platform.CheckedSum
	c.Overflow = flows.Overflow
	pairs := map[[2]string]*Pair{}
	for _, fl := range flows.Rows {
		k := [2]string{fl.SellerProvince, fl.BuyerProvince}
		p := pairs[k]
		if p == nil {
			p = &Pair{SellerProvince: fl.SellerProvince, BuyerProvince: fl.BuyerProvince}
			pairs[k] = p
		}
		p.Orders += fl.Orders
		sum.Plus(&p.Amount, fl.Amount)
		p.Months = append(p.Months, fl)
		c.Orders += fl.Orders
		sum.Plus(&c.Amount, fl.Amount)
	}
	for _, p := range pairs {
		p.Months = fillMonths(c.Months, p.SellerProvince, p.BuyerProvince, p.Months)
		c.Pairs = append(c.Pairs, *p)
	}
	sort.Slice(c.Pairs, func(i, j int) bool {
		if c.Pairs[i].Amount != c.Pairs[j].Amount {
			return c.Pairs[i].Amount > c.Pairs[j].Amount
		}
		return c.Pairs[i].SellerProvince+c.Pairs[i].BuyerProvince < c.Pairs[j].SellerProvince+c.Pairs[j].BuyerProvince
	})
	for i, k := range [2][2]string{{Sumsel, Jabar}, {Jabar, Sumsel}} {
		c.Top[i] = Pair{SellerProvince: k[0], BuyerProvince: k[1], Months: fillMonths(c.Months, k[0], k[1], nil)}
		if p := pairs[k]; p != nil {
			c.Top[i] = *p
		}
	}
	c.Overflow = c.Overflow || sum.Overflow
	if c.Orders > 0 {
		c.Basket = c.Amount / c.Orders
	}
	if c.Buyers, err = s.Sales.Buyers(ctx, f); err != nil {
		return c, err
	}
	kinds, err := s.Sales.ByKind(ctx, f)
	if err != nil {
		return c, err
	}
	c.ByKind = kinds.Rows
	areas, err := s.Sales.ByArea(ctx, f)
	if err != nil {
		return c, err
	}
	c.ByArea = areas.Rows
	sort.SliceStable(c.ByArea, func(i, j int) bool { return c.ByArea[i].Amount > c.ByArea[j].Amount })
	c.Overflow = c.Overflow || kinds.Overflow || areas.Overflow
	return c, nil
}

// fillMonths gives a pair's figures for every month of months, zero where
// it sold nothing (a chart's gap is a month of no sales, not a missing bar).
func fillMonths(months []string, seller, buyer string, have []sales.Flow) []sales.Flow {
	if len(months) == 0 {
		return have
	}
	by := map[string]sales.Flow{}
	for _, f := range have {
		by[f.Month] = f
	}
	out := make([]sales.Flow, len(months))
	for i, m := range months {
		f, ok := by[m]
		if !ok {
			f = sales.Flow{SellerProvince: seller, BuyerProvince: buyer, Month: m}
		}
		out[i] = f
	}
	return out
}

// PublicCooperation is the cooperation for anyone: totals by province pair
// only, each pair of fewer than opendata.MinCell orders withheld (and
// enough others with it that no total gives it away).
type PublicCooperation struct {
	From, To string
	// Table is the seller × buyer matrix of order counts with its totals,
	// and Withheld what of it is not published.
	Table    opendata.Table
	Withheld opendata.Suppressed
	// Amounts are the pairs' rupiah, absent where the pair is withheld.
	Amounts map[[2]string]int64
	Sellers []string
	Buyers  []string
}

// Public returns the public cooperation figures of the period.
func (s *Service) Public(ctx context.Context, from, to string) (PublicCooperation, error) {
	if from == "" && to == "" {
		from, to = DefaultPeriod(s.now())
	}
	m, err := s.Sales.PublicMatrix(ctx, from, to)
	if err != nil {
		return PublicCooperation{}, err
	}
	p := PublicCooperation{From: from, To: to, Amounts: map[[2]string]int64{}}
	sellers, buyers := map[string]bool{}, map[string]bool{}
	for _, r := range m.Rows {
		sellers[r.SellerProvince], buyers[r.BuyerProvince] = true, true
	}
	for k := range sellers {
		p.Sellers = append(p.Sellers, k)
	}
	for k := range buyers {
		p.Buyers = append(p.Buyers, k)
	}
	sort.Strings(p.Sellers)
	sort.Strings(p.Buyers)
	row, col := map[string]int{}, map[string]int{}
	for i, k := range p.Sellers {
		row[k] = i
	}
	for j, k := range p.Buyers {
		col[k] = j
	}
	counts := make([][]int64, len(p.Sellers))
	for i := range counts {
		counts[i] = make([]int64, len(p.Buyers))
	}
	for _, r := range m.Rows {
		counts[row[r.SellerProvince]][col[r.BuyerProvince]] = r.Orders
		p.Amounts[[2]string{r.SellerProvince, r.BuyerProvince}] = r.Amount
	}
	p.Table = opendata.NewTable(counts)
	p.Withheld = opendata.Suppress(p.Table)
	for i, sp := range p.Sellers {
		for j, bp := range p.Buyers {
			if p.Withheld.Cells[i][j] {
				delete(p.Amounts, [2]string{sp, bp})
			}
		}
	}
	return p, nil
}
