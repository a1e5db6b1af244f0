package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// ReadCSV reads a CSV file as Excel shows it: a UTF-8 byte order mark is
// dropped, a file that is not UTF-8 is read as Windows-1252 (Excel's plain
// "CSV" on Windows), the delimiter (comma, semicolon as written by
// Indonesian-locale Excel, or tab) is taken from the header line, and row
// numbers count blank lines as rows. The limits are checked on the bytes
// before any record is built, so a line of ten million commas costs no
// ten million strings. Errors as for Read.
func ReadCSV(r io.Reader, lim Limits) ([]Row, error) {
	lim = lim.withDefaults()
	data, err := readFile(r, min(lim.MaxFileBytes, lim.MaxUnpackedBytes))
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = windows1252(data)
	}
	comma := sniffDelimiter(data)
	if err := checkCSV(data, comma, lim); err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = rune(comma)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var out []Row
	row, lastLine := 0, 0
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, errUnreadableAt("CSV", pe.StartLine, err)
			}
			return nil, err
		}
		// The reader skips blank lines, which a spreadsheet shows as rows.
		first, _ := cr.FieldPos(0)
		row += max(first-lastLine, 1)
		end, _ := cr.FieldPos(len(cells) - 1)
		lastLine = end + strings.Count(cells[len(cells)-1], "\n")
		out = append(out, Row{Number: row, Cells: cells})
	}
}

// checkCSV walks data the way csv.Reader with LazyQuotes splits it and
// refuses past the limits on records, fields per record and bytes per field.
func checkCSV(data []byte, comma byte, lim Limits) error {
	records, fields, cell := 0, 1, 0
	line, start := 1, 1 // the current line, the line the record began on
	quoted, atField, content := false, true, false
	endField := func() error {
		if cell > lim.MaxCellBytes {
			return errCellTooLarge(start, lim.MaxCellBytes)
		}
		cell = 0
		return nil
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			line++
		}
		if quoted {
			if c == '"' {
				switch {
				case i+1 < len(data) && data[i+1] == '"': // an escaped quote
					i++
				case i+1 == len(data) || data[i+1] == comma || data[i+1] == '\n' || data[i+1] == '\r':
					quoted = false
					continue
				}
			}
			cell++
			continue
		}
		switch {
		case c == comma:
			content = true
			if err := endField(); err != nil {
				return err
			}
			if fields++; fields > lim.MaxColumns {
				return errTooManyColumns(start, lim.MaxColumns)
			}
			atField = true
			continue
		case c == '\n':
			if err := endField(); err != nil {
				return err
			}
			if content {
				if records++; records > lim.MaxRows {
					return errTooManyRows(lim.MaxRows)
				}
			}
			fields, content, atField, start = 1, false, true, line
			continue
		case c == '\r' && i+1 < len(data) && data[i+1] == '\n':
			continue
		case c == '"' && atField:
			quoted = true
		default:
			cell++
		}
		content, atField = true, false
	}
	if err := endField(); err != nil {
		return err
	}
	if content && records+1 > lim.MaxRows {
		return errTooManyRows(lim.MaxRows)
	}
	return nil
}

// sniffDelimiter picks the most frequent of comma, semicolon and tab
// outside quotes on the first line; comma when none occurs.
func sniffDelimiter(data []byte) byte {
	counts := map[byte]int{}
	quoted := false
	for _, b := range data {
		if b == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if b == '\n' {
			break
		}
		counts[b]++
	}
	best := byte(',')
	for _, d := range []byte{';', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}

// cp1252 holds the characters Windows-1252 puts at 0x80–0x9F; the other
// bytes are Latin-1. Undefined positions map to U+FFFD.
var cp1252 = [32]rune{
	'€', '\ufffd', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\ufffd', 'Ž', '\ufffd',
	'\ufffd', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\ufffd', 'ž', 'Ÿ',
}

func windows1252(data []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xa0:
			b.WriteRune(cp1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.Bytes()
}
