package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
)

// genJPEG returns a w×h JPEG with a smooth gradient (photo-like content).
func genJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Y[m.YOffset(x, y)] = uint8((x*255/w + y*255/h) / 2)
		}
	}
	for y := 0; y < (h+1)/2; y++ {
		for x := 0; x < (w+1)/2; x++ {
			i := y*m.CStride + x
			m.Cb[i] = uint8(x * 255 / ((w + 1) / 2))
			m.Cr[i] = uint8(y * 255 / ((h + 1) / 2))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func variantByName(t *testing.T, vs []Variant, name string) Variant {
	t.Helper()
	for _, v := range vs {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("variant %q missing in %v", name, vs)
	return Variant{}
}

// decodeVariant decodes v as JPEG and checks that its size matches v's fields.
func decodeVariant(t *testing.T, v Variant) image.Image {
	t.Helper()
	if ct := httpDetect(v.Data); ct != "image/jpeg" {
		t.Fatalf("%s: content type %q, want image/jpeg", v.Name, ct)
	}
	m, err := jpeg.Decode(bytes.NewReader(v.Data))
	if err != nil {
		t.Fatalf("%s: decode: %v", v.Name, err)
	}
	if b := m.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
		t.Fatalf("%s: decoded %dx%d, Variant says %dx%d", v.Name, b.Dx(), b.Dy(), v.Width, v.Height)
	}
	return m
}

func TestProcessLargeJPEG(t *testing.T) {
	vs, err := Process(bytes.NewReader(genJPEG(t, 3000, 2000)), MaxUploadBytes)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 {
		t.Fatalf("got %d variants, want 2", len(vs))
	}
	for _, tc := range []struct {
		name string
		w, h int
	}{{"large", 1200, 800}, {"thumb", 320, 213}} {
		v := variantByName(t, vs, tc.name)
		if v.Width != tc.w || v.Height != tc.h {
			t.Errorf("%s: %dx%d, want %dx%d", tc.name, v.Width, v.Height, tc.w, tc.h)
		}
		decodeVariant(t, v)
	}
	large, thumb := variantByName(t, vs, "large"), variantByName(t, vs, "thumb")
	if len(thumb.Data) >= len(large.Data) {
		t.Errorf("thumb (%d B) not smaller than large (%d B)", len(thumb.Data), len(large.Data))
	}
	t.Logf("large %d B, thumb %d B", len(large.Data), len(thumb.Data))
}

func TestProcessPortraitJPEG(t *testing.T) {
	vs, err := Process(bytes.NewReader(genJPEG(t, 900, 1600)), MaxUploadBytes)
	if err != nil {
		t.Fatal(err)
	}
	if v := variantByName(t, vs, "large"); v.Width != 675 || v.Height != 1200 {
		t.Errorf("large %dx%d, want 675x1200", v.Width, v.Height)
	}
	if v := variantByName(t, vs, "thumb"); v.Width != 180 || v.Height != 320 {
		t.Errorf("thumb %dx%d, want 180x320", v.Width, v.Height)
	}
}

func TestProcessSmallPNGNotUpscaled(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 100, 80))
	for i := range m.Pix {
		m.Pix[i] = uint8(i)
	}
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i] = 0xFF
	}
	vs, err := Process(bytes.NewReader(encodePNG(t, m)), MaxUploadBytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Width != 100 || v.Height != 80 {
			t.Errorf("%s: %dx%d, want 100x80 (no upscaling)", v.Name, v.Width, v.Height)
		}
		decodeVariant(t, v)
	}
}

func TestProcessTransparentPNGOnWhite(t *testing.T) {
	// Left half fully transparent (with "black" colour underneath, as many
	// editors produce), right half opaque red.
	m := image.NewNRGBA(image.Rect(0, 0, 400, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 400; x++ {
			if x < 200 {
				m.SetNRGBA(x, y, color.NRGBA{0, 0, 0, 0})
			} else {
				m.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
			}
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
		assertColor(t, v.Name+" opaque area", out.At(b.Dx()*3/4, b.Dy()/2), color.RGBA{255, 0, 0, 255})
	}
}

func assertColor(t *testing.T, what string, got color.Color, want color.RGBA) {
	t.Helper()
	r, g, b, _ := got.RGBA()
	d := func(a uint32, b uint8) int {
		v := int(a>>8) - int(b)
		if v < 0 {
			return -v
		}
		return v
	}
	if d(r, want.R) > 40 || d(g, want.G) > 40 || d(b, want.B) > 40 {
		t.Errorf("%s: got rgb(%d,%d,%d), want about rgb(%d,%d,%d)", what, r>>8, g>>8, b>>8, want.R, want.G, want.B)
	}
}

func TestProcessGIFAndWebP(t *testing.T) {
	pal := image.NewPaletted(image.Rect(0, 0, 120, 90), color.Palette{color.White, color.Black})
	var gbuf bytes.Buffer
	if err := gif.Encode(&gbuf, pal, nil); err != nil {
		t.Fatal(err)
	}
	webp, err := os.ReadFile("testdata/sample.webp") // 150x100 lossy VP8
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		data []byte
		w, h int
	}{"gif": {gbuf.Bytes(), 120, 90}, "webp": {webp, 150, 100}} {
		vs, err := Process(bytes.NewReader(tc.data), MaxUploadBytes)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		v := variantByName(t, vs, "large")
		if v.Width != tc.w || v.Height != tc.h {
			t.Errorf("%s: %dx%d, want %dx%d", name, v.Width, v.Height, tc.w, tc.h)
		}
		decodeVariant(t, v)
	}
}

func TestProcessNotImage(t *testing.T) {
	jpg := genJPEG(t, 200, 200)
	cases := map[string][]byte{
		"text file named .jpg": []byte("Daftar harga:\nKeripik singkong 15.000\nSambal 20.000\n"),
		"empty":                nil,
		"html":                 []byte("<html><body>hi</body></html>"),
		"truncated jpeg":       jpg[:len(jpg)/3], // right magic, broken body
		"pdf":                  []byte("%PDF-1.4\n%...."),
	}
	for name, data := range cases {
		_, err := Process(bytes.NewReader(data), MaxUploadBytes)
		if !errors.Is(err, ErrNotImage) {
			t.Errorf("%s: got %v, want ErrNotImage", name, err)
		}
	}
}

func TestProcessTooLarge(t *testing.T) {
	data := genJPEG(t, 300, 300)
	if _, err := Process(bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatalf("exactly at limit: %v", err)
	}
	_, err := Process(bytes.NewReader(data), int64(len(data))-1)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over limit: got %v, want ErrTooLarge", err)
	}
	// A huge stream is not read past the limit.
	r := &countingReader{r: strings.NewReader(strings.Repeat("x", 5<<20))}
	if _, err := Process(r, 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("stream: got %v, want ErrTooLarge", err)
	}
	if r.n > 1<<20+1 {
		t.Errorf("read %d bytes, want at most limit+1", r.n)
	}
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// pngHeader returns a PNG signature plus a valid IHDR chunk declaring w×h
// 8-bit RGBA, and nothing else (the stream is truncated).
func pngHeader(w, h uint32) []byte { return pngHeaderDepth(w, h, 8) }

// pngHeaderDepth is pngHeader with depth bits per channel.
func pngHeaderDepth(w, h uint32, depth byte) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8] = depth
	ihdr[9] = 6  // colour type RGBA
	ihdr[10] = 0 // compression
	ihdr[11] = 0 // filter
	ihdr[12] = 0 // interlace
	binary.Write(&buf, binary.BigEndian, uint32(len(ihdr)))
	crc := crc32.NewIEEE()
	crc.Write([]byte("IHDR"))
	crc.Write(ihdr)
	buf.WriteString("IHDR")
	buf.Write(ihdr)
	binary.Write(&buf, binary.BigEndian, crc.Sum32())
	return buf.Bytes()
}

func TestProcessDimensions(t *testing.T) {
	// Decompression bomb: 20000x20000 declared, 1.6 GB if decoded as RGBA.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Process(bytes.NewReader(pngHeader(20000, 20000)), MaxUploadBytes)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrImageDimensions) {
		t.Fatalf("20000x20000: got %v, want ErrImageDimensions", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("allocated %d bytes rejecting a bomb header", alloc)
	}

	for _, tc := range []struct {
		w, h uint32
		ok   bool
	}{
		{12001, 100, false}, // too wide
		{8000, 8000, false}, // 64 MP > 50 MP
		{63, 500, false},    // too small
		{500, 63, false},
	} {
		_, err := Process(bytes.NewReader(pngHeader(tc.w, tc.h)), MaxUploadBytes)
		if !errors.Is(err, ErrImageDimensions) {
			t.Errorf("%dx%d: got %v, want ErrImageDimensions", tc.w, tc.h, err)
		}
	}
	// Small but real image.
	if _, err := Process(bytes.NewReader(genJPEG(t, 50, 200)), MaxUploadBytes); !errors.Is(err, ErrImageDimensions) {
		t.Errorf("50x200 jpeg: got %v, want ErrImageDimensions", err)
	}
	// Exactly 64px is fine.
	if _, err := Process(bytes.NewReader(genJPEG(t, 64, 64)), MaxUploadBytes); err != nil {
		t.Errorf("64x64 jpeg: %v", err)
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct{ w, h, max, ww, wh int }{
		{3000, 2000, 1200, 1200, 800},
		{3000, 2000, 320, 320, 213},
		{4000, 3000, 320, 320, 240},
		{100, 80, 320, 100, 80},
		{1200, 1200, 1200, 1200, 1200},
		{10000, 64, 320, 320, 2},
		{64, 12000, 320, 2, 320},
	} {
		w, h := fit(tc.w, tc.h, tc.max)
		if w != tc.ww || h != tc.wh {
			t.Errorf("fit(%d,%d,%d) = %d,%d want %d,%d", tc.w, tc.h, tc.max, w, h, tc.ww, tc.wh)
		}
	}
}

// phoneJPEG returns a w×h JPEG with gradient plus sensor-like noise, so it
// compresses to a size typical of phone photos (a few MB at 4000×3000).
func phoneJPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := (x*255/w+y*255/h)/2 + rng.IntN(41) - 20
			m.Y[m.YOffset(x, y)] = uint8(max(0, min(255, v)))
		}
	}
	for i := range m.Cb {
		m.Cb[i] = uint8(100 + rng.IntN(56))
		m.Cr[i] = uint8(100 + rng.IntN(56))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 92}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkProcess measures a typical phone upload: a 4000×3000 (12 MP) JPEG.
func BenchmarkProcess(b *testing.B) {
	data := phoneJPEG(b, 4000, 3000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(bytes.NewReader(data), MaxUploadBytes); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data))/(1<<20), "input-MB")
}
