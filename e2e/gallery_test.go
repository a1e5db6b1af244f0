package e2e

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// writeColourPhoto writes a w×h PNG of one colour with a darker band (so
// the photos tell apart in a screenshot) and returns its path.
func writeColourPhoto(t *testing.T, name string, w, h int, c color.RGBA) string {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			px := c
			if y > h/3 && y < h/2 {
				px = color.RGBA{c.R / 2, c.G / 2, c.B / 2, 255}
			}
			m.Set(x, y, px)
		}
	}
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, m); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGalleryOnAPhone: a seller picks three photos at once in the upload
// field; a buyer on a 412 px phone with JavaScript switched off sees all
// three as thumbnails, taps the second to see it enlarged within the
// screen, steps to the third and closes it. The enlarged photos are not
// downloaded until tapped.
func TestGalleryOnAPhone(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	tok := s.MustToken("siti@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Kemplang Cek Siti", "owner_name": "Siti Aminah",
		"nib": "1671000000001", "regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": "Kemplang Panggang 250 g",
		"category": "kuliner", "price": 25000, "stock": 50, "weight_grams": 250, "description": "Kemplang ikan tenggiri, dipanggang."}, &p)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil); res.StatusCode != 200 {
		t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
	}
	photos := []string{
		writeColourPhoto(t, "merah.png", 1200, 900, color.RGBA{200, 60, 40, 255}),
		writeColourPhoto(t, "hijau.png", 900, 1200, color.RGBA{40, 150, 70, 255}), // portrait
		writeColourPhoto(t, "biru.png", 1000, 750, color.RGBA{40, 80, 190, 255}),
	}

	b := newBrowser(t, s.URL)
	logIn(b, "siti@x.id")
	edit := fmt.Sprintf("/penjual/produk/%d", p.ID)
	b.open(edit, 200)
	if capture := b.attr("#f-photo", "capture"); capture != "" {
		t.Errorf("the photo field forces the camera (capture=%q)", capture)
	}
	b.do("choose three photos", chromedp.SetUploadFiles(chromedp.CSS("#f-photo"), photos))
	b.clickNav("upload them", `main form[action="`+edit+`/foto"] button[type=submit]`, 200)
	if n := eval[int](b, "count thumbnails", `document.querySelectorAll("main .thumbs img").length`); n != 3 {
		t.Fatalf("after uploading three photos at once the product has %d", n)
	}
	logOut(b)

	b.do("phone viewport", chromedp.EmulateViewport(412, 915, chromedp.EmulateMobile))
	product := fmt.Sprintf("/produk/%d", p.ID)
	b.open(product, 200)
	waitImageLoaded(t, b, "main .main-photo img")
	if n := eval[int](b, "count gallery thumbnails", `document.querySelectorAll("main .gallery .thumbs img").length`); n != 3 {
		t.Fatalf("the product page shows %d thumbnails, want 3", n)
	}
	large := func(n int) string { return b.attr(fmt.Sprintf("#foto-%d img", n), "src") }
	fetched := func(src string) bool {
		return eval[bool](b, "was "+src+" fetched", fmt.Sprintf(
			`performance.getEntriesByType("resource").some(e => e.name.endsWith(%q))`, src))
	}
	// Browsers load lazy images eagerly when scripting is off (HTML's
	// rule against tracking by scroll), so this is checked with it on.
	if fetched(large(2)) || fetched(large(3)) {
		t.Error("the enlarged photos were downloaded before anyone tapped them")
	}
	if w := eval[int](b, "page width", `document.documentElement.scrollWidth`); w > 412 {
		t.Errorf("the product page is %d px wide on a 412 px phone", w)
	}
	b.screenshot("gallery-01-product-412.png")

	b.do("switch JavaScript off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	b.open(product, 200)
	waitImageLoaded(t, b, "#foto-3 img")
	if !fetched(large(3)) { // the sign that scripting is off: lazy images load at once
		t.Fatal("with JavaScript switched off the page still loads lazily: is scripting off?")
	}
	shown := func(n int) bool {
		return eval[bool](b, "is photo shown", fmt.Sprintf(`getComputedStyle(document.getElementById("foto-%d")).display !== "none"`, n))
	}
	b.do("tap the second thumbnail", chromedp.Click(chromedp.CSS(`main .thumbs a[href="#foto-2"]`)))
	if h := eval[string](b, "read hash", `location.hash`); h != "#foto-2" || !shown(2) || shown(1) || shown(3) {
		t.Fatalf("after tapping the second thumbnail: at %q, shown %v %v %v; want only photo 2 enlarged", h, shown(1), shown(2), shown(3))
	}
	waitImageLoaded(t, b, "#foto-2 img")
	box := eval[[]float64](b, "measure the enlarged photo", `(() => {
		const r = document.querySelector("#foto-2 img").getBoundingClientRect();
		return [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight];
	})()`)
	if box[0] < 0 || box[1] < 0 || box[2] > box[4] || box[3] > box[5] || box[2]-box[0] < 300 {
		t.Errorf("the enlarged portrait photo spans %v on a %v×%v screen: want it whole and large", box[:4], box[4], box[5])
	}
	png := run(b, "screenshot the enlarged photo", chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(screenshotDir, "gallery-02-enlarged-412.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	b.do("step to the third", chromedp.Click(chromedp.CSS(`#foto-2 a[href="#foto-3"]`)))
	if !shown(3) || shown(2) {
		t.Error("the next link does not show the third photo")
	}
	waitImageLoaded(t, b, "#foto-3 img")
	b.do("close", chromedp.Click(chromedp.CSS(`#foto-3 a.zoom-close`)))
	if shown(3) || !strings.HasSuffix(eval[string](b, "read hash", `location.hash`), "#galeri") {
		t.Error("closing leaves the photo enlarged")
	}
	if bad := b.badResources(); len(bad) > 0 {
		t.Errorf("resources that failed to load:\n%s", strings.Join(bad, "\n"))
	}
}
