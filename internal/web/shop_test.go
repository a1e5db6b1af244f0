package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"

	qrcode "github.com/skip2/go-qrcode"
)

// TestBuyingJourney follows a buyer through the plain-HTML shop: a guest
// cart merged at login, checkout across two UMKM, simulated QRIS payment,
// the seller processing and shipping, the buyer confirming.
func TestBuyingJourney(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		s.MustUser("ani@x.id", platform.RoleBuyer, "")
		seller := s.MustToken("siti@x.id")
		var products []int64
		for i, reg := range []string{"16.71", "32.73"} {
			var u struct{ ID int64 }
			s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Usaha " + reg, "owner_name": "Siti",
				"nib": fmt.Sprintf("167100000000%d", i), "regency_code": reg, "category": "kuliner", "whatsapp": "081211112222"}, &u)
			var p struct{ ID int64 }
			s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": "Produk " + reg, "category": "kuliner",
				"price": 20000, "stock": 5, "weight_grams": 400}, &p)
			s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
			agency := map[string]string{"16.71": "dinas16@x.id", "32.73": "dinas32@x.id"}[reg]
			s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken(agency), nil, nil)
			products = append(products, p.ID)
		}

		b := newBrowser(t, s)
		b.get(fmt.Sprintf("/produk/%d", products[0]))
		if status, loc, _ := b.post("/keranjang", url.Values{"csrf_token": {b.csrf}, "product_id": {fmt.Sprint(products[0])}, "quantity": {"2"}}); status != 303 || loc != "/keranjang" {
			t.Fatalf("guest add to cart: %d %s", status, loc)
		}
		b.get("/masuk")
		b.post("/masuk", url.Values{"email": {"ani@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
		b.get(fmt.Sprintf("/produk/%d", products[1]))
		b.post("/keranjang", url.Values{"csrf_token": {b.csrf}, "product_id": {fmt.Sprint(products[1])}, "quantity": {"1"}})
		_, cart := b.get("/keranjang")
		if !strings.Contains(cart, "Produk 16.71") || !strings.Contains(cart, "Produk 32.73") || !strings.Contains(cart, "Rp60.000") {
			t.Fatal("cart does not hold the guest's line merged with the new one (Rp60.000)")
		}
		idem := regexp.MustCompile(`name="idem" value="([^"]+)"`).FindStringSubmatch(cart)[1]
		form := url.Values{"csrf_token": {b.csrf}, "idem": {idem}, "name": {"Ani"}, "phone": {"0813 2222 3333"},
			"street": {"Jl. Braga 1"}, "regency_code": {"32.73"}, "delivery": {"courier"}, "payment": {"simulator"}}
		addShownPrices(form, cart)
		// Missing regency: the error shows beside the field and nothing is ordered.
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("regency_code", "")
		if status, _, body := b.post("/checkout", bad); status != 422 || !strings.Contains(body, "Pilih kabupaten/kota") {
			t.Fatalf("checkout without regency: %d, want 422 asking to choose one", status)
		}
		// "Pesan sekarang" from a page that showed no delivery cost is
		// refused with the cost shown; "Hitung ongkir" shows it too.
		if status, _, body := b.post("/checkout", form); status != 409 || !strings.Contains(body, "Ongkos kirim belum ditampilkan") {
			t.Fatalf("checkout by courier before the cost was shown: %d, want 409 showing it", status)
		}
		form.Set("quote", "1")
		status, _, quoted := b.post("/checkout", form)
		form.Del("quote")
		// Rp40.000 + Rp25.000 (Palembang → Bandung, 800 g) + Rp20.000 + Rp10.000 (within Bandung).
		if status != 200 || !strings.Contains(quoted, "Total: Rp95.000") {
			t.Fatalf("Hitung ongkir: %d, want the page with Total: Rp95.000", status)
		}
		addShownPrices(form, quoted)
		status, loc, _ := b.post("/checkout", form)
		if status != 303 || !strings.HasPrefix(loc, "/bayar/") {
			t.Fatalf("checkout: %d → %q", status, loc)
		}
		// Pressing "Pesan" again with the same form makes no second set of orders.
		b.post("/checkout", form)
		// A buyer who left the payment page unpaid finds it again from each order.
		_, unpaid := b.get("/pesanan")
		for _, m := range regexp.MustCompile(`href="(/pesanan/\d+)"`).FindAllStringSubmatch(unpaid, -1) {
			if _, page := b.get(m[1]); !strings.Contains(page, `href="`+loc+`"`) {
				t.Errorf("%s, awaiting payment, has no link to its payment %s", m[1], loc)
			}
		}
		if !strings.Contains(unpaid, `href="`+loc+`"`) {
			t.Error("the order list has no link to the unpaid orders' payment")
		}
		_, pay := b.get(loc)
		if !strings.Contains(pay, "<svg") || !strings.Contains(pay, "Rp") {
			t.Fatal("payment page shows no QR code")
		}
		// One payment for two UMKM's orders says which orders it pays.
		if !strings.Contains(pay, "Pembayaran ini untuk 2 pesanan") || !strings.Contains(pay, "Usaha 16.71") || !strings.Contains(pay, "Usaha 32.73") {
			t.Error("the payment page does not name the two UMKM's orders it pays")
		}
		for _, m := range regexp.MustCompile(`href="(/pesanan/\d+)"`).FindAllStringSubmatch(unpaid, -1) {
			if !strings.Contains(pay, `href="`+m[1]+`"`) {
				t.Errorf("the payment page does not link %s, which it pays", m[1])
			}
		}
		if status, _, _ := b.post(loc+"/simulasi", url.Values{"csrf_token": {b.csrf}}); status != 303 {
			t.Fatalf("simulated payment: %d", status)
		}
		_, orders := b.get("/pesanan")
		if n := strings.Count(orders, "Dibayar"); n != 2 {
			t.Fatalf("%d paid orders listed, want 2", n)
		}
		ids := regexp.MustCompile(`href="/pesanan/(\d+)"`).FindAllStringSubmatch(orders, -1)
		if len(ids) != 2 {
			t.Fatalf("%d orders, want 2 (one per UMKM)", len(ids))
		}
		first := ids[0][1]

		sb := newBrowser(t, s)
		sb.get("/masuk")
		sb.post("/masuk", url.Values{"email": {"siti@x.id"}, "password": {"rahasia-123"}, "csrf_token": {sb.csrf}})
		_, dash := sb.get("/penjual")
		if !regexp.MustCompile(`Dibayar: <strong>1</strong>`).MatchString(dash) {
			t.Fatal("seller dashboard does not count the paid order of each UMKM")
		}
		// The seller's order list of a UMKM counts its orders by status.
		list := regexp.MustCompile(`href="(/penjual/umkm/\d+/pesanan)"`).FindStringSubmatch(dash)
		if list == nil {
			t.Fatal("seller dashboard links to no order list")
		}
		if status, page := sb.get(list[1]); status != 200 || !strings.Contains(page, "Dibayar (1)") {
			t.Errorf("%s: status %d, want 200 with the filter \"Dibayar (1)\"", list[1], status)
		}
		sb.get("/pesanan/" + first)
		sb.post("/pesanan/"+first+"/status", url.Values{"csrf_token": {sb.csrf}, "to": {"diproses"}})
		if status, _, body := sb.post("/pesanan/"+first+"/status", url.Values{"csrf_token": {sb.csrf}, "to": {"dikirim"}}); status != 422 || !strings.Contains(body, "nomor resi") {
			t.Fatalf("shipping without tracking number: %d", status)
		}
		sb.post("/pesanan/"+first+"/status", url.Values{"csrf_token": {sb.csrf}, "to": {"dikirim"}, "courier": {"JNE"}, "tracking_number": {"JP1"}})
		b.get("/pesanan/" + first)
		// "Pesanan diterima" cannot be undone: the buyer ticks that the goods came.
		if status, _, body := b.post("/pesanan/"+first+"/status", url.Values{"csrf_token": {b.csrf}, "to": {"selesai"}}); status != 422 ||
			!strings.Contains(body, "Centang bila pesanan sudah Anda terima") || !strings.Contains(body, "Dikirim") {
			t.Fatalf("completing without ticking the receipt: %d", status)
		}
		if _, page := b.get("/pesanan/" + first); !strings.Contains(page, `name="received" value="1" required`) {
			t.Errorf("the order page does not ask the buyer to confirm the receipt")
		}
		b.post("/pesanan/"+first+"/status", url.Values{"csrf_token": {b.csrf}, "to": {"selesai"}, "received": {"1"}})
		_, page := b.get("/pesanan/" + first)
		for _, step := range []string{"Menunggu pembayaran", "Dibayar", "Diproses", "Dikirim", "Selesai"} {
			if !strings.Contains(page, step) {
				t.Errorf("order history lacks %q", step)
			}
		}
	})
}

func TestSellerRegistersQRISFromAPhoto(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	tok := s.MustToken("siti@x.id")
	var u struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Pempek Cek Lina", "owner_name": "Lina", "nib": "1671000000009",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	static, _ := qris.Build(qris.Merchant{Name: "PEMPEK CEK LINA", City: "PALEMBANG", NMID: "ID1020039876543", MCC: "5812",
		Criteria: "UMI", AcquirerDomain: "ID.CO.BANKSUMSEL.WWW", MerchantPAN: "9360012000000002", MerchantID: "LINA01"}, 0, "")
	photo, _ := qrcode.Encode(static, qrcode.Medium, 400)

	b := newBrowser(t, s)
	b.get("/masuk")
	b.post("/masuk", url.Values{"email": {"siti@x.id"}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}})
	b.get(fmt.Sprintf("/penjual/umkm/%d", u.ID))
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", b.csrf)
	mw.WriteField("payment_expiry_hours", "24")
	fw, _ := mw.CreateFormFile("qris_photo", "qris.png")
	fw.Write(photo)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/penjual/umkm/%d/pembayaran", s.URL, u.ID), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 303 {
		t.Fatalf("upload QRIS photo: %d", res.StatusCode)
	}
	_, page := b.get(fmt.Sprintf("/penjual/umkm/%d", u.ID))
	if !strings.Contains(page, "QRIS: PEMPEK CEK LINA") {
		t.Fatal("the manage page does not show the QRIS merchant read from the photo")
	}
}
