package seed

// The synthetic products: names and descriptions from the goods and their
// variants, prices and stock, spread over the UMKM.

import (
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/search"
)

func (l *loader) produceProducts(p *plan, opt Options, send func(chunk) bool) {
	r := newRand(opt.Seed, 3)
	b := l.batcher(&productsTable, send)
	id := l.productBase
	seen := map[string]bool{}
	var desc strings.Builder
	// UMKM add their products in a shuffled order, as over time on a real
	// platform: product ids do not follow regions, which matters to how the
	// databases plan a search (a region-sorted table misleads PostgreSQL
	// into scanning half the table backwards for one province).
	for _, i := range newRand(opt.Seed, 4).Perm(len(p.umkm)) {
		u := &p.umkm[i]
		umkmID := l.umkmBase + int64(i) + 1
		clear(seen)
		for k := 0; k < u.products; k++ {
			var g *good
			var v, size variant
			var name string
			for try := 0; try < 8; try++ {
				g = u.goods[0]
				if r.IntN(2) == 0 {
					g = pick(r, u.goods)
				}
				v = pick(r, g.variants)
				size = variant{mult: 1}
				name = g.noun + " " + v.name
				if g.sizes != nil {
					size = pick(r, g.sizes)
					name += " " + size.name
				}
				if try >= 4 && seen[name] {
					name += " " + pick(r, editions)
				}
				if !seen[name] {
					break
				}
			}
			seen[name] = true

			base := float64(g.min) + r.Float64()*float64(g.max-g.min)
			price := base * v.mult * size.mult
			unit := int64(500)
			switch {
			case price >= 1_000_000:
				unit = 50_000
			case price >= 100_000:
				unit = 5_000
			}
			weight := int64(float64(g.grams) * size.mult)
			stock := int64(r.IntN(500))
			if u.cat.key == "jasa" {
				stock = int64(5 + r.IntN(50))
			} else if r.IntN(20) == 0 {
				stock = 0
			}
			status := "active"
			switch x := r.IntN(100); {
			case x < 3:
				status = "draft"
			case x < 6:
				status = "archived"
			}

			desc.Reset()
			cat := u.cat
			writeSentence(&desc, pick(r, cat.openers), g, v, u.place)
			m := r.IntN(len(cat.middles))
			writeSentence(&desc, cat.middles[m], g, v, u.place)
			if r.IntN(10) < 3 {
				writeSentence(&desc, cat.middles[(m+1+r.IntN(len(cat.middles)-1))%len(cat.middles)], g, v, u.place)
			}
			writeSentence(&desc, pick(r, closers), g, v, u.place)
			description := desc.String()

			created := u.created.Add(time.Duration(r.IntN(600*24*3600)) * time.Second)
			id++
			halal, listed := r.IntN(100) < cat.halal, status == "active" && u.verified
			doc := search.ProductDoc(name, cat.key, description, u.name, search.Facets{ProvinceCode: u.regency.ProvinceCode,
				RegencyCode: u.regency.Code, Category: cat.key, Halal: halal, Listed: listed})
			vals := []any{id, umkmID, name, description, cat.key, roundTo(price, unit), stock, weight,
				halal, status, u.regency.ProvinceCode, u.regency.Code, listed, created, created}
			if !b.add(id, vals, doc) {
				return
			}
		}
	}
	b.close()
}

func writeSentence(sb *strings.Builder, tmpl string, g *good, v variant, place string) {
	if sb.Len() > 0 {
		sb.WriteByte(' ')
	}
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			sb.WriteString(tmpl)
			return
		}
		sb.WriteString(tmpl[:i])
		j := strings.IndexByte(tmpl[i:], '}')
		switch tmpl[i+1 : i+j] {
		case "noun":
			sb.WriteString(g.noun)
		case "variant":
			sb.WriteString(v.name)
		case "place":
			sb.WriteString(place)
		case "material":
			sb.WriteString(g.material)
		case "made":
			sb.WriteString(g.made)
		}
		tmpl = tmpl[i+j+1:]
	}
}
