package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// demoOrders gives the cooperation dashboard a year to show: the twelve
// months up to now (WIB) of B2C orders across provinces, about 1,400 of
// them. Sumsel's UMKM selling to buyers in Jawa Barat is the largest flow
// and grows over the year; Jabar's UMKM sell to Sumsel buyers; both sell
// at home and to Jakarta, Banten, Jawa Tengah and Lampung. Some are
// beli-bareng campaigns (settled, the price difference refunded and netted
// from the orders), some group orders of an office's cooperative, some
// cancelled unpaid, a few cancelled after payment and refunded in full.
//
// The orders are written in bulk with backdated timestamps and the sales
// roll-ups rebuilt from them (sales.Rebuild), not placed through the order
// service: a checkout, a payment and three status moves per order are five
// transactions each, seconds of `gerai serve --demo` start-up for 1,400
// orders, and the service stamps every step with the present. The rows are
// those the service writes (order, lines, history, payment, refund, the
// campaign's participants) with the seller confirming each bank transfer,
// so no gateway ledger entries are owed. Only the demo buyer accounts go
// through account.Service. It runs before the demo's live orders (the
// awaiting payment, the running campaign) so theirs are the newest ids.
func demoOrders(ctx context.Context, a *app.App, users map[string]account.User, now time.Time) error {
	buyers, err := demoOrderBuyers(ctx, a, users)
	if err != nil {
		return err
	}
	products, err := demoOrderProducts(ctx, a.DB)
	if err != nil {
		return err
	}
	if len(products["16"]) == 0 || len(products["32"]) == 0 {
		return nil // the demo's UMKM are not verified (an interrupted load): nothing to sell
	}
	w := &demoOrderWriter{r: rand.New(rand.NewPCG(13, 2026)), now: now.UTC(), buyers: buyers, products: products}
	if w.orderID, err = maxID(ctx, a.DB, "orders"); err != nil {
		return err
	}
	if w.paymentID, err = maxID(ctx, a.DB, "payments"); err != nil {
		return err
	}
	err = a.DB.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := w.group(ctx, tx); err != nil {
			return err
		}
		for i, m := range demoMonths(now) {
			if err := w.month(ctx, tx, i, m); err != nil {
				return err
			}
		}
		if err := w.flush(ctx, tx); err != nil {
			return err
		}
		if a.DB.Dialect == sqldb.Postgres {
			for _, t := range []string{"orders", "payments"} {
				if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))`); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return a.Sales.Rebuild(ctx)
}

// demoBuyer is a demo buyer account with the address its orders go to.
type demoBuyer struct {
	email, name, phone, street, regency string
	id                                  int64
}

// demoBuyers are the buyers of the demo's year of orders, by province.
var demoBuyers = []demoBuyer{
	{email: "rina.kartika@demo.gerai.id", name: "Rina Kartika", phone: "+6281320110401", street: "Jl. Riau No. 41", regency: "32.73"},
	{email: "dedi.kurniawan@demo.gerai.id", name: "Dedi Kurniawan", phone: "+6281320110402", street: "Jl. Ahmad Yani No. 8, Bekasi Timur", regency: "32.75"},
	{email: "siti.nurjanah@demo.gerai.id", name: "Siti Nurjanah", phone: "+6281320110403", street: "Jl. Pajajaran No. 120", regency: "32.71"},
	{email: "agus.gunawan@demo.gerai.id", name: "Agus Gunawan", phone: "+6281320110404", street: "Jl. Margonda Raya No. 77", regency: "32.76"},
	{email: "lilis.suryani@demo.gerai.id", name: "Lilis Suryani", phone: "+6281320110405", street: "Jl. Gatot Subroto No. 15", regency: "32.77"},
	{email: "yudi.permana@demo.gerai.id", name: "Yudi Permana", phone: "+6281320110406", street: "Jl. Siliwangi No. 30", regency: "32.74"},
	{email: "neni.rahmawati@demo.gerai.id", name: "Neni Rahmawati", phone: "+6281320110407", street: "Jl. HZ Mustofa No. 210", regency: "32.78"},
	{email: "hendra.saputra@demo.gerai.id", name: "Hendra Saputra", phone: "+6281320110408", street: "Jl. Tuparev No. 54", regency: "32.15"},
	{email: "fitri.handayani@demo.gerai.id", name: "Fitri Handayani", phone: "+6281373110401", street: "Jl. Kapten Rivai No. 19", regency: "16.71"},
	{email: "rizal.fahmi@demo.gerai.id", name: "Rizal Fahmi", phone: "+6281373110402", street: "Jl. Sudirman No. 88", regency: "16.74"},
	{email: "dewi.anggraini@demo.gerai.id", name: "Dewi Anggraini", phone: "+6281373110403", street: "Jl. Yos Sudarso No. 5", regency: "16.73"},
	{email: "anton.wijaya@demo.gerai.id", name: "Anton Wijaya", phone: "+6281373110404", street: "Jl. Dr. Moh. Hatta No. 12", regency: "16.01"},
	{email: "maya.sari@demo.gerai.id", name: "Maya Sari", phone: "+6281210110401", street: "Jl. Fatmawati No. 60", regency: "31.74"},
	{email: "bayu.pratama@demo.gerai.id", name: "Bayu Pratama", phone: "+6281210110402", street: "Jl. Daan Mogot No. 21", regency: "36.71"},
	{email: "wulan.lestari@demo.gerai.id", name: "Wulan Lestari", phone: "+6281210110403", street: "Jl. Pandanaran No. 9", regency: "33.74"},
	{email: "joko.susilo@demo.gerai.id", name: "Joko Susilo", phone: "+6281210110404", street: "Jl. Raden Intan No. 33", regency: "18.71"},
}

// demoFlows are the year's flows: the seller's province, the buyers'
// provinces (any of them, one order at a time), and the month's orders,
// base + growth × the month's index (0 the oldest).
var demoFlows = []struct {
	seller       string
	buyers       []string
	base, growth int
}{
	{"16", []string{"32"}, 30, 6},
	{"32", []string{"16"}, 15, 2},
	{"16", []string{"16"}, 10, 0},
	{"32", []string{"32"}, 8, 0},
	{"16", []string{"31", "36", "33", "18"}, 6, 0},
	{"32", []string{"31", "36", "33", "18"}, 5, 0},
}

func demoOrderBuyers(ctx context.Context, a *app.App, users map[string]account.User) (map[string][]demoBuyer, error) {
	out := map[string][]demoBuyer{}
	for _, b := range demoBuyers {
		u, ok := users[b.email]
		if !ok {
			var err error
			if u, err = demoAccount(ctx, a, account.NewUser{Email: b.email, Password: DemoPassword, Name: b.name,
				Role: platform.RoleBuyer}); err != nil {
				return nil, err
			}
			users[b.email] = u
		}
		b.id = u.ID
		p := provinceOf(b.regency)
		out[p] = append(out[p], b)
	}
	return out, nil
}

func provinceOf(regency string) string { return regency[:2] }

type demoSaleProduct struct {
	id, umkm, owner int64
	name, province  string
	price, grams    int64
}

// demoOrderProducts returns the listed products of verified UMKM by province.
func demoOrderProducts(ctx context.Context, db *sqldb.DB) (map[string][]demoSaleProduct, error) {
	rows, err := db.Reader().Query(ctx, `SELECT p.id, p.umkm_id, u.owner_id, p.name, p.price, p.weight_grams, u.province_code
		FROM products p JOIN umkm u ON u.id = p.umkm_id WHERE p.listed = TRUE AND u.status = 'verified' ORDER BY p.id`)
	all, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p demoSaleProduct, err error) {
		err = r.Scan(&p.id, &p.umkm, &p.owner, &p.name, &p.price, &p.grams, &p.province)
		return p, err
	})
	out := map[string][]demoSaleProduct{}
	for _, p := range all {
		out[p.province] = append(out[p.province], p)
	}
	return out, err
}

// demoMonth is one month of the year: its start (WIB) and the end of the
// time orders may be placed in it (the month's end, or a little before now).
type demoMonth struct{ start, end time.Time }

// demoMonths are the twelve months up to now's, at WIB, oldest first.
func demoMonths(now time.Time) []demoMonth {
	wib := time.FixedZone("WIB", 7*3600)
	t := now.In(wib)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, wib)
	out := make([]demoMonth, 12)
	for i := range out {
		start := first.AddDate(0, i-11, 0)
		end := start.AddDate(0, 1, 0)
		if i == 11 {
			// This month: up to ten minutes ago, or half of what has passed of it.
			end = now.Add(-10 * time.Minute)
			if !end.After(start) {
				end = start.Add(now.Sub(start) / 2)
			}
		}
		out[i] = demoMonth{start: start.UTC(), end: end.UTC()}
	}
	return out
}

// demoOrderWriter collects the rows of the demo's orders and writes them
// a hundred a statement.
type demoOrderWriter struct {
	r                  *rand.Rand
	now                time.Time
	buyers             map[string][]demoBuyer
	products           map[string][]demoSaleProduct
	orderID, paymentID int64
	groupID            int64
	coordinator        demoBuyer

	orders, items, history, payments, paymentOrders, refunds, participants [][]any
}

// group is the Jabar office cooperative whose group orders the year holds.
func (w *demoOrderWriter) group(ctx context.Context, tx *sqldb.Tx) error {
	w.coordinator = w.buyers["32"][0]
	created := w.now.AddDate(-1, -1, 0)
	if err := tx.QueryRow(ctx, `INSERT INTO user_groups (name, coordinator_id, invite_token, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		"Koperasi Karyawan Gedung Sate", w.coordinator.id, fmt.Sprintf("demo-koperasi-%d", w.coordinator.id), created).Scan(&w.groupID); err != nil {
		return err
	}
	var members [][]any
	for _, b := range w.buyers["32"][:4] {
		members = append(members, []any{w.groupID, b.id, created})
	}
	return sqldb.UpsertRows(ctx, tx, `INSERT INTO group_members (group_id, user_id, joined_at) VALUES `, members, "")
}

// at is a random time in [from, to).
func (w *demoOrderWriter) at(from, to time.Time) time.Time {
	return from.Add(time.Duration(w.r.Int64N(max(1, int64(to.Sub(from))))))
}

// month writes the month's orders: each flow's, one beli-bareng campaign of
// a Sumsel UMKM joined by Jabar buyers and one group order of the cooperative.
func (w *demoOrderWriter) month(ctx context.Context, tx *sqldb.Tx, i int, m demoMonth) error {
	part := 1.0
	if i == 11 {
		part = float64(m.end.Sub(m.start)) / float64(m.start.AddDate(0, 1, 0).Sub(m.start))
	}
	for _, f := range demoFlows {
		n := max(2, int(float64(f.base+f.growth*i)*part))
		for range n {
			bp := f.buyers[w.r.IntN(len(f.buyers))]
			buyer := w.buyers[bp][w.r.IntN(len(w.buyers[bp]))]
			p := w.products[f.seller][w.r.IntN(len(w.products[f.seller]))]
			lines := []demoLine{{p, int64(1 + w.r.IntN(3))}}
			if w.r.IntN(3) == 0 {
				if q := w.sameUMKM(f.seller, p); q.id != 0 {
					lines = append(lines, demoLine{q, int64(1 + w.r.IntN(2))})
				}
			}
			w.order(buyer, lines, w.at(m.start, m.end), "", 0, 0)
		}
	}
	if err := w.campaign(ctx, tx, m); err != nil {
		return err
	}
	// The cooperative's monthly order of Palembang's goods.
	p := w.products["16"][w.r.IntN(len(w.products["16"]))]
	lines := []demoLine{{p, int64(5 + w.r.IntN(10))}}
	if q := w.sameUMKM("16", p); q.id != 0 {
		lines = append(lines, demoLine{q, int64(3 + w.r.IntN(6))})
	}
	placed := w.at(m.start, m.end)
	checkout := fmt.Sprintf("demo-koperasi-%d", w.orderID+1)
	w.order(w.coordinator, lines, placed, checkout, 0, 0)
	_, err := tx.Exec(ctx, `INSERT INTO group_orders (group_id, title, status, pay_mode, checkout_id, created_at, closed_at)
		VALUES (?, ?, 'dipesan', 'coordinator', ?, ?, ?)`, w.groupID,
		"Oleh-oleh Palembang "+idMonth(placed), checkout, placed.Add(-72*time.Hour), placed)
	return err
}

func idMonth(t time.Time) string {
	t = t.In(time.FixedZone("WIB", 7*3600))
	return fmt.Sprintf("%s %d", idn.MonthName(t.Month()), t.Year())
}

type demoLine struct {
	p demoSaleProduct
	q int64
}

// sameUMKM is another product of p's UMKM, zero when it has none.
func (w *demoOrderWriter) sameUMKM(province string, p demoSaleProduct) demoSaleProduct {
	var others []demoSaleProduct
	for _, q := range w.products[province] {
		if q.umkm == p.umkm && q.id != p.id {
			others = append(others, q)
		}
	}
	if len(others) == 0 {
		return demoSaleProduct{}
	}
	return others[w.r.IntN(len(others))]
}

// campaign is a beli-bareng campaign of the month, settled at its deadline
// at the tier reached: its participants' orders at the final price, the
// difference refunded.
func (w *demoOrderWriter) campaign(ctx context.Context, tx *sqldb.Tx, m demoMonth) error {
	p := w.products["16"][w.r.IntN(len(w.products["16"]))]
	created := w.at(m.start, m.start.Add(m.end.Sub(m.start)/3))
	deadline := created.Add(7 * 24 * time.Hour)
	if !deadline.Before(w.now) {
		return nil // this month's is still running elsewhere in the demo
	}
	round := func(v int64) int64 { return max(500, v/500*500) }
	join, tier2 := round(p.price*95/100), round(p.price*85/100)
	quantities := make([]int64, 6+w.r.IntN(5))
	total := int64(0)
	for i := range quantities {
		quantities[i] = int64(2 + w.r.IntN(4))
		total += quantities[i]
	}
	final := join // the tier reached at the deadline
	if total >= 20 {
		final = tier2
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO campaigns (umkm_id, product_id, created_by, status, min_total, per_person_limit, stock,
		total_quantity, deadline, final_price, decided_at, settled_at, created_at) VALUES (?, ?, ?, 'berhasil', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.umkm, p.id, p.owner, 10, 10, total+20, total, deadline, final, deadline, deadline, created).Scan(&id); err != nil {
		return err
	}
	if err := sqldb.UpsertRows(ctx, tx, `INSERT INTO campaign_tiers (campaign_id, min_quantity, price) VALUES `,
		[][]any{{id, 1, join}, {id, 20, tier2}, {id, 60, round(p.price * 75 / 100)}}, ""); err != nil {
		return err
	}
	p.price = join
	for i, q := range quantities {
		buyer := w.buyers["32"][i%len(w.buyers["32"])]
		if i%4 == 3 {
			buyer = w.buyers["16"][i%len(w.buyers["16"])]
		}
		refund := (join - final) * q
		oid := w.orderUntil(buyer, []demoLine{{p, q}}, w.at(created, deadline.Add(-6*time.Hour)), "", id, refund, deadline)
		w.participants = append(w.participants, []any{id, buyer.id, oid, q, join, "confirmed", refund, created})
	}
	return nil
}

// order queues one order of lines placed at placed and everything that
// happened to it by now. A campaign's order (campaign ≠ 0) is confirmed at
// its deadline with refund given back; the others move on with time, and
// some are cancelled.
func (w *demoOrderWriter) order(b demoBuyer, lines []demoLine, placed time.Time, checkout string, campaign, refund int64) int64 {
	return w.orderUntil(b, lines, placed, checkout, campaign, refund, time.Time{})
}

// orderUntil is order for a campaign's order confirmed at deadline.
func (w *demoOrderWriter) orderUntil(b demoBuyer, lines []demoLine, placed time.Time, checkout string, campaign, refund int64, deadline time.Time) int64 {
	w.orderID++
	id := w.orderID
	if checkout == "" {
		checkout = fmt.Sprintf("demo-%d", id)
	}
	var subtotal, grams int64
	for _, l := range lines {
		price := l.p.price
		if campaign != 0 {
			price -= refund / l.q
		}
		subtotal += price * l.q
		grams += l.p.grams * l.q
		w.items = append(w.items, []any{id, l.p.id, l.p.name, price, l.q, l.p.grams})
	}
	shipping := 18_000 + (grams/1000)*9_000 // to another province
	if provinceOf(b.regency) == lines[0].p.province {
		shipping = 9_000 + (grams/1000)*2_000
	}
	seller := lines[0].p.owner
	type step struct {
		to, note string
		actor    any
		at       time.Time
	}
	steps := []step{{"menunggu_pembayaran", platform.Msg("pesanan dibuat"), b.id, placed}}
	status, cancel := "menunggu_pembayaran", ""
	var shipped, tracking any = nil, ""
	paidAt := placed.Add(time.Duration(20+w.r.IntN(200)) * time.Minute)
	x := w.r.IntN(100)
	switch {
	case campaign == 0 && x < 6: // never paid
		at := placed.Add(24 * time.Hour)
		if !at.Before(w.now) {
			at = placed.Add(w.now.Sub(placed) / 2)
		}
		steps = append(steps, step{"dibatalkan", platform.Msg("batas waktu pembayaran habis"), nil, at})
		status, cancel = "dibatalkan", "batas waktu pembayaran habis"
	case campaign == 0 && x < 9: // paid, then out of stock: refunded in full
		cancelAt := paidAt.Add(3 * time.Hour)
		if !cancelAt.Before(w.now) {
			cancelAt = paidAt.Add(w.now.Sub(paidAt) / 2)
		}
		steps = append(steps, step{"dibayar", platform.Msg("transfer dikonfirmasi penjual"), seller, paidAt},
			step{"dibatalkan", "Stok habis", seller, cancelAt})
		status, cancel = "dibatalkan", "Stok habis"
		w.refunds = append(w.refunds, []any{id, subtotal + shipping, "Stok habis", cancelAt})
	default:
		steps = append(steps, step{"dibayar", platform.Msg("transfer dikonfirmasi penjual"), seller, paidAt})
		next := paidAt
		if campaign != 0 {
			// Confirmed at the campaign's deadline, which campaign put before now.
			next = deadline
			note := platform.Msg("beli bareng berhasil")
			if refund > 0 {
				note = platform.Msg("beli bareng berhasil; selisih harga dikembalikan")
				w.refunds = append(w.refunds, []any{id, refund, "selisih harga beli bareng", next})
			}
			steps = append(steps, step{"dibayar", note, nil, next})
		}
		for _, s := range []struct {
			to    string
			after time.Duration
			actor any
		}{{"diproses", 3 * time.Hour, seller}, {"dikirim", 20 * time.Hour, seller}, {"selesai", 4 * 24 * time.Hour, b.id}} {
			at := next.Add(s.after)
			if !at.Before(w.now) {
				break
			}
			steps = append(steps, step{s.to, "", s.actor, at})
			if s.to == "dikirim" {
				shipped, tracking = at, fmt.Sprintf("JNE%010d", id*7919%10_000_000_000)
			}
			next = at
		}
		status = steps[len(steps)-1].to
	}
	total := subtotal + shipping
	var camp any
	if campaign != 0 {
		camp = campaign
	}
	last := steps[len(steps)-1].at
	w.orders = append(w.orders, []any{id, checkout, b.id, lines[0].p.umkm, status, subtotal, shipping, total, "courier", "jne", tracking,
		b.name, b.phone, b.street, b.regency, cancel, placed.Add(24 * time.Hour), shipped, placed, last, camp})
	from := ""
	for _, s := range steps {
		w.history = append(w.history, []any{id, from, s.to, s.actor, s.note, s.at})
		from = s.to
	}
	w.paymentID++
	payStatus, paidOn := "expired", any(nil)
	if len(steps) > 1 && steps[1].to == "dibayar" {
		payStatus, paidOn = "paid", paidAt
	}
	w.payments = append(w.payments, []any{w.paymentID, "transfer", payStatus, total + refund, placed.Add(24 * time.Hour), paidOn, placed})
	w.paymentOrders = append(w.paymentOrders, []any{w.paymentID, id})
	return id
}

// flush writes the queued rows, orders before what refers to them, and the
// buyers' addresses.
func (w *demoOrderWriter) flush(ctx context.Context, tx *sqldb.Tx) error {
	var addresses [][]any
	for _, bs := range w.buyers {
		for _, b := range bs {
			addresses = append(addresses, []any{b.id, b.name, b.phone, b.street, b.regency, w.now})
		}
	}
	for _, t := range []struct {
		insert string
		rows   [][]any
	}{
		{`INSERT INTO orders (id, checkout_id, buyer_id, umkm_id, status, subtotal, shipping_cost, total, delivery_method, courier,
			tracking_number, ship_name, ship_phone, ship_street, ship_regency, cancel_reason, pay_by, shipped_at, created_at, updated_at,
			campaign_id) VALUES `, w.orders},
		{`INSERT INTO order_items (order_id, product_id, name, price, quantity, weight_grams) VALUES `, w.items},
		{`INSERT INTO order_history (order_id, from_status, to_status, actor_id, note, created_at) VALUES `, w.history},
		{`INSERT INTO payments (id, provider, status, amount, expires_at, paid_at, created_at) VALUES `, w.payments},
		{`INSERT INTO payment_orders (payment_id, order_id) VALUES `, w.paymentOrders},
		{`INSERT INTO refunds (order_id, amount, reason, created_at) VALUES `, w.refunds},
		{`INSERT INTO campaign_participants (campaign_id, buyer_id, order_id, quantity, unit_price, state, refund, created_at) VALUES `, w.participants},
		{`INSERT INTO buyer_addresses (user_id, name, phone, street, regency_code, updated_at) VALUES `, addresses},
	} {
		if len(t.rows) == 0 {
			continue
		}
		if err := sqldb.UpsertRows(ctx, tx, t.insert, t.rows, ""); err != nil {
			return fmt.Errorf("demo orders: %w", err)
		}
	}
	return nil
}
