package opendata

import (
	"cmp"
	"errors"
	"slices"
	"strconv"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// Block is one table of a dataset for one period: the areas of its rows
// (regencies) under the area of its totals (their province), and for each
// area and class what it counts. A dataset whose figure is not the count
// (rupiah of sales) gives it in Values, and Counts (orders) decides what
// is withheld.
type Block struct {
	Year   int
	Period string // "tahunan" for a year; the month, "01"–"12", for a month
	// Total is the area of the totals row: the province whose regencies
	// Areas are.
	Total  string
	Areas  []string
	Counts [][]int64 // [area][class]; one class without a Dimension
	Values [][]int64 // nil: the counts are the figures
}

// PeriodYear is Block.Period of a whole year.
const PeriodYear = "tahunan"

// Withheld is the mark of a suppressed figure in the keterangan column
// (its data is empty: null in JSON, an empty cell in CSV).
const Withheld = "disembunyikan (< 5)"

// Row is one published row in the provincial portals' format.
type Row struct {
	KodeWilayah  string
	LevelWilayah string // "provinsi" or "kabupaten/kota"
	NamaWilayah  string
	Judul        string
	Kelas        string // the Dimension's value; "" without one
	Satuan       string
	Tahun        int
	Periode      string
	// Data is the figure, nil when withheld.
	Data       *int64
	Keterangan string
}

// Levels of an area in the rows.
const (
	LevelProvince = "provinsi"
	LevelRegency  = "kabupaten/kota"
)

// Field is one column of a dataset's rows, with its CKAN datastore type.
type Field struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// Fields are d's columns in order: the portals' row format, with the
// Dimension's column after judul.
func (d *Dataset) Fields() []Field {
	f := []Field{{"kode_wilayah", "text"}, {"level_wilayah", "text"}, {"nama_wilayah", "text"}, {"judul", "text"}}
	if d.Dimension != nil {
		f = append(f, Field{d.Dimension.Column, "text"})
	}
	return append(f, Field{"satuan", "text"}, Field{"tahun", "int"}, Field{"periode", "text"}, Field{"data", "int"}, Field{"keterangan", "text"})
}

// Values is r's cells in the order of d.Fields (data nil when withheld).
func (r Row) Values(d *Dataset) []any {
	var data any
	if r.Data != nil {
		data = *r.Data
	}
	v := []any{r.KodeWilayah, r.LevelWilayah, r.NamaWilayah, r.Judul}
	if d.Dimension != nil {
		v = append(v, r.Kelas)
	}
	return append(v, r.Satuan, r.Tahun, r.Periode, data, r.Keterangan)
}

// Record is r as a JSON object of d's fields.
func (r Row) Record(d *Dataset) map[string]any {
	m := map[string]any{}
	for i, v := range r.Values(d) {
		m[d.Fields()[i].ID] = v
	}
	return m
}

// areaName is the Kemendagri name of a province or regency code.
func areaName(code string) (name, level string) {
	if p, ok := region.ProvinceByCode(code); ok {
		return p.Name, LevelProvince
	}
	if r, ok := region.RegencyByCode(code); ok {
		return r.Name, LevelRegency
	}
	return code, LevelRegency
}

// publish turns a block into rows: its cells, each area's total over the
// classes (with a Dimension), the totals area's figure per class and its
// grand total, every entry Suppress withholds marked and emptied.
func publish(d *Dataset, b Block, judul, unit string) ([]Row, error) {
	classes := []string{""}
	total := ""
	if d.Dimension != nil {
		classes, total = d.Dimension.Values, d.Dimension.Total
	}
	if len(b.Counts) != len(b.Areas) || (b.Values != nil && len(b.Values) != len(b.Areas)) {
		return nil, errors.New("block rows do not match its areas")
	}
	for i := range b.Counts {
		if len(b.Counts[i]) != len(classes) || (b.Values != nil && len(b.Values[i]) != len(classes)) {
			return nil, errors.New("block columns do not match the classes")
		}
	}
	t := NewTable(b.Counts)
	s := Suppress(t)
	// The figures: the counts, or the values with their sums.
	fig := Table{Cells: b.Counts, RowTotals: t.RowTotals, ColTotals: t.ColTotals, Total: t.Total}
	if b.Values != nil {
		var sum platform.CheckedSum
		fig = Table{Cells: b.Values, RowTotals: make([]int64, len(b.Areas)), ColTotals: make([]int64, len(classes))}
		for r, row := range b.Values {
			for c, v := range row {
				sum.Plus(&fig.RowTotals[r], v)
				sum.Plus(&fig.ColTotals[c], v)
				sum.Plus(&fig.Total, v)
			}
		}
		if sum.Overflow {
			return nil, errors.New("a total does not fit an int64")
		}
	}
	row := func(area, class string, v int64, hidden bool) Row {
		name, level := areaName(area)
		r := Row{KodeWilayah: area, LevelWilayah: level, NamaWilayah: name, Judul: judul, Kelas: class, Satuan: unit,
			Tahun: b.Year, Periode: b.Period}
		if hidden {
			r.Keterangan = Withheld
		} else {
			r.Data = &v
		}
		return r
	}
	var out []Row
	for i, area := range b.Areas {
		for c, class := range classes {
			out = append(out, row(area, class, fig.Cells[i][c], s.Cells[i][c]))
		}
		if d.Dimension != nil {
			out = append(out, row(area, total, fig.RowTotals[i], s.RowTotals[i]))
		}
	}
	if b.Total != "" {
		for c, class := range classes {
			// Without a Dimension the column's total is the grand total:
			// withheld when either is.
			out = append(out, row(b.Total, class, fig.ColTotals[c], s.ColTotals[c] || (d.Dimension == nil && s.Total)))
		}
		if d.Dimension != nil {
			out = append(out, row(b.Total, total, fig.Total, s.Total))
		}
	}
	return out, nil
}

// sortRows orders rows by year, period, area code (a province before its
// regencies) and class in the Dimension's order (its total last).
func sortRows(d *Dataset, rows []Row) {
	rank := func(class string) int {
		if d.Dimension == nil {
			return 0
		}
		if i := slices.Index(d.Dimension.Values, class); i >= 0 {
			return i
		}
		return len(d.Dimension.Values)
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Tahun, b.Tahun), cmp.Compare(a.Periode, b.Periode), cmp.Compare(a.KodeWilayah, b.KodeWilayah),
			cmp.Compare(rank(a.Kelas), rank(b.Kelas)))
	})
}

// text is a cell as the string filters compare (a withheld datum is "").
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return ""
}
