// Package sales keeps the B2C sales figures of the order domain: which
// province's UMKM sold how much to which province's buyers each month, by
// regency and category of the seller, by kind of order, and per UMKM.
//
// The figures are roll-ups, not scans of the orders (decision 0034). An
// order's change writes one row in sales_changes inside the change's own
// transaction (Note): an insert nobody else writes, so the checkout and
// payment paths take no lock on a shared total. The sweep (Fold) folds the
// changes into the roll-ups, one sweeper at a time, comparing each changed
// order's contribution now with the one recorded in sales_facts: folding an
// order twice adds nothing, and a crash mid-fold rolls the whole batch back
// with its changes still to fold. Rebuild recomputes everything from the
// orders; a property test holds the two equal.
package sales

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Kinds of order in the figures, the first that applies: a beli-bareng
// campaign's, a group order's (an office ordering together), one placed at
// an expo, or a buyer's own.
const (
	KindCampaign = "campaign"
	KindGroup    = "group"
	KindExpo     = "expo"
	KindSingle   = "single"
)

// Kinds lists them in the order the dashboards show them.
var Kinds = []string{KindSingle, KindGroup, KindCampaign, KindExpo}

// countedStatuses are the statuses of a sale: paid and not cancelled. An
// order cancelled after payment is refunded in full, so it counts nothing;
// a beli-bareng price difference given back lowers the order's subtotal.
const countedStatuses = `('dibayar','diproses','dikirim','selesai')`

// Service folds and reads the sales figures.
type Service struct {
	db *sqldb.DB
	// failFold, set by tests, runs at each step of a fold's transaction; an
	// error there aborts it as a crash would.
	failFold func(step string) error
}

// NewService returns the sales figures over db.
func NewService(db *sqldb.DB) *Service { return &Service{db: db} }

// Note records, in the transaction that changes an order, that its
// contribution to the figures may have changed.
func Note(ctx context.Context, tx *sqldb.Tx, orderID int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO sales_changes (order_id) VALUES (?)`, orderID)
	return err
}

// fact is what one counted order contributes, and under which keys.
type fact struct {
	OrderID        int64
	Month          string
	UMKMID         int64
	SellerProvince string
	SellerRegency  string
	Category       string
	BuyerProvince  string
	BuyerID        int64
	Kind           string
	Amount         int64
}

// monthAt is the YYYY-MM of t at the province (its own time zone).
func monthAt(t time.Time, provinceCode string) string {
	return t.In(region.Location(provinceCode)).Format("2006-01")
}

// provinceOf is the province of a regency code ("32.73" → "32"), "" when unknown.
func provinceOf(regency string) string {
	p, _, ok := strings.Cut(regency, ".")
	if !ok {
		return ""
	}
	return p
}

const factQuery = `SELECT o.id, o.subtotal, o.created_at, o.buyer_id, o.ship_regency, o.umkm_id, u.province_code,
	u.regency_code, u.category, o.campaign_id IS NOT NULL,
	EXISTS (SELECT 1 FROM group_orders g WHERE g.checkout_id = o.checkout_id AND o.checkout_id <> ''), o.event_id IS NOT NULL
	FROM orders o JOIN umkm u ON u.id = o.umkm_id
	WHERE o.status || '' IN ` + countedStatuses // || '': by id (the callers' condition), never the status index

func scanFact(r sqldb.Scanner) (fact, error) {
	var f fact
	var created time.Time
	var shipRegency string
	var campaign, group, expo bool
	err := r.Scan(&f.OrderID, &f.Amount, &created, &f.BuyerID, &shipRegency, &f.UMKMID, &f.SellerProvince,
		&f.SellerRegency, &f.Category, &campaign, &group, &expo)
	f.BuyerProvince = provinceOf(shipRegency)
	f.Month = monthAt(created, f.SellerProvince)
	switch {
	case campaign:
		f.Kind = KindCampaign
	case group:
		f.Kind = KindGroup
	case expo:
		f.Kind = KindExpo
	default:
		f.Kind = KindSingle
	}
	return f, err
}

// currentFacts computes what the orders ids contribute now (the counted ones).
func currentFacts(ctx context.Context, q sqldb.Querier, ids []int64) ([]fact, error) {
	rows, err := q.Query(ctx, factQuery+` AND o.id IN `+sqldb.InList(len(ids)), sqldb.Args(ids)...)
	return sqldb.Collect(rows, err, scanFact)
}

// storedFacts reads what the orders ids were last counted as.
func storedFacts(ctx context.Context, q sqldb.Querier, ids []int64) ([]fact, error) {
	rows, err := q.Query(ctx, `SELECT order_id, month, umkm_id, seller_province, seller_regency, category, buyer_province,
		buyer_id, kind, amount FROM sales_facts WHERE order_id IN `+sqldb.InList(len(ids)), sqldb.Args(ids)...)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (f fact, err error) {
		err = r.Scan(&f.OrderID, &f.Month, &f.UMKMID, &f.SellerProvince, &f.SellerRegency, &f.Category,
			&f.BuyerProvince, &f.BuyerID, &f.Kind, &f.Amount)
		return f, err
	})
}

// delta is a change to one roll-up row.
type delta struct{ orders, hi, lo int64 }

func (d *delta) add(sign int64, amount int64) {
	d.orders += sign
	d.hi += sign * (amount / platform.SumSplit)
	d.lo += sign * (amount % platform.SumSplit)
}

// deltas are the changes to every roll-up, keyed by each table's key.
type deltas struct {
	flows   map[[4]string]*delta
	areas   map[[5]string]*delta
	regions map[[4]string]*delta
	buyers  map[[3]string]map[int64]int64
	umkm    map[int64]map[string]*delta
	// touched are the buyers whose months sales_buyer_months recomputes.
	touched []int64
}

func newDeltas() *deltas {
	return &deltas{flows: map[[4]string]*delta{}, areas: map[[5]string]*delta{}, regions: map[[4]string]*delta{},
		buyers: map[[3]string]map[int64]int64{}, umkm: map[int64]map[string]*delta{}}
}

func get[K comparable](m map[K]*delta, k K) *delta {
	d := m[k]
	if d == nil {
		d = &delta{}
		m[k] = d
	}
	return d
}

// count adds (sign +1) or takes away (-1) one order's contribution.
func (ds *deltas) count(f fact, sign int64) {
	get(ds.flows, [4]string{f.Month, f.SellerProvince, f.BuyerProvince, f.Kind}).add(sign, f.Amount)
	get(ds.areas, [5]string{f.Month, f.SellerProvince, f.SellerRegency, f.Category, f.BuyerProvince}).add(sign, f.Amount)
	get(ds.regions, [4]string{f.Month, f.SellerProvince, f.SellerRegency, f.Category}).add(sign, f.Amount)
	bk := [3]string{f.Month, f.SellerProvince, f.BuyerProvince}
	if ds.buyers[bk] == nil {
		ds.buyers[bk] = map[int64]int64{}
	}
	ds.buyers[bk][f.BuyerID] += sign
	ds.touched = append(ds.touched, f.BuyerID)
	if ds.umkm[f.UMKMID] == nil {
		ds.umkm[f.UMKMID] = map[string]*delta{}
	}
	get(ds.umkm[f.UMKMID], f.Month).add(sign, f.Amount)
}

// apply writes the changes, a hundred rows a statement, and drops the rows
// a cancellation left at nothing.
func (ds *deltas) apply(ctx context.Context, tx *sqldb.Tx) error {
	var flows, areas, regions, buyers, umkm, emptiedFlows, emptiedAreas, emptiedRegions, emptiedBuyers, emptiedUMKM [][]any
	for k, d := range ds.flows {
		if *d != (delta{}) {
			flows = append(flows, []any{k[0], k[1], k[2], k[3], d.orders, d.hi, d.lo})
		}
		if d.orders < 0 {
			emptiedFlows = append(emptiedFlows, []any{k[0], k[1], k[2], k[3]})
		}
	}
	for k, d := range ds.areas {
		if *d != (delta{}) {
			areas = append(areas, []any{k[0], k[1], k[2], k[3], k[4], d.orders, d.hi, d.lo})
		}
		if d.orders < 0 {
			emptiedAreas = append(emptiedAreas, []any{k[0], k[2], k[3], k[4]})
		}
	}
	for k, d := range ds.regions {
		if *d != (delta{}) {
			regions = append(regions, []any{k[0], k[1], k[2], k[3], d.orders, d.hi, d.lo})
		}
		if d.orders < 0 {
			emptiedRegions = append(emptiedRegions, []any{k[0], k[2], k[3]})
		}
	}
	for k, m := range ds.buyers {
		for buyer, n := range m {
			if n != 0 {
				buyers = append(buyers, []any{k[0], k[1], k[2], buyer, n})
			}
			if n < 0 {
				emptiedBuyers = append(emptiedBuyers, []any{k[0], k[1], k[2], buyer})
			}
		}
	}
	for id, m := range ds.umkm {
		for month, d := range m {
			if *d != (delta{}) {
				umkm = append(umkm, []any{id, month, d.orders, d.hi, d.lo})
			}
			if d.orders < 0 {
				emptiedUMKM = append(emptiedUMKM, []any{id, month})
			}
		}
	}
	const sums = ` DO UPDATE SET orders = %[1]s.orders + excluded.orders, amount_hi = %[1]s.amount_hi + excluded.amount_hi,
		amount_lo = %[1]s.amount_lo + excluded.amount_lo`
	steps := []struct {
		table, columns, key string
		conflict            string
		rows, emptied       [][]any
	}{
		{"sales_flows", "month, seller_province, buyer_province, kind, orders, amount_hi, amount_lo",
			"month, seller_province, buyer_province, kind", fmt.Sprintf(sums, "sales_flows"), flows, emptiedFlows},
		{"sales_areas", "month, seller_province, seller_regency, category, buyer_province, orders, amount_hi, amount_lo",
			"month, seller_regency, category, buyer_province", fmt.Sprintf(sums, "sales_areas"), areas, emptiedAreas},
		{"sales_regions", "month, seller_province, seller_regency, category, orders, amount_hi, amount_lo",
			"month, seller_regency, category", fmt.Sprintf(sums, "sales_regions"), regions, emptiedRegions},
		{"sales_buyers", "month, seller_province, buyer_province, buyer_id, orders",
			"month, seller_province, buyer_province, buyer_id", ` DO UPDATE SET orders = sales_buyers.orders + excluded.orders`, buyers, emptiedBuyers},
		{"sales_umkm_months", "umkm_id, month, orders, amount_hi, amount_lo",
			"umkm_id, month", fmt.Sprintf(sums, "sales_umkm_months"), umkm, emptiedUMKM},
	}
	for _, st := range steps {
		if len(st.rows) > 0 {
			err := sqldb.UpsertRows(ctx, tx, `INSERT INTO `+st.table+` (`+st.columns+`) VALUES `, st.rows,
				` ON CONFLICT (`+st.key+`)`+st.conflict)
			if err != nil {
				return fmt.Errorf("fold %s: %w", st.table, err)
			}
		}
		for rows := st.emptied; len(rows) > 0; {
			n := min(len(rows), 100)
			tuple := sqldb.InList(len(rows[0]))
			var args []any
			for _, r := range rows[:n] {
				args = append(args, r...)
			}
			q := `DELETE FROM ` + st.table + ` WHERE orders = 0 AND (` + st.key + `) IN (` +
				strings.TrimSuffix(strings.Repeat(tuple+", ", n), ", ") + `)`
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return fmt.Errorf("fold %s: %w", st.table, err)
			}
			rows = rows[n:]
		}
	}
	return refreshBuyerMonths(ctx, tx, ds.touched)
}

// foldBatch is the most changes one fold transaction takes.
const foldBatch = 1000

// Fold folds the pending changes into the figures, a thousand a
// transaction, and returns how many orders it looked at. Several processes
// may call it at once: the roll-up's row in rollup_state is locked for each
// batch, so batches fold one after another.
func (s *Service) Fold(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.foldOnce(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

func (s *Service) step(name string) error {
	if s.failFold != nil {
		return s.failFold(name)
	}
	return nil
}

func (s *Service) foldOnce(ctx context.Context) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		n = 0
		if _, err := tx.Exec(ctx, `UPDATE rollup_state SET built = built WHERE name = 'sales'`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, order_id FROM sales_changes ORDER BY id LIMIT ?`, foldBatch)
		type change struct{ id, order int64 }
		changes, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (c change, err error) {
			err = r.Scan(&c.id, &c.order)
			return c, err
		})
		if err != nil || len(changes) == 0 {
			return err
		}
		var changeIDs, orderIDs []int64
		for _, c := range changes {
			changeIDs = append(changeIDs, c.id)
			orderIDs = append(orderIDs, c.order)
		}
		slices.Sort(orderIDs)
		orderIDs = slices.Compact(orderIDs)
		if err := s.refold(ctx, tx, orderIDs); err != nil {
			return err
		}
		if err := s.step("changes"); err != nil {
			return err
		}
		// The claimed rows by id, not a range: a change committed after the
		// batch was read, with a smaller id from its sequence, stays to fold.
		if _, err := tx.Exec(ctx, `DELETE FROM sales_changes WHERE id IN `+sqldb.InList(len(changeIDs)), sqldb.Args(changeIDs)...); err != nil {
			return err
		}
		n = len(orderIDs)
		return nil
	})
	return n, err
}

// refold brings the figures of orderIDs up to date inside tx.
func (s *Service) refold(ctx context.Context, tx *sqldb.Tx, orderIDs []int64) error {
	before, err := storedFacts(ctx, tx, orderIDs)
	if err != nil {
		return err
	}
	now, err := currentFacts(ctx, tx, orderIDs)
	if err != nil {
		return err
	}
	ds := newDeltas()
	for _, f := range before {
		ds.count(f, -1)
	}
	for _, f := range now {
		ds.count(f, +1)
	}
	if err := ds.apply(ctx, tx); err != nil {
		return err
	}
	if err := s.step("rollups"); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM sales_facts WHERE order_id IN `+sqldb.InList(len(orderIDs)), sqldb.Args(orderIDs)...); err != nil {
		return err
	}
	return insertFacts(ctx, tx, now)
}

func insertFacts(ctx context.Context, tx *sqldb.Tx, facts []fact) error {
	if len(facts) == 0 {
		return nil
	}
	rows := make([][]any, len(facts))
	for i, f := range facts {
		rows[i] = []any{f.OrderID, f.Month, f.UMKMID, f.SellerProvince, f.SellerRegency, f.Category, f.BuyerProvince,
			f.BuyerID, f.Kind, f.Amount}
	}
	return sqldb.UpsertRows(ctx, tx, `INSERT INTO sales_facts (order_id, month, umkm_id, seller_province, seller_regency,
		category, buyer_province, buyer_id, kind, amount) VALUES `, rows, "")
}

// Rebuild recomputes every figure from the orders, in one transaction, and
// marks the roll-up built. The changes pending when it starts are folded
// in by it (they are deleted with the rest).
//
// The facts are derived as a fold derives them (factQuery, scanFact), a
// range of order ids at a time; the roll-ups are then summed from the
// facts by the database (rollupsFromFacts), the same sums as the fold's
// deltas: holding every roll-up row in memory and writing it back a
// hundred rows a statement took most of a rebuild's time and memory at
// millions of orders.
func (s *Service) Rebuild(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE rollup_state SET built = 1 WHERE name = 'sales'`); err != nil {
			return err
		}
		for _, t := range []string{"sales_changes", "sales_facts", "sales_flows", "sales_areas", "sales_regions", "sales_buyers", "sales_buyer_months", "sales_buyer_provinces", "sales_umkm_months"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		// Batches are ranges of order ids, read by the primary key: with
		// "id > ? ORDER BY id LIMIT ?" a planner without statistics (right
		// after a bulk load) took the status index and sorted every counted
		// order for each batch.
		const batch = 5000
		var first, last int64
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM orders`).Scan(&first, &last); err != nil {
			return err
		}
		for from := first; from <= last && last > 0; from += batch {
			rows, err := tx.Query(ctx, factQuery+` AND o.id >= ? AND o.id < ?`, from, from+batch)
			facts, err := sqldb.Collect(rows, err, scanFact)
			if err != nil {
				return err
			}
			if err := insertFacts(ctx, tx, facts); err != nil {
				return err
			}
		}
		return rollupsFromFacts(ctx, tx)
	})
}

// rollupsFromFacts sums every roll-up from sales_facts (empty roll-ups
// assumed), each order's amount split as delta.add splits it.
func rollupsFromFacts(ctx context.Context, tx *sqldb.Tx) error {
	const sums = `COUNT(*), SUM(amount / 1000000000), SUM(amount % 1000000000)`
	const monthIdx = `CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER) - 1`
	bits := `SUM(1 << (idx % 60))`
	if tx.Dialect() == sqldb.Postgres {
		bits = `BIT_OR(CAST(1 AS BIGINT) << (idx % 60))`
	}
	for _, q := range []string{
		`INSERT INTO sales_flows (month, seller_province, buyer_province, kind, orders, amount_hi, amount_lo)
			SELECT month, seller_province, buyer_province, kind, ` + sums + ` FROM sales_facts
			GROUP BY month, seller_province, buyer_province, kind`,
		`INSERT INTO sales_areas (month, seller_province, seller_regency, category, buyer_province, orders, amount_hi, amount_lo)
			SELECT month, seller_province, seller_regency, category, buyer_province, ` + sums + ` FROM sales_facts
			GROUP BY month, seller_province, seller_regency, category, buyer_province`,
		`INSERT INTO sales_regions (month, seller_province, seller_regency, category, orders, amount_hi, amount_lo)
			SELECT month, seller_province, seller_regency, category, ` + sums + ` FROM sales_facts
			GROUP BY month, seller_province, seller_regency, category`,
		`INSERT INTO sales_buyers (month, seller_province, buyer_province, buyer_id, orders)
			SELECT month, seller_province, buyer_province, buyer_id, COUNT(*) FROM sales_facts
			GROUP BY month, seller_province, buyer_province, buyer_id`,
		`INSERT INTO sales_umkm_months (umkm_id, month, orders, amount_hi, amount_lo)
			SELECT umkm_id, month, ` + sums + ` FROM sales_facts GROUP BY umkm_id, month`,
		// The months' bits as refreshBuyerMonths sets them (monthBits).
		`INSERT INTO sales_buyer_months (buyer_id, era, months)
			SELECT buyer_id, idx / 60, ` + bits + ` FROM (SELECT DISTINCT buyer_id,
				CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER) - 1 AS idx FROM sales_facts) AS m
			GROUP BY buyer_id, idx / 60`,
		`INSERT INTO sales_buyer_provinces (province, era, buyer_id, months)
			SELECT province, idx / 60, buyer_id, ` + bits + ` FROM (
				SELECT seller_province AS province, buyer_id, ` + monthIdx + ` AS idx FROM sales_buyers
				UNION SELECT buyer_province, buyer_id, ` + monthIdx + ` FROM sales_buyers WHERE buyer_province <> '') AS m
			GROUP BY province, idx / 60, buyer_id`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
	}
	return nil
}

// Built reports whether the roll-up was built from the records (Rebuild
// ran once); a database made before the roll-ups existed needs it.
func (s *Service) Built(ctx context.Context) (bool, error) {
	var built int64
	err := s.db.Reader().QueryRow(ctx, `SELECT built FROM rollup_state WHERE name = 'sales'`).Scan(&built)
	return built == 1, err
}
