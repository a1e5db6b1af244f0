package media

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"sync"
	"sync/atomic"
	"testing"
)

// pngHeader16 is pngHeader declaring 16-bit RGBA: 8 bytes a pixel decoded.
func pngHeader16(w, h uint32) []byte { return pngHeaderDepth(w, h, 16) }

func TestImagesAreRefusedByPixelsAndDecodedSizeBeforeDecoding(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"7071×7071 16-bit RGBA (50 MP, 400 MB decoded)", pngHeader16(7071, 7071)},
		{"5000×5000 16-bit RGBA (25 MP, 200 MB decoded)", pngHeader16(5000, 5000)},
		{"6400×6400 8-bit RGBA (41 MP)", pngHeader(6400, 6400)},
	} {
		// The header is all there is: decoding would fail as not an image.
		_, err := Process(bytes.NewReader(c.data), MaxUploadBytes)
		if !errors.Is(err, ErrImageDimensions) {
			t.Errorf("%s: %v, want ErrImageDimensions before decoding", c.name, err)
		}
	}
	// Within both limits, the header passes and the (missing) pixels are read.
	if _, err := Process(bytes.NewReader(pngHeader16(4000, 4000)), MaxUploadBytes); !errors.Is(err, ErrNotImage) {
		t.Errorf("4000×4000 16-bit header only: %v, want ErrNotImage from the decoder", err)
	}
}

func TestSixteenBitPNGIsShrunkOnWhite(t *testing.T) {
	m := image.NewNRGBA64(image.Rect(0, 0, 2400, 400))
	for y := range 400 {
		for x := range 2400 {
			c := color.NRGBA64{R: 0x8080, A: 0xffff}
			if x >= 1200 {
				c = color.NRGBA64{} // transparent: white once flattened
			}
			m.SetNRGBA64(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	vs, err := Process(&b, MaxUploadBytes)
	if err != nil {
		t.Fatal(err)
	}
	large, err := jpeg.Decode(bytes.NewReader(vs[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if vs[0].Width != 1200 || vs[0].Height != 200 {
		t.Fatalf("large is %dx%d, want 1200x200", vs[0].Width, vs[0].Height)
	}
	near := func(c color.Color, r, g, b uint8) bool {
		cr, cg, cb, _ := c.RGBA()
		d := func(a uint32, b uint8) bool { return int(a>>8)-int(b) < 12 && int(b)-int(a>>8) < 12 }
		return d(cr, r) && d(cg, g) && d(cb, b)
	}
	if c := large.At(300, 100); !near(c, 128, 0, 0) {
		t.Errorf("left half = %v, want dark red", c)
	}
	if c := large.At(900, 100); !near(c, 255, 255, 255) {
		t.Errorf("right half = %v, want white", c)
	}
}

// TestDecodesAtOnceAreBounded holds every decode open and counts them: no
// more than the slots are ever in flight, and a caller waiting for a slot
// gives up when its request is cancelled.
func TestDecodesAtOnceAreBounded(t *testing.T) {
	slots := cap(decodeSlots)
	var inFlight, most, entered atomic.Int64
	release := make(chan struct{})
	arrived := make(chan struct{}, 64)
	real := decode
	t.Cleanup(func() { decode = real })
	decode = func(data []byte) (image.Image, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		if entered.Add(1) <= int64(slots) {
			arrived <- struct{}{}
			<-release // the first ones hold their slot until released
		}
		return real(data)
	}
	photo := genJPEG(t, 200, 200)
	var wg sync.WaitGroup
	for range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := Process(bytes.NewReader(photo), 0); err != nil {
				t.Error(err)
			}
		}()
	}
	for range slots {
		<-arrived
	}
	// Every slot is taken: a cancelled request does not get to decode.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := processBytes(ctx, photo); !errors.Is(err, context.Canceled) {
		t.Errorf("a decode while the %d slots are taken: %v, want it to wait and give up with its request", slots, err)
	}
	if got := most.Load(); got > int64(slots) {
		t.Errorf("%d decodes in flight, want at most %d", got, slots)
	}
	close(release)
	wg.Wait()
	// Many at once: still never more than the slots.
	for range 4 * slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Process(bytes.NewReader(photo), 0)
		}()
	}
	wg.Wait()
	if got := most.Load(); got > int64(slots) || slots > 4 {
		t.Errorf("%d decodes in flight with %d slots, want at most the slots, and at most 4 slots", got, slots)
	}
}
