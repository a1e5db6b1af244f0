package media

import (
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// resizeOnWhite returns src scaled to dw×dh (which must not exceed the
// source size) as an opaque RGBA image, with any transparency flattened onto
// white.
//
// Like libvips' shrink+reduce, large reductions are done in two steps: an
// integer-factor box filter (area average, fast and alias-free) brings the
// image to between 1× and 2× the target size, then CatmullRom handles the
// small residual. Scaling a 4000×3000 photo directly with CatmullRom is
// several times slower and needs a ~115 MB float temporary buffer.
func resizeOnWhite(src image.Image, dw, dh int) *image.RGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	k := min(sw/dw, sh/dh)
	if k >= 2 {
		if m := boxShrink(src, k); m != nil {
			src, b = m, m.Rect
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	if b.Dx() == dw && b.Dy() == dh {
		if rgba, ok := src.(*image.RGBA); ok && isOpaqueRGBA(rgba) {
			return rgba
		}
		fillWhite(dst)
		draw.Draw(dst, dst.Rect, src, b.Min, draw.Over)
		return dst
	}
	fillWhite(dst)
	// Over onto white flattens transparency; for opaque sources the draw
	// package turns Over into the faster Src.
	draw.CatmullRom.Scale(dst, dst.Rect, src, b, draw.Over, nil)
	return dst
}

func fillWhite(m *image.RGBA) {
	for i := range m.Pix {
		m.Pix[i] = 0xFF
	}
}

func isOpaqueRGBA(m *image.RGBA) bool {
	return m.Rect.Min == (image.Point{}) && m.Opaque()
}

// boxShrink averages k×k blocks of src (partial blocks at the right and
// bottom edges are averaged over the pixels they have) into an opaque RGBA
// image of ceil(w/k)×ceil(h/k), flattening transparency onto white. It
// returns nil for image types without a fast path; the caller then scales
// the original directly.
func boxShrink(src image.Image, k int) *image.RGBA {
	switch s := src.(type) {
	case *image.YCbCr:
		return boxShrinkYCbCr(s, k)
	case *image.RGBA:
		return boxShrinkPix(s.Pix, s.Stride, s.Rect, k, true)
	case *image.NRGBA:
		return boxShrinkPix(s.Pix, s.Stride, s.Rect, k, false)
	case image.RGBA64Image:
		return boxShrinkAny(s, k)
	}
	return nil
}

// boxShrinkAny handles the other image types (16-bit, grey, paletted,
// CMYK) through RGBA64At, which allocates nothing per pixel: scaling them
// straight with CatmullRom would need a float buffer of the target width
// by the source height, 270 MB for a 7071-pixel-high source.
func boxShrinkAny(s image.RGBA64Image, k int) *image.RGBA {
	r := s.Bounds()
	sw, sh := r.Dx(), r.Dy()
	ow, oh := (sw+k-1)/k, (sh+k-1)/k
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))
	sums := make([]int, ow*3)
	for oy := range oh {
		y0, y1 := oy*k, min(oy*k+k, sh)
		clear(sums)
		for y := y0; y < y1; y++ {
			for x := range sw {
				c := s.RGBA64At(r.Min.X+x, r.Min.Y+y)
				w := 0xffff - int(c.A) // premultiplied: onto white adds 1-alpha
				ox := x / k
				sums[ox*3] += int(c.R) + w
				sums[ox*3+1] += int(c.G) + w
				sums[ox*3+2] += int(c.B) + w
			}
		}
		out := dst.Pix[oy*dst.Stride:]
		for ox := range ow {
			n := (min(ox*k+k, sw) - ox*k) * (y1 - y0) * 257 // 16-bit sums to 8-bit means
			p := out[ox*4 : ox*4+4]
			p[0] = uint8((sums[ox*3] + n/2) / n)
			p[1] = uint8((sums[ox*3+1] + n/2) / n)
			p[2] = uint8((sums[ox*3+2] + n/2) / n)
			p[3] = 0xFF
		}
	}
	return dst
}

func boxShrinkYCbCr(s *image.YCbCr, k int) *image.RGBA {
	r := s.Rect
	sw, sh := r.Dx(), r.Dy()
	ow, oh := (sw+k-1)/k, (sh+k-1)/k
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))

	// Chroma offsets are separable: COffset(x, y) = rowPart(y) + colPart(x).
	c0 := s.COffset(r.Min.X, r.Min.Y)
	cCol := make([]int, sw)
	for x := range sw {
		cCol[x] = s.COffset(r.Min.X+x, r.Min.Y) - c0
	}
	sy := make([]int, ow)
	scb := make([]int, ow)
	scr := make([]int, ow)
	for oy := range oh {
		y0, y1 := oy*k, min(oy*k+k, sh)
		clear(sy)
		clear(scb)
		clear(scr)
		for y := y0; y < y1; y++ {
			yRow := s.Y[s.YOffset(r.Min.X, r.Min.Y+y):]
			cRow := s.COffset(r.Min.X, r.Min.Y+y)
			for ox := range ow {
				x0, x1 := ox*k, min(ox*k+k, sw)
				var ay, acb, acr int
				for x := x0; x < x1; x++ {
					ay += int(yRow[x])
					ci := cRow + cCol[x]
					acb += int(s.Cb[ci])
					acr += int(s.Cr[ci])
				}
				sy[ox] += ay
				scb[ox] += acb
				scr[ox] += acr
			}
		}
		row := dst.Pix[oy*dst.Stride:]
		for ox := range ow {
			n := (min(ox*k+k, sw) - ox*k) * (y1 - y0)
			// Averaging in YCbCr equals averaging in RGB: the transform is affine.
			rr, gg, bb := color.YCbCrToRGB(
				uint8((sy[ox]+n/2)/n), uint8((scb[ox]+n/2)/n), uint8((scr[ox]+n/2)/n))
			p := row[ox*4 : ox*4+4]
			p[0], p[1], p[2], p[3] = rr, gg, bb, 0xFF
		}
	}
	return dst
}

// boxShrinkPix handles 8-bit RGBA-ordered pixels, premultiplied or not.
// Each pixel is composited onto white before averaging.
func boxShrinkPix(pix []byte, stride int, r image.Rectangle, k int, premultiplied bool) *image.RGBA {
	sw, sh := r.Dx(), r.Dy()
	ow, oh := (sw+k-1)/k, (sh+k-1)/k
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))
	sums := make([]int, ow*3)
	for oy := range oh {
		y0, y1 := oy*k, min(oy*k+k, sh)
		clear(sums)
		for y := y0; y < y1; y++ {
			row := pix[y*stride:]
			for ox := range ow {
				x0, x1 := ox*k, min(ox*k+k, sw)
				var ar, ag, ab int
				for x := x0; x < x1; x++ {
					p := row[x*4 : x*4+4]
					a := int(p[3])
					if a == 0xFF {
						ar += int(p[0])
						ag += int(p[1])
						ab += int(p[2])
						continue
					}
					if premultiplied { // c' = c + (255 - a)
						ar += int(p[0]) + 255 - a
						ag += int(p[1]) + 255 - a
						ab += int(p[2]) + 255 - a
					} else { // c' = (c*a + 255*(255-a)) / 255
						w := 255 * (255 - a)
						ar += (int(p[0])*a + w + 127) / 255
						ag += (int(p[1])*a + w + 127) / 255
						ab += (int(p[2])*a + w + 127) / 255
					}
				}
				sums[ox*3] += ar
				sums[ox*3+1] += ag
				sums[ox*3+2] += ab
			}
		}
		out := dst.Pix[oy*dst.Stride:]
		for ox := range ow {
			n := (min(ox*k+k, sw) - ox*k) * (y1 - y0)
			p := out[ox*4 : ox*4+4]
			p[0] = uint8((sums[ox*3] + n/2) / n)
			p[1] = uint8((sums[ox*3+1] + n/2) / n)
			p[2] = uint8((sums[ox*3+2] + n/2) / n)
			p[3] = 0xFF
		}
	}
	return dst
}
