package web

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/mall"
)

// The site plan of a venue as inline SVG: each stall drawn at its position
// and size, coloured by what the day holds there. Server-drawn, a few
// kilobytes, readable without JavaScript; the page scrolls it in its own
// box on a phone (decision 0019).

// planStall is a stall as the plan draws it.
type planStall struct {
	Stall mall.Stall
	// State is free, taken (a tenant today), present, expected, no_show or repair.
	State string
	// Label is the title shown on hover or to a screen reader: code and tenant.
	Label string
}

// planColours are fill and ink per state; the legend uses the same classes.
var planColours = map[string][2]string{
	"free":     {"#ffffff", "#8a2a0e"},
	"taken":    {"#8a2a0e", "#ffffff"},
	"present":  {"#1f6f43", "#ffffff"},
	"expected": {"#f3c969", "#3b2a05"},
	"no_show":  {"#d9d9d9", "#555555"},
	"repair":   {"#eeeeee", "#999999"},
}

// stallSize reads "3x3" (metres) as plan units (a metre is ten units);
// anything else is a 3 m square.
func stallSize(size string) (w, h int) {
	a, b, ok := strings.Cut(strings.ToLower(strings.TrimSpace(size)), "x")
	wm, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	hm, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if !ok || err1 != nil || err2 != nil || wm <= 0 || hm <= 0 || wm > 50 || hm > 50 {
		return 30, 30
	}
	return int(wm * 10), int(hm * 10)
}

// sitePlan draws the stalls. Stalls without a position (all at 0,0) are
// laid out in rows by zone instead, so a venue that has not drawn its plan
// still shows one.
func sitePlan(stalls []planStall, label string) template.HTML {
	if len(stalls) == 0 {
		return ""
	}
	placed := false
	for _, p := range stalls {
		placed = placed || p.Stall.X != 0 || p.Stall.Y != 0
	}
	type box struct{ x, y, w, h int }
	boxes := make([]box, len(stalls))
	if placed {
		for i, p := range stalls {
			w, h := stallSize(p.Stall.Size)
			boxes[i] = box{p.Stall.X, p.Stall.Y, w, h}
		}
	} else {
		row, col, zone := -1, 0, "\x00"
		for i, p := range stalls {
			if p.Stall.Zone != zone || col == 8 {
				row, col, zone = row+1, 0, p.Stall.Zone
			}
			boxes[i] = box{10 + col*40, 10 + row*40, 34, 34}
			col++
		}
	}
	maxX, maxY := 0, 0
	for _, b := range boxes {
		maxX, maxY = max(maxX, b.x+b.w), max(maxY, b.y+b.h)
	}
	w, h := maxX+10, maxY+10
	// Drawn at two pixels per unit up to 760 px wide: legible codes, and the
	// box scrolls on a phone rather than shrinking the labels away.
	scale := 2.0
	if float64(w)*scale > 760 {
		scale = 760 / float64(w)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg class="site-plan" viewBox="0 0 %d %d" width="%d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		w, h, int(float64(w)*scale), template.HTMLEscapeString(label))
	fmt.Fprintf(&buf, `<rect x="0" y="0" width="%d" height="%d" fill="#faf6ef"/>`, w, h)
	for i, p := range stalls {
		b := boxes[i]
		c, ok := planColours[p.State]
		if !ok {
			c = planColours["free"]
		}
		font := max(6, min(11, b.w/3))
		fmt.Fprintf(&buf, `<g><title>%s</title><rect x="%d" y="%d" width="%d" height="%d" rx="2" fill="%s" stroke="#8a2a0e" stroke-width="0.8"/>`+
			`<text x="%d" y="%d" font-size="%d" text-anchor="middle" fill="%s">%s</text></g>`,
			template.HTMLEscapeString(p.Label), b.x, b.y, b.w, b.h, c[0],
			b.x+b.w/2, b.y+b.h/2+font/3, font, c[1], template.HTMLEscapeString(p.Stall.Code))
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String())
}
