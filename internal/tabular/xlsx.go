package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
)

// maxParts bounds the entries of an XLSX; a workbook has a dozen or two.
const maxParts = 1000

// ReadXLSX reads the first sheet of an XLSX workbook, cells as stored
// (numbers as written in the file, 1234567890123 rather than the displayed
// 1,23457E+12; the cached result of a formula).
//
// It reads the parts itself rather than through excelize: excelize copies a
// shared string once per cell that refers to it and pads every row to the
// widest column, so a small file can still unfold into gigabytes. Here the
// zip headers are checked first, then every byte decompressed is counted
// against MaxUnpackedBytes while it is read (a header may lie), and rows,
// columns and cells are checked as they are decoded. Errors as for Read.
func ReadXLSX(r io.Reader, lim Limits) ([]Row, error) {
	lim = lim.withDefaults()
	data, err := readFile(r, lim.MaxFileBytes)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errUnreadable("XLSX", err)
	}
	if len(zr.File) > maxParts {
		return nil, errUnpackedTooLarge(lim.MaxUnpackedBytes)
	}
	x := &xlsx{lim: lim, left: lim.MaxUnpackedBytes, parts: map[string]*zip.File{}}
	var declared uint64
	for _, f := range zr.File {
		if declared += f.UncompressedSize64; declared > uint64(lim.MaxUnpackedBytes) {
			return nil, errUnpackedTooLarge(lim.MaxUnpackedBytes)
		}
		x.parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	sheet, shared, err := x.locate()
	if err != nil {
		return nil, x.fail(err)
	}
	if shared != "" {
		if err := x.readSharedStrings(shared); err != nil {
			return nil, x.fail(err)
		}
	}
	rows, err := x.readSheet(sheet)
	if err != nil {
		return nil, x.fail(err)
	}
	return rows, nil
}

type xlsx struct {
	lim    Limits
	left   int64 // unpacked bytes still allowed
	parts  map[string]*zip.File
	shared []string
}

// errBudget is returned by a part's reader once the unpacked bytes pass the limit.
var errBudget = errors.New("tabular: unpacked size limit")

// fail turns a reading error into what the caller shows.
func (x *xlsx) fail(err error) error {
	switch {
	case errors.Is(err, errBudget):
		return errUnpackedTooLarge(x.lim.MaxUnpackedBytes)
	case platform.ErrorKind(err) != platform.KindInternal:
		return err
	}
	return errUnreadable("XLSX", err)
}

// open returns a decoder over a part whose bytes count against the limit.
func (x *xlsx) open(name string) (*xml.Decoder, func(), error) {
	f := x.parts[name]
	if f == nil {
		return nil, nil, fmt.Errorf("tabular: xlsx part %s missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	d := xml.NewDecoder(&counted{r: rc, left: &x.left, declared: f.UncompressedSize64})
	return d, func() { rc.Close() }, nil
}

// counted reads a part, counting its bytes against what the workbook may
// unpack in all.
type counted struct {
	r              io.Reader
	left           *int64
	read, declared uint64
}

func (c *counted) Read(p []byte) (int, error) {
	if *c.left <= 0 {
		return 0, errBudget
	}
	if int64(len(p)) > *c.left {
		p = p[:*c.left]
	}
	n, err := c.r.Read(p)
	*c.left -= int64(n)
	c.read += uint64(n)
	if errors.Is(err, zip.ErrFormat) && c.read+uint64(len(p)) > c.declared {
		// archive/zip stops a part that inflates past its header: a lie
		// about its size, told to pass the check above.
		err = errBudget
	}
	return n, err
}

// locate finds the first sheet and the shared strings through the
// package's relationships, falling back to the names Excel uses.
func (x *xlsx) locate() (sheet, shared string, err error) {
	workbook := "xl/workbook.xml"
	if rels, err := x.relationships("_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				workbook = r.Target
			}
		}
	} else if !errors.Is(err, errMissing) {
		return "", "", err
	}
	rels, err := x.relationships(path.Join(path.Dir(workbook), "_rels", path.Base(workbook)+".rels"), path.Dir(workbook))
	if err != nil && !errors.Is(err, errMissing) {
		return "", "", err
	}
	byID := map[string]string{}
	for _, r := range rels {
		byID[r.ID] = r.Target
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			shared = r.Target
		}
	}
	first, err := x.firstSheetID(workbook)
	if err != nil {
		return "", "", err
	}
	if sheet = byID[first]; sheet == "" {
		sheet = "xl/worksheets/sheet1.xml"
	}
	if shared == "" && x.parts["xl/sharedStrings.xml"] != nil {
		shared = "xl/sharedStrings.xml"
	}
	return sheet, shared, nil
}

var errMissing = errors.New("tabular: part missing")

type relationship struct{ ID, Type, Target string }

// relationships reads a .rels part, resolving targets against dir.
func (x *xlsx) relationships(name, dir string) ([]relationship, error) {
	if x.parts[name] == nil {
		return nil, errMissing
	}
	d, done, err := x.open(name)
	if err != nil {
		return nil, err
	}
	defer done()
	var out []relationship
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			r := relationship{ID: attr(se, "Id"), Type: attr(se, "Type"), Target: attr(se, "Target")}
			if strings.HasPrefix(r.Target, "/") {
				r.Target = strings.TrimPrefix(r.Target, "/")
			} else {
				r.Target = path.Join(dir, r.Target)
			}
			out = append(out, r)
		}
	}
}

func (x *xlsx) firstSheetID(workbook string) (string, error) {
	if x.parts[workbook] == nil {
		return "", nil // then the first sheet is where Excel puts it
	}
	d, done, err := x.open(workbook)
	if err != nil {
		return "", err
	}
	defer done()
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					return a.Value, nil
				}
			}
			return "", nil
		}
	}
}

// readSharedStrings reads the workbook's strings: each <si> is the text of
// its <t> elements, the phonetic runs (<rPh>) left out.
func (x *xlsx) readSharedStrings(name string) error {
	d, done, err := x.open(name)
	if err != nil {
		return err
	}
	defer done()
	var b strings.Builder
	inT, phonetic := false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				b.Reset()
			case "rPh":
				phonetic++
			case "t":
				inT = phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				x.shared = append(x.shared, unescape(b.String()))
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				if b.Len()+len(t) > x.lim.MaxCellBytes {
					return errCellTooLarge(0, x.lim.MaxCellBytes)
				}
				b.Write(t)
			}
		}
	}
}

// readSheet reads the rows of a worksheet.
func (x *xlsx) readSheet(name string) ([]Row, error) {
	d, done, err := x.open(name)
	if err != nil {
		return nil, err
	}
	defer done()
	var (
		rows      []Row
		row       Row
		rowNumber int
		col       int    // the current cell's column, 1-based
		typ       string // the current cell's t attribute
		value     strings.Builder
		inValue   bool
		inInline  bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rowNumber++
				if n, err := strconv.Atoi(attr(t, "r")); err == nil && n > 0 {
					rowNumber = n
				}
				row, col = Row{Number: rowNumber}, 0
			case "c":
				col++
				if c := columnOf(attr(t, "r")); c > 0 {
					col = c
				}
				typ = attr(t, "t")
				value.Reset()
			case "v":
				inValue = true
			case "is":
				inInline = true
			case "t":
				inValue = inInline
			}
		case xml.CharData:
			if inValue {
				if value.Len()+len(t) > x.lim.MaxCellBytes {
					return nil, errCellTooLarge(rowNumber, x.lim.MaxCellBytes)
				}
				value.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inValue = false
			case "is":
				inInline = false
			case "c":
				v, err := x.cellText(typ, value.String())
				if err != nil {
					return nil, errUnreadableAt("XLSX", rowNumber, err)
				}
				if v == "" {
					continue
				}
				if col > x.lim.MaxColumns {
					return nil, errTooManyColumns(rowNumber, x.lim.MaxColumns)
				}
				for len(row.Cells) < col-1 {
					row.Cells = append(row.Cells, "")
				}
				row.Cells = append(row.Cells, v)
			case "row":
				if len(row.Cells) == 0 {
					continue
				}
				if len(rows) == x.lim.MaxRows {
					return nil, errTooManyRows(x.lim.MaxRows)
				}
				rows = append(rows, row)
			}
		}
	}
}

func (x *xlsx) cellText(typ, v string) (string, error) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(x.shared) {
			return "", fmt.Errorf("tabular: shared string %q out of range", v)
		}
		return x.shared[i], nil
	case "inlineStr", "str":
		return unescape(v), nil
	}
	return v, nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// columnOf returns the column of a cell reference ("C7" → 3), 0 when absent
// or past XFD.
func columnOf(ref string) int {
	c := 0
	for i := 0; i < len(ref) && i < 3; i++ {
		ch := ref[i] | 0x20 // lower case
		if ch < 'a' || ch > 'z' {
			break
		}
		c = c*26 + int(ch-'a'+1)
	}
	if c > 16384 {
		return 0
	}
	return c
}

var escaped = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// unescape decodes the _xHHHH_ escapes OOXML writes for control characters.
func unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return escaped.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 16)
		return string(rune(n))
	})
}
