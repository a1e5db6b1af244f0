package seed

import (
	"bytes"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"math"
)

// motif is the kind of picture drawn for a demo product.
type motif int

const (
	motifStripes  motif = iota // woven cloth in bands
	motifSongket               // dark cloth with gold lozenges
	motifBatik                 // cream cloth with a kawung pattern
	motifJumputan              // tie-dye rings of dots
	motifDiscs                 // kemplang and kerupuk on a plate
	motifPempek                // pempek with a bowl of cuko
	motifBeans                 // a coffee bag and beans
	motifFruit                 // a heap of round fruit
	motifJar                   // a jar with a label
	motifBlocks                // stacked blocks: gula aren, dodol, wallets
	motifSandal                // a pair of kelom geulis
	motifKnit                  // a knitted sweater
	motifTshirt                // a printed t-shirt
	motifWeave                 // a woven bag
	motifGrains                // a sack of rice
	motifLayers                // a layered cake
	motifJacket                // a leather jacket
)

const picW, picH = 640, 480

// hues of the categories, in degrees: the background tint of their pictures.
var categoryHue = map[string]float64{"kuliner": 28, "fesyen": 335, "kriya": 40, "pertanian": 95, "jasa": 210, "lainnya": 170}

// productPNG draws a product picture and encodes it as PNG. The picture is
// a function of its arguments, so the demo looks the same on every load.
func productPNG(m motif, category, name string) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, productPicture(m, category, name)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func hashOf(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// hsl returns an opaque colour; h in degrees, s and l in 0–1.
func hsl(h, s, l float64) color.RGBA {
	h = math.Mod(math.Mod(h, 360)+360, 360) / 360
	f := func(n float64) uint8 {
		k := math.Mod(n+h*12, 12)
		a := s * math.Min(l, 1-l)
		v := l - a*math.Max(-1, math.Min(math.Min(k-3, 9-k), 1))
		return uint8(math.Round(v * 255))
	}
	return color.RGBA{f(0), f(8), f(4), 255}
}

type canvas struct{ img *image.RGBA }

// fill paints the pixels inside sdf (negative inside) with the colour
// colorAt gives, anti-aliased over soft pixels, with opacity alpha.
func (c canvas) fill(x0, y0, x1, y1 float64, sdf func(x, y float64) float64, soft, alpha float64, colorAt func(x, y float64) color.RGBA) {
	b := c.img.Bounds()
	ix0, iy0 := max(b.Min.X, int(math.Floor(x0-soft-1))), max(b.Min.Y, int(math.Floor(y0-soft-1)))
	ix1, iy1 := min(b.Max.X, int(math.Ceil(x1+soft+1))), min(b.Max.Y, int(math.Ceil(y1+soft+1)))
	for y := iy0; y < iy1; y++ {
		for x := ix0; x < ix1; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			cov := math.Max(0, math.Min(1, 0.5-sdf(fx, fy)/soft)) * alpha
			if cov <= 0 {
				continue
			}
			col := colorAt(fx, fy)
			i := c.img.PixOffset(x, y)
			p := c.img.Pix[i : i+3 : i+3]
			p[0] = uint8(float64(p[0])*(1-cov) + float64(col.R)*cov)
			p[1] = uint8(float64(p[1])*(1-cov) + float64(col.G)*cov)
			p[2] = uint8(float64(p[2])*(1-cov) + float64(col.B)*cov)
		}
	}
}

func solid(col color.RGBA) func(x, y float64) color.RGBA {
	return func(float64, float64) color.RGBA { return col }
}

func circleSDF(cx, cy, r float64) func(x, y float64) float64 {
	return func(x, y float64) float64 { return math.Hypot(x-cx, y-cy) - r }
}

func (c canvas) circle(cx, cy, r float64, col color.RGBA) {
	c.fill(cx-r, cy-r, cx+r, cy+r, circleSDF(cx, cy, r), 1, 1, solid(col))
}

func ellipseSDF(cx, cy, rx, ry, angle float64) func(x, y float64) float64 {
	sin, cos := math.Sincos(angle)
	return func(x, y float64) float64 {
		dx, dy := x-cx, y-cy
		u, v := dx*cos+dy*sin, -dx*sin+dy*cos
		return (math.Hypot(u/rx, v/ry) - 1) * math.Min(rx, ry)
	}
}

func (c canvas) ellipse(cx, cy, rx, ry, angle float64, col color.RGBA) {
	r := math.Max(rx, ry)
	c.fill(cx-r, cy-r, cx+r, cy+r, ellipseSDF(cx, cy, rx, ry, angle), 1, 1, solid(col))
}

func roundRectSDF(cx, cy, hw, hh, r float64) func(x, y float64) float64 {
	return func(x, y float64) float64 {
		qx, qy := math.Abs(x-cx)-hw+r, math.Abs(y-cy)-hh+r
		return math.Hypot(math.Max(qx, 0), math.Max(qy, 0)) + math.Min(math.Max(qx, qy), 0) - r
	}
}

func (c canvas) rect(cx, cy, hw, hh, r float64, colorAt func(x, y float64) color.RGBA) {
	c.fill(cx-hw, cy-hh, cx+hw, cy+hh, roundRectSDF(cx, cy, hw, hh, r), 1, 1, colorAt)
}

func shade(col color.RGBA, f float64) color.RGBA {
	g := func(v uint8) uint8 {
		if f >= 0 {
			return uint8(float64(v) + (255-float64(v))*f)
		}
		return uint8(float64(v) * (1 + f))
	}
	return color.RGBA{g(col.R), g(col.G), g(col.B), 255}
}

// rnd is a small deterministic generator for the placement of shapes.
type rnd struct{ s uint32 }

func (r *rnd) next() float64 {
	r.s ^= r.s << 13
	r.s ^= r.s >> 17
	r.s ^= r.s << 5
	return float64(r.s%10000) / 10000
}

func productPicture(m motif, category, name string) *image.RGBA {
	h := hashOf(name)
	hue := categoryHue[category] + float64(int(h%31)-15)
	r := &rnd{s: h | 1}
	img := image.NewRGBA(image.Rect(0, 0, picW, picH))
	c := canvas{img}

	// Background: a soft vertical gradient, then a shadow for the subject.
	top, bottom := hsl(hue, 0.45, 0.92), hsl(hue, 0.40, 0.80)
	for y := range picH {
		t := float64(y) / picH
		col := color.RGBA{
			uint8(float64(top.R)*(1-t) + float64(bottom.R)*t),
			uint8(float64(top.G)*(1-t) + float64(bottom.G)*t),
			uint8(float64(top.B)*(1-t) + float64(bottom.B)*t), 255}
		for x := range picW {
			i := img.PixOffset(x, y)
			copy(img.Pix[i:i+4], []byte{col.R, col.G, col.B, 255})
		}
	}
	c.fill(100, 380, 540, 450, ellipseSDF(320, 410, 230, 34, 0), 18, 0.18, solid(color.RGBA{40, 30, 20, 255}))

	main := hsl(hue+float64(h%60)-30, 0.55, 0.50)
	dark := shade(main, -0.45)
	light := shade(main, 0.65)
	gold := color.RGBA{214, 170, 60, 255}
	cream := color.RGBA{245, 233, 205, 255}
	brown := color.RGBA{120, 72, 38, 255}

	switch m {
	case motifStripes, motifSongket, motifBatik, motifJumputan:
		var pattern func(x, y float64) color.RGBA
		switch m {
		case motifStripes:
			pattern = func(x, y float64) color.RGBA {
				switch int(y/18) % 4 {
				case 0:
					return dark
				case 2:
					return light
				}
				return main
			}
		case motifSongket:
			base := hsl(hue+float64(h%40), 0.6, 0.30)
			pattern = func(x, y float64) color.RGBA {
				if math.Mod(y, 120) < 10 {
					return gold
				}
				u, v := math.Mod(x, 40)-20, math.Mod(y, 40)-20
				if math.Abs(u)+math.Abs(v) < 9 {
					return gold
				}
				if math.Abs(u)+math.Abs(v) < 12 {
					return shade(base, 0.25)
				}
				return base
			}
		case motifBatik:
			ink := shade(hsl(hue+200, 0.5, 0.35), -0.2)
			pattern = func(x, y float64) color.RGBA {
				u, v := math.Mod(x, 60)-30, math.Mod(y, 60)-30
				if math.Hypot(u, v) < 4 {
					return gold
				}
				for _, e := range [4][2]float64{{15, 0}, {-15, 0}, {0, 15}, {0, -15}} {
					rx, ry := 13.0, 7.0
					if e[0] == 0 {
						rx, ry = 7, 13
					}
					if math.Hypot((u-e[0])/rx, (v-e[1])/ry) < 1 {
						return ink
					}
				}
				return cream
			}
		default:
			pattern = func(x, y float64) color.RGBA {
				u, v := math.Mod(x, 80)-40, math.Mod(y, 80)-40
				d := math.Hypot(u, v)
				a := math.Atan2(v, u)
				k := math.Round(a / (math.Pi / 5))
				du, dv := u-22*math.Cos(k*math.Pi/5), v-22*math.Sin(k*math.Pi/5)
				if math.Hypot(du, dv) < 4.5 || d < 6 {
					return light
				}
				return main
			}
		}
		// A folded length of cloth: the lower layer, then the top fold.
		c.rect(330, 268, 230, 120, 10, solid(dark))
		c.rect(320, 250, 230, 125, 10, pattern)
		c.fill(90, 360, 550, 375, roundRectSDF(320, 368, 230, 6, 3), 1, 0.25, solid(color.RGBA{0, 0, 0, 255}))
	case motifDiscs, motifPempek:
		c.circle(320, 250, 190, color.RGBA{250, 250, 247, 255})
		c.fill(130, 60, 510, 440, func(x, y float64) float64 {
			return math.Abs(math.Hypot(x-320, y-250)-165) - 3
		}, 1, 0.5, solid(light))
		if m == motifDiscs {
			tone := color.RGBA{236, 214, 170, 255}
			for i := range 6 {
				a := float64(i)*math.Pi/3 + r.next()*0.4
				cx, cy := 320+88*math.Cos(a), 250+88*math.Sin(a)
				rad := 60 + 15*r.next()
				c.fill(cx-rad, cy-rad, cx+rad, cy+rad, circleSDF(cx, cy, rad), 1, 1, func(x, y float64) color.RGBA {
					if hashOf(string([]byte{byte(int(x) / 7), byte(int(y) / 7)}))%9 == 0 {
						return shade(tone, -0.18)
					}
					return tone
				})
				c.fill(cx-rad, cy-rad, cx+rad, cy+rad, func(x, y float64) float64 {
					return math.Abs(math.Hypot(x-cx, y-cy)-rad+2) - 2
				}, 1, 0.6, solid(shade(tone, -0.25)))
			}
			c.circle(320, 250, 55, tone)
		} else {
			tone := color.RGBA{222, 190, 140, 255}
			for i := range 4 {
				a := float64(i)*math.Pi/2 + 0.3
				c.ellipse(320+95*math.Cos(a), 250+95*math.Sin(a), 62, 38, a+math.Pi/2, tone)
				c.ellipse(320+95*math.Cos(a)-8, 250+95*math.Sin(a)-8, 30, 12, a+math.Pi/2, shade(tone, 0.35))
			}
			c.circle(320, 250, 58, color.RGBA{230, 230, 230, 255})
			c.circle(320, 250, 50, color.RGBA{70, 40, 25, 255})
			for i := range 5 {
				c.rect(300+10*float64(i), 240+r.next()*20, 5, 5, 1, solid(color.RGBA{120, 170, 80, 255}))
			}
		}
	case motifBeans:
		kraft := color.RGBA{176, 135, 92, 255}
		c.rect(230, 250, 110, 150, 14, solid(kraft))
		c.rect(230, 110, 110, 12, 4, solid(shade(kraft, -0.25)))
		c.rect(230, 260, 80, 55, 6, solid(cream))
		c.rect(230, 260, 80, 8, 0, solid(main))
		bean := color.RGBA{92, 52, 28, 255}
		for range 14 {
			x, y, a := 400+r.next()*170, 250+r.next()*150, r.next()*math.Pi
			c.ellipse(x, y, 17, 12, a, bean)
			c.ellipse(x, y, 13, 1.6, a, shade(bean, 0.35))
		}
	case motifFruit:
		c.rect(320, 330, 200, 70, 30, func(x, y float64) color.RGBA {
			if (int(x/16)+int(y/16))%2 == 0 {
				return color.RGBA{170, 120, 70, 255}
			}
			return color.RGBA{140, 95, 55, 255}
		})
		fruit := hsl(45+float64(h%20), 0.6, 0.62)
		for row := range 3 {
			n := 6 - row
			for i := range n {
				x := 320 + (float64(i)-float64(n-1)/2)*62 + r.next()*8
				y := 280 - float64(row)*50 + r.next()*6
				c.circle(x, y, 33, fruit)
				c.circle(x-10, y-11, 9, shade(fruit, 0.5))
			}
		}
	case motifJar:
		c.rect(320, 275, 110, 135, 34, solid(main))
		c.rect(270, 265, 12, 100, 6, solid(shade(main, 0.35)))
		c.rect(320, 125, 96, 24, 6, solid(dark))
		c.rect(320, 285, 84, 52, 6, solid(cream))
		c.rect(320, 285, 84, 7, 0, solid(shade(main, -0.2)))
		c.circle(320, 285, 22, light)
	case motifBlocks:
		tone := hsl(22+float64(h%16), 0.55, 0.28)
		for i := range 3 {
			y := 330 - float64(i)*72
			x := 320 + (r.next()-0.5)*30
			c.rect(x, y, 150-float64(i)*18, 34, 10, solid(tone))
			c.rect(x, y-22, 140-float64(i)*18, 6, 3, solid(shade(tone, 0.3)))
		}
	case motifSandal:
		wood := color.RGBA{205, 160, 110, 255}
		for i, x := range []float64{240, 400} {
			y := 250 + float64(i)*20
			c.rect(x, y, 62, 165, 55, solid(shade(wood, -0.3)))
			c.rect(x, y-6, 58, 160, 52, solid(wood))
			c.rect(x, y-85, 66, 30, 12, solid(main))
			for k := range 3 {
				fx := x - 36 + float64(k)*36
				c.circle(fx, y-85, 10, light)
				c.circle(fx, y-85, 4, gold)
			}
			for k := range 4 {
				c.circle(x+(r.next()-0.5)*50, y+10+float64(k)*30, 7, shade(main, 0.2))
			}
		}
	case motifKnit, motifTshirt, motifJacket:
		var body func(x, y float64) color.RGBA
		switch m {
		case motifKnit:
			body = func(x, y float64) color.RGBA {
				if int((y+math.Abs(math.Mod(x, 40)-20))/16)%2 == 0 {
					return main
				}
				return shade(main, -0.25)
			}
		case motifTshirt:
			body = solid(main)
		default:
			body = solid(color.RGBA{88, 55, 35, 255})
		}
		c.fill(120, 90, 520, 300, func(x, y float64) float64 {
			// Sleeves: two slanted bars.
			d1 := roundRectSDF(0, 0, 45, 110, 20)((x-200)*math.Cos(0.5)+(y-180)*math.Sin(0.5), -(x-200)*math.Sin(0.5)+(y-180)*math.Cos(0.5))
			d2 := roundRectSDF(0, 0, 45, 110, 20)((x-440)*math.Cos(-0.5)+(y-180)*math.Sin(-0.5), -(x-440)*math.Sin(-0.5)+(y-180)*math.Cos(-0.5))
			return math.Min(d1, d2)
		}, 1, 1, body)
		c.rect(320, 250, 125, 160, 18, body)
		c.circle(320, 95, 42, shade(top, 0))
		switch m {
		case motifTshirt:
			c.circle(320, 210, 48, light)
			c.circle(320, 210, 30, gold)
		case motifJacket:
			c.rect(320, 255, 3, 150, 1, solid(color.RGBA{200, 190, 170, 255}))
			c.rect(270, 300, 30, 4, 2, solid(color.RGBA{60, 35, 22, 255}))
			c.rect(370, 300, 30, 4, 2, solid(color.RGBA{60, 35, 22, 255}))
		default:
			c.rect(320, 400, 125, 12, 6, solid(dark))
		}
	case motifWeave:
		straw := color.RGBA{196, 160, 105, 255}
		c.fill(150, 60, 490, 260, func(x, y float64) float64 {
			return math.Abs(math.Hypot((x-320)/1.3, y-200)-95) - 9
		}, 1, 1, solid(shade(straw, -0.3)))
		c.rect(320, 290, 170, 120, 18, func(x, y float64) color.RGBA {
			u, v := math.Mod(x, 24), math.Mod(y, 24)
			if u < 2 || v < 2 {
				return shade(straw, -0.35)
			}
			if (int(x/24)+int(y/24))%2 == 0 {
				return straw
			}
			return main
		})
	case motifGrains:
		sack := color.RGBA{238, 232, 215, 255}
		c.rect(320, 270, 140, 150, 30, solid(sack))
		c.rect(320, 115, 60, 18, 8, solid(shade(sack, -0.2)))
		c.rect(320, 280, 100, 60, 8, solid(main))
		c.circle(320, 280, 30, light)
		for range 120 {
			x, y := 150+r.next()*340, 390+r.next()*40
			c.ellipse(x, y, 4, 2, r.next()*math.Pi, color.RGBA{250, 250, 245, 255})
		}
	case motifLayers:
		c.ellipse(320, 360, 230, 50, 0, color.RGBA{250, 250, 247, 255})
		crumb := hsl(hue+20, 0.7, 0.62)
		c.rect(320, 250, 170, 110, 8, func(x, y float64) color.RGBA {
			if int(y/12)%2 == 0 {
				return crumb
			}
			return shade(crumb, -0.35)
		})
		c.rect(320, 143, 170, 9, 6, solid(shade(brown, -0.1)))
	}
	return img
}
