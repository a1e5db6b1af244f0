package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/testutil"
)

// pngOf is a w×h PNG of one colour.
func pngOf(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploadPhotos posts several files in the one "photo" field, as a phone's
// gallery picker with several chosen sends them.
func uploadPhotos(t *testing.T, b *browser, path string, files ...[]byte) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", b.csrf)
	for i, f := range files {
		fw, _ := mw.CreateFormFile("photo", fmt.Sprintf("foto%d.png", i+1))
		fw.Write(f)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.s.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var page bytes.Buffer
	page.ReadFrom(res.Body)
	return res.StatusCode, page.String()
}

var (
	thumbLink = regexp.MustCompile(`<a href="#(foto-\d+)"><img src="([^"]+/thumb\.jpg)" alt="Foto \d+ dari \d+" loading="lazy" width="80" height="80"></a>`)
	zoomBox   = regexp.MustCompile(`<div class="zoom" id="(foto-\d+)"[^>]*>\s*<img src="([^"]+/large\.jpg)"[^>]* loading="lazy" width="\d+" height="\d+">`)
)

// TestProductGalleryShowsEveryPhoto: the seller's photo field opens the
// phone's gallery as well as its camera (no capture attribute) and takes
// several photos at once, all or none; the product page then shows every
// photo as a small lazy thumbnail that links, without JavaScript, to an
// enlarged view of that photo on the same page (#foto-N, CSS :target).
func TestProductGalleryShowsEveryPhoto(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		product := kemplangShop(t, s, 20000, 5)
		seller := loginAs(t, s, "siti@x.id")
		form := fmt.Sprintf("/penjual/produk/%d", product)
		_, page := seller.get(form)
		input := regexp.MustCompile(`<input id="f-photo"[^>]*>`).FindString(page)
		if input == "" || strings.Contains(input, "capture") || !strings.Contains(input, `accept="image/*"`) || !strings.Contains(input, " multiple") {
			t.Fatalf("the photo field %q: want accept=image/*, multiple and no capture (so the gallery opens too)", input)
		}
		if strings.Contains(page, "capture=") {
			t.Error("an upload field on the product form still forces the camera")
		}

		red, green, blue := pngOf(t, 800, 600, color.RGBA{200, 30, 30, 255}), pngOf(t, 600, 800, color.RGBA{30, 160, 60, 255}), pngOf(t, 640, 480, color.RGBA{30, 60, 200, 255})
		// One file that is not an image spoils the lot: nothing is added, and the field says which.
		if code, page := uploadPhotos(t, seller, form+"/foto", red, []byte("bukan gambar")); code != 422 || !strings.Contains(page, "Foto ke-2") {
			t.Errorf("two files, the second no image: %d, want 422 naming photo 2", code)
		}
		if code, _ := uploadPhotos(t, seller, form+"/foto", red, green, blue); code != 303 {
			t.Fatalf("three photos at once: %d, want 303", code)
		}
		six := [][]byte{red, green, blue, red, green, blue}
		if code, page := uploadPhotos(t, seller, form+"/foto", six...); code != 422 || !strings.Contains(page, "pilih paling banyak 5 lagi") {
			t.Errorf("six more photos beside three (8 at most): %d, want 422 saying 5 more fit", code)
		}

		_, page = newBrowser(t, s).get(fmt.Sprintf("/produk/%d", product))
		thumbs, zooms := thumbLink.FindAllStringSubmatch(page, -1), zoomBox.FindAllStringSubmatch(page, -1)
		if len(thumbs) != 3 || len(zooms) != 3 {
			t.Fatalf("the product page shows %d thumbnails and %d enlarged photos, want all 3 of each", len(thumbs), len(zooms))
		}
		if !strings.Contains(page, `<a class="main-photo" href="#foto-1"`) {
			t.Error("the main photo does not open the enlarged view")
		}
		anon := newBrowser(t, s)
		for i := range thumbs {
			target, thumb, large := thumbs[i][1], thumbs[i][2], zooms[i][2]
			if zooms[i][1] != target || strings.TrimSuffix(thumb, "thumb.jpg") != strings.TrimSuffix(large, "large.jpg") {
				t.Errorf("thumbnail %d links #%s (%s) but the enlarged view there is #%s (%s)", i+1, target, thumb, zooms[i][1], large)
			}
			for _, src := range []string{thumb, large} {
				if code, ctype, img := anon.getRaw(src); code != 200 || ctype != "image/jpeg" || len(img) == 0 {
					t.Errorf("%s: %d %s", src, code, ctype)
				}
			}
			_, _, th := anon.getRaw(thumb)
			_, _, lg := anon.getRaw(large)
			if cfg, _, err := image.DecodeConfig(bytes.NewReader(th)); err != nil || cfg.Width > 320 || cfg.Height > 320 {
				t.Errorf("thumbnail %d is %dx%d, want the small variant", i+1, cfg.Width, cfg.Height)
			}
			if len(th) >= len(lg) {
				t.Errorf("thumbnail %d (%d bytes) is no lighter than its photo (%d)", i+1, len(th), len(lg))
			}
		}
		if !strings.Contains(page, `href="#foto-2">Berikutnya ›</a>`) || !strings.Contains(page, `href="#galeri">✕ Tutup</a>`) {
			t.Error("the enlarged view has no next or close link")
		}
	})
}
