package web

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
)

// Server-drawn SVG charts in a generic shape: stacked columns over time and
// horizontal bars against a whole. (The expo's dayChart and the mall's
// occupancyChart are older, specific forms of the first; they could be
// drawn by stackedColumns too.) Inline SVG needs no script and prints.

// chartColumn is one column of stackedColumns.
type chartColumn struct {
	Label string  // under the column
	Title string  // on hover, and to a screen reader
	Parts []int64 // stacked from the bottom, coloured by index
	Top   string  // written above the column ("" none)
}

// stackedColumns draws columns of stacked parts, scaled to the tallest.
func stackedColumns(cols []chartColumn, colours []string, label string) template.HTML {
	if len(cols) == 0 {
		return ""
	}
	var top int64 = 1
	for _, c := range cols {
		var sum int64
		for _, v := range c.Parts {
			sum += max(v, 0)
		}
		top = max(top, sum)
	}
	const chartH, bottom, head, gap = 150, 22, 16, 6
	barW := max(16, min(48, 640/len(cols)-gap))
	w := len(cols)*(barW+gap) + gap
	h := head + chartH + bottom
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg class="chart" viewBox="0 0 %d %d" width="%d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, w, template.HTMLEscapeString(label))
	fmt.Fprintf(&buf, `<line x1="0" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, head+chartH, w, head+chartH)
	for i, c := range cols {
		x := gap + i*(barW+gap)
		y := float64(head + chartH)
		fmt.Fprintf(&buf, `<g><title>%s</title>`, template.HTMLEscapeString(c.Title))
		for k, v := range c.Parts {
			bh := math.Round(float64(max(v, 0)) / float64(top) * chartH)
			if bh <= 0 {
				continue
			}
			y -= bh
			fmt.Fprintf(&buf, `<rect x="%d" y="%.0f" width="%d" height="%.0f" fill="%s"/>`, x, y, barW, bh, colours[k%len(colours)])
		}
		buf.WriteString(`</g>`)
		if c.Top != "" && barW >= 30 {
			fmt.Fprintf(&buf, `<text x="%d" y="%.0f" font-size="9" text-anchor="middle">%s</text>`, x+barW/2, y-3, template.HTMLEscapeString(c.Top))
		}
		fmt.Fprintf(&buf, `<text x="%d" y="%d" font-size="10" text-anchor="middle">%s</text>`, x+barW/2, head+chartH+14, template.HTMLEscapeString(c.Label))
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String())
}

// chartBar is one row of horizontalBars.
type chartBar struct {
	Label string
	Value int64
	// Whole is what Value is measured against (a target: drawn light behind
	// the value); 0 measures the bars against the largest value.
	Whole int64
	Text  string // written after the bar
}

// horizontalBars draws one labelled bar per row: on a phone the rows stay
// readable where columns of long names would not.
func horizontalBars(bars []chartBar, label string) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	var top int64 = 1
	for _, b := range bars {
		top = max(top, b.Value, b.Whole)
	}
	const w, rowH, labelW, barMax = 410, 22, 150, 180
	h := len(bars)*rowH + 4
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg class="chart" viewBox="0 0 %d %d" width="%d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, w, template.HTMLEscapeString(label))
	for i, b := range bars {
		y := 2 + i*rowH
		name := []rune(b.Label)
		if len(name) > 24 {
			name = append(name[:23], '…')
		}
		fmt.Fprintf(&buf, `<g><title>%s: %s</title>`, template.HTMLEscapeString(b.Label), template.HTMLEscapeString(b.Text))
		fmt.Fprintf(&buf, `<text x="%d" y="%d" font-size="10" text-anchor="end">%s</text>`, labelW-6, y+14, template.HTMLEscapeString(string(name)))
		if b.Whole > 0 {
			fmt.Fprintf(&buf, `<rect x="%d" y="%d" width="%.0f" height="%d" fill="#f3c969"/>`, labelW, y+3, float64(b.Whole)/float64(top)*barMax, rowH-6)
		}
		vw := float64(b.Value) / float64(top) * barMax
		if b.Value > 0 {
			vw = max(vw, 1)
		}
		fmt.Fprintf(&buf, `<rect x="%d" y="%d" width="%.0f" height="%d" fill="#1f6f43"/>`, labelW, y+3, vw, rowH-6)
		end := float64(labelW) + max(vw, float64(b.Whole)/float64(top)*barMax)
		fmt.Fprintf(&buf, `<text x="%.0f" y="%d" font-size="10">%s</text></g>`, end+4, y+14, template.HTMLEscapeString(b.Text))
	}
	buf.WriteString(`</svg>`)
	return template.HTML(buf.String())
}
