// Package tabular reads and writes the spreadsheets (CSV, XLSX) that people
// exchange with Gerai: agencies' UMKM lists and booth lists come in, expo
// reports go out. Both directions hold a danger of their own: what comes in
// is bounded (file size, unpacked size counted while reading, rows, columns,
// cell size) so that a small file cannot cost gigabytes, and every text cell
// that goes out is neutralised (Safe) so that a spreadsheet never runs it as
// a formula. See docs/decisions/0013-spreadsheet-limits.md.
package tabular

import (
	"bytes"
	"io"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
)

// Limits bound what a reader accepts. Zero fields take the Default value.
type Limits struct {
	MaxFileBytes     int64 // the file as uploaded (an XLSX compressed)
	MaxUnpackedBytes int64 // XLSX: bytes decompressed from all its parts, counted while reading; CSV: the file
	MaxRows          int   // rows holding at least one cell
	MaxColumns       int   // the last non-empty cell of a row
	MaxCellBytes     int   // one cell's text
}

// Default suits a list typed by hand in a spreadsheet program: 10 MB of
// file, 64 MB unpacked, 100,000 rows of up to 64 columns, 32 KB per cell.
var Default = Limits{MaxFileBytes: 10 << 20, MaxUnpackedBytes: 64 << 20, MaxRows: 100_000, MaxColumns: 64, MaxCellBytes: 32 << 10}

func (l Limits) withDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = Default.MaxFileBytes
	}
	if l.MaxUnpackedBytes <= 0 {
		l.MaxUnpackedBytes = Default.MaxUnpackedBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = Default.MaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = Default.MaxColumns
	}
	if l.MaxCellBytes <= 0 {
		l.MaxCellBytes = Default.MaxCellBytes
	}
	return l
}

// Row is one row that holds cells, with the number a spreadsheet shows for
// it (1 for the first line); rows without cells are not returned.
type Row struct {
	Number int
	Cells  []string
}

// Read reads a file of format "csv" or "xlsx" (the first sheet).
//
// Errors: platform.Error of kind too_large past a limit, of kind invalid for
// a file that cannot be read as its format; or a read error from r.
func Read(r io.Reader, format string, lim Limits) ([]Row, error) {
	switch strings.TrimPrefix(strings.ToLower(format), ".") {
	case "csv":
		return ReadCSV(r, lim)
	case "xlsx":
		return ReadXLSX(r, lim)
	}
	return nil, platform.Errorf(platform.KindInvalid, "Format berkas tidak didukung: gunakan .csv atau .xlsx")
}

// readFile reads all of r, refusing past max bytes (having read max+1).
func readFile(r io.Reader, max int64) ([]byte, error) {
	var b bytes.Buffer
	if _, err := b.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	if int64(b.Len()) > max {
		return nil, errFileTooLarge(max)
	}
	return b.Bytes(), nil
}

func megabytes(n int64) platform.Count { return platform.Count((n + 1<<20 - 1) >> 20) }

func errFileTooLarge(max int64) error {
	return platform.Errorf(platform.KindTooLarge, "Berkas terlalu besar (maksimal %s MB). Pecah menjadi beberapa berkas.", megabytes(max))
}

func errUnpackedTooLarge(max int64) error {
	return platform.Errorf(platform.KindTooLarge,
		"Isi berkas XLSX terlalu besar setelah dibuka (maksimal %s MB). Simpan hanya lembar yang diperlukan atau pecah menjadi beberapa berkas.", megabytes(max))
}

func errTooManyRows(max int) error {
	return platform.Errorf(platform.KindTooLarge, "Berkas memuat lebih dari %s baris. Pecah menjadi beberapa berkas.", platform.Count(max))
}

func errTooManyColumns(row, max int) error {
	return platform.Errorf(platform.KindTooLarge, "Baris %d memuat lebih dari %d kolom.", row, max)
}

func errCellTooLarge(row, max int) error {
	if row == 0 { // a shared string, not yet tied to a row
		return platform.Errorf(platform.KindTooLarge, "Isi sel terlalu panjang (maksimal %s byte).", platform.Count(max))
	}
	return platform.Errorf(platform.KindTooLarge, "Isi sel di baris %d terlalu panjang (maksimal %s byte).", row, platform.Count(max))
}

func errUnreadable(format string, err error) error {
	e := platform.Newf(platform.KindInvalid, "Berkas %[1]s tidak dapat dibaca. Pastikan berkas tidak rusak dan disimpan sebagai %[1]s.", format)
	e.Err = err
	return e
}

func errUnreadableAt(format string, row int, err error) error {
	e := platform.Newf(platform.KindInvalid, "Berkas %s tidak dapat dibaca pada baris %d.", format, row)
	e.Err = err
	return e
}
