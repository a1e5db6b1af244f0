package web_test

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/payment/qrimage"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

var cartCount = regexp.MustCompile(`href="/keranjang">Keranjang(?: <span class="count">\((\d+)\)</span>)?</a>`)

// headerCount is the number the header shows beside "Keranjang" ("" for none).
func headerCount(t *testing.T, page string) string {
	t.Helper()
	m := cartCount.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the header has no cart link")
	}
	return m[1]
}

// getRaw fetches path in b's session and returns status, content type and body.
func (b *browser) getRaw(path string) (int, string, []byte) {
	b.t.Helper()
	res, err := b.c.Get(b.s.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), body
}

// TestPayLater: a buyer in Makassar (WITA) orders by courier and leaves the
// payment page unpaid; the order list links back to it; the page says what
// it pays, the deadline in WITA with the time left, refreshes itself, and
// offers the QR as a PNG to its payer only; once paid it says so in big
// letters and stops refreshing. Shipped by JNE, the order links JNE's
// tracking page. The header counts the cart, a guest's too.
func TestPayLater(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		product := kemplangShop(t, s, 20000, 5)
		s.MustUser("budi@x.id", platform.RoleBuyer, "")

		guest := newBrowser(t, s)
		if _, home := guest.get("/"); headerCount(t, home) != "" {
			t.Error("an empty cart shows a count")
		}
		guest.get(fmt.Sprintf("/produk/%d", product))
		guest.post("/keranjang", url.Values{"csrf_token": {guest.csrf}, "product_id": {fmt.Sprint(product)}, "quantity": {"2"}})
		if _, page := guest.get(fmt.Sprintf("/produk/%d", product)); headerCount(t, page) != "1" {
			t.Errorf("a guest's header shows %q products in the cart, want 1", headerCount(t, page))
		}

		var res struct {
			Payments []struct{ ID int64 } `json:"payments"`
			Orders   []struct{ ID int64 } `json:"orders"`
		}
		if r := s.Do("POST", "/api/v1/checkout", s.MustToken("ani@x.id"), map[string]any{
			"items": []map[string]any{{"product_id": product, "quantity": 2}}, "delivery": map[string]any{"method": "courier"},
			"address":          map[string]any{"name": "Ani", "phone": "0813-1111-2222", "street": "Jl. Somba Opu 1", "regency_code": "73.71"},
			"payment_provider": "simulator"}, &res); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		pay := fmt.Sprintf("/bayar/%d", res.Payments[0].ID)
		orderPath := fmt.Sprintf("/pesanan/%d", res.Orders[0].ID)
		buyer := loginAs(t, s, "ani@x.id")
		if _, list := buyer.get("/pesanan"); !strings.Contains(list, `href="`+pay+`"`) {
			t.Fatal("the order list has no link to the unpaid order's payment page")
		}
		_, page := buyer.get(pay)
		for _, want := range []string{`<meta http-equiv="refresh" content="15">`, "Pesanan #" + fmt.Sprint(res.Orders[0].ID),
			"Kemplang Bu Siti", "Kemplang × 2", "Ongkos kirim", "WITA", "Sisa waktu", `href="` + pay + `/qris.png" download=`} {
			if !strings.Contains(page, want) {
				t.Errorf("the pending payment page lacks %q", want)
			}
		}
		status, ctype, img := buyer.getRaw(pay + "/qris.png")
		if status != 200 || ctype != "image/png" {
			t.Fatalf("the payer's QR download: %d %s", status, ctype)
		}
		decoded, err := png.Decode(bytes.NewReader(img))
		if err != nil {
			t.Fatal(err)
		}
		if text, err := qrimage.DecodeImage(decoded); err != nil || !strings.HasPrefix(text, "000201") {
			t.Fatalf("the saved QR image reads %q, %v; want a QRIS payload", text, err)
		}
		for email, want := range map[string]int{"siti@x.id": 403, "budi@x.id": 404} {
			if status, _, _ := loginAs(t, s, email).getRaw(pay + "/qris.png"); status != want {
				t.Errorf("%s downloads the buyer's QR: %d, want %d", email, status, want)
			}
		}
		if status, _, _ := newBrowser(t, s).getRaw(pay + "/qris.png"); status == 200 {
			t.Error("a guest downloads the buyer's QR")
		}

		buyer.post(pay+"/simulasi", url.Values{"csrf_token": {buyer.csrf}})
		_, page = buyer.get(pay)
		if !strings.Contains(page, `class="paid-big"`) || !strings.Contains(page, "Sudah dibayar") {
			t.Error("the paid payment page does not say it is paid")
		}
		if strings.Contains(page, `http-equiv="refresh"`) || strings.Contains(page, "qris.png") {
			t.Error("the paid payment page still refreshes or offers the QR")
		}
		if status, _, _ := buyer.getRaw(pay + "/qris.png"); status != 404 {
			t.Errorf("the QR of a paid payment: %d, want 404", status)
		}
		if _, list := buyer.get("/pesanan"); strings.Contains(list, `href="/bayar/`) {
			t.Error("the order list still links a paid order to its payment")
		}

		seller := s.MustToken("siti@x.id")
		for _, body := range []map[string]any{{"to": "diproses"}, {"to": "dikirim", "courier": "JNE", "tracking_number": "CGK1234567890"}} {
			if r := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", res.Orders[0].ID), seller, body, nil); r.StatusCode != 200 {
				t.Fatalf("%v: %d %s", body, r.StatusCode, r.Body)
			}
		}
		if _, page := buyer.get(orderPath); !strings.Contains(page, `href="https://www.jne.co.id/tracking-package?awb=CGK1234567890"`) {
			t.Error("the shipped JNE order does not link JNE's tracking page")
		}
	})
}
