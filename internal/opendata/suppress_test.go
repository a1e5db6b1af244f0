package opendata

import (
	"math/rand/v2"
	"testing"
)

// attack is a reader with the published table: in any line (a row or a
// column with its total) holding one withheld entry, that entry is the
// total minus the rest (or the total, the sum); derived entries count as
// published, again and again. It returns the entries it learnt.
func attack(t Table, s Suppressed) map[[2]int]int64 {
	rows, cols := len(t.Cells), len(t.ColTotals)
	known := map[[2]int]bool{}
	value := map[[2]int]int64{}
	for r := 0; r <= rows; r++ {
		for c := 0; c <= cols; c++ {
			var v int64
			var hid bool
			switch {
			case r < rows && c < cols:
				v, hid = t.Cells[r][c], s.Cells[r][c]
			case r < rows:
				v, hid = t.RowTotals[r], s.RowTotals[r]
			case c < cols:
				v, hid = t.ColTotals[c], s.ColTotals[c]
			default:
				v, hid = t.Total, s.Total
			}
			value[[2]int{r, c}] = v
			known[[2]int{r, c}] = !hid
		}
	}
	learnt := map[[2]int]int64{}
	solve := func(line [][2]int) bool { // the last of line is the total
		var unknown [][2]int
		for _, p := range line {
			if !known[p] {
				unknown = append(unknown, p)
			}
		}
		if len(unknown) != 1 {
			return false
		}
		p := unknown[0]
		known[p], learnt[p] = true, value[p] // the reader computes exactly this value
		return true
	}
	for progress := true; progress; {
		progress = false
		for r := 0; r <= rows; r++ {
			var line [][2]int
			for c := 0; c <= cols; c++ {
				line = append(line, [2]int{r, c})
			}
			progress = solve(line) || progress
		}
		for c := 0; c <= cols; c++ {
			var line [][2]int
			for r := 0; r <= rows; r++ {
				line = append(line, [2]int{r, c})
			}
			progress = solve(line) || progress
		}
	}
	return learnt
}

// TestSuppressionHoldsAgainstTheTotals: Palembang's 3 batik makers are
// withheld, and so is a second cell of its row and of its column, so
// neither the row's nor the column's total gives them away.
func TestSuppressionHoldsAgainstTheTotals(t *testing.T) {
	tab := NewTable([][]int64{
		{3, 40, 12}, // Palembang: batik, kuliner, kriya
		{25, 60, 0}, // Lahat
		{8, 9, 30},  // Banyuasin
	})
	s := Suppress(tab)
	if !s.Cells[0][0] {
		t.Fatal("3 batik makers in Palembang are published")
	}
	if s.Cells[1][2] {
		t.Error("a zero is withheld")
	}
	hiddenIn := func(cells ...bool) (n int) {
		for _, h := range cells {
			if h {
				n++
			}
		}
		return n
	}
	if n := hiddenIn(s.Cells[0][0], s.Cells[0][1], s.Cells[0][2], s.RowTotals[0]); n < 2 {
		t.Errorf("Palembang's row withholds %d entries: its total gives the 3 away", n)
	}
	if n := hiddenIn(s.Cells[0][0], s.Cells[1][0], s.Cells[2][0], s.ColTotals[0]); n < 2 {
		t.Errorf("the batik column withholds %d entries: its total gives the 3 away", n)
	}
	if learnt := attack(tab, s); len(learnt) > 0 {
		t.Errorf("the totals give away %v", learnt)
	}
}

// TestSuppressionRandomTables: on random sparse tables of small counts,
// every count from 1 to 4 is withheld, no zero is, every line withholds
// none or at least two entries, and a reader subtracting published
// entries from totals, as often as it likes, learns nothing withheld.
func TestSuppressionRandomTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 2026))
	for n := range 3000 {
		rows, cols := 1+rng.IntN(6), 1+rng.IntN(6)
		cells := make([][]int64, rows)
		for r := range cells {
			cells[r] = make([]int64, cols)
			for c := range cells[r] {
				switch rng.IntN(4) {
				case 0:
					cells[r][c] = 0
				case 1:
					cells[r][c] = 1 + rng.Int64N(4)
				default:
					cells[r][c] = rng.Int64N(60)
				}
			}
		}
		tab := NewTable(cells)
		s := Suppress(tab)
		for r := range rows {
			for c := range cols {
				if v := cells[r][c]; (v > 0 && v < MinCell) != s.Cells[r][c] && v < MinCell {
					t.Fatalf("table %d: cell %d,%d = %d withheld %v", n, r, c, v, s.Cells[r][c])
				}
			}
		}
		if learnt := attack(tab, s); len(learnt) > 0 {
			t.Fatalf("table %d %v: the totals give away %v (suppressed %+v)", n, cells, learnt, s)
		}
	}
}
