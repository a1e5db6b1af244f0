package umkm

import (
	"context"
	"fmt"
	"io"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/tabular"
	"github.com/xuri/excelize/v2"
)

// MaxExportRows bounds one export of the registry.
const MaxExportRows = 10_000

// Export returns every UMKM matching f that List shows the actor (the same
// scope, page after page), at most MaxExportRows; more reports whether
// rows were left out.
func (s *Service) Export(ctx context.Context, f Filter) (rows []UMKM, more bool, err error) {
	f.Limit, f.Cursor = 100, ""
	for {
		p, err := s.List(ctx, f)
		if err != nil {
			return nil, false, err
		}
		rows = append(rows, p.Items...)
		if p.NextCursor == "" {
			return rows, false, nil
		}
		if len(rows) >= MaxExportRows {
			return rows[:MaxExportRows], true, nil
		}
		f.Cursor = p.NextCursor
	}
}

var exportHeader = []string{"ID", "Nama usaha", "Pemilik", "NIB", "KBLI", "Kategori", "Skala", "Status",
	"Provinsi", "Kabupaten/kota", "Alamat", "WhatsApp", "Modal (Rp)", "Omzet per tahun (Rp)", "Sertifikat halal", "PIRT", "BPOM"}

// exportRow is one UMKM as export cells: personal data masked (the
// WhatsApp number), text through tabular, amounts as numbers.
func exportRow(u UMKM) []any {
	prov := u.ProvinceCode
	if p, ok := region.ProvinceByCode(u.ProvinceCode); ok {
		prov = p.Name
	}
	wa := ""
	if u.WhatsApp != "" {
		wa = idn.MaskPhone(u.WhatsApp)
	}
	return []any{u.ID, u.Name, u.OwnerName, u.NIB, u.KBLI, u.Category, string(u.Scale), string(u.Status),
		prov, region.Label(u.RegencyCode), u.Address, wa, u.Capital, u.Turnover, u.HalalCert, u.PIRT, u.BPOM}
}

// WriteCSV writes rows as a CSV export.
func WriteCSV(w io.Writer, rows []UMKM) error {
	cw := tabular.NewCSVWriter(w, true)
	header := make([]any, len(exportHeader))
	for i, h := range exportHeader {
		header[i] = h
	}
	cw.Row(header...)
	for _, u := range rows {
		cw.Row(exportRow(u)...)
	}
	return cw.Flush()
}

// WriteXLSX writes rows as a one-sheet workbook.
func WriteXLSX(w io.Writer, rows []UMKM) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "UMKM"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	put := func(col, row int, v any) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		return tabular.SetCell(f, sheet, cell, v)
	}
	for c, h := range exportHeader {
		if err := put(c+1, 1, h); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(exportHeader), 1)
	f.SetCellStyle(sheet, "A1", last, bold)
	for i, u := range rows {
		for c, v := range exportRow(u) {
			if err := put(c+1, i+2, v); err != nil {
				return fmt.Errorf("row %d: %w", i+2, err)
			}
		}
	}
	f.SetColWidth(sheet, "B", "C", 28)
	return f.Write(w)
}
