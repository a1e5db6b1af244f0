package web_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// Shipping before committing (issue 10 §2): the cart and the beli-bareng
// join form show the delivery cost and the total before the buyer commits,
// and the order charges exactly that.

// syncBuffer is a log sink the server's goroutines may write at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// forEachLoggedServer runs fn on a server on SQLite and, when configured,
// PostgreSQL, with the server's log (debug and up) captured.
func forEachLoggedServer(t *testing.T, fn func(t *testing.T, s *testutil.Server, log *syncBuffer)) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			if d == sqldb.Postgres && !testutil.PostgresConfigured() {
				t.Skip("GERAI_TEST_POSTGRES is not set: PostgreSQL case not run")
			}
			log := &syncBuffer{}
			s := testutil.NewServerOpts(t, app.Config{DB: testutil.NewDSN(t, d), Simulator: true},
				testutil.Options{Log: slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
			fn(t, s, log)
		})
	}
}

// shop is two verified UMKM of siti's: a kemplang maker in Palembang
// (16.71) charging its own Rp20.000 for the first kilogram to other
// provinces, and a batik maker in Bandung (32.73) on the default rates.
type shop struct {
	kemplang, batik         int64 // product ids
	kemplangUMKM, batikUMKM int64
}

func newShop(t *testing.T, s *testutil.Server) shop {
	t.Helper()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	seller := s.MustToken("siti@x.id")
	var sh shop
	for i, x := range []struct {
		regency, agency, name string
		price, weight         int64
		umkm, product         *int64
	}{
		{"16.71", "dinas16@x.id", "Kemplang", 25000, 400, &sh.kemplangUMKM, &sh.kemplang},
		{"32.73", "dinas32@x.id", "Batik", 150000, 600, &sh.batikUMKM, &sh.batik},
	} {
		var u, p struct{ ID int64 }
		s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": x.name + " Bu Siti", "owner_name": "Siti",
			"nib": fmt.Sprintf("167100000000%d", i), "regency_code": x.regency, "category": "kuliner"}, &u)
		if r := s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": x.name, "category": "kuliner",
			"price": x.price, "stock": 10, "weight_grams": x.weight}, &p); r.StatusCode != 201 {
			t.Fatalf("create product: %d %s", r.StatusCode, r.Body)
		}
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken(x.agency), nil, nil)
		*x.umkm, *x.product = u.ID, p.ID
	}
	sh.setKemplangRate(t, s, 20000)
	return sh
}

// setKemplangRate sets the kemplang maker's first kilogram to other provinces.
func (sh shop) setKemplangRate(t *testing.T, s *testutil.Server, firstKg int64) {
	t.Helper()
	zone := func(first, next int64) map[string]any { return map[string]any{"first_kg": first, "next_kg": next} }
	if r := s.Do("PUT", fmt.Sprintf("/api/v1/shipping-rates/umkm:%d", sh.kemplangUMKM), s.MustToken("siti@x.id"), map[string]any{
		"same_regency": zone(10000, 5000), "same_province": zone(15000, 8000), "other_province": zone(firstKg, 15000)}, nil); r.StatusCode != 200 {
		t.Fatalf("set rates: %d %s", r.StatusCode, r.Body)
	}
}

// fillCart puts 2 kemplang (800 g) and 1 batik (600 g) in the buyer's cart.
func (sh shop) fillCart(b *browser) {
	b.get("/keranjang")
	b.post("/keranjang", url.Values{"csrf_token": {b.csrf}, "product_id": {fmt.Sprint(sh.kemplang)}, "quantity": {"2"}})
	b.post("/keranjang", url.Values{"csrf_token": {b.csrf}, "product_id": {fmt.Sprint(sh.batik)}, "quantity": {"1"}})
}

// cartForm is the cart page's checkout form as a buyer fills it in: its
// hidden fields as the page sent them, and the given choices.
func cartForm(page string, choices map[string]string) url.Values {
	form := url.Values{"csrf_token": {csrfInput.FindStringSubmatch(page)[1]},
		"idem": {regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(page)[1]}}
	addShownPrices(form, page)
	for k, v := range choices {
		form.Set(k, v)
	}
	return form
}

var bandung = map[string]string{"name": "Ani Rahmawati", "phone": "0813-2222-3333", "street": "Jl. Braga No. 1",
	"regency_code": "32.73", "delivery": "courier", "payment": "simulator"}

var (
	grandTotal = regexp.MustCompile(`<p class="grand-total"><strong>Total: (Rp[0-9.]+)</strong>`)
	payTotal   = regexp.MustCompile(`<p class="pay-total">Total bayar: <strong>(Rp[0-9.]+)</strong>`)
	payAmount  = regexp.MustCompile(`<p class="price big">(Rp[0-9.]+)</p>`)
)

// find returns re's first group in page, failing the test when it is absent.
func find(t *testing.T, re *regexp.Regexp, page, what string) string {
	t.Helper()
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page shows no %s (%s)", what, re)
	}
	return m[1]
}

// TestCartShowsShippingBeforeOrdering: the buyer chooses Kota Bandung and
// the courier and presses "Hitung ongkir": the cart shows each UMKM's
// delivery cost and the total, keeping what was typed; "Pesan sekarang"
// charges exactly that, and the pay page shows the same total. The next
// visit finds the address filled in (for its owner only), with the cost
// already shown, and the phone number never reaches the log.
func TestCartShowsShippingBeforeOrdering(t *testing.T) {
	forEachLoggedServer(t, func(t *testing.T, s *testutil.Server, log *syncBuffer) {
		sh := newShop(t, s)
		b := loginAs(t, s, "ani@x.id")
		sh.fillCart(b)
		_, cart := b.get("/keranjang")
		if !strings.Contains(cart, "Total: Rp200.000</strong> <span class=\"muted\">(belum termasuk ongkir)") || strings.Contains(cart, `class="pay-total"`) {
			t.Fatal("before a destination is chosen, the cart should show the goods Rp200.000 as not including shipping, and no total to pay")
		}

		form := cartForm(cart, bandung)
		form.Set("quote", "1")
		status, _, quoted := b.post("/checkout", form)
		if status != 200 {
			t.Fatalf("Hitung ongkir: %d, want 200", status)
		}
		// Kemplang 2 × Rp25.000 + Rp20.000 (Palembang → Bandung, 800 g, the
		// seller's rate); batik Rp150.000 + Rp10.000 (within Bandung).
		for _, want := range []string{
			`Ongkos kirim (Kurir, 800 g)</td><td class="price">Rp20.000</td>`,
			`Ongkos kirim (Kurir, 600 g)</td><td class="price">Rp10.000</td>`,
			`Total pesanan</strong></td><td class="price"><strong>Rp70.000</strong>`,
			`Total pesanan</strong></td><td class="price"><strong>Rp160.000</strong>`,
			`Rp200.000 barang + Rp30.000 ongkir ke Kota Bandung`,
		} {
			if !strings.Contains(quoted, want) {
				t.Errorf("the quoted cart lacks %q", want)
			}
		}
		if got := find(t, grandTotal, quoted, "total"); got != "Rp230.000" {
			t.Errorf("cart total %s, want Rp230.000", got)
		}
		if got := find(t, payTotal, quoted, "total to pay beside the order button"); got != "Rp230.000" {
			t.Errorf("total to pay %s, want Rp230.000", got)
		}
		if strings.Contains(quoted, "belum termasuk ongkir") {
			t.Error(`the cart still says "(belum termasuk ongkir)" once the shipping is shown`)
		}
		for _, kept := range []string{`value="Ani Rahmawati"`, `value="0813-2222-3333"`, `value="Jl. Braga No. 1"`, `<option value="32.73" selected>`} {
			if !strings.Contains(quoted, kept) {
				t.Errorf("Hitung ongkir lost what the buyer typed: no %s", kept)
			}
		}
		var n int
		s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM orders`).Scan(&n)
		if n != 0 {
			t.Fatalf("Hitung ongkir ordered %d orders", n)
		}

		form.Del("quote")
		addShownPrices(form, quoted)
		status, loc, _ := b.post("/checkout", form)
		if status != 303 || !strings.HasPrefix(loc, "/bayar/") {
			t.Fatalf("Pesan sekarang: %d %q, want the pay page", status, loc)
		}
		charged := map[int64][2]int64{}
		rows, err := s.App.DB.Reader().Query(context.Background(), `SELECT umkm_id, shipping_cost, total FROM orders`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var umkm, ship, total int64
			rows.Scan(&umkm, &ship, &total)
			charged[umkm] = [2]int64{ship, total}
		}
		rows.Close()
		if charged[sh.kemplangUMKM] != [2]int64{20000, 70000} || charged[sh.batikUMKM] != [2]int64{10000, 160000} {
			t.Errorf("orders charged %v (shipping, total by UMKM), want what the cart showed: kemplang 20.000/70.000, batik 10.000/160.000", charged)
		}
		_, pay := b.get(loc)
		if got := find(t, payAmount, pay, "amount to pay"); got != "Rp230.000" {
			t.Errorf("the pay page asks %s, the cart showed Rp230.000", got)
		}

		// The next order: the address is filled in and the cost shown at once.
		sh.fillCart(b)
		_, next := b.get("/keranjang")
		for _, want := range []string{`value="Ani Rahmawati"`, `value="081322223333"`, `value="Jl. Braga No. 1"`, `<option value="32.73" selected>`} {
			if !strings.Contains(next, want) {
				t.Errorf("the next cart does not pre-fill the last address: no %s", want)
			}
		}
		if got := find(t, grandTotal, next, "total on the pre-filled cart"); got != "Rp230.000" {
			t.Errorf("pre-filled cart total %s, want Rp230.000", got)
		}
		// Ordering straight from it charges what it shows.
		if status, loc, _ := b.post("/checkout", cartForm(next, map[string]string{"name": "Ani Rahmawati", "phone": "081322223333",
			"street": "Jl. Braga No. 1", "regency_code": "32.73", "delivery": "courier", "payment": "simulator"})); status != 303 || !strings.HasPrefix(loc, "/bayar/") {
			t.Fatalf("ordering from the pre-filled cart: %d %q", status, loc)
		}

		// Another buyer sees none of it.
		s.MustUser("budi@x.id", platform.RoleBuyer, "")
		other := loginAs(t, s, "budi@x.id")
		other.post("/keranjang", url.Values{"csrf_token": {other.csrf}, "product_id": {fmt.Sprint(sh.kemplang)}, "quantity": {"1"}})
		if _, page := other.get("/keranjang"); strings.Contains(page, "2222") || strings.Contains(page, "Braga") {
			t.Error("another buyer's cart shows Ani's address or phone")
		}
		if strings.Contains(log.String(), "2222") {
			t.Error("the phone number reached the server's log")
		}
	})
}

// TestRateChangedBetweenQuoteAndOrder: the seller raises the rate after the
// cart showed it. "Pesan sekarang" is refused (409) with the new cost
// beside the UMKM and the new total, orders nothing and holds no stock;
// ordering from that page charges the current rate.
func TestRateChangedBetweenQuoteAndOrder(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s)
		b := loginAs(t, s, "ani@x.id")
		sh.fillCart(b)
		_, cart := b.get("/keranjang")
		form := cartForm(cart, bandung)
		form.Set("quote", "1")
		_, _, quoted := b.post("/checkout", form)
		form.Del("quote")
		addShownPrices(form, quoted)

		sh.setKemplangRate(t, s, 32000)
		status, _, body := b.post("/checkout", form)
		if status != 409 || !strings.Contains(body, "Ongkos kirim berubah sejak ditampilkan") || !strings.Contains(body, "Ongkir kini Rp32.000 (tadinya Rp20.000)") {
			t.Fatalf("ordering after the rate changed: %d, want 409 naming the new cost Rp32.000", status)
		}
		if got := find(t, grandTotal, body, "new total"); got != "Rp242.000" {
			t.Errorf("the refused cart shows the total %s, want the current Rp242.000", got)
		}
		var orders int
		var stock int64
		s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM orders`).Scan(&orders)
		s.App.DB.Reader().QueryRow(context.Background(), `SELECT stock FROM products WHERE id = ?`, sh.kemplang).Scan(&stock)
		if orders != 0 || stock != 10 {
			t.Fatalf("a refused order left %d orders and %d kemplang in stock, want 0 and 10", orders, stock)
		}
		addShownPrices(form, body)
		status, loc, _ := b.post("/checkout", form)
		if status != 303 {
			t.Fatalf("ordering from the page with the new cost: %d", status)
		}
		if _, pay := b.get(loc); find(t, payAmount, pay, "amount to pay") != "Rp242.000" {
			t.Error("the pay page does not ask the Rp242.000 the cart showed last")
		}
	})
}

// TestUnservedZoneSaysSoBesideTheRegency: a seller of fresh pempek leaves
// the other-province rate empty; a buyer in Bandung is told beside the
// destination, on "Hitung ongkir" and on "Pesan sekarang" alike (422, not
// a 500, nothing ordered), and picking up still works.
func TestUnservedZoneSaysSoBesideTheRegency(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s)
		seller := loginAs(t, s, "siti@x.id")
		seller.get(fmt.Sprintf("/penjual/umkm/%d", sh.kemplangUMKM))
		rates := url.Values{"csrf_token": {seller.csrf}, "same_regency_first": {"10000"}, "same_regency_next": {"5000"},
			"same_province_first": {"15000"}, "same_province_next": {"8000"}, "other_province_first": {""}, "other_province_next": {""}}
		if status, _, body := seller.post(fmt.Sprintf("/penjual/umkm/%d/ongkir", sh.kemplangUMKM), rates); status != 303 && status != 200 {
			t.Fatalf("save rates with an empty zone: %d %s", status, body)
		}
		var table struct {
			OtherProvince struct {
				NotServed bool `json:"not_served"`
			} `json:"other_province"`
		}
		s.Do("GET", fmt.Sprintf("/api/v1/shipping-rates/umkm:%d", sh.kemplangUMKM), "", nil, &table)
		if !table.OtherProvince.NotServed {
			t.Fatal("an empty zone in the rates form was not saved as not served")
		}
		if _, page := seller.get(fmt.Sprintf("/penjual/umkm/%d", sh.kemplangUMKM)); !strings.Contains(page, `name="other_province_first" inputmode="numeric" size="8" value="" placeholder="tidak dikirim"`) {
			t.Error("the seller's rates form does not show the unserved zone as empty (tidak dikirim)")
		}

		b := loginAs(t, s, "ani@x.id")
		sh.fillCart(b)
		_, cart := b.get("/keranjang")
		const why = "Kemplang Bu Siti tidak mengirim ke Kota Bandung lewat kurir: pilih ambil sendiri atau tujuan lain"
		beside := regexp.MustCompile(`<select id="f-regency_code"[^>]*>.*?</select><div class="error">` + regexp.QuoteMeta(why) + `</div>`)
		form := cartForm(cart, bandung)
		form.Set("quote", "1")
		if status, _, body := b.post("/checkout", form); status != 422 || !beside.MatchString(strings.ReplaceAll(body, "\n", "")) {
			t.Fatalf("Hitung ongkir to an unserved zone: %d, want 422 with %q beside the regency", status, why)
		}
		form.Del("quote")
		if status, _, body := b.post("/checkout", form); status != 422 || !beside.MatchString(strings.ReplaceAll(body, "\n", "")) {
			t.Fatalf("Pesan sekarang to an unserved zone: %d, want 422 with the reason beside the regency", status)
		}
		var n int
		s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM orders`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d orders to an unserved zone", n)
		}
		form.Set("delivery", "pickup")
		if status, loc, _ := b.post("/checkout", form); status != 303 || !strings.HasPrefix(loc, "/bayar/") {
			t.Fatalf("picking up instead: %d %q", status, loc)
		}
	})
}

// TestCartQuoteBadInputs: what a buyer (or a tampered form) can send wrong
// is answered beside the field, never with a 500, and orders nothing.
func TestCartQuoteBadInputs(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	sh := newShop(t, s)
	b := loginAs(t, s, "ani@x.id")
	sh.fillCart(b)
	_, cart := b.get("/keranjang")
	for _, tc := range []struct {
		name   string
		set    map[string]string
		status int
		want   string
	}{
		{"no destination", map[string]string{"regency_code": "", "quote": "1"}, 422, "Pilih kabupaten/kota"},
		{"unknown destination", map[string]string{"regency_code": "99.99", "quote": "1"}, 422, "Kabupaten/kota tidak dikenal"},
		{"unknown delivery", map[string]string{"delivery": "drone", "quote": "1"}, 422, "Pilih pickup (ambil sendiri) atau courier (kurir)"},
		{"cost never shown", map[string]string{}, 409, "Ongkos kirim belum ditampilkan"},
		{"cost not a number", map[string]string{fmt.Sprintf("ship_%d", sh.kemplangUMKM): "dua puluh ribu", fmt.Sprintf("ship_%d", sh.batikUMKM): "10000"}, 409, "Ongkos kirim belum ditampilkan"},
		{"cost made cheaper", map[string]string{fmt.Sprintf("ship_%d", sh.kemplangUMKM): "1", fmt.Sprintf("ship_%d", sh.batikUMKM): "10000"}, 409, "Ongkir kini Rp20.000 (tadinya Rp1)"},
		{"cost made negative", map[string]string{fmt.Sprintf("ship_%d", sh.kemplangUMKM): "-20000", fmt.Sprintf("ship_%d", sh.batikUMKM): "10000"}, 409, "Ongkos kirim berubah"},
	} {
		choices := map[string]string{}
		for k, v := range bandung {
			choices[k] = v
		}
		for k, v := range tc.set {
			choices[k] = v
		}
		status, _, body := b.post("/checkout", cartForm(cart, choices))
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want %d saying %q", tc.name, status, tc.status, tc.want)
		}
	}
	var n int
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM orders`).Scan(&n)
	if n != 0 {
		t.Fatalf("bad inputs made %d orders", n)
	}
	// A guest's cart shows no form to price and says that logging in comes first.
	guest := newBrowser(t, s)
	guest.get(fmt.Sprintf("/produk/%d", sh.kemplang))
	guest.post("/keranjang", url.Values{"csrf_token": {guest.csrf}, "product_id": {fmt.Sprint(sh.kemplang)}, "quantity": {"1"}})
	if _, page := guest.get("/keranjang"); !strings.Contains(page, "Ongkos kirim per UMKM tampil setelah Anda masuk") {
		t.Error("the guest's cart does not say shipping shows after logging in")
	}
	if status, loc, _ := guest.post("/checkout", url.Values{"csrf_token": {guest.csrf}, "quote": {"1"}, "regency_code": {"32.73"}, "delivery": {"courier"}}); status != 303 || !strings.HasPrefix(loc, "/masuk") {
		t.Errorf("a guest's Hitung ongkir: %d %q, want the login page", status, loc)
	}
}

// TestCampaignJoinShowsShippingBeforeJoining: the join form shows the total
// to pay (pickup by default); by courier, "Hitung ongkir" adds the delivery
// cost, and joining charges exactly the total shown, as the pay page says.
// The courier address is remembered for the cart.
func TestCampaignJoinShowsShippingBeforeJoining(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s)
		var c struct{ ID int64 }
		if r := s.Do("POST", "/api/v1/campaigns", s.MustToken("siti@x.id"), map[string]any{"product_id": sh.kemplang,
			"tiers":     []map[string]any{{"min_quantity": 1, "price": 24000}, {"min_quantity": 3, "price": 22000}},
			"min_total": 2, "per_person_limit": 5, "stock": 8, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &c); r.StatusCode != 201 {
			t.Fatalf("campaign: %d %s", r.StatusCode, r.Body)
		}
		path := fmt.Sprintf("/beli-bareng/%d", c.ID)
		b := loginAs(t, s, "ani@x.id")
		_, page := b.get(path)
		if !strings.Contains(page, `Barang (1 × Rp24.000)</td><td class="price">Rp24.000`) || !strings.Contains(page, `Ongkos kirim (ambil sendiri)</td><td class="price">Rp0`) {
			t.Error("the join form does not show the goods and the free pickup before joining")
		}
		join := url.Values{"csrf_token": {b.csrf}, "quantity": {"3"}, "payment": {"simulator"}, "delivery": {"courier"},
			"name": {"Ani"}, "phone": {"0813-1111-2222"}, "street": {"Jl. Braga 1"}, "regency_code": {"32.73"}, "quote": {"1"}}
		status, _, quoted := b.post(path+"/ikut", join)
		// 3 × Rp22.000 (the tier the three reach) + Rp20.000 + Rp15.000 for the second kilogram (1.200 g).
		if status != 200 || !strings.Contains(quoted, `Barang (3 × Rp22.000)</td><td class="price">Rp66.000`) ||
			!strings.Contains(quoted, `Ongkos kirim (Kurir ke Kota Bandung)</td><td class="price">Rp35.000`) {
			t.Fatalf("Hitung ongkir on the join form: %d, want goods Rp66.000 and shipping Rp35.000", status)
		}
		if got := regexp.MustCompile(`<tr class="pay-total"><td><strong>Total bayar</strong></td><td class="price"><strong>(Rp[0-9.]+)`).FindStringSubmatch(quoted); got == nil || got[1] != "Rp101.000" {
			t.Fatalf("join total %v, want Rp101.000", got)
		}
		var n int
		s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM campaign_participants`).Scan(&n)
		if n != 0 {
			t.Fatal("Hitung ongkir joined the campaign")
		}
		join.Del("quote")
		// Without the cost shown, joining by courier is refused with it.
		if status, _, body := b.post(path+"/ikut", join); status != 409 || !strings.Contains(body, "Ongkos kirim belum ditampilkan") {
			t.Fatalf("joining without the cost shown: %d, want 409", status)
		}
		addShownPrices(join, quoted)
		status, loc, _ := b.post(path+"/ikut", join)
		if status != 303 || !strings.HasPrefix(loc, "/bayar/") {
			t.Fatalf("join: %d %q", status, loc)
		}
		if _, pay := b.get(loc); find(t, payAmount, pay, "amount to pay") != "Rp101.000" {
			t.Error("the pay page does not ask the Rp101.000 the join form showed")
		}
		sh.fillCart(b)
		if _, cart := b.get("/keranjang"); !strings.Contains(cart, `value="Jl. Braga 1"`) {
			t.Error("the courier address of the join is not pre-filled in the cart")
		}
	})
}

// TestPickupKeepsTheRememberedStreet: picking up once, without a street,
// does not lose the home address the buyer had sent to before; the new
// name and phone are kept.
func TestPickupKeepsTheRememberedStreet(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	sh := newShop(t, s)
	b := loginAs(t, s, "ani@x.id")
	order := func(choices map[string]string) {
		t.Helper()
		sh.fillCart(b)
		_, cart := b.get("/keranjang")
		form := cartForm(cart, choices)
		form.Set("quote", "1")
		_, _, quoted := b.post("/checkout", form)
		form.Del("quote")
		addShownPrices(form, quoted)
		if status, _, _ := b.post("/checkout", form); status != 303 {
			t.Fatalf("order %v: %d", choices, status)
		}
	}
	order(bandung)
	order(map[string]string{"name": "Ani R.", "phone": "0813-9999-0000", "street": "", "regency_code": "16.71", "delivery": "pickup", "payment": "simulator"})
	sh.fillCart(b)
	_, cart := b.get("/keranjang")
	for _, want := range []string{`value="Ani R."`, `value="081399990000"`, `value="Jl. Braga No. 1"`, `<option value="32.73" selected>`} {
		if !strings.Contains(cart, want) {
			t.Errorf("after a pickup the cart does not pre-fill %s", want)
		}
	}
}

// TestCartShippingInEnglish: the quoted cart and a refusal over a changed
// cost read in English for a visitor who chose it.
func TestCartShippingInEnglish(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	sh := newShop(t, s)
	b := loginAs(t, s, "ani@x.id")
	if res, err := b.c.Get(s.URL + "/bahasa?l=en&next=%2Fkeranjang"); err == nil {
		res.Body.Close()
	}
	sh.fillCart(b)
	_, cart := b.get("/keranjang")
	form := cartForm(cart, bandung)
	form.Set("quote", "1")
	_, _, quoted := b.post("/checkout", form)
	for _, want := range []string{">Work out shipping</button>", "Total to pay: <strong>Rp230,000</strong>", "Rp200,000 goods + Rp30,000 delivery to Kota Bandung"} {
		if !strings.Contains(quoted, want) {
			t.Errorf("the English quoted cart lacks %q", want)
		}
	}
	form.Del("quote")
	addShownPrices(form, quoted)
	sh.setKemplangRate(t, s, 32000)
	if _, _, body := b.post("/checkout", form); !strings.Contains(body, "The shipping cost changed since it was shown") || !strings.Contains(body, "Shipping now Rp32.000 (was Rp20.000)") {
		t.Error("the refusal over a changed shipping cost is not in English")
	}
}
