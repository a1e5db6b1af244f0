package media

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"testing"

	"golang.org/x/image/draw"
)

// meanAbsDiff compares two same-sized images channel by channel (0–255 scale).
func meanAbsDiff(t *testing.T, a, b image.Image) float64 {
	t.Helper()
	if a.Bounds().Size() != b.Bounds().Size() {
		t.Fatalf("size mismatch %v vs %v", a.Bounds(), b.Bounds())
	}
	var sum float64
	var n int
	ab, bb := a.Bounds(), b.Bounds()
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			sum += math.Abs(float64(r1>>8)-float64(r2>>8)) + math.Abs(float64(g1>>8)-float64(g2>>8)) + math.Abs(float64(b1>>8)-float64(b2>>8))
			n += 3
		}
	}
	return sum / float64(n)
}

// reference scales directly with CatmullRom onto white, without box shrinking.
func reference(src image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	fillWhite(dst)
	draw.CatmullRom.Scale(dst, dst.Rect, src, src.Bounds(), draw.Over, nil)
	return dst
}

func pattern(x, y int) (r, g, b, a uint8) {
	return uint8(x * 255 / 1001), uint8(y * 255 / 777), uint8((x + y) % 256 / 2), uint8((x / 50 * 60) % 256)
}

// TestResizeMatchesReference checks the box-shrink fast paths (every YCbCr
// subsampling, RGBA, NRGBA with transparency, odd sizes, sub-images) against
// plain CatmullRom scaling.
func TestResizeMatchesReference(t *testing.T) {
	const sw, sh = 1001, 777 // odd sizes: partial edge blocks
	srcs := map[string]image.Image{}
	for name, ratio := range map[string]image.YCbCrSubsampleRatio{
		"420": image.YCbCrSubsampleRatio420, "422": image.YCbCrSubsampleRatio422,
		"444": image.YCbCrSubsampleRatio444, "440": image.YCbCrSubsampleRatio440,
		"411": image.YCbCrSubsampleRatio411, "410": image.YCbCrSubsampleRatio410,
	} {
		m := image.NewYCbCr(image.Rect(0, 0, sw, sh), ratio)
		for y := range sh {
			for x := range sw {
				r, g, b, _ := pattern(x, y)
				yy, cb, cr := color.RGBToYCbCr(r, g, b)
				m.Y[m.YOffset(x, y)] = yy
				m.Cb[m.COffset(x, y)] = cb
				m.Cr[m.COffset(x, y)] = cr
			}
		}
		srcs["ycbcr"+name] = m
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, sw, sh))
	rgba := image.NewRGBA(image.Rect(0, 0, sw, sh))
	for y := range sh {
		for x := range sw {
			r, g, b, a := pattern(x, y)
			c := color.NRGBA{r, g, b, a}
			nrgba.SetNRGBA(x, y, c)
			rgba.Set(x, y, c)
		}
	}
	srcs["nrgba"] = nrgba
	srcs["rgba"] = rgba
	srcs["nrgba-sub"] = nrgba.SubImage(image.Rect(13, 7, sw, sh))
	srcs["ycbcr-sub"] = srcs["ycbcr420"].(*image.YCbCr).SubImage(image.Rect(13, 7, sw, sh))

	for name, src := range srcs {
		b := src.Bounds()
		w, h := fit(b.Dx(), b.Dy(), 320)
		got := resizeOnWhite(src, w, h)
		if got.Rect.Dx() != w || got.Rect.Dy() != h || !got.Opaque() {
			t.Errorf("%s: got %v opaque=%v, want %dx%d opaque", name, got.Rect, got.Opaque(), w, h)
			continue
		}
		d := meanAbsDiff(t, got, reference(src, w, h))
		t.Logf("%s: mean abs diff %.2f", name, d)
		if d > 3 {
			t.Errorf("%s: mean abs diff vs direct CatmullRom %.2f, want <= 3", name, d)
		}
	}
}

func TestProcessLargeTransparentPNG(t *testing.T) {
	// Big enough to take the box-shrink path: transparent left, opaque blue right.
	m := image.NewNRGBA(image.Rect(0, 0, 2600, 1300))
	for y := range 1300 {
		for x := 1300; x < 2600; x++ {
			m.SetNRGBA(x, y, color.NRGBA{0, 0, 255, 255})
		}
	}
	vs, err := Process(bytes.NewReader(encodePNG(t, m)), MaxUploadBytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		out := decodeVariant(t, v)
		b := out.Bounds()
		assertColor(t, v.Name+" transparent area", out.At(b.Dx()/4, b.Dy()/2), color.RGBA{255, 255, 255, 255})
		assertColor(t, v.Name+" opaque area", out.At(b.Dx()*3/4, b.Dy()/2), blue)
	}
}
