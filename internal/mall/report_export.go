package mall

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/tabular"
)

// The report as files for the agency's spreadsheets: CSV (one table, a
// section column) and XLSX (a summary sheet and one sheet per breakdown).
// Headers are Indonesian, the agencies' working language; keys are codes
// (regency codes, categories, dates) so rows join other data.

var reportHeader = []any{"bagian", "kunci", "nama", "umkm", "giliran", "hari_lapak_terisi", "hadir", "tidak_hadir", "penjualan_rp", "transaksi"}

func (r Report) sections() []struct {
	name string
	rows []ReportRow
} {
	return []struct {
		name string
		rows []ReportRow
	}{{"hari", r.ByDay}, {"zona", r.ByZone}, {"kabupaten_kota", r.ByRegency}, {"kategori", r.ByCategory}}
}

// WriteCSV writes the report as one CSV table.
func WriteCSV(w io.Writer, r Report) error {
	cw := tabular.NewCSVWriter(w, false)
	cw.Row(reportHeader...)
	o := r.Occupancy
	cw.Row("total", r.From+"/"+r.To, r.VenueName, "", "", o.BookedDays, o.Present, o.NoShows, r.Sales, r.SalesCount)
	cw.Row("retribusi", "ditagih", "", "", "", "", "", "", r.Fees.Invoiced, "")
	cw.Row("retribusi", "dibayar", "", "", "", "", "", "", r.Fees.Paid, "")
	cw.Row("retribusi", "tunggakan", "", "", "", "", "", "", r.Fees.Arrears, "")
	for _, sec := range r.sections() {
		for _, x := range sec.rows {
			cw.Row(sec.name, x.Key, x.Label, x.UMKM, x.Turns, x.BookedDays, x.Present, x.NoShows, x.Sales, x.SalesCount)
		}
	}
	return cw.Flush()
}

// WriteXLSX writes the report as a workbook, amounts in rupiah format.
func WriteXLSX(w io.Writer, r Report) error {
	f := excelize.NewFile()
	defer f.Close()
	format := `"Rp"#,##0`
	rp, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	sum := "Ringkasan"
	f.SetSheetName("Sheet1", sum)
	tabular.SetCell(f, sum, "A1", r.VenueName)
	f.SetCellStyle(sum, "A1", "A1", bold)
	tabular.SetCell(f, sum, "A2", r.From+" – "+r.To)
	o := r.Occupancy
	for i, kv := range []struct {
		k     string
		v     int64
		money bool
	}{{"Hari buka", o.OpenDays, false}, {"Hari-lapak tersedia", o.StallDays, false}, {"Hari-lapak terisi giliran", o.BookedDays, false},
		{"Hadir", o.Present, false}, {"Tidak hadir (dilepas)", o.NoShows, false}, {"Penjualan di lapak", r.Sales, true},
		{"Transaksi", r.SalesCount, false}, {"Retribusi ditagih", r.Fees.Invoiced, true}, {"Retribusi dibayar", r.Fees.Paid, true},
		{"Tunggakan", r.Fees.Arrears, true}} {
		row := i + 4
		tabular.SetCell(f, sum, fmt.Sprintf("A%d", row), kv.k)
		tabular.SetCell(f, sum, fmt.Sprintf("B%d", row), kv.v)
		if kv.money {
			f.SetCellStyle(sum, fmt.Sprintf("B%d", row), fmt.Sprintf("B%d", row), rp)
		}
	}
	f.SetColWidth(sum, "A", "A", 28)
	f.SetColWidth(sum, "B", "B", 20)
	for _, sec := range r.sections() {
		name := "Per " + sec.name
		f.NewSheet(name)
		for c, h := range reportHeader[1:] {
			cell, _ := excelize.CoordinatesToCellName(c+1, 1)
			tabular.SetCell(f, name, cell, fmt.Sprint(h))
			f.SetCellStyle(name, cell, cell, bold)
		}
		for i, x := range sec.rows {
			for c, v := range []any{x.Key, x.Label, x.UMKM, x.Turns, x.BookedDays, x.Present, x.NoShows, x.Sales, x.SalesCount} {
				cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
				tabular.SetCell(f, name, cell, v)
			}
			cell, _ := excelize.CoordinatesToCellName(8, i+2)
			f.SetCellStyle(name, cell, cell, rp)
		}
	}
	_, err = f.WriteTo(w)
	return err
}
