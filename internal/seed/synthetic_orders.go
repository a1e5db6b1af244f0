package seed

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Synthetic orders (Options.OrderLines) for the dashboards' benchmark:
// buyers all over Indonesia ordering the listed products of the database's
// verified UMKM, over the two years before ordersEnd, written in bulk as
// the rest of Synthetic, then the sales roll-ups rebuilt from them
// (sales.Rebuild), as after any bulk load (decision 0034).
//
// What a dashboard reads is there: orders with their lines, statuses (most
// finished, some cancelled after payment, none waiting for a payment, so
// the expiry job has nothing to do), delivery regencies and timestamps.
// What no dashboard reads is left out: payments, order history and the
// ledger.

// ordersEnd anchors the synthetic orders, like syntheticEpoch: the same
// seed gives the same orders whenever it runs. Their two years end with
// November 2026.
var ordersEnd = time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC) // 1 December 00:00 WIT

// ordersSpan is how far back the synthetic orders go.
const ordersSpan = 2 * 365 * 24 * time.Hour

// ordersPerBuyer sizes the synthetic buyers: one account per this many
// orders (at least a hundred, at most a million).
const ordersPerBuyer = 20

var (
	ordersTable = table{name: "orders", cols: []string{"id", "checkout_id", "buyer_id", "umkm_id", "status", "subtotal",
		"shipping_cost", "total", "delivery_method", "courier", "ship_name", "ship_phone", "ship_street", "ship_regency",
		"pay_by", "shipped_at", "created_at", "updated_at"}}
	orderItemsTable = table{name: "order_items", cols: []string{"order_id", "product_id", "name", "price", "quantity", "weight_grams"}}
)

// listedProduct is what an order line needs of a product.
type listedProduct struct {
	id, umkm     int64
	name         string
	price, grams int64
}

type syntheticBuyer struct {
	id      int64
	name    string
	regency string
}

// seedOrders writes about lines order lines (one to three a order) and
// their orders, then rebuilds the sales roll-ups.
func (l *loader) seedOrders(ctx context.Context, lines int, seed int64) error {
	if lines == 0 {
		return nil
	}
	products, err := listedProducts(ctx, l.db)
	if err != nil {
		return err
	}
	if len(products) == 0 {
		return fmt.Errorf("seed: orders need listed products of verified UMKM")
	}
	if l.orderBase, err = maxID(ctx, l.db, "orders"); err != nil {
		return err
	}
	if l.userBase, err = maxID(ctx, l.db, "users"); err != nil {
		return err
	}
	var buyerBase int
	if err := l.db.Reader().QueryRow(ctx,
		`SELECT COUNT(*) FROM users WHERE email LIKE 'seed-buyer-%@seed.gerai.id'`).Scan(&buyerBase); err != nil {
		return err
	}
	buyers := planBuyers(newRand(seed, 5), min(1_000_000, max(100, lines/ordersPerBuyer)), l.userBase)
	if err := l.run(ctx, "pembeli", len(buyers), func(send func(chunk) bool) { l.produceBuyers(buyers, buyerBase, send) }); err != nil {
		return err
	}
	if err := l.run(ctx, "pesanan", lines, func(send func(chunk) bool) { l.produceOrders(products, buyers, lines, seed, send) }); err != nil {
		return err
	}
	if l.pg {
		for _, t := range []string{"users", "orders"} {
			if _, err := l.db.Writer().Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
				return fmt.Errorf("seed: setval %s: %w", t, err)
			}
		}
	}
	l.progress("rekap", 0, 1)
	if err := sales.NewService(l.db).Rebuild(ctx); err != nil {
		return fmt.Errorf("seed: sales roll-up: %w", err)
	}
	// The planner's statistics of the orders and the roll-ups, as
	// autovacuum (PostgreSQL) would take them in service.
	if _, err := l.db.Writer().Exec(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("seed: analyze: %w", err)
	}
	l.progress("rekap", 1, 1)
	return nil
}

// listedProducts reads the products buyers can order, in id order.
func listedProducts(ctx context.Context, db *sqldb.DB) ([]listedProduct, error) {
	rows, err := db.Reader().Query(ctx, `SELECT id, umkm_id, name, price, weight_grams FROM products
		WHERE listed = TRUE AND price > 0 ORDER BY id`)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (p listedProduct, err error) {
		err = r.Scan(&p.id, &p.umkm, &p.name, &p.price, &p.grams)
		return p, err
	})
}

// planBuyers spreads n buyers over the regencies, weighted as the UMKM are.
func planBuyers(r *rand.Rand, n int, userBase int64) []syntheticBuyer {
	regs := region.AllRegencies()
	cum := make([]float64, len(regs))
	total := 0.0
	for i, reg := range regs {
		w := provinceWeight(reg.ProvinceCode)
		if region.IsCity(reg) {
			w *= 2 // buyers live in towns more than UMKM do
		}
		total += w
		cum[i] = total
	}
	out := make([]syntheticBuyer, n)
	for i := range out {
		reg := regs[min(sort.SearchFloat64s(cum, r.Float64()*total), len(regs)-1)]
		ppl := peopleOf(reg.ProvinceCode)
		given := pick(r, ppl.male)
		if r.IntN(2) == 0 {
			given = pick(r, ppl.female)
		}
		out[i] = syntheticBuyer{id: userBase + int64(i) + 1, name: given + " " + pick(r, ppl.second), regency: reg.Code}
	}
	return out
}

func (l *loader) produceBuyers(buyers []syntheticBuyer, base int, send func(chunk) bool) {
	b := l.batcher(&usersTable, send)
	for i, u := range buyers {
		email := fmt.Sprintf("seed-buyer-%d@seed.gerai.id", base+i+1)
		// Buyers cannot log in: their hash is no argon2 string.
		if !b.add(u.id, []any{u.id, email, "!", u.name, "buyer", ordersEnd.Add(-ordersSpan - 30*24*time.Hour)}, search.Doc{}) {
			return
		}
	}
	b.close()
}

// produceOrders writes orders and their lines, each order's lines in the
// same transaction as the order (the chunk holds both tables' statements,
// orders first).
func (l *loader) produceOrders(products []listedProduct, buyers []syntheticBuyer, lines int, seed int64, send func(chunk) bool) {
	r := newRand(seed, 6)
	byUMKM := map[int64][]int{} // a UMKM's products, for the second and third line
	for i, p := range products {
		byUMKM[p.umkm] = append(byUMKM[p.umkm], i)
	}
	ob, ib := l.batcher(&ordersTable, nil), l.batcher(&orderItemsTable, nil)
	var cur chunk
	flush := func() bool {
		ob.flushStatement()
		ib.flushStatement()
		for i := range ob.cur.stmts {
			ob.cur.stmts[i].rows = 0 // the stage counts lines
		}
		cur.stmts = append(append(cur.stmts, ob.cur.stmts...), ib.cur.stmts...)
		cur.rows += ib.cur.rows
		ob.cur, ib.cur = chunk{}, chunk{}
		if cur.rows >= rowsPerTx {
			ok := send(cur)
			cur = chunk{}
			return ok
		}
		return true
	}
	id := l.orderBase
	span := int64(ordersSpan / time.Second)
	var picked []int
	for written := 0; written < lines; {
		id++
		first := r.IntN(len(products))
		p := products[first]
		own := byUMKM[p.umkm]
		picked = append(picked[:0], first)
		for n := min(lines-written, 1+r.IntN(3)); len(picked) < n && len(picked) < len(own); {
			if k := own[r.IntN(len(own))]; !slices.Contains(picked, k) {
				picked = append(picked, k)
			}
		}
		// Sales grow over the two years: more orders lately.
		at := ordersEnd.Add(-time.Duration(span-int64(float64(span)*sqrtRand(r))) * time.Second)
		buyer := buyers[r.IntN(len(buyers))]
		var subtotal, grams int64
		for _, k := range picked {
			q := int64(1 + r.IntN(3))
			lp := products[k]
			subtotal += lp.price * q
			grams += lp.grams * q
			ib.args = append(ib.args, id, lp.id, lp.name, lp.price, q, lp.grams)
			ib.rows++
		}
		shipping := 9_000 + (grams/1000)*4_000
		status, shipped := "selesai", any(at.Add(30*time.Hour))
		switch x := r.IntN(100); {
		case x < 6:
			status, shipped = "dibatalkan", nil
		case x < 7:
			status, shipped = "dibayar", nil
		case x < 8:
			status, shipped = "diproses", nil
		case x < 10:
			status = "dikirim"
		}
		street := fmt.Sprintf("%s No. %d", pick(r, streets), 1+r.IntN(250))
		phone := fmt.Sprintf("+62%s%08d", pick(r, waPrefixes), r.IntN(100_000_000))
		ob.args = append(ob.args, id, fmt.Sprintf("seed-%d", id), buyer.id, p.umkm, status, subtotal, shipping, subtotal+shipping,
			"courier", "jne", buyer.name, phone, street, buyer.regency, at.Add(24*time.Hour), shipped, at, at.Add(48*time.Hour))
		ob.rows++
		written += len(picked)
		if ob.rows == rowsPerStatement || ib.rows >= rowsPerStatement {
			if !flush() {
				return
			}
		}
	}
	flush()
	if cur.rows > 0 {
		send(cur)
	}
}

// sqrtRand is a number in [0, 1) more often near 1: the square root of a
// uniform one (a linearly growing density).
func sqrtRand(r *rand.Rand) float64 { return math.Sqrt(r.Float64()) }
