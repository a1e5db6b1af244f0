package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
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
//
// maxPixels: 40 megapixels covers every phone and most cameras' photos
// (12–24 MP usually, 48–50 MP sensors save 12 MP unless asked), while the
// largest variant kept is 1200 px; a bigger image within the 10 MB upload
// is almost always flat colour made to be large. maxDecodedBytes bounds the
// decoded pixels themselves, which depend on the format: 40 MP of 8-bit
// RGBA is 160 MB, and so is 20 MP of 16-bit RGBA (a 7071×7071 16-bit PNG
// is 50 MP and 400 MB, plus as much again to resize it, before this check).
const (
	minSide         = 64
	maxSide         = 12000
	maxPixels       = 40_000_000
	maxDecodedBytes = 160 << 20
	largeMaxSide    = 1200
	thumbMaxSide    = 320
	largeQuality    = 78
	thumbQuality    = 72
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

// decodeSlots bounds how many images are decoded and resized at once: the
// work is CPU-bound, so more than the cores gains nothing, and each decode
// may hold up to maxDecodedBytes, so at most 4 (640 MB) whatever the
// machine; 2 on the 2-core machines Gerai is sized for.
var decodeSlots = make(chan struct{}, min(max(2, runtime.GOMAXPROCS(0)), 4))

// decode is image.Decode; a test counts the decodes in flight through it.
var decode = func(data []byte) (image.Image, error) {
	m, _, err := image.Decode(bytes.NewReader(data))
	return m, err
}

// Decode reads an image of at most maxBytes from r under the limits of
// Process (dimensions, decoded size, decodes at once) and calls use with it
// while holding its decode slot, for uses other than photos (a QR code).
//
// Errors: ErrTooLarge, ErrNotImage, ErrImageDimensions, ctx's error while
// waiting for a slot, or use's.
func Decode(ctx context.Context, r io.Reader, maxBytes int64, use func(image.Image) error) error {
	data, err := readLimited(r, maxBytes)
	if err != nil {
		return err
	}
	return decodeBounded(ctx, data, func(m image.Image, _ string) error { return use(m) })
}

// decodeBounded checks data's header against the limits, waits for a
// decode slot, decodes and calls use while holding the slot.
func decodeBounded(ctx context.Context, data []byte, use func(src image.Image, format string) error) error {
	// 1. Magic bytes.
	if !allowedTypes[http.DetectContentType(data)] {
		return ErrNotImage
	}
	// 2. Header only: reject decompression bombs before allocating pixels.
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	if err := checkDimensions(cfg.Width, cfg.Height); err != nil {
		return err
	}
	if n := int64(cfg.Width) * int64(cfg.Height) * bytesPerPixel(cfg.ColorModel); n > maxDecodedBytes {
		return fmt.Errorf("%w: %dx%d takes %d MB decoded, over %d MB", ErrImageDimensions, cfg.Width, cfg.Height, n>>20, maxDecodedBytes>>20)
	}
	// 3. Full decode, holding a decode slot until use is done.
	select {
	case decodeSlots <- struct{}{}:
		defer func() { <-decodeSlots }()
	case <-ctx.Done():
		return ctx.Err()
	}
	src, err := decode(data)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotImage, err)
	}
	b := src.Bounds()
	if err := checkDimensions(b.Dx(), b.Dy()); err != nil {
		return err
	}
	return use(src, format)
}

func processBytes(ctx context.Context, data []byte) ([]Variant, error) {
	var variants []Variant
	err := decodeBounded(ctx, data, func(src image.Image, format string) (err error) {
		variants, err = variantsOf(src, format, data)
		return err
	})
	return variants, err
}

// variantsOf resizes a decoded image into its JPEG variants.
func variantsOf(src image.Image, format string, data []byte) ([]Variant, error) {
	b := src.Bounds()
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

// bytesPerPixel is what the decoder will allocate per pixel for images of
// model m (YCbCr counted as 4:4:4, the most a JPEG takes); unknown models
// count as the widest, 16-bit RGBA.
func bytesPerPixel(m color.Model) int64 {
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		return 4
	}
	return 8
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
