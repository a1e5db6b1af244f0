package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"testing"
)

func httpDetect(b []byte) string { return http.DetectContentType(b) }

// exifAPP1 builds an APP1 segment holding a minimal TIFF structure whose
// IFD0 has two entries: an unrelated tag and Orientation = o.
func exifAPP1(o uint16, bo binary.ByteOrder) []byte {
	var tiff bytes.Buffer
	if bo == binary.LittleEndian {
		tiff.WriteString("II")
	} else {
		tiff.WriteString("MM")
	}
	w := func(v any) { binary.Write(&tiff, bo, v) }
	w(uint16(42))
	w(uint32(8)) // IFD0 offset
	w(uint16(2)) // entry count
	// Entry 1: ImageWidth (0x0100), LONG, 1, 1234 — must be skipped.
	w(uint16(0x0100))
	w(uint16(4))
	w(uint32(1))
	w(uint32(1234))
	// Entry 2: Orientation (0x0112), SHORT, 1, value left-justified.
	w(uint16(0x0112))
	w(uint16(3))
	w(uint32(1))
	w(o)
	w(uint16(0))
	w(uint32(0)) // next IFD offset

	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// withAPP1 inserts an APP1 segment right after SOI.
func withAPP1(jpg, app1 []byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	black = color.RGBA{0, 0, 0, 255}
)

// quadrantJPEG is a 400x200 JPEG with quadrants TL red, TR green, BL blue, BR black.
func quadrantJPEG(t *testing.T) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 400, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 400; x++ {
			c := map[[2]bool]color.RGBA{
				{false, false}: red, {true, false}: green,
				{false, true}: blue, {true, true}: black,
			}[[2]bool{x >= 200, y >= 100}]
			m.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestProcessEXIFOrientation6(t *testing.T) {
	jpg := withAPP1(quadrantJPEG(t), exifAPP1(6, binary.BigEndian))
	if o := jpegOrientation(jpg); o != 6 {
		t.Fatalf("parsed orientation %d, want 6", o)
	}
	vs, err := Process(bytes.NewReader(jpg), MaxUploadBytes)
	if err != nil {
		t.Fatal(err)
	}
	large := variantByName(t, vs, "large")
	if large.Width != 200 || large.Height != 400 {
		t.Fatalf("large %dx%d, want 200x400 (rotated)", large.Width, large.Height)
	}
	thumb := variantByName(t, vs, "thumb")
	if thumb.Width != 160 || thumb.Height != 320 {
		t.Fatalf("thumb %dx%d, want 160x320 (rotated)", thumb.Width, thumb.Height)
	}
	// Rotated 90° clockwise: source top-left (red) is now top-right.
	m := decodeVariant(t, large)
	assertColor(t, "top-right", m.At(150, 50), red)
	assertColor(t, "top-left", m.At(50, 50), blue)
	assertColor(t, "bottom-right", m.At(150, 350), green)
	assertColor(t, "bottom-left", m.At(50, 350), black)
}

func TestProcessAllOrientations(t *testing.T) {
	base := quadrantJPEG(t)
	// Expected displayed quadrant colours [TL, TR, BL, BR] per orientation.
	want := map[uint16][4]color.RGBA{
		1: {red, green, blue, black},
		2: {green, red, black, blue},
		3: {black, blue, green, red},
		4: {blue, black, red, green},
		5: {red, blue, green, black},
		6: {blue, red, black, green},
		7: {black, green, blue, red},
		8: {green, black, red, blue},
	}
	for o, q := range want {
		for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			vs, err := Process(bytes.NewReader(withAPP1(base, exifAPP1(o, bo))), MaxUploadBytes)
			if err != nil {
				t.Fatal(err)
			}
			v := variantByName(t, vs, "large")
			m := decodeVariant(t, v)
			w, h := v.Width, v.Height
			if (o >= 5) != (w == 200) {
				t.Errorf("orientation %d: size %dx%d", o, w, h)
			}
			pts := [4]image.Point{{w / 4, h / 4}, {w * 3 / 4, h / 4}, {w / 4, h * 3 / 4}, {w * 3 / 4, h * 3 / 4}}
			for i, p := range pts {
				assertColor(t, "orientation "+string(rune('0'+o))+" quadrant "+string(rune('0'+i)), m.At(p.X, p.Y), q[i])
			}
		}
	}
}

func TestJPEGOrientationMalformed(t *testing.T) {
	jpg := genJPEG(t, 100, 100)
	good := exifAPP1(6, binary.LittleEndian)
	cases := map[string][]byte{
		"no exif":          jpg,
		"not jpeg":         []byte("hello"),
		"truncated app1":   append([]byte{0xFF, 0xD8}, good[:len(good)-10]...),
		"bad tiff magic":   withAPP1(jpg, bytes.Replace(good, []byte("II*\x00"), []byte("XX*\x00"), 1)),
		"bad ifd offset":   withAPP1(jpg, bytes.Replace(good, []byte("II*\x00\x08\x00\x00\x00"), []byte("II*\x00\xff\xff\x00\x00"), 1)),
		"orientation nine": withAPP1(jpg, exifAPP1(9, binary.LittleEndian)),
		"orientation zero": withAPP1(jpg, exifAPP1(0, binary.BigEndian)),
	}
	for name, data := range cases {
		if o := jpegOrientation(data); o != 1 {
			t.Errorf("%s: orientation %d, want 1", name, o)
		}
	}
	// EXIF after another APPn segment (e.g. JFIF APP0) is still found.
	app0 := []byte{0xFF, 0xE0, 0x00, 0x07, 'J', 'F', 'I', 'F', 0}
	data := withAPP1(withAPP1(jpg, good), app0)
	if o := jpegOrientation(data); o != 6 {
		t.Errorf("after APP0: orientation %d, want 6", o)
	}
}
