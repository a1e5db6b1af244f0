package sales

import (
	"context"
	"regexp"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Reading the figures. Every read takes the actor's scope from the policy:
// the admin sees every province's sales, an agency the rows where its
// province sells or buys, anybody else none (account.ScopeOf, pairColumns);
// only PublicMatrix, the totals by pair that anyone may see, takes none.

// pairColumns relate the roll-ups' rows to a scope: a province's agency
// sees what its UMKM sold and what its buyers bought.
var pairColumns = account.Columns{Province: "(seller_province = ? OR buyer_province = ?)"}

// Filter narrows the figures: months from and to (YYYY-MM, both included,
// "" for no bound) and, optionally, the seller's and the buyer's province.
type Filter struct {
	From, To       string
	SellerProvince string
	BuyerProvince  string
	// Kind, SellerRegency and Category narrow the list of orders.
	Kind          string
	SellerRegency string
	Category      string
}

var monthPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// Validate checks the filter's months and codes.
func (f Filter) Validate() error {
	var v platform.Validation
	v.Check(f.From == "" || monthPattern.MatchString(f.From), "from", "Bulan harus berbentuk TTTT-BB, misalnya 2026-03")
	v.Check(f.To == "" || monthPattern.MatchString(f.To), "to", "Bulan harus berbentuk TTTT-BB, misalnya 2026-03")
	v.Check(f.From == "" || f.To == "" || f.From <= f.To, "to", "Bulan akhir sebelum bulan awal")
	// Dashboards list every month of the range, so it is bounded.
	v.Check(f.From == "" || f.To == "" || !monthPattern.MatchString(f.From) || !monthPattern.MatchString(f.To) ||
		monthIndex(f.To)-monthIndex(f.From) < MaxMonths, "to", "Rentang paling lama 20 tahun")
	v.Check(f.Kind == "" || isKind(f.Kind), "kind", "Jenis pesanan tidak dikenal")
	return v.Err()
}

// MaxMonths bounds a filter's range (20 years).
const MaxMonths = 240

// monthIndexOr is monthIndex of m, 0 when m is not a month (no lower bound).
func monthIndexOr(m string) int {
	if !monthPattern.MatchString(m) {
		return 0
	}
	return monthIndex(m)
}

// monthIndex counts months since year 0 for a valid YYYY-MM.
func monthIndex(m string) int {
	y, _ := strconv.Atoi(m[:4])
	mo, _ := strconv.Atoi(m[5:])
	return y*12 + mo - 1
}

func isKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// where is the filter and the scope as one condition over a roll-up.
func (f Filter) where(ctx context.Context, withKind bool) (string, []any) {
	cond, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(pairColumns)
	add := func(c string, v any) {
		cond += " AND " + c
		args = append(args, v)
	}
	if f.From != "" {
		add("month >= ?", f.From)
	}
	if f.To != "" {
		add("month <= ?", f.To)
	}
	if f.SellerProvince != "" {
		add("seller_province = ?", f.SellerProvince)
	}
	if f.BuyerProvince != "" {
		add("buyer_province = ?", f.BuyerProvince)
	}
	if withKind && f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	return cond, args
}

// periodAndSeller adds the filter's months and seller province to cond.
func (f Filter) periodAndSeller(cond string, args []any) (string, []any) {
	if f.From != "" {
		cond, args = cond+" AND month >= ?", append(args, f.From)
	}
	if f.To != "" {
		cond, args = cond+" AND month <= ?", append(args, f.To)
	}
	if f.SellerProvince != "" {
		cond, args = cond+" AND seller_province = ?", append(args, f.SellerProvince)
	}
	return cond, args
}

// open checks that the actor may read the figures at all (the agency's and
// the admin's desk) and the filter.
func open(ctx context.Context, f Filter) error {
	if err := account.OpenDesk(platform.ActorFrom(ctx), account.StaffDesk); err != nil {
		return err
	}
	if f.SellerProvince != "" && f.BuyerProvince != "" {
		if err := MayReadPair(platform.ActorFrom(ctx), f.SellerProvince, f.BuyerProvince); err != nil {
			return err
		}
	}
	return f.Validate()
}

// MayReadPair refuses the sales of a province pair of which the actor may
// see neither side (the policy's ReadPrivate on the province: an agency
// its own, the admin any): asked for two other provinces' sales, an agency
// is told so rather than shown an empty list that looks like none. Every
// read given a filter naming both provinces checks it.
func MayReadPair(a platform.Actor, seller, buyer string) error {
	for _, p := range []string{seller, buyer} {
		if account.Authorize(a, account.ReadPrivate, account.Resource{ProvinceCode: p}) == nil {
			return nil
		}
	}
	return platform.Errorf(platform.KindForbidden, "Penjualan antara dua provinsi lain di luar wilayah Anda: dinas hanya melihat penjualan yang dijual atau dibeli provinsinya")
}

// Flow is what one province's UMKM sold to another's buyers in a month.
type Flow struct {
	SellerProvince string `json:"seller_province"`
	BuyerProvince  string `json:"buyer_province"`
	Month          string `json:"month"`
	Orders         int64  `json:"orders"`
	Amount         int64  `json:"amount"`
}

// Figures is the result of a read: the rows and whether a sum reached the
// int64 bound (the figure is then shown as "more than").
type Figures[T any] struct {
	Rows     []T
	Overflow bool
}

// Flows returns the sales by seller province × buyer province × month.
func (s *Service) Flows(ctx context.Context, f Filter) (Figures[Flow], error) {
	if err := open(ctx, f); err != nil {
		return Figures[Flow]{}, err
	}
	cond, args := f.where(ctx, false)
	rows, err := s.db.Stale().Query(ctx, `SELECT seller_province, buyer_province, month, SUM(orders), SUM(amount_hi), SUM(amount_lo)
		FROM sales_flows WHERE `+cond+` GROUP BY seller_province, buyer_province, month
		ORDER BY month, seller_province, buyer_province`, args...)
	var sum platform.CheckedSum
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (fl Flow, err error) {
		var hi, lo int64
		err = r.Scan(&fl.SellerProvince, &fl.BuyerProvince, &fl.Month, &fl.Orders, &hi, &lo)
		sum.PlusSplit(&fl.Amount, hi, lo)
		return fl, err
	})
	return Figures[Flow]{Rows: out, Overflow: sum.Overflow}, err
}

// KindFigure is the sales of one kind of order.
type KindFigure struct {
	Kind   string `json:"kind"`
	Orders int64  `json:"orders"`
	Amount int64  `json:"amount"`
}

// ByKind returns the sales by kind of order (one's own, group, beli
// bareng, expo) under the filter.
func (s *Service) ByKind(ctx context.Context, f Filter) (Figures[KindFigure], error) {
	if err := open(ctx, f); err != nil {
		return Figures[KindFigure]{}, err
	}
	cond, args := f.where(ctx, false)
	rows, err := s.db.Stale().Query(ctx, `SELECT kind, SUM(orders), SUM(amount_hi), SUM(amount_lo)
		FROM sales_flows WHERE `+cond+` GROUP BY kind ORDER BY kind`, args...)
	var sum platform.CheckedSum
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (k KindFigure, err error) {
		var hi, lo int64
		err = r.Scan(&k.Kind, &k.Orders, &hi, &lo)
		sum.PlusSplit(&k.Amount, hi, lo)
		return k, err
	})
	return Figures[KindFigure]{Rows: out, Overflow: sum.Overflow}, err
}

// Buyers counts the distinct buyers under the filter.
func (s *Service) Buyers(ctx context.Context, f Filter) (int64, error) {
	if err := open(ctx, f); err != nil {
		return 0, err
	}
	// Without a province filter, the buyers' month bits answer (one row a
	// buyer of the scope); a pair or one side's province reads sales_buyers.
	if f.SellerProvince == "" && f.BuyerProvince == "" {
		return s.buyersInMonths(ctx, f)
	}
	cond, args := f.where(ctx, false)
	var n int64
	err := s.db.Stale().QueryRow(ctx, `SELECT COUNT(DISTINCT buyer_id) FROM sales_buyers WHERE `+cond, args...).Scan(&n)
	return n, err
}

// AreaFigure is the sales of a seller regency's UMKM of one category.
type AreaFigure struct {
	SellerProvince string `json:"seller_province"`
	SellerRegency  string `json:"seller_regency"`
	Category       string `json:"category"`
	Orders         int64  `json:"orders"`
	Amount         int64  `json:"amount"`
}

// ByArea returns the sales by the seller's regency and category.
func (s *Service) ByArea(ctx context.Context, f Filter) (Figures[AreaFigure], error) {
	if err := open(ctx, f); err != nil {
		return Figures[AreaFigure]{}, err
	}
	cond, args := f.where(ctx, false)
	from := `sales_areas WHERE ` + cond
	if f.BuyerProvince == "" {
		// Summed over the buyers' provinces (sales_regions): the whole
		// for the admin; for an agency its own UMKM's sales there, and
		// what its buyers bought from other provinces' UMKM in sales_areas.
		scope := account.ScopeOf(platform.ActorFrom(ctx))
		own, ownArgs := scope.Where(account.Columns{Province: "seller_province = ?"})
		own, ownArgs = f.periodAndSeller(own, ownArgs)
		from = `(SELECT seller_province, seller_regency, category, orders, amount_hi, amount_lo FROM sales_regions WHERE ` + own
		args = ownArgs
		if !scope.All {
			bought, boughtArgs := scope.Where(account.Columns{Province: "(buyer_province = ? AND seller_province <> ?)"})
			bought, boughtArgs = f.periodAndSeller(bought, boughtArgs)
			from += ` UNION ALL SELECT seller_province, seller_regency, category, orders, amount_hi, amount_lo FROM sales_areas WHERE ` + bought
			args = append(args, boughtArgs...)
		}
		from += `) t`
	}
	rows, err := s.db.Stale().Query(ctx, `SELECT seller_province, seller_regency, category, SUM(orders), SUM(amount_hi), SUM(amount_lo)
		FROM `+from+` GROUP BY seller_province, seller_regency, category
		ORDER BY seller_regency, category`, args...)
	var sum platform.CheckedSum
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (a AreaFigure, err error) {
		var hi, lo int64
		err = r.Scan(&a.SellerProvince, &a.SellerRegency, &a.Category, &a.Orders, &hi, &lo)
		sum.PlusSplit(&a.Amount, hi, lo)
		return a, err
	})
	return Figures[AreaFigure]{Rows: out, Overflow: sum.Overflow}, err
}

// PairTotal is the sales of one province pair over a period.
type PairTotal struct {
	SellerProvince string
	BuyerProvince  string
	Orders         int64
	Amount         int64
}

// PublicMatrix returns the sales by province pair over the months, for
// anyone: totals only (the caller withholds the pairs of few orders).
func (s *Service) PublicMatrix(ctx context.Context, from, to string) (Figures[PairTotal], error) {
	f := Filter{From: from, To: to}
	if err := f.Validate(); err != nil {
		return Figures[PairTotal]{}, err
	}
	cond, args := "1 = 1", []any{}
	if from != "" {
		cond, args = cond+" AND month >= ?", append(args, from)
	}
	if to != "" {
		cond, args = cond+" AND month <= ?", append(args, to)
	}
	rows, err := s.db.Stale().Query(ctx, `SELECT seller_province, buyer_province, SUM(orders), SUM(amount_hi), SUM(amount_lo)
		FROM sales_flows WHERE `+cond+` GROUP BY seller_province, buyer_province ORDER BY seller_province, buyer_province`, args...)
	var sum platform.CheckedSum
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p PairTotal, err error) {
		var hi, lo int64
		err = r.Scan(&p.SellerProvince, &p.BuyerProvince, &p.Orders, &hi, &lo)
		sum.PlusSplit(&p.Amount, hi, lo)
		return p, err
	})
	return Figures[PairTotal]{Rows: out, Overflow: sum.Overflow}, err
}

// SalesOrder is one order behind a figure, as the dashboards list it: no buyer's
// name, only the province the goods went to.
type SalesOrder struct {
	OrderID        int64     `json:"order_id"`
	Month          string    `json:"month"`
	UMKMID         int64     `json:"umkm_id"`
	UMKMName       string    `json:"umkm_name"`
	SellerProvince string    `json:"seller_province"`
	SellerRegency  string    `json:"seller_regency"`
	Category       string    `json:"category"`
	BuyerProvince  string    `json:"buyer_province"`
	Kind           string    `json:"kind"`
	Amount         int64     `json:"amount"`
	PlacedAt       time.Time `json:"placed_at"`
}

// Sales lists the orders behind the figures of the filter, newest first,
// limit at a time after the order id before (0: from the newest).
func (s *Service) Sales(ctx context.Context, f Filter, before int64, limit int) ([]SalesOrder, error) {
	if err := open(ctx, f); err != nil {
		return nil, err
	}
	cond, args := f.where(ctx, true)
	if f.SellerRegency != "" {
		cond, args = cond+" AND seller_regency = ?", append(args, f.SellerRegency)
	}
	if f.Category != "" {
		cond, args = cond+" AND sf.category = ?", append(args, f.Category)
	}
	if before > 0 {
		cond, args = cond+" AND sf.order_id < ?", append(args, before)
	}
	// The page's ids first, from sales_facts alone: joined before the
	// LIMIT, every order of the scope was looked up in umkm and orders.
	rows, err := s.db.Stale().Query(ctx, `SELECT sf.order_id, sf.month, sf.umkm_id, u.name, sf.seller_province, sf.seller_regency,
		sf.category, sf.buyer_province, sf.kind, sf.amount, o.created_at
		FROM sales_facts sf JOIN umkm u ON u.id = sf.umkm_id JOIN orders o ON o.id = sf.order_id
		WHERE sf.order_id IN (SELECT sf.order_id FROM sales_facts sf WHERE `+cond+` ORDER BY sf.order_id DESC LIMIT ?)
		ORDER BY sf.order_id DESC`, append(args, limit)...)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (x SalesOrder, err error) {
		err = r.Scan(&x.OrderID, &x.Month, &x.UMKMID, &x.UMKMName, &x.SellerProvince, &x.SellerRegency, &x.Category,
			&x.BuyerProvince, &x.Kind, &x.Amount, &x.PlacedAt)
		return x, err
	})
}

// UMKMTurnover is a UMKM's sales recorded in Gerai over some months: its
// orders and its offline sales at expo booths and mall stalls.
type UMKMTurnover struct {
	UMKMID        int64
	Orders        int64
	Amount        int64 // of the orders
	OfflineSales  int64
	OfflineAmount int64
	Turnover      int64 // Amount + OfflineAmount
	// Overflow: a sum reached the int64 bound (Turnover is then the bound).
	Overflow bool
}

// TurnoverAbove returns the UMKM of the actor's scope (their province's for
// an agency) whose sales from the month from on (YYYY-MM), orders and
// offline sales together, pass min rupiah: the candidates for moving up a
// class. provinceCode, when set, narrows to one province.
func (s *Service) TurnoverAbove(ctx context.Context, provinceCode, from string, minAmount int64) ([]UMKMTurnover, error) {
	if err := account.OpenDesk(platform.ActorFrom(ctx), account.StaffDesk); err != nil {
		return nil, err
	}
	cond, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(account.Columns{Province: "u.province_code = ?"})
	if provinceCode != "" {
		cond, args = cond+" AND u.province_code = ?", append(args, provinceCode)
	}
	// Only a UMKM with a month past minAmount / (the months from from to
	// now) can pass minAmount, and such a month has its orders or its
	// offline sales past half of that: those months are found by the
	// amounts' indexes (a month of amount_hi > 0 is past a billion), the
	// rest of the UMKM are not read.
	months := int64(max(1, monthIndex(time.Now().In(region.Location("91")).Format("2006-01"))-monthIndexOr(from)+2))
	bar := minAmount / (2 * months)
	// The months first (their indexes), then the scope on those UMKM only:
	// joined the other way round, SQLite read every UMKM of the scope.
	candidates := func(table string) string {
		return `SELECT umkm_id FROM ` + table + ` WHERE month >= ? AND (amount_hi > 0 OR amount_lo >= ?)`
	}
	ids, err := sqldb.Int64s(ctx, s.db.Stale(), `SELECT u.id FROM umkm u WHERE u.id IN (`+candidates("sales_umkm_months")+
		` UNION `+candidates("sales_offline_months")+`) AND `+cond, append([]any{from, bar, from, bar}, args...)...)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	offline, err := s.offlineTurnover(ctx, ids, from)
	if err != nil {
		return nil, err
	}
	var out []UMKMTurnover
	for chunk := ids; len(chunk) > 0; chunk = chunk[min(len(chunk), 500):] {
		part := chunk[:min(len(chunk), 500)]
		// A UMKM's months are at most 12 × 9.2e18 apart: summed split
		// and joined in Go (CheckedSum).
		rows, err := s.db.Stale().Query(ctx, `SELECT umkm_id, SUM(orders), SUM(amount_hi), SUM(amount_lo) FROM sales_umkm_months
			WHERE month >= ? AND umkm_id IN `+sqldb.InList(len(part))+` GROUP BY umkm_id`, append([]any{from}, sqldb.Args(part)...)...)
		byOrders, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (t UMKMTurnover, err error) {
			var hi, lo int64
			var sum platform.CheckedSum
			err = r.Scan(&t.UMKMID, &t.Orders, &hi, &lo)
			sum.PlusSplit(&t.Amount, hi, lo)
			t.Overflow = sum.Overflow
			return t, err
		})
		if err != nil {
			return nil, err
		}
		seen := map[int64]UMKMTurnover{}
		for _, t := range byOrders {
			seen[t.UMKMID] = t
		}
		for _, id := range part {
			t, o := seen[id], offline[id]
			t.UMKMID, t.OfflineSales, t.OfflineAmount = id, o.OfflineSales, o.OfflineAmount
			var sum platform.CheckedSum
			sum.Plus(&t.Turnover, t.Amount)
			sum.Plus(&t.Turnover, t.OfflineAmount)
			t.Overflow = t.Overflow || o.Overflow || sum.Overflow
			if t.Turnover > minAmount || t.Overflow {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// MonthAmount is a month's sales of some UMKM.
type MonthAmount struct {
	Month  string `json:"month"`
	Orders int64  `json:"orders"`
	Amount int64  `json:"amount"`
}

// UMKMMonths returns the monthly sales of the UMKM umkmIDs from the month
// from to to. The caller has checked the actor may see these UMKM's sales
// (a partner's consented UMKM, a UMKM's own page).
func (s *Service) UMKMMonths(ctx context.Context, umkmIDs []int64, from, to string) (Figures[MonthAmount], error) {
	if len(umkmIDs) == 0 {
		return Figures[MonthAmount]{}, nil
	}
	rows, err := s.db.Stale().Query(ctx, `SELECT month, SUM(orders), SUM(amount_hi), SUM(amount_lo) FROM sales_umkm_months
		WHERE month >= ? AND month <= ? AND umkm_id IN `+sqldb.InList(len(umkmIDs))+` GROUP BY month ORDER BY month`,
		append([]any{from, to}, sqldb.Args(umkmIDs)...)...)
	var sum platform.CheckedSum
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (m MonthAmount, err error) {
		var hi, lo int64
		err = r.Scan(&m.Month, &m.Orders, &hi, &lo)
		sum.PlusSplit(&m.Amount, hi, lo)
		return m, err
	})
	return Figures[MonthAmount]{Rows: out, Overflow: sum.Overflow}, err
}

// ProvinceMonth is what one province's UMKM sold in a month (to buyers of
// every province, every kind of order).
type ProvinceMonth struct {
	SellerProvince string
	Month          string
	Orders         int64
	Amount         int64
}

// PublicProvinceMonths returns the sales by seller province and month, for
// open data: totals that anyone may see, like PublicMatrix, so the read
// takes no scope; the open-data catalogue withholds the cells of fewer
// than five orders (opendata.Suppress) before anything is published.
func (s *Service) PublicProvinceMonths(ctx context.Context) (Figures[ProvinceMonth], error) {
	rows, err := s.db.Stale().Query(ctx, `SELECT seller_province, month, SUM(orders), SUM(amount_hi), SUM(amount_lo)
		FROM sales_flows GROUP BY seller_province, month ORDER BY month, seller_province`)
	var sum platform.CheckedSum
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p ProvinceMonth, err error) {
		var hi, lo int64
		err = r.Scan(&p.SellerProvince, &p.Month, &p.Orders, &hi, &lo)
		sum.PlusSplit(&p.Amount, hi, lo)
		return p, err
	})
	return Figures[ProvinceMonth]{Rows: out, Overflow: sum.Overflow}, err
}
