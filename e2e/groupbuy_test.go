package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// logIn opens the login page and logs in as email (password rahasia-123).
func logIn(b *browser, email string) {
	b.t.Helper()
	b.open("/masuk", 200)
	b.fill("#f-email", email)
	b.fill("#f-password", "rahasia-123")
	b.clickNav("log in as "+email, `main form[action="/masuk"] button[type=submit]`, 200)
}

func logOut(b *browser) {
	b.t.Helper()
	b.clickNav("log out", `header form[action="/keluar"] button[type=submit]`, 200)
}

// TestGroupBuyJourney: a seller opens a beli-bareng campaign in the browser,
// three buyers join and pay by the QRIS simulator, the price drops tier by
// tier, and after the deadline the settlement confirms everyone at the final
// price and shows each the difference refunded.
func TestGroupBuyJourney(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	seller := s.MustToken("siti@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Kemplang Cek Siti", "owner_name": "Siti Aminah",
		"nib": "1671000000001", "regency_code": "16.71", "category": "kuliner", "whatsapp": "081211112222"}, &u)
	s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": "Kemplang Panggang 250 g",
		"category": "kuliner", "price": 25000, "stock": 50, "weight_grams": 250}, &p)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
	if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil); res.StatusCode != 200 {
		t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
	}
	for _, e := range []string{"ani@x.id", "budi@x.id", "cici@x.id"} {
		s.MustUser(e, platform.RoleBuyer, "")
	}
	b := newBrowser(t, s.URL)

	// 1. The seller opens the campaign from the product's page.
	logIn(b, "siti@x.id")
	b.open(fmt.Sprintf("/penjual/produk/%d", p.ID), 200)
	b.clickNav("open the campaign form", `a[href$="/beli-bareng"].btn`, 200)
	b.fill("#f-t0_price", "24000")
	b.fill("#f-t1_min", "5")
	b.fill("#f-t1_price", "26000") // dearer: refused beside the field
	b.fill("#f-min_total", "6")
	b.fill("#f-per_person_limit", "5")
	b.fill("#f-stock", "20")
	b.clickNav("submit a dearer tier", `main form button[type=submit]`, 422)
	if got := b.text("#e-t1_price"); !strings.Contains(got, "lebih murah") {
		t.Fatalf("error beside the second tier's price: %q", got)
	}
	b.fill("#f-t1_price", "22000")
	b.fill("#f-t2_min", "9")
	b.fill("#f-t2_price", "20000")
	b.clickNav("open the campaign", `main form button[type=submit]`, 200)
	campaignPath := b.path()
	if !regexp.MustCompile(`^/beli-bareng/[0-9]+$`).MatchString(campaignPath) {
		t.Fatalf("after opening: at %s", campaignPath)
	}
	if got := b.text("main .badge"); got != "Berjalan" {
		t.Errorf("new campaign status %q", got)
	}
	logOut(b)

	// 2. Three buyers join and pay; the total and the price follow.
	for i, j := range []struct {
		email       string
		qty         string
		total       string
		price       string
		unitsToNext string
	}{
		{"ani@x.id", "3", "3", "Rp24.000", "2"},
		{"budi@x.id", "3", "6", "Rp22.000", "3"},
		{"cici@x.id", "4", "10", "Rp20.000", ""},
	} {
		logIn(b, j.email)
		b.open(campaignPath, 200)
		b.fill("#f-quantity", j.qty)
		if i == 1 {
			// Budi has his sent, on a 412 px phone: "Hitung ongkir" shows the
			// delivery and the total before he joins, and he pays that.
			b.do("phone viewport", chromedp.EmulateViewport(412, 915, chromedp.EmulateMobile))
			b.do("choose courier", chromedp.Click(chromedp.CSS(`form.join input[name=delivery][value=courier]`)))
			b.do("open the address", chromedp.Click(chromedp.CSS(`form.join details.address summary`)))
			b.fill("#f-name", "Budi Santoso")
			b.fill("#f-phone", "0813-4444-5555")
			b.fill("#f-street", "Jl. Sudirman 10")
			b.choose("#f-regency_code", "16.71")
			b.clickNav("work out Budi's shipping", `form.join button[name=quote]`, 200)
			// 3 × Rp22.000 (the total reaches 6) + Rp10.000 within Palembang (750 g).
			if got := b.text("form.join tr.shipping td.price"); got != "Rp10.000" {
				t.Errorf("Budi's shipping %q, want Rp10.000", got)
			}
			if got := b.text("form.join tr.pay-total td.price"); got != "Rp76.000" {
				t.Errorf("Budi's total to pay %q, want Rp76.000", got)
			}
			if w := eval[int](b, "page width", `document.documentElement.scrollWidth`); w > 412 {
				t.Errorf("the join form with its shipping is %d px wide on a 412 px phone", w)
			}
			b.screenshot("20a-campaign-join-shipping-412.png")
		}
		b.do("choose QRIS", chromedp.Click(chromedp.CSS(`form.join input[name=payment][value=simulator]`)))
		b.clickNav("join as "+j.email, `form.join button.join-now`, 200)
		if !strings.HasPrefix(b.path(), "/bayar/") {
			t.Fatalf("%s after joining: at %s (%s)", j.email, b.path(), b.text("main"))
		}
		if i == 1 {
			if got := b.text("main p.price"); got != "Rp76.000" {
				t.Errorf("Budi's pay page asks %q, the join form showed Rp76.000", got)
			}
			b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
		}
		b.clickNav("pay", `main form[action$="/simulasi"] button[type=submit]`, 200)
		b.open(campaignPath, 200)
		if got := b.text("main .total"); got != j.total {
			t.Errorf("after %s: total %q, want %s", j.email, got, j.total)
		}
		if got := b.text("main p.price"); !strings.HasPrefix(got, j.price) {
			t.Errorf("after %s: price %q, want %s", j.email, got, j.price)
		}
		if j.unitsToNext != "" {
			if got := b.text("main .next-tier strong"); got != j.unitsToNext {
				t.Errorf("after %s: %q more units to the next tier, want %s", j.email, got, j.unitsToNext)
			}
		}
		if href := b.attr(`main a[href^="https://wa.me/?text="]`, "href"); !strings.Contains(href, "beli-bareng") {
			t.Errorf("share link %q does not point at the campaign", href)
		}
		if i == 2 {
			b.screenshot("20-campaign-running.png")
		}
		logOut(b)
	}

	// 3. The deadline passes; the settlement (the server's sweep runs it
	// every 30 s; here it is run at once) confirms everyone at Rp20.000.
	if _, err := s.App.DB.Writer().Exec(context.Background(), `UPDATE campaigns SET deadline = ?`, time.Now().UTC().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Orders.SettleDueCampaigns(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ email, refund string }{{"ani@x.id", "Rp12.000"}, {"budi@x.id", "Rp6.000"}, {"cici@x.id", ""}} {
		logIn(b, w.email)
		b.open(campaignPath, 200)
		if got := b.text("main .badge"); got != "Berhasil" {
			t.Errorf("%s sees the campaign as %q, want Berhasil", w.email, got)
		}
		if got := b.text("main dl.mine .state"); got != "Dikonfirmasi" {
			t.Errorf("%s sees their participation as %q", w.email, got)
		}
		if w.refund != "" {
			if got := b.text("main dl.mine .refund"); got != w.refund {
				t.Errorf("%s sees refund %q, want %s", w.email, got, w.refund)
			}
			if w.email == "ani@x.id" {
				b.screenshot("21-campaign-settled.png")
			}
		}
		logOut(b)
	}
}

// TestGroupOrderJourney: a coordinator makes a group and invites a member
// by its link; both add their own items from product pages; the coordinator
// closes the order and checks out with each member paying a share; each
// pays by the QRIS simulator, and the orders are paid when both have.
func TestGroupOrderJourney(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	seller := s.MustToken("siti@x.id")
	products := map[string]int64{}
	for i, l := range []struct{ umkm, regency, agency, product string }{
		{"Kemplang Cek Siti", "16.71", "dinas16@x.id", "Kemplang Panggang 250 g"},
		{"Batik Siti Bandung", "32.73", "dinas32@x.id", "Batik Cap Mega Mendung"},
	} {
		var u, p struct{ ID int64 }
		s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": l.umkm, "owner_name": "Siti", "nib": fmt.Sprintf("167100000000%d", i),
			"regency_code": l.regency, "category": "kuliner"}, &u)
		s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": l.product, "category": "kuliner",
			"price": 25000 * int64(i+1), "stock": 30, "weight_grams": 250}, &p)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
		if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken(l.agency), nil, nil); res.StatusCode != 200 {
			t.Fatalf("verify: %d", res.StatusCode)
		}
		products[l.product] = p.ID
	}
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	s.MustUser("budi@x.id", platform.RoleBuyer, "")
	b := newBrowser(t, s.URL)

	// 1. Ani makes the group and opens an order.
	logIn(b, "ani@x.id")
	b.clickNav("open groups", `header a[href="/kelompok"]`, 200)
	b.fill("#f-name", "PKK RW 05 Coblong")
	b.clickNav("make the group", `main form[action="/kelompok"] button[type=submit]`, 200)
	invite := b.attr("input.invite", "value")
	if !strings.Contains(invite, "/gabung/") {
		t.Fatalf("invite link %q", invite)
	}
	b.fill("#f-title", "Oleh-oleh arisan")
	b.clickNav("open the group order", `main form[action$="/pesanan"] button[type=submit]`, 200)
	orderPath := b.path()
	addItem := func(product, qty string) {
		t.Helper()
		b.open(fmt.Sprintf("/produk/%d", products[product]), 200)
		b.fill("form.group-add input[name=quantity]", qty)
		b.clickNav("add "+product+" to the group order", `form.group-add button[type=submit]`, 200)
		if b.path() != orderPath {
			t.Fatalf("after adding: at %s, want %s", b.path(), orderPath)
		}
	}
	addItem("Kemplang Panggang 250 g", "4")
	logOut(b)

	// 2. Budi joins by the link and adds his own item.
	logIn(b, "budi@x.id")
	b.open(strings.TrimPrefix(invite, s.URL), 200)
	b.clickNav("join the group", `main form[action^="/gabung/"] button[type=submit]`, 200)
	if got := b.text("main ul.members"); !strings.Contains(got, "budi@x.id") || !strings.Contains(got, "ani@x.id") {
		t.Fatalf("members after joining: %q", got)
	}
	addItem("Batik Cap Mega Mendung", "1")
	if n := eval[int](b, "count Budi's editable lines", `document.querySelectorAll('main form[action*="/baris/"]').length`); n != 1 {
		t.Errorf("Budi can edit %d lines, want only his own 1", n)
	}
	logOut(b)

	// 3. Ani closes the order and checks out, each member paying a share.
	logIn(b, "ani@x.id")
	b.open(orderPath, 200)
	if got := b.text("main"); !strings.Contains(got, "budi@x.id") || !strings.Contains(got, "Batik Cap Mega Mendung") {
		t.Fatalf("the coordinator does not see Budi's items")
	}
	b.clickNav("close the order", `main form[action$="/tutup"] button[type=submit]`, 200)
	b.fill("#f-name", "Ani (PKK RW 05)")
	b.fill("#f-phone", "0813-2222-3333")
	b.fill("#f-street", "Jl. Tubagus Ismail 5")
	b.choose("#f-regency_code", "32.73")
	b.do("choose pickup", chromedp.Click(chromedp.CSS(`form.group-checkout input[name=delivery][value=pickup]`)))
	b.do("each pays", chromedp.Click(chromedp.CSS(`form.group-checkout input[name=pay_mode][value=each]`)))
	b.do("choose QRIS", chromedp.Click(chromedp.CSS(`form.group-checkout input[name=payment][value=simulator]`)))
	b.clickNav("check out", `form.group-checkout button[type=submit]`, 200)
	if got := b.text("main .badge"); got != "Dipesan" {
		t.Fatalf("group order status %q after checkout", got)
	}
	if got := b.text("main .share"); !strings.Contains(got, "Rp100.000") {
		t.Errorf("Ani's share: %q, want Rp100.000 (4 × Rp25.000, pickup)", got)
	}
	if got := b.text("main .total-line"); strings.Contains(got, "belum termasuk ongkir") {
		t.Errorf("the ordered group order's total says %q: its shipping is known", got)
	}
	b.screenshot("22-group-order.png")
	b.fitsPhone("the group order with its shares", "22b-group-order-phone.png")
	payShare := func() {
		t.Helper()
		b.clickNav("open my share's payment", `main .share a.btn`, 200)
		b.clickNav("pay", `main form[action$="/simulasi"] button[type=submit]`, 200)
	}
	payShare()
	orderLink := ""
	b.open(orderPath, 200)
	orderLink = b.attr(`main a[href^="/pesanan/"]`, "href")
	b.open(orderLink, 200)
	if got := b.text("main .badge"); got != "Menunggu pembayaran" {
		t.Errorf("after one of two shares the order is %q, want Menunggu pembayaran", got)
	}
	logOut(b)

	logIn(b, "budi@x.id")
	b.open(orderPath, 200)
	if got := b.text("main .share"); !strings.Contains(got, "Rp50.000") {
		t.Errorf("Budi's share: %q, want Rp50.000", got)
	}
	payShare()
	logOut(b)

	logIn(b, "ani@x.id")
	b.open(orderLink, 200)
	if got := b.text("main .badge"); got != "Dibayar" {
		t.Errorf("after both shares the order is %q, want Dibayar", got)
	}
	b.open(orderPath+"/ringkasan", 200)
	if got := b.text("main"); !strings.Contains(got, "Per anggota") || !strings.Contains(got, "Per UMKM") || !strings.Contains(got, "Batik Siti Bandung") {
		t.Errorf("printable summary lacks its parts: %q", got)
	}
	b.screenshot("23-group-summary.png")
}
