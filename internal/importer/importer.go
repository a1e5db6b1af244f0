// Package importer reads the UMKM lists that provincial agencies keep in
// spreadsheets (CSV or XLSX) into the registry. Every row goes through
// umkm.Service.Upsert, so the rules, permissions and audit log are the same
// as for the API, and the NIB keeps a re-imported file from creating
// duplicates.
package importer

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/tabular"
	"github.com/gerai-id/gerai/internal/umkm"
)

// RowError is one problem with one row of the file. Row numbers are
// spreadsheet rows (header = row 1, first data row = 2).
type RowError struct {
	Row     int
	Column  string // the header as written in the file (e.g. "NIB"), "" for whole-row errors
	Message string // for the agency officer, in Indonesian
}

// String renders e for a log or a command line: "Baris 3, kolom NIB: …".
func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("Baris %d: %s", e.Row, e.Message)
	}
	return fmt.Sprintf("Baris %d, kolom %s: %s", e.Row, e.Column, e.Message)
}

// Report is the outcome of an import. Rows counts the data rows that were
// not empty; each is either created, updated or has errors.
type Report struct {
	Rows, Created, Updated int
	Errors                 []RowError
}

// Failed reports whether any row was rejected.
func (r Report) Failed() bool { return len(r.Errors) > 0 }

// ImportUMKMFile imports the file at path, its format chosen by the
// extension: .csv, or .xlsx (the first sheet).
func ImportUMKMFile(ctx context.Context, svc *umkm.Service, path string, progress func(done, total int)) (Report, error) {
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if format != "csv" && format != "xlsx" {
		return Report{}, errFormat()
	}
	f, err := os.Open(path)
	if err != nil {
		return Report{}, err
	}
	defer f.Close()
	return ImportUMKM(ctx, svc, f, format, progress)
}

// ImportUMKM imports a spreadsheet of format "csv" or "xlsx" as the actor
// in ctx. Rows with errors are reported and skipped; the valid rows are
// created or updated regardless. A file that cannot be read, or whose header
// lacks a required column, is a returned platform.Error of kind invalid, and
// one past Limits of kind too_large; then nothing is imported. Any other error (the database) stops the import and
// is returned with the report so far. progress, if not nil, is called after
// each data row.
func ImportUMKM(ctx context.Context, svc *umkm.Service, r io.Reader, format string, progress func(done, total int)) (Report, error) {
	format = strings.TrimPrefix(strings.ToLower(format), ".")
	if format != "csv" && format != "xlsx" {
		return Report{}, errFormat()
	}
	sheet, err := tabular.Read(r, format, Limits)
	if err != nil {
		return Report{}, err
	}
	rows := make([]record, len(sheet))
	for i, row := range sheet {
		rows[i] = record{row: row.Number, cells: row.Cells}
	}
	return importRows(ctx, svc, rows, progress)
}

func errFormat() error {
	return platform.Errorf(platform.KindInvalid, "Format berkas tidak didukung: gunakan .csv atau .xlsx")
}

// Limits bound the files ImportUMKM reads: a province's list of up to
// 100,000 UMKM (rows) of a few hundred bytes each fits well within them.
var Limits = tabular.Limits{MaxFileBytes: 64 << 20, MaxUnpackedBytes: 256 << 20, MaxRows: 100_000, MaxColumns: 64, MaxCellBytes: 32 << 10}

// WriteTemplateCSV writes an empty CSV template: the expected header row,
// so that agencies know the columns.
func WriteTemplateCSV(w io.Writer) error {
	header := make([]any, len(columns))
	for i, c := range columns {
		header[i] = c.header
	}
	cw := tabular.NewCSVWriter(w, true)
	cw.Row(header...)
	return cw.Flush()
}

// record is one row of the file with its spreadsheet row number.
type record struct {
	row   int
	cells []string
}

func (r record) empty() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readHeader finds the columns in the first non-empty row.
func readHeader(header record) (*layout, error) {
	l := &layout{index: make([]int, len(columns)), header: make([]string, len(columns))}
	for i := range l.index {
		l.index[i] = -1
	}
	for pos, cell := range header.cells {
		i, ok := headerIndex[normaliseHeader(cell)]
		if ok && l.index[i] < 0 { // the first of duplicated columns wins
			l.index[i], l.header[i] = pos, strings.TrimSpace(cell)
		}
	}
	var missing []string
	for i, c := range columns {
		if c.required && l.index[i] < 0 {
			missing = append(missing, c.header)
		}
	}
	if len(missing) > 0 {
		return nil, platform.Errorf(platform.KindInvalid,
			"Kolom wajib tidak ditemukan di baris judul (baris %d): %s. Unduh templat untuk melihat nama kolom yang diharapkan.",
			header.row, strings.Join(missing, ", "))
	}
	return l, nil
}

func importRows(ctx context.Context, svc *umkm.Service, rows []record, progress func(done, total int)) (Report, error) {
	var rep Report
	h := slices.IndexFunc(rows, func(r record) bool { return !r.empty() })
	if h < 0 {
		return rep, platform.Errorf(platform.KindInvalid, "Berkas kosong: baris judul kolom tidak ditemukan")
	}
	l, err := readHeader(rows[h])
	if err != nil {
		return rep, err
	}
	var data []record
	for _, r := range rows[h+1:] {
		if !r.empty() {
			data = append(data, r)
		}
	}
	rep.Rows = len(data)
	seenNIB := map[string]int{} // NIB → the row that saved it
	for done, r := range data {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		errs, err := importRow(ctx, svc, l, r, seenNIB, &rep)
		if err != nil {
			return rep, fmt.Errorf("importer: row %d: %w", r.row, err)
		}
		rep.Errors = append(rep.Errors, errs...)
		if progress != nil {
			progress(done+1, len(data))
		}
	}
	return rep, nil
}

// importRow reads one row and upserts it, returning its problems in column
// order. The error is an internal one that must stop the import.
func importRow(ctx context.Context, svc *umkm.Service, l *layout, r record, seenNIB map[string]int, rep *Report) ([]RowError, error) {
	var f umkm.Fields
	var errs []RowError
	failed := map[string]bool{} // fields that already have an error
	fail := func(field, column, msg string) {
		failed[field] = true
		errs = append(errs, RowError{Row: r.row, Column: column, Message: msg})
	}
	for i, c := range columns {
		if l.index[i] < 0 || l.index[i] >= len(r.cells) {
			continue
		}
		v := strings.TrimSpace(r.cells[l.index[i]])
		switch c.kind {
		case kindNumeric:
			if d, padded, ok := expandInteger(v); ok {
				// Invented zeros mean the digits were lost: a number shown
				// as 1,23457E+12 and saved or pasted as such. Even in an XLSX,
				// where numbers are exact, a text cell can hold that display.
				if padded > 0 {
					fail(c.field, l.header[i], fmt.Sprintf("Angka %s tertulis dalam format ilmiah sehingga sebagian digitnya hilang. "+
						"Ubah format kolom %s menjadi Teks, isi ulang angkanya, lalu simpan kembali.", v, l.header[i]))
				}
				v = d
			}
		case kindRegency:
			v = parseRegency(v)
		case kindMoney:
			n, ok := parseMoney(v)
			if !ok {
				fail(c.field, l.header[i], "Harus berupa jumlah rupiah, misalnya 1500000 atau Rp1.500.000")
			}
			*money(&f, c.field) = n
			continue
		}
		*text(&f, c.field) = v
	}

	// Two rows with one NIB would silently merge into one UMKM: likely a
	// copy-paste slip, so the second is refused.
	nib := f.NIB
	if first, ok := seenNIB[nib]; ok && !failed["nib"] {
		fail("nib", l.columnOf("nib"), fmt.Sprintf("NIB ini sudah dipakai di baris %d berkas ini", first))
	}

	var err error
	if len(errs) > 0 {
		// Do not save, but tell every other problem of the row at once.
		check := f
		_, _, err = check.Normalize()
	} else {
		var created bool
		_, created, err = svc.Upsert(ctx, f)
		switch {
		case err == nil && created:
			rep.Created++
			seenNIB[nib] = r.row
		case err == nil:
			rep.Updated++
			seenNIB[nib] = r.row
		case platform.ErrorKind(err) == platform.KindInternal:
			return nil, err
		}
	}
	if err != nil {
		fields := platform.ErrorFields(err)
		if len(fields) == 0 {
			errs = append(errs, RowError{Row: r.row, Message: platform.ErrorMessage(err)})
		}
		for _, fe := range fields {
			if failed[fe.Field] {
				continue
			}
			msg := fe.Message
			if fe.Field == "nib" && len(nib) == 12 && strings.Trim(nib, "0123456789") == "" {
				msg = "NIB harus 13 digit, angka ini hanya 12 digit. Jika NIB diawali angka 0, ubah format kolom menjadi Teks " +
					"agar angka 0 di depan tidak hilang."
			}
			fail(fe.Field, l.columnOf(fe.Field), msg)
		}
	}
	slices.SortStableFunc(errs, func(a, b RowError) int { return l.position(a.Column) - l.position(b.Column) })
	return errs, nil
}

// text returns the string field of f named by its API name.
func text(f *umkm.Fields, field string) *string {
	switch field {
	case "name":
		return &f.Name
	case "owner_name":
		return &f.OwnerName
	case "nib":
		return &f.NIB
	case "kbli":
		return &f.KBLI
	case "regency_code":
		return &f.RegencyCode
	case "address":
		return &f.Address
	case "whatsapp":
		return &f.WhatsApp
	case "category":
		return &f.Category
	case "description":
		return &f.Description
	case "halal_cert":
		return &f.HalalCert
	case "pirt":
		return &f.PIRT
	case "bpom":
		return &f.BPOM
	}
	panic("importer: unknown text field " + field)
}

// money returns the amount field of f named by its API name.
func money(f *umkm.Fields, field string) *int64 {
	switch field {
	case "capital":
		return &f.Capital
	case "turnover":
		return &f.Turnover
	}
	panic("importer: unknown money field " + field)
}
