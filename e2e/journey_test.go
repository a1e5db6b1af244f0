package e2e

import (
	"context"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// maxProductPageBytes is the budget for a product page on a slow mobile
// connection: HTML + stylesheet + first image, uncompressed.
const maxProductPageBytes = 100 << 10

// TestJourney walks the main story of Gerai in a real browser: a seller
// signs up, registers a UMKM (and gets a validation error first), adds a
// product with a photo and asks for verification; the provincial agency
// verifies it; a buyer finds the product by searching a word of another
// form (menenun → ditenun) and sees its price, photo and WhatsApp link; and
// the language switch turns the UI to English and back.
func TestJourney(t *testing.T) {
	start := time.Now()
	s := testutil.NewServer(t, sqldb.SQLite)
	s.MustUser("dinas@x.id", platform.RoleAgency, "16")
	b := newBrowser(t, s.URL)

	// countUMKM counts every UMKM in the database, whatever its status.
	admin := platform.WithActor(context.Background(), platform.Actor{UserID: -1, Role: platform.RoleAdmin})
	countUMKM := func() int {
		t.Helper()
		page, err := s.App.UMKM.List(admin, umkm.Filter{Limit: 100})
		if err != nil {
			t.Fatalf("list UMKM: %v", err)
		}
		return len(page.Items)
	}

	// 1. A visitor signs up as a seller.
	b.open("/daftar", 200)
	if got := b.text("main h1"); got != "Daftar" {
		t.Fatalf("/daftar heading %q, want %q", got, "Daftar")
	}
	b.fill("#f-name", "Ipah Suryani")
	b.fill("#f-email", "ipah@songket.id")
	b.fill("#f-password", "kain-lepus-2025")
	b.do("choose role seller", chromedp.Click(chromedp.CSS(`input[name=role][value=seller]`)))
	b.clickNav("register", `main form[action="/daftar"] button[type=submit]`, 200)
	if got := b.path(); got != "/penjual" {
		t.Fatalf("after registering: at %s, want /penjual", got)
	}
	if got := b.text("main h1"); got != "Dasbor Penjual" {
		t.Errorf("seller dashboard heading %q", got)
	}

	// 2. Registers the UMKM: first with a 12-digit NIB.
	const newUMKM = `main a[href="/penjual/umkm/baru"]`
	if got := b.text(newUMKM); got != "Daftarkan UMKM" {
		t.Fatalf("link to the UMKM form says %q, want %q", got, "Daftarkan UMKM")
	}
	b.clickNav("open UMKM form", newUMKM, 200)
	if got := b.attr("#f-owner_name", "value"); got != "Ipah Suryani" {
		t.Errorf("owner name not prefilled from the account: %q", got)
	}
	b.fill("#f-name", "Songket Cek Ipah")
	b.fill("#f-owner_name", "Ipah Suryani")
	b.fill("#f-nib", "123456789012")
	b.choose("#f-regency_code", "16.71")
	b.fill("#f-whatsapp", "0812-3456-7890")
	b.choose("#f-category", "fesyen")
	b.fill("#f-capital", "25000000")
	b.fill("#f-turnover", "150000000")
	const saveUMKM = `main form[action="/penjual/umkm/baru"] button[type=submit]`
	b.clickNav("save UMKM with a 12-digit NIB", saveUMKM, 422)
	if got := b.path(); got != "/penjual/umkm/baru" {
		t.Fatalf("after an invalid UMKM: at %s, want the form again", got)
	}
	nibErr := eval[string](b, "read the NIB error", `(() => {
		const f = document.querySelector("#f-nib").closest(".field.invalid");
		const e = f && f.querySelector(".error");
		return e ? e.textContent.trim() : "";
	})()`)
	if !strings.Contains(nibErr, "NIB harus 13 digit") {
		t.Fatalf("error beside the NIB field = %q, want the Indonesian %q", nibErr, "NIB harus 13 digit angka (dari OSS)")
	}
	if got := b.attr("#f-nib", "aria-invalid"); got != "true" {
		t.Errorf("#f-nib aria-invalid = %q, want true", got)
	}
	if got := b.text("main .alert"); got == "" {
		t.Errorf("no message above the invalid form")
	}
	if others := eval[int](b, "count errors", `document.querySelectorAll(".field.invalid").length`); others != 1 {
		t.Errorf("%d fields marked invalid, want only the NIB", others)
	}
	for sel, want := range map[string]string{"#f-name": "Songket Cek Ipah", "#f-whatsapp": "0812-3456-7890",
		"#f-capital": "25000000", "#f-regency_code": "16.71", "#f-category": "fesyen"} {
		if got := run(b, "read "+sel, chromedp.Value(chromedp.CSS(sel))); got != want {
			t.Errorf("after the error, %s = %q, want the typed %q kept", sel, got, want)
		}
	}
	b.screenshot("01-umkm-form-error.png")
	if n := countUMKM(); n != 0 {
		t.Fatalf("an invalid form created %d UMKM", n)
	}

	b.fill("#f-nib", "1234567890123")
	b.clickNav("save UMKM", saveUMKM, 200)
	umkmPath := b.path()
	if !regexp.MustCompile(`^/penjual/umkm/[0-9]+$`).MatchString(umkmPath) {
		t.Fatalf("after saving the UMKM: at %s, want its manage page", umkmPath)
	}
	umkmID := strings.TrimPrefix(umkmPath, "/penjual/umkm/")
	if got := b.text("main h1"); got != "Songket Cek Ipah" {
		t.Errorf("manage page heading %q", got)
	}
	if got := b.text("main .badge"); got != "Draf" {
		t.Fatalf("new UMKM status %q, want Draf", got)
	}
	if n := countUMKM(); n != 1 {
		t.Fatalf("%d UMKM in the database, want 1", n)
	}

	// 3. Adds a product, then its photo.
	b.clickNav("open product form", `main a[href="/penjual/umkm/`+umkmID+`/produk/baru"]`, 200)
	b.fill("#f-name", "Kain Songket Lepus")
	b.fill("#f-description", "Kain songket ditenun tangan oleh perajin Palembang")
	b.fill("#f-price", "2500000")
	b.fill("#f-stock", "3")
	b.fill("#f-weight_grams", "600")
	if got := run(b, "read category", chromedp.Value(chromedp.CSS("#f-category"))); got != "fesyen" {
		t.Errorf("product category defaults to %q, want the UMKM's fesyen", got)
	}
	b.clickNav("save product", `main form[action="/penjual/umkm/`+umkmID+`/produk/baru"] button[type=submit]`, 200)
	productEdit := b.path()
	if !regexp.MustCompile(`^/penjual/produk/[0-9]+$`).MatchString(productEdit) {
		t.Fatalf("after saving the product: at %s, want its edit page", productEdit)
	}
	productID := strings.TrimPrefix(productEdit, "/penjual/produk/")
	if n := eval[int](b, "count thumbnails", `document.querySelectorAll("main .thumbs img").length`); n != 0 {
		t.Fatalf("new product already has %d photos", n)
	}
	photo := writePhoto(t)
	b.do("choose the photo", chromedp.SetUploadFiles(chromedp.CSS("#f-photo"), []string{photo}))
	b.clickNav("upload the photo", `main form[action="/penjual/produk/`+productID+`/foto"] button[type=submit]`, 200)
	if got := b.path(); got != productEdit {
		t.Fatalf("after uploading: at %s, want %s", got, productEdit)
	}
	if msg := eval[string](b, "read upload error", `(document.querySelector("main .error") || {textContent: ""}).textContent`); msg != "" {
		t.Fatalf("photo upload refused: %s", msg)
	}
	b.do("wait for the thumbnail", chromedp.WaitVisible(chromedp.CSS("main .thumbs img")))
	waitImageLoaded(t, b, "main .thumbs img")

	// 4. Back to the UMKM, asks for verification, logs out.
	b.clickNav("back to the UMKM", `main a[href="`+umkmPath+`"]`, 200)
	if got := b.text("main table a[href='/penjual/produk/" + productID + "']"); got != "Kain Songket Lepus" {
		t.Errorf("product list shows %q", got)
	}
	b.screenshot("02-umkm-manage.png")
	submit := `main form[action="` + umkmPath + `/ajukan"] button[type=submit]`
	if got := b.text(submit); got != "Ajukan verifikasi" {
		t.Fatalf("submit button says %q", got)
	}
	b.clickNav("ask for verification", submit, 200)
	if got := b.text("main .badge"); got != "Menunggu verifikasi" {
		t.Fatalf("status after asking for verification %q, want Menunggu verifikasi", got)
	}
	b.clickNav("log out", `header form[action="/keluar"] button`, 200)
	if got := b.path(); got != "/" {
		t.Errorf("after logging out: at %s, want /", got)
	}
	if n := eval[int](b, "find login link", `document.querySelectorAll('header a[href="/masuk"]').length`); n != 1 {
		t.Fatalf("after logging out the header has no login link")
	}

	// 5. The agency of province 16 verifies it.
	b.open("/masuk", 200)
	b.fill("#f-email", "dinas@x.id")
	b.fill("#f-password", "rahasia-123")
	b.clickNav("agency logs in", `main form[action="/masuk"] button[type=submit]`, 200)
	if got := b.path(); got != "/dinas" {
		t.Fatalf("after the agency logs in: at %s, want /dinas", got)
	}
	if got := b.text("main h2"); got != "Antrean verifikasi (1)" {
		t.Errorf("queue heading %q, want %q", got, "Antrean verifikasi (1)")
	}
	row := eval[[]string](b, "read queue row", `(() => {
		const a = document.querySelector('main a[href="/dinas?regency=16.71"]');
		if (!a) return ["", ""];
		const tr = a.closest("tr");
		return [a.textContent.trim(), tr.cells[1].textContent.trim()];
	})()`)
	if row[0] != "Kota Palembang" || row[1] != "1" {
		t.Fatalf("queue row for 16.71 = %q, want [Kota Palembang 1]", row)
	}
	b.screenshot("03-agency-queue.png")
	b.clickNav("open the UMKM to review", `main a[href^="/dinas/umkm/`+umkmID+`?"]`, 200)
	if got := b.text("main h1"); got != "Songket Cek Ipah" {
		t.Errorf("review heading %q", got)
	}
	verify := `main form[action="/dinas/umkm/` + umkmID + `/verifikasi"] button[type=submit]`
	if got := b.text(verify); got != "Verifikasi" {
		t.Fatalf("verify button says %q", got)
	}
	b.clickNav("verify", verify, 200)
	// Back to the queue (the filter the officer came with: none) with a confirmation.
	if got := b.path(); got != "/dinas?done="+umkmID {
		t.Errorf("after verifying: at %s, want the queue with its confirmation", got)
	}
	if got := b.text("main #done"); !strings.Contains(got, "terverifikasi") {
		t.Errorf("no confirmation after verifying: %q", got)
	}
	if got := b.text("main h2"); got != "Antrean verifikasi (0)" {
		t.Errorf("queue heading after verifying %q", got)
	}
	b.clickNav("agency logs out", `header form[action="/keluar"] button`, 200)

	// 6. A buyer searches with another form of the word.
	b.open("/", 200)
	b.fill(`main form.search input[name=q]`, "menenun")
	b.clickNav("search", `main form.search button[type=submit]`, 200)
	if got := b.path(); !strings.HasPrefix(got, "/cari?") || !strings.Contains(got, "q=menenun") {
		t.Errorf("search went to %s", got)
	}
	names := eval[[]string](b, "read results", `[...document.querySelectorAll("main .grid .card .name")].map(e => e.textContent.trim())`)
	if len(names) != 1 || names[0] != "Kain Songket Lepus" {
		t.Fatalf("results for menenun = %q, want [Kain Songket Lepus]", names)
	}
	waitImageLoaded(t, b, "main .grid .card img")
	b.screenshot("04-search-results.png")
	productPath := "/produk/" + productID
	b.clickNav("open the product", `main .grid .card a[href="`+productPath+`"]`, 200)
	if got := b.path(); got != productPath {
		t.Fatalf("opened %s, want %s", got, productPath)
	}
	if got := b.text("main .product h1"); got != "Kain Songket Lepus" {
		t.Errorf("product heading %q", got)
	}
	if got := b.text("main .product .price"); got != "Rp2.500.000" {
		t.Errorf("price %q, want Rp2.500.000", got)
	}
	waitImageLoaded(t, b, "main .product img")
	checkAspect(t, b, "main .product img")
	if got := b.attr("main .product img", "alt"); got != "Kain Songket Lepus" {
		t.Errorf("photo alt %q", got)
	}
	wa := b.attr("main a.btn.wa", "href")
	if !strings.HasPrefix(wa, "https://wa.me/6281234567890") {
		t.Errorf("WhatsApp link %q, want https://wa.me/6281234567890…", wa)
	}
	if got := b.text("main a.btn.wa"); got != "Chat penjual di WhatsApp" {
		t.Errorf("WhatsApp button says %q", got)
	}
	if !strings.Contains(b.text("main .product"), "ditenun tangan") {
		t.Errorf("product page lacks its description")
	}
	b.screenshot("05-product.png")

	b.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.open(productPath, 200)
	waitImageLoaded(t, b, "main .product img")
	checkAspect(t, b, "main .product img")
	if w := eval[int](b, "page width", `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("product page is %d px wide on a 390 px phone (horizontal scrolling)", w)
	}
	b.screenshot("06-product-mobile.png")
	b.do("desktop viewport", chromedp.EmulateViewport(1280, 900))
	b.open(productPath, 200)

	weighProductPage(t, s.URL+productPath)

	// 7. The language switch, and back. The buyer is on the product page.
	b.clickNav("switch to English", `header a[hreflang="en"]`, 200)
	if got := b.path(); got != productPath {
		t.Errorf("language switch went to %s, want back to %s", got, productPath)
	}
	// KNOWN APP BUG: the product page is sent with "Cache-Control: private,
	// max-age=60" (internal/web/public.go, productPage), so the browser shows
	// its cached Indonesian copy after the switch. Make these t.Errorf once
	// that is fixed.
	if got := b.attr("html", "lang"); got != "en" {
		t.Errorf("product page still <html lang=%q> after choosing English (served from the browser cache)", got)
	} else {
		if got := b.text(`header a[href="/cari"]`); got != "Search" {
			t.Errorf("header search link says %q in English", got)
		}
		if got := b.text("main .product .price"); got != "Rp2,500,000" {
			t.Errorf("English price %q, want Rp2,500,000", got)
		}
	}
	b.clickNav("go home in English", "header a.brand", 200)
	if got := b.attr("html", "lang"); got != "en" {
		t.Errorf(`home page <html lang=%q> after choosing English`, got)
	}
	if got := b.text(`header a[href="/cari"]`); got != "Search" {
		t.Errorf("header search link says %q in English", got)
	}
	if got := b.text("main form.search button"); got != "Search" {
		t.Errorf("search button says %q in English, want Search", got)
	}
	b.screenshot("07-home-en.png")
	if got := b.text(`header a[hreflang="id"]`); got != "Bahasa Indonesia" {
		t.Errorf("switch back link says %q", got)
	}
	b.clickNav("switch back to Indonesian", `header a[hreflang="id"]`, 200)
	if got := b.text("main form.search button"); got != "Cari" {
		t.Errorf("search button says %q after switching back, want Cari", got)
	}
	if got := b.attr("html", "lang"); got != "id" {
		t.Errorf(`<html lang=%q> after switching back`, got)
	}

	if bad := b.badResources(); len(bad) > 0 {
		t.Errorf("resources that failed to load:\n%s", strings.Join(bad, "\n"))
	}
	t.Logf("journey took %v", time.Since(start).Round(time.Millisecond))
}

// writePhoto writes an 800×600 PNG (diagonal stripes in songket colours,
// something a JPEG encoder has to work on) and returns its path.
func writePhoto(t *testing.T) string {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for y := 0; y < 600; y++ {
		for x := 0; x < 800; x++ {
			c := color.RGBA{R: uint8(110 + x*80/800), G: uint8(15 + y*30/600), B: 30, A: 255}
			if ((x+y)/24)%3 == 0 {
				c = color.RGBA{R: 212, G: 175, B: 55, A: 255} // gold thread
			}
			m.Set(x, y, c)
		}
	}
	p := filepath.Join(t.TempDir(), "songket.png")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, m); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// waitImageLoaded fails unless the first image sel finds has loaded.
func waitImageLoaded(t *testing.T, b *browser, sel string) {
	t.Helper()
	expr := fmt.Sprintf(`(() => {
		const img = document.querySelector(%q);
		if (!img) return "missing";
		if (!img.complete) return "";
		return img.naturalWidth > 0 ? "ok" : "broken " + img.currentSrc;
	})()`, sel)
	deadline := time.Now().Add(10 * time.Second)
	for {
		switch got := eval[string](b, "check image "+sel, expr); {
		case got == "ok":
			return
		case got != "" || time.Now().After(deadline):
			if got == "" {
				got = "still loading after 10 s"
			}
			t.Fatalf("image %s on %s: %s", sel, b.path(), got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkAspect reports a photo drawn with another shape than its own.
func checkAspect(t *testing.T, b *browser, sel string) {
	t.Helper()
	r := eval[[]float64](b, "measure "+sel, fmt.Sprintf(`(() => {
		const i = document.querySelector(%q);
		return [i.naturalWidth, i.naturalHeight, i.clientWidth, i.clientHeight];
	})()`, sel))
	natural, shown := r[0]/r[1], r[2]/r[3]
	if math.Abs(natural-shown) > 0.02*natural {
		// KNOWN APP BUG: internal/web/static/gerai.css ".product img" sets
		// width:100% but not height:auto, so the height="450" attribute of
		// product.html stays. Make this t.Errorf once fixed.
		t.Errorf("%s: a %.0f×%.0f photo is drawn %.0f×%.0f px on %s (distorted)", sel, r[0], r[1], r[2], r[3], b.path())
	}
}

var (
	cssHref = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)
	imgSrc  = regexp.MustCompile(`<img src="([^"]+)"`)
)

// weighProductPage sums the raw bytes of a product page as a first visit
// downloads them: the HTML, the stylesheet and the first image.
func weighProductPage(t *testing.T, pageURL string) {
	t.Helper()
	get := func(u string) []byte {
		t.Helper()
		res, err := http.Get(u)
		if err != nil {
			t.Fatalf("weigh: %v", err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("weigh: GET %s: status %d, err %v", u, res.StatusCode, err)
		}
		return body
	}
	root := pageURL[:strings.Index(pageURL, "/produk/")]
	page := get(pageURL)
	css := cssHref.FindSubmatch(page)
	img := imgSrc.FindSubmatch(page)
	if css == nil || img == nil {
		t.Fatalf("weigh: product page has no stylesheet link or no image")
	}
	cssBytes := get(root + html.UnescapeString(string(css[1])))
	imgBytes := get(root + html.UnescapeString(string(img[1])))
	total := len(page) + len(cssBytes) + len(imgBytes)
	t.Logf("product page weight: %.1f KB (HTML %d B + CSS %d B + image %d B), budget %d KB",
		float64(total)/1024, len(page), len(cssBytes), len(imgBytes), maxProductPageBytes>>10)
	if total >= maxProductPageBytes {
		t.Errorf("product page weighs %d bytes, over the %d-byte budget", total, maxProductPageBytes)
	}
}
