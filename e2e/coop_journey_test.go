package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestCoopJourneyInChromium is issue 13's cooperation journey in Chromium:
// the Sumsel agency opens the cooperation dashboard from its own, reads
// the Sumsel → Jabar figure on top, follows it to the orders behind it
// (exactly those), comes back, and prints the page on one A4 sheet; the
// page fits a 412 px phone. The sales are made in the test through the
// API (paid orders from Palembang to Bandung and back, one from Surabaya
// to Denpasar that Sumsel must not see), spread over the last months, and
// folded into the roll-up.
func TestCoopJourneyInChromium(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) { coopJourney(t, s) })
}

func coopJourney(t *testing.T, s *testutil.Server) {
	ctx := context.Background()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	s.MustUser("dinas35@x.id", platform.RoleAgency, "35")
	for _, e := range []string{"siti@x.id", "asep@x.id", "joko@x.id"} {
		s.MustUser(e, platform.RoleSeller, "")
	}
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	_, kemplang := s.MustUMKM("siti@x.id", "dinas16@x.id", "Kemplang Bu Siti", "1671000000501", "16.71", 1_250_000)
	_, batik := s.MustUMKM("asep@x.id", "dinas32@x.id", "Batik Asep", "3273000000501", "32.73", 850_000)
	_, sambal := s.MustUMKM("joko@x.id", "dinas35@x.id", "Sambal Cak Joko", "3578000000501", "35.78", 40_000)
	// Six orders to Bandung over six months, three back to Palembang, one
	// from Surabaya to Denpasar; each placed on the 10th of its month.
	now := time.Now()
	placed := func(id int64, monthsAgo int) {
		t.Helper()
		first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, time.UTC)
		at := first.AddDate(0, -monthsAgo, 9)
		if at.After(now) {
			at = now.Add(-time.Hour)
		}
		if _, err := s.App.DB.Writer().Exec(ctx, `UPDATE orders SET created_at = ? WHERE id = ?`, at, id); err != nil {
			t.Fatal(err)
		}
	}
	var toJabar []int64
	for i, q := range []int64{2, 3, 1, 4, 2, 5} {
		id := s.MustPaidOrder("ani@x.id", kemplang, q, "32.73")
		placed(id, 5-i)
		toJabar = append(toJabar, id)
	}
	for i, q := range []int64{1, 2, 1} {
		placed(s.MustPaidOrder("ani@x.id", batik, q, "16.71"), 2*i)
	}
	placed(s.MustPaidOrder("ani@x.id", sambal, 3, "51.71"), 1)
	// The dates moved under the roll-up: recompute it from the orders.
	if err := s.App.Sales.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, s.URL)
	logIn(b, "dinas16@x.id")
	b.open("/dinas", 200)
	b.clickNav("open the cooperation dashboard", `main a[href="/dinas/kerja-sama"]`, 200)
	top := b.text(`a.coop-pair[data-pair="16-32"]`)
	// 17 hampers at Rp1.250.000: Rp21,25 juta.
	for _, want := range []string{"Sumatera Selatan → Jawa Barat", "Rp21,3 juta", "6 pesanan"} {
		if !strings.Contains(top, want) {
			t.Errorf("the Sumsel → Jabar figure %q does not say %q", top, want)
		}
	}
	if main := b.text("main"); strings.Contains(main, "Jawa Timur") || strings.Contains(main, "Bali") {
		t.Error("Sumsel's agency sees the Jawa Timur → Bali pair")
	}
	if n := eval[int](b, "count the chart's bars", `document.querySelectorAll(".coop-flow svg rect").length`); n != 9 {
		t.Errorf("the flow chart draws %d bars, want 9 (six months to Jabar, three back)", n)
	}
	b.screenshot("60-coop-dashboard.png")
	b.fitsPhone("the cooperation dashboard", "61-coop-dashboard-412.png")

	b.clickNav("follow the Sumsel → Jabar figure", `a.coop-pair[data-pair="16-32"]`, 200)
	if !strings.HasPrefix(b.path(), "/dinas/kerja-sama/pesanan?") {
		t.Fatalf("the figure leads to %s, want the orders behind it", b.path())
	}
	listed := eval[[]string](b, "the orders listed", `[...document.querySelectorAll("tr[data-order]")].map(r => r.dataset.order)`)
	var want []string
	for i := len(toJabar) - 1; i >= 0; i-- {
		want = append(want, fmt.Sprint(toJabar[i]))
	}
	if strings.Join(listed, ",") != strings.Join(want, ",") {
		t.Errorf("the orders behind Sumsel → Jabar: %v, want %v (newest first)", listed, want)
	}
	if got := b.text("main"); !strings.Contains(got, "Kemplang Bu Siti") || strings.Contains(got, "Batik Asep") {
		t.Errorf("the orders page lists other sales: %q", got)
	}
	b.fitsPhone("the orders behind the figure", "62-coop-orders-412.png")

	// The browser's Back (history.back(): chromedp's NavigateBack waits for
	// a load event that a page restored from the back-forward cache never fires).
	b.do("go back", chromedp.Evaluate[chromedp.Void](`history.back()`))
	for i := 0; i < 100 && !eval[bool](b, "back on the dashboard", `location.pathname === "/dinas/kerja-sama" && document.readyState === "complete" && !!document.querySelector('a.coop-pair[data-pair="16-32"]')`); i++ {
		time.Sleep(100 * time.Millisecond)
	}
	if b.path() != "/dinas/kerja-sama" {
		t.Fatalf("back at %s, want /dinas/kerja-sama", b.path())
	}
	pdf := run(b, "print to PDF", func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		yes := true
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &yes, PrintBackground: &yes})
		return res.Data, err
	})
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n != 1 {
		t.Errorf("the dashboard prints on %d A4 pages, want 1", n)
	}
	if err := os.MkdirAll(screenshotDir, 0o755); err == nil {
		os.WriteFile(filepath.Join(screenshotDir, "63-coop-print.pdf"), pdf, 0o644)
	}
	// What the printer gets, as an image: print media at A4's width.
	b.do("print media", emulatePrint(true), chromedp.EmulateViewport(703, 1031))
	// (Read by script: after a back-forward cache restore chromedp's
	// selectors wait for a document update that never comes.)
	printed := eval[string](b, "the printed text", `document.querySelector("main").innerText`)
	for _, want := range []string{"Dicetak ", "data s.d.", "Cakupan: Sumatera Selatan", "Rp21,3 juta"} {
		if !strings.Contains(printed, want) {
			t.Errorf("the printed page does not say %q", want)
		}
	}
	if shown := eval[bool](b, "is the navigation shown", `getComputedStyle(document.querySelector("header.top")).display !== "none"`); shown {
		t.Error("the printed page shows the navigation")
	}
	b.screenshot("64-coop-print-media.png")
	b.do("screen media", emulatePrint(false), chromedp.EmulateViewport(1280, 900))

	// Anyone: the totals from the footer's link, the pairs of fewer than
	// five orders withheld.
	b.do("reload", chromedp.Reload())
	logOut(b)
	b.clickNav("open the public cooperation figures", `footer a[href="/kerja-sama"]`, 200)
	public := b.text("main")
	if !strings.Contains(public, "disembunyikan") || strings.Contains(public, "Kemplang") {
		t.Errorf("the public figures %q do not withhold the small pairs", public)
	}
	b.fitsPhone("the public cooperation figures", "66-coop-public-412.png")
}

// emulatePrint turns the tab's CSS media to print (or back to screen).
func emulatePrint(on bool) chromedp.Action[chromedp.Void] {
	media := ""
	if on {
		media = "print"
	}
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return chromedp.Void{}, err
	}
}

// TestCoopDashboardPrintsOnOneA4PageWithTheDemo prints the demo's
// cooperation dashboard, as the Sumsel agency and as the admin (every
// province, every module), on A4 and counts one page each, with sales
// added between nine provinces each way so that the matrix and the
// regency list are full.
func TestCoopDashboardPrintsOnOneA4PageWithTheDemo(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	ctx := context.Background()
	if err := seed.Demo(ctx, s.App); err != nil {
		t.Fatal(err)
	}
	regencies := []string{"11.71", "12.71", "13.71", "14.71", "16.71", "18.71", "31.71", "32.73", "35.78"}
	s.MustUser("pembeli.coop@x.id", platform.RoleBuyer, "")
	var products []int64
	for i, r := range regencies {
		prov := r[:2]
		agency, seller := "dinas.coop"+prov+"@x.id", "penjual.coop"+prov+"@x.id"
		s.MustUser(agency, platform.RoleAgency, prov)
		s.MustUser(seller, platform.RoleSeller, "")
		_, p := s.MustUMKM(seller, agency, "UMKM Uji "+prov, fmt.Sprintf("%s%s0000000%02d", prov, r[3:], i), r, int64(50_000*(i+1)))
		products = append(products, p)
	}
	for i, p := range products {
		for j, r := range regencies {
			s.MustPaidOrder("pembeli.coop@x.id", p, int64(1+(i+j)%4), r)
		}
	}
	if _, err := s.App.Sales.Fold(ctx); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s.URL)
	for _, who := range []string{"dinas.sumsel@gerai.id", "admin@gerai.id"} {
		b.open("/masuk", 200)
		b.fill("#f-email", who)
		b.fill("#f-password", seed.DemoPassword)
		b.clickNav("log in as "+who, `main form[action="/masuk"] button[type=submit]`, 200)
		b.open("/dinas/kerja-sama", 200)
		pdf := run(b, "print to PDF", func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			yes := true
			res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &yes, PrintBackground: &yes})
			return res.Data, err
		})
		if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n != 1 {
			t.Errorf("%s: the dashboard prints on %d A4 pages, want 1", who, n)
		}
		name := strings.SplitN(who, "@", 2)[0]
		// A4 less the 12 mm margins at 96 dpi: what the printer lays out.
		b.do("print media", emulatePrint(true), chromedp.EmulateViewport(703, 1031))
		b.screenshot("65-coop-print-demo-" + name + ".png")
		b.do("screen media", emulatePrint(false), chromedp.EmulateViewport(1280, 900))
		b.clickNav("log out", `header form[action="/keluar"] button[type=submit]`, 200)
	}
}
