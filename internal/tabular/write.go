package tabular

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Safe returns a text cell so that a spreadsheet shows it as text and never
// runs it: text that begins with =, +, -, @, a tab or a carriage return
// (OWASP's list of formula starts) gets a leading single quote, which Excel,
// LibreOffice and Google Sheets read as "this is text". Every text cell of
// every export goes through it; numbers are written as numbers instead.
func Safe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// CSVWriter writes rows of a CSV export: strings through Safe, integers as
// their digits.
type CSVWriter struct {
	w *csv.Writer
}

// NewCSVWriter returns a CSVWriter on w; crlf ends lines as spreadsheet
// programs do.
func NewCSVWriter(w io.Writer, crlf bool) *CSVWriter {
	cw := csv.NewWriter(w)
	cw.UseCRLF = crlf
	return &CSVWriter{w: cw}
}

// Row writes one row; cells are string, int or int64.
func (c *CSVWriter) Row(cells ...any) {
	rec := make([]string, len(cells))
	for i, v := range cells {
		rec[i] = text(v)
	}
	c.w.Write(rec) // an error sticks in the csv.Writer and is returned by Flush
}

// Flush writes what is buffered and returns the first error of any row.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

func text(v any) string {
	switch v := v.(type) {
	case string:
		return Safe(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	}
	panic(fmt.Sprintf("tabular: cell of type %T", v))
}

// SetCell sets a cell of an XLSX export: strings through Safe (Excel does
// not run a string cell, but it does once someone edits it and presses
// Enter), numbers as numbers.
func SetCell(f *excelize.File, sheet, cell string, v any) error {
	if s, ok := v.(string); ok {
		v = Safe(s)
	}
	return f.SetCellValue(sheet, cell, v)
}
