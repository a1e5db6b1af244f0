package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// networkConditions are the parameters of DevTools' classic offline switch
// (Network.emulateNetworkConditions), which also sets navigator.onLine.
type networkConditions struct {
	Offline            bool    `json:"offline"`
	Latency            float64 `json:"latency"`
	DownloadThroughput float64 `json:"downloadThroughput"`
	UploadThroughput   float64 `json:"uploadThroughput"`
}

var emulateNetworkConditions = cdp.Command[networkConditions, cdp.Empty]{Method: "Network.emulateNetworkConditions"}

func (b *browser) setOffline(offline bool) {
	b.t.Helper()
	b.do(fmt.Sprintf("offline=%v", offline), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulateNetworkConditions, networkConditions{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// waitFor polls a JavaScript condition until it holds. A poll that throws
// (the page is still loading, or reloading, and the element is not there
// yet) counts as not yet.
func (b *browser) waitFor(what, expr string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	poll := `(() => { try { return !!(` + expr + `) } catch (e) { return false } })()`
	for time.Now().Before(deadline) {
		if eval[bool](b, what, poll) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("%s: %s did not become true within 15 s (page %s)", what, expr, b.path())
}

// TestCashierWorksOffline: the expo cashier page is opened at the booth,
// the network goes away (DevTools offline), three sales are recorded and
// the page is even reloaded (served by its service worker); when the
// network is back the queue syncs, the sales are stored once, and the
// report counts them.
func TestCashierWorksOffline(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	agency, seller := s.MustToken("dinas16@x.id"), s.MustToken("siti@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Kemplang Cek Siti", "owner_name": "Siti", "nib": "1671000000001",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": "Kemplang Panggang 250 g", "category": "kuliner",
		"price": 25000, "stock": 50, "weight_grams": 250}, &p)
	// The UMKM's own static QRIS, as printed at its stall.
	static, err := qris.Build(qris.Merchant{Name: "KEMPLANG CEK SITI", City: "PALEMBANG", NMID: "ID1020039876543", MCC: "5812",
		Criteria: "UMI", AcquirerDomain: "ID.CO.BANKSUMSEL.WWW", MerchantPAN: "9360012000000002", MerchantID: "SITI01"}, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if res := s.Do("PUT", fmt.Sprintf("/api/v1/umkm/%d/order-settings", u.ID), seller, map[string]any{"payment_expiry_hours": 24, "static_qris": static}, nil); res.StatusCode != 200 {
		t.Fatalf("static QRIS: %d %s", res.StatusCode, res.Body)
	}
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), agency, nil, nil)
	today := time.Now().Format(time.DateOnly)
	var e expo.Event
	if res := s.Do("POST", "/api/v1/events", agency, map[string]any{"name": "Sumsel Expo", "host_province_code": "32", "city": "Bandung",
		"venue": "Cihampelas Walk", "starts_on": today, "ends_on": today}, &e); res.StatusCode != 201 {
		t.Fatalf("event: %d %s", res.StatusCode, res.Body)
	}
	s.Do("POST", fmt.Sprintf("/api/v1/events/%d/status", e.ID), agency, map[string]any{"status": "running"}, nil)
	var x expo.Exhibitor
	s.Do("POST", fmt.Sprintf("/api/v1/events/%d/exhibitors", e.ID), agency, map[string]any{"kind": "umkm", "umkm_id": u.ID, "booth": "A-01"}, &x)
	if res := s.Do("PUT", fmt.Sprintf("/api/v1/events/%d/exhibitors/%d/products/%d", e.ID, x.ID, p.ID), seller, map[string]any{"stock": 10}, nil); res.StatusCode != 200 {
		t.Fatalf("bring product: %d %s", res.StatusCode, res.Body)
	}

	b := newBrowser(t, s.URL)
	logIn(b, "siti@x.id")
	kasir := fmt.Sprintf("/kasir/%d/%d", e.ID, x.ID)
	b.open(kasir, 200)
	b.waitFor("service worker in control", `!!navigator.serviceWorker.controller || (location.reload(), false)`)
	b.waitFor("the cashier script ran", `!document.getElementById("kasir-js").hidden`)
	// The page names the expo it sells at, in its title and its header.
	if title := eval[string](b, "title", `document.title`); !strings.Contains(title, "Sumsel Expo") {
		t.Errorf("cashier page title %q does not name the expo", title)
	}
	if line := b.text("#kasir-event"); !strings.Contains(line, "Sumsel Expo") || !strings.Contains(line, "Cihampelas Walk") {
		t.Errorf("cashier header %q does not name the expo and its venue", line)
	}
	// The device reads typed rupiah as the server does (idn.ParseRupiah).
	for _, in := range []string{"5.000", "5000", "Rp 5.000", "Rp5.000", "rp. 5.000", "5.000,00", "5,5", "5.000,50", "1.5", "50.00",
		"1.500.000", "-5000", "5 000", "", "lima"} {
		want, ok := idn.ParseRupiah(in)
		got := eval[any](b, "parse "+in, fmt.Sprintf(`window.geraiParseRupiah(%q)`, in))
		if (!ok && got != nil) || (ok && got != float64(want)) {
			t.Errorf("kasir.js reads %q as %v; the server reads %d (ok %v)", in, got, want, ok)
		}
	}

	b.setOffline(true)
	b.waitFor("the page knows it is offline", `document.getElementById("net-status").textContent === "offline"`)
	product := `.kasir-products button[data-product]`
	sell := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		b.do(what, steps...)
		b.do("pay "+what, chromedp.Click(chromedp.CSS("#pay")))
	}
	stockLeft := func() string { return b.text(product + " .stock-left") }
	if got := stockLeft(); got != "10" {
		t.Fatalf("tile stock before selling: %q, want 10", got)
	}
	// Two kemplang and a bottle of water typed as "5.000" (Rp5.000, not
	// Rp5), paid in cash: Rp60.000 received gives Rp5.000 change.
	b.do("two kemplang", chromedp.Click(chromedp.CSS(product)), chromedp.Click(chromedp.CSS(product)))
	b.fill("#adhoc-name", "Air mineral")
	b.fill("#adhoc-price", "5.000")
	b.do("add the water", chromedp.Click(chromedp.CSS("#adhoc-add")))
	if got := b.text("#cart-total"); got != "Rp55.000" {
		t.Fatalf("basket total with water typed as 5.000: %q, want Rp55.000", got)
	}
	b.fill("#received", "50.000")
	b.do("pay with too little cash", chromedp.Click(chromedp.CSS("#pay")))
	if msg := b.text("#pay-error"); !strings.Contains(msg, "kurang") {
		t.Errorf("cash below the total: message %q", msg)
	}
	if got := b.text("#queue-count"); got != "0" {
		t.Fatalf("a sale paid with too little cash was queued (%s)", got)
	}
	b.fill("#received", "Rp 60.000")
	if got := b.text("#change"); got != "Rp5.000" {
		t.Errorf("change shown for Rp60.000 received on Rp55.000: %q", got)
	}
	b.do("pay two kemplang and water by cash", chromedp.Click(chromedp.CSS("#pay")))
	if receipt := b.text("#receipt-text"); !strings.Contains(receipt, "Air mineral 1 × Rp5.000") || !strings.Contains(receipt, "Total Rp55.000") ||
		!strings.Contains(receipt, "Kembalian Rp5.000") || !strings.Contains(receipt, "Uang diterima Rp60.000") {
		t.Errorf("cash receipt: %q", receipt)
	}
	b.fitsPhone("the cashier page with a receipt", "30b-kasir-receipt-phone.png")
	if got := stockLeft(); got != "8" {
		t.Errorf("tile stock after selling two offline: %q, want 8", got)
	}
	b.fill("#adhoc-name", "Sambal kemplang")
	b.fill("#adhoc-price", "Rp 15.000")
	sell("an item typed at the booth, by QRIS", chromedp.Click(chromedp.CSS("#adhoc-add")), chromedp.SetValue(chromedp.CSS("#method"), "qris"))
	// Paid by QRIS offline: the device made the dynamic QRIS with the
	// amount, exactly as the server's codec would.
	payload := b.attr("#qris-code", "data-qris")
	p2, err := qris.Parse(payload)
	if err != nil || !p2.Dynamic() {
		t.Fatalf("QRIS made on the device %q: %v", payload, err)
	}
	bill, _ := p2.Sub("62", "01")
	if want, _ := qris.Dynamic(static, 15000, bill); payload != want {
		t.Errorf("device QRIS\n%s\nserver QRIS\n%s", payload, want)
	}
	if n := eval[int](b, "count QR modules", `document.querySelectorAll("#qris-code svg").length`); n != 1 {
		t.Errorf("no QR code drawn for the QRIS sale")
	}
	b.screenshot("30-kasir-qris-offline.png")
	// A sale past the bounds of one sale is refused on the device, before
	// it is queued: the cashier sees why at once.
	b.fill("#adhoc-name", "Songket emas")
	b.fill("#adhoc-price", "2000000000")
	b.do("add an item priced past Rp1 miliar", chromedp.Click(chromedp.CSS("#adhoc-add")))
	if msg := b.text("#pay-error"); !strings.Contains(msg, "Rp1.000.000.000") {
		t.Errorf("an item past the bounds: message %q, want the bounds", msg)
	}
	if n := eval[int](b, "count cart lines", `document.querySelectorAll("#cart li").length`); n != 0 {
		t.Errorf("an item past the bounds went into the basket (%d lines)", n)
	}
	sell("one kemplang by card", chromedp.Click(chromedp.CSS(product)), chromedp.SetValue(chromedp.CSS("#method"), "card"))
	if got := b.text("#queue-count"); got != "3" {
		t.Fatalf("queued sales offline: %q, want 3", got)
	}
	if got := stockLeft(); got != "7" {
		t.Errorf("tile stock after three kemplang sold offline: %q, want 7", got)
	}
	if receipt := b.text("#receipt-text"); !strings.Contains(receipt, "Kemplang Panggang 250 g 1 × Rp25.000") || !strings.Contains(receipt, "Total Rp25.000") {
		t.Errorf("receipt of the last sale: %q", receipt)
	}
	b.screenshot("31-kasir-offline.png")
	var stored int
	count := func() int {
		if err := s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM expo_sales`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		return stored
	}
	if n := count(); n != 0 {
		t.Fatalf("%d sales reached the server while offline", n)
	}
	// Still offline, the cashier reloads: the service worker serves the page
	// and the queue is still there.
	b.do("reload offline", chromedp.Reload())
	b.waitFor("the cached page's script ran", `!document.getElementById("kasir-js").hidden`)
	if got := b.text("#queue-count"); got != "3" {
		t.Fatalf("queue after an offline reload: %q, want 3", got)
	}
	if got := stockLeft(); got != "7" {
		t.Errorf("tile stock after an offline reload: %q, want 7", got)
	}

	b.setOffline(false)
	b.waitFor("the queue is sent", `document.getElementById("queue-count").textContent === "0"`)
	if n := count(); n != 3 {
		t.Fatalf("%d sales stored after the sync, want 3", n)
	}
	if got := stockLeft(); got != "7" {
		t.Errorf("tile stock once the queue is sent: %q, want 7", got)
	}
	// Sending again (a retry after a lost answer) stores nothing twice.
	b.do("send again", chromedp.Click(chromedp.CSS("#sync-now")))
	time.Sleep(200 * time.Millisecond)
	if n := count(); n != 3 {
		t.Fatalf("%d sales after a second sync, want 3", n)
	}
	var r expo.Report
	if res := s.Do("GET", fmt.Sprintf("/api/v1/events/%d/report", e.ID), agency, nil, &r); res.StatusCode != 200 {
		t.Fatalf("report: %d %s", res.StatusCode, res.Body)
	}
	if r.Sales != 3 || r.Totals.Onsite != 2*25000+5000+15000+25000 {
		t.Errorf("report: %d sales, on site %d; want 3 and Rp95.000", r.Sales, r.Totals.Onsite)
	}
	b.open(kasir, 200)
	b.waitFor("the cashier script ran", `!document.getElementById("kasir-js").hidden`)
	if got := stockLeft(); got != "7" {
		t.Errorf("tile stock counted by the server: %q, want 7", got)
	}
	b.screenshot("32-kasir-synced.png")

	// The UMKM takes its static QRIS away: choosing QRIS says there is no
	// code to make, and paying shows no QR.
	if res := s.Do("PUT", fmt.Sprintf("/api/v1/umkm/%d/order-settings", u.ID), seller, map[string]any{"payment_expiry_hours": 24, "static_qris": ""}, nil); res.StatusCode != 200 {
		t.Fatalf("remove the static QRIS: %d %s", res.StatusCode, res.Body)
	}
	b.open(kasir, 200)
	b.waitFor("the cashier script ran", `!document.getElementById("kasir-js").hidden`)
	if eval[bool](b, "QRIS note before choosing", `!document.getElementById("qris-missing").hidden`) {
		t.Errorf("the no-QRIS note shows while cash is chosen")
	}
	b.do("choose QRIS", chromedp.Click(chromedp.CSS(product)), chromedp.SetValue(chromedp.CSS("#method"), "qris"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("method").dispatchEvent(new Event("change"))`))
	if msg := b.text("#qris-missing"); !strings.Contains(msg, "belum mendaftarkan QRIS statis") {
		t.Errorf("QRIS without a static QRIS: note %q", msg)
	}
	b.do("pay by QRIS without a static QRIS", chromedp.Click(chromedp.CSS("#pay")))
	if eval[bool](b, "QR box", `!document.getElementById("qris-pay").hidden || document.querySelectorAll("#qris-code svg").length > 0`) {
		t.Errorf("a QR code was shown without the UMKM's static QRIS")
	}
	if !eval[bool](b, "QRIS note after paying", `!document.getElementById("qris-missing").hidden`) {
		t.Errorf("the no-QRIS note went away after paying")
	}
	b.screenshot("33-kasir-no-qris.png")
}
