// Package opendata publishes indicator datasets (issue 13): a catalogue
// with Satu Data Indonesia's metadata, rows of kode_wilayah, level_wilayah,
// nama_wilayah, judul, satuan, tahun, periode, data, and a CKAN-compatible
// read API. This file is its small-cell suppression.
package opendata

import (
	"cmp"
	"slices"
)

// MinCell is the smallest count published: a cell counting fewer UMKM,
// households or orders (but more than none) could single somebody out.
const MinCell = 5

// Table is a two-way table of counts (say regencies × categories) with its
// row and column totals and the grand total, as a dataset publishes it.
// Suppress marks what must not be published.
type Table struct {
	Cells     [][]int64 // [row][column]
	RowTotals []int64
	ColTotals []int64
	Total     int64
}

// NewTable is the table of cells with its totals summed.
func NewTable(cells [][]int64) Table {
	t := Table{Cells: cells, RowTotals: make([]int64, len(cells))}
	if len(cells) > 0 {
		t.ColTotals = make([]int64, len(cells[0]))
	}
	for r, row := range cells {
		for c, v := range row {
			t.RowTotals[r] += v
			t.ColTotals[c] += v
			t.Total += v
		}
	}
	return t
}

// Suppressed says which entries of a Table are withheld: cells, row
// totals, column totals and the grand total.
type Suppressed struct {
	Cells     [][]bool
	RowTotals []bool
	ColTotals []bool
	Total     bool
}

// Suppress withholds every entry (cell or total) counting from 1 to
// MinCell−1 (primary suppression), then, so that no withheld entry can be
// recovered by subtracting the published ones from a total, withholds
// more until every row and every column — each with its total, and the
// row and the column of totals with the grand total — has either no
// withheld entry or at least two (secondary suppression: the smallest
// published non-zero entry of the line, so as little as possible goes).
// Zeros are published: they single nobody out and hide nothing.
//
// This stops the single subtraction a reader would try (a row total minus
// the published cells); it is the usual first line of statistical
// disclosure control, not a guarantee against solving the whole system of
// equations, which tables this small and this coarse do not invite.
func Suppress(t Table) Suppressed {
	rows, cols := len(t.Cells), len(t.ColTotals)
	// The table with its margins: row rows is the column totals, column
	// cols the row totals, [rows][cols] the grand total.
	value := func(r, c int) int64 {
		switch {
		case r < rows && c < cols:
			return t.Cells[r][c]
		case r < rows:
			return t.RowTotals[r]
		case c < cols:
			return t.ColTotals[c]
		}
		return t.Total
	}
	hidden := make([][]bool, rows+1)
	for r := range hidden {
		hidden[r] = make([]bool, cols+1)
		for c := range hidden[r] {
			v := value(r, c)
			hidden[r][c] = v > 0 && v < MinCell
		}
	}
	type at struct{ r, c int }
	// fix withholds one more entry of a line holding exactly one withheld
	// entry; false when the line has none to give.
	fix := func(line []at) bool {
		n := 0
		var open []at
		for _, p := range line {
			if hidden[p.r][p.c] {
				n++
			} else if value(p.r, p.c) > 0 {
				open = append(open, p)
			}
		}
		if n != 1 || len(open) == 0 {
			return false
		}
		p := slices.MinFunc(open, func(a, b at) int {
			return cmp.Or(cmp.Compare(value(a.r, a.c), value(b.r, b.c)), cmp.Compare(a.r, b.r), cmp.Compare(a.c, b.c))
		})
		hidden[p.r][p.c] = true
		return true
	}
	for changed := true; changed; {
		changed = false
		for r := 0; r <= rows; r++ {
			line := make([]at, 0, cols+1)
			for c := 0; c <= cols; c++ {
				line = append(line, at{r, c})
			}
			changed = fix(line) || changed
		}
		for c := 0; c <= cols; c++ {
			line := make([]at, 0, rows+1)
			for r := 0; r <= rows; r++ {
				line = append(line, at{r, c})
			}
			changed = fix(line) || changed
		}
	}
	s := Suppressed{Cells: make([][]bool, rows), RowTotals: make([]bool, rows), ColTotals: make([]bool, cols), Total: hidden[rows][cols]}
	for r := range rows {
		s.Cells[r] = hidden[r][:cols]
		s.RowTotals[r] = hidden[r][cols]
	}
	for c := range cols {
		s.ColTotals[c] = hidden[rows][c]
	}
	return s
}
