package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"runtime"

	// Decoders registered with image.Decode: JPEG (above), PNG, GIF, WebP.
	_ "image/gif"
	_ "image/png"

	_ "golang.org/x/image/webp"
)

// Limits applied by Process.
const (
	minSide      = 64
	maxSide      = 12000
	maxPixels    = 50_000_000
	largeMaxSide = 1200
	thumbMaxSide = 320
	largeQuality = 78
	thumbQuality = 72
)

// Variant is one resized JPEG rendition of an upload.
type Variant struct {
	Name          string // "large" | "thumb"
	Width, Height int
	Data          []byte // JPEG bytes
}

var allowedTypes = map[string]bool{
	"image/jpeg": true,
	"image/png":  true,
	"image/gif":  true,
	"image/webp": true,
}

// Process reads at most maxBytes from r (maxBytes <= 0 means MaxUploadBytes),
// validates the image and returns its JPEG variants: "large" (fits within
// 1200x1200) and "thumb" (fits within 320x320), never upscaled. JPEG EXIF
// orientation is applied and transparency is flattened onto white.
//
// Errors: ErrTooLarge, ErrNotImage, ErrImageDimensions (all usable with
// errors.Is), or a read error from r.
func Process(r io.Reader, maxBytes int64) ([]Variant, error) {
	data, err := readLimited(r, maxBytes)
	if err != nil {
		return nil, err
	}
	return processBytes(context.Background(), data)
}

// readLimited reads all of r, failing with ErrTooLarge past maxBytes
// (maxBytes <= 0 means MaxUploadBytes). At most maxBytes+1 bytes are read.
func readLimited(r io.Reader, maxBytes int64) ([]byte, error) {
	if maxBytes <= 0 {
		maxBytes = MaxUploadBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, ErrTooLarge
	}
	return data, nil
}

// decodeSlots bounds how many images are decoded and resized at once. The
// work is CPU-bound, so this costs no throughput, but it caps peak memory:
// a 12 MP phone JPEG needs roughly 60–90 MB transiently, a 50 MP PNG far more.
var decodeSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

func processBytes(ctx context.Context, data []byte) ([]Variant, error) {
	// 1. Magic bytes.
	if !allowedTypes[http.DetectContentType(data)] {
		return nil, ErrNotImage
	}
	// 2. Header only: reject decompression bombs before allocating pixels.
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	if err := checkDimensions(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	// 3. Full decode, holding a decode slot until the variants are encoded.
	select {
	case decodeSlots <- struct{}{}:
		defer func() { <-decodeSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	b := src.Bounds()
	if err := checkDimensions(b.Dx(), b.Dy()); err != nil {
		return nil, err
	}
	orientation := 1
	if format == "jpeg" {
		orientation = jpegOrientation(data)
	}

	// Sizes are computed on the displayed (oriented) image; pixels are
	// resized in source orientation and rotated afterwards, which is cheap
	// at the reduced size.
	ow, oh := orientedSize(b.Dx(), b.Dy(), orientation)
	lw, lh := fit(ow, oh, largeMaxSide)
	tw, th := fit(ow, oh, thumbMaxSide)

	// Large: resized from the source onto white (flattens alpha), then
	// rotated upright.
	rlw, rlh := orientedSize(lw, lh, orientation) // un-rotated size
	large := applyOrientation(resizeOnWhite(src, rlw, rlh), orientation)

	// Thumb: resized from the (already opaque, upright) large image, which
	// is much cheaper than going back to the full-size source.
	thumb := large
	if tw != lw || th != lh {
		thumb = resizeOnWhite(large, tw, th)
	}

	largeJPEG, err := encodeJPEG(large, largeQuality)
	if err != nil {
		return nil, err
	}
	thumbJPEG, err := encodeJPEG(thumb, thumbQuality)
	if err != nil {
		return nil, err
	}
	return []Variant{
		{Name: "large", Width: lw, Height: lh, Data: largeJPEG},
		{Name: "thumb", Width: tw, Height: th, Data: thumbJPEG},
	}, nil
}

func checkDimensions(w, h int) error {
	switch {
	case w < minSide || h < minSide:
		return fmt.Errorf("%w: %dx%d is smaller than %dpx on a side", ErrImageDimensions, w, h, minSide)
	case w > maxSide || h > maxSide:
		return fmt.Errorf("%w: %dx%d exceeds %dpx on a side", ErrImageDimensions, w, h, maxSide)
	case int64(w)*int64(h) > maxPixels:
		return fmt.Errorf("%w: %dx%d exceeds %d pixels", ErrImageDimensions, w, h, maxPixels)
	}
	return nil
}

// fit returns the size of a w×h image scaled down (never up) to fit within
// max×max, preserving aspect ratio with rounding.
func fit(w, h, max int) (int, int) {
	if w <= max && h <= max {
		return w, h
	}
	if w >= h {
		return max, clampMin1((h*max + w/2) / w)
	}
	return clampMin1((w*max + h/2) / h), max
}

func clampMin1(v int) int {
	if v < 1 {
		return 1
	}
	return v
}

func encodeJPEG(m image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(m.Bounds().Dx() * m.Bounds().Dy() / 4)
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, fmt.Errorf("media: encode jpeg: %w", err)
	}
	return buf.Bytes(), nil
}

// Save processes the upload read from r (see Process) and stores each variant
// under prefix + "/" + name + ".jpg". It returns the stored keys by variant
// name ("large", "thumb"). The prefix is chosen by the caller and should
// contain a unique part, e.g. "products/42/" + NewKey(). If storing fails,
// variants already stored are deleted (best effort).
func Save(ctx context.Context, st Storage, prefix string, r io.Reader, maxBytes int64) (map[string]string, error) {
	// Validate the prefix before doing expensive work.
	if err := ValidateKey(prefix + "/large.jpg"); err != nil {
		return nil, err
	}
	data, err := readLimited(r, maxBytes)
	if err != nil {
		return nil, err
	}
	variants, err := processBytes(ctx, data)
	if err != nil {
		return nil, err
	}
	keys := make(map[string]string, len(variants))
	for _, v := range variants {
		key := prefix + "/" + v.Name + ".jpg"
		if err := st.Put(ctx, key, bytes.NewReader(v.Data), "image/jpeg"); err != nil {
			// Clean up with a context that is not already cancelled.
			cctx := context.WithoutCancel(ctx)
			var errs []error
			for _, k := range keys {
				errs = append(errs, st.Delete(cctx, k))
			}
			return nil, errors.Join(append([]error{err}, errs...)...)
		}
		keys[v.Name] = key
	}
	return keys, nil
}
