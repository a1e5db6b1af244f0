package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestHandoverProofInChromium: on a 412 px phone the village's officer opens
// a household's page, finds the unproven delivery, picks the handover's
// photo, types the point, and the recipient signs on the pad with a finger
// (pointer events from DevTools); the form sends the drawing as a PNG and
// the page says the delivery is now proven, with the signature's thumbnail.
// The page fits the phone before and after.
func TestHandoverProofInChromium(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		officer := s.MustUser("penyuluh@x.id", platform.RoleBuyer, "")
		agency := s.MustToken("dinas16@x.id")
		var p pangan.Programme
		if res := s.Do("POST", "/api/v1/food-programmes", agency, map[string]any{"name": "Gerakan Sumsel Mandiri Pangan", "province_code": "16", "start_year": 2021,
			"commodities": []map[string]any{{"code": "cabai", "name": "Cabai", "unit": "kg", "price": 40000}},
			"packages":    []map[string]any{{"code": "bsb", "name": "Paket Bank Sumsel Babel", "items": []map[string]any{{"name": "Ayam petelur", "quantity": 8, "unit": "ekor"}}}},
			"sponsors":    []map[string]any{{"name": "Bank Sumsel Babel", "kind": "bank_csr"}},
		}, &p); res.StatusCode != 201 {
			t.Fatalf("programme: %d %s", res.StatusCode, res.Body)
		}
		api := fmt.Sprintf("/api/v1/food-programmes/%d", p.ID)
		if res := s.Do("POST", api+"/officers", agency, map[string]any{"user_id": officer.ID, "village_codes": []string{"16.04.01.2001"}}, nil); res.StatusCode != 201 {
			t.Fatalf("officer: %d %s", res.StatusCode, res.Body)
		}
		var h pangan.Household
		if res := s.Do("POST", api+"/households", agency, map[string]any{"head_name": "Siti Aminah", "nik": "1604015203850001", "village_code": "16.04.01.2001",
			"members": 4, "poverty_status": "miskin"}, &h); res.StatusCode != 201 {
			t.Fatalf("household: %d %s", res.StatusCode, res.Body)
		}
		b := newBrowser(t, s.URL)
		b.do("phone viewport", chromedp.EmulateViewport(412, 915, chromedp.EmulateMobile))
		fits := func(what string) {
			t.Helper()
			w := run(b, "measure the width of "+what, chromedp.Evaluate[widthReport](fmt.Sprintf(measureWidthJS, phoneWidth)))
			if msg := w.fits(phoneWidth); msg != "" {
				t.Errorf("%s (%s): %s", what, b.path(), msg)
			}
		}
		b.open("/masuk", 200)
		b.fill("#f-email", "penyuluh@x.id")
		b.fill("#f-password", "rahasia-123")
		b.clickNav("log in as the officer", `main form[action="/masuk"] button[type=submit]`, 200)

		page := fmt.Sprintf("/pengelola/pangan/%d/rumah/%d", p.ID, h.ID)
		b.open(page, 200)
		// The officer records the handover from the page (no point yet: the form is sent without it).
		b.fill("#aid-recipient_name", "Siti Aminah")
		b.clickNav("record the delivery", `form[action="`+page+`/bantuan"] button[type=submit]`, 200)
		var id int64
		if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT id FROM pangan_deliveries WHERE household_id = ?`, h.ID).Scan(&id); err != nil {
			t.Fatalf("the delivery was not recorded: %v", err)
		}
		form := fmt.Sprintf(`#bukti-%d form.proof`, id)
		b.waitFor("the pad is shown", fmt.Sprintf(`!document.querySelector(%q).hidden`, form+" [data-signature-pad]"))
		fits("the household page with an unproven delivery")
		b.screenshot("60-pangan-household-aid-412.png")

		// The handover's photo from the phone's gallery, the point typed.
		photo := filepath.Join(t.TempDir(), "serah-terima.png")
		if err := os.WriteFile(photo, testPhoto(t), 0o644); err != nil {
			t.Fatal(err)
		}
		b.do("pick the photo", chromedp.SetUploadFiles(chromedp.CSS(fmt.Sprintf("#proof-%d-photo", id)), []string{photo}))
		b.fill(fmt.Sprintf("#proof-%d-lat", id), "-3,7928")
		b.fill(fmt.Sprintf("#proof-%d-lng", id), "103,5402")

		// The recipient signs: a stroke across the pad.
		canvas := form + " canvas"
		b.do("scroll to the pad", chromedp.ScrollIntoView(chromedp.CSS(canvas)))
		rect := eval[map[string]float64](b, "the pad's place", fmt.Sprintf(`(function(){var r=document.querySelector(%q).getBoundingClientRect();return {x:r.left,y:r.top,w:r.width,h:r.height}})()`, canvas))
		if rect["w"] < 200 || rect["w"] > 412 {
			t.Errorf("the pad is %v px wide on a 412 px phone", rect["w"])
		}
		x0, y0 := rect["x"]+20, rect["y"]+rect["h"]/2
		steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1))}
		for i := 1; i <= 20; i++ {
			x := x0 + float64(i)*(rect["w"]-40)/20
			y := y0 + 30*float64((i%4)-2)/2
			steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x, y, chromedp.ButtonLeft))
		}
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x0+rect["w"]-40, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)))
		b.do("sign on the pad", steps...)
		if got := eval[string](b, "the signature field", fmt.Sprintf(`document.querySelector(%q).value.slice(0, 22)`, form+` input[name=signature]`)); got != "data:image/png;base64," {
			t.Fatalf("after drawing, the form's signature field holds %q", got)
		}
		b.screenshot("61-pangan-signature-412.png")
		b.clickNav("save the proof", form+` button[type=submit]:not([data-clear])`, 200)
		if !strings.Contains(b.location(), fmt.Sprintf("terbukti=%d", id)) {
			t.Errorf("after the proof the page is %s, want it to say the delivery is proven", b.location())
		}
		if got := b.text("#proven-now"); !strings.Contains(got, "sekarang terbukti") {
			t.Errorf("the notice reads %q", got)
		}
		var proven bool
		var sig string
		s.App.DB.Reader().QueryRow(t.Context(), `SELECT proven, signature_key FROM pangan_deliveries WHERE id = ?`, id).Scan(&proven, &sig)
		if !proven || sig == "" {
			t.Errorf("the delivery: proven %v, signature %q", proven, sig)
		}
		b.waitFor("the signature's thumbnail loads", fmt.Sprintf(`(function(){var i=document.querySelector('img[src$="/bukti/%d/signature?v=thumb"]');return !!i && i.complete && i.naturalWidth > 0})()`, id))
		fits("the household page with a proven delivery")
		b.screenshot("62-pangan-proven-412.png")
	})
}

// testPhoto is a small photo of a yard.
func testPhoto(t *testing.T) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			m.Set(x, y, color.RGBA{uint8(60 + x/4), uint8(120 + y/4), 60, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
