package tabular

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/platform"
)

func TestReadCSVRowNumbers(t *testing.T) {
	// Blank lines and cells spanning lines: row numbers are those a
	// spreadsheet shows, not line numbers.
	const file = "a;b\r\n" +
		"1;\"two\r\nlines\"\r\n" +
		"\r\n" +
		"3;x\r\n" +
		";\r\n" +
		"5;y\r\n"
	rows, err := ReadCSV(strings.NewReader(file), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var numbers []int
	for _, r := range rows {
		numbers = append(numbers, r.Number)
	}
	if want := []int{1, 2, 4, 5, 6}; !slices.Equal(numbers, want) {
		t.Errorf("rows = %v, want %v", numbers, want)
	}
	if rows[1].Cells[1] != "two\nlines" {
		t.Errorf("multi-line cell = %q", rows[1].Cells[1])
	}
}

func TestReadCSVWindows1252(t *testing.T) {
	rows, err := ReadCSV(bytes.NewReader([]byte("Nama Usaha,Deskripsi\nCaf\xe9 Bu Ani,Kue \x93lapis\x94\n")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[1].Cells; got[0] != "Café Bu Ani" || got[1] != "Kue “lapis”" {
		t.Errorf("cells = %q", got)
	}
}

func wantTooLarge(t *testing.T, err error, fragment string) {
	t.Helper()
	if platform.ErrorKind(err) != platform.KindTooLarge || !strings.Contains(platform.ErrorMessage(err), fragment) {
		t.Fatalf("err = %v, want too_large mentioning %q", err, fragment)
	}
}

func TestReadCSVLimits(t *testing.T) {
	lim := Limits{MaxFileBytes: 1 << 20, MaxRows: 3, MaxColumns: 4, MaxCellBytes: 10}
	ok := "kode,ukuran\nA-01,\"3x3, sudut\"\n\n\"B \"\"2\"\"\",2x2\n"
	if rows, err := ReadCSV(strings.NewReader(ok), lim); err != nil || len(rows) != 3 {
		t.Fatalf("within the limits: %v, %v", rows, err)
	}
	for name, c := range map[string]struct{ file, fragment string }{
		"giant cell":          {"kode,ukuran\nA-01," + strings.Repeat("x", 11) + "\n", "baris 2 terlalu panjang"},
		"giant quoted cell":   {"kode\n\"" + strings.Repeat("x,", 6) + "\"\n", "baris 2 terlalu panjang"},
		"too many rows":       {"a\nb\nc\nd\n", "lebih dari 3 baris"},
		"last row, no \\n":    {"a\nb\nc\nd", "lebih dari 3 baris"},
		"a line of commas":    {"a\n" + strings.Repeat(",", 1000) + "\n", "Baris 2 memuat lebih dari 4 kolom"},
		"commas after quote":  {"a\nb\"" + strings.Repeat(",", 10) + "\n", "lebih dari 4 kolom"},
		"bigger than allowed": {strings.Repeat("a,b\n", 1<<18+1), "maksimal 1 MB"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(c.file), lim)
			wantTooLarge(t, err, c.fragment)
		})
	}
}

// workbook zips the parts of a minimal XLSX with one sheet.
func workbook(t *testing.T, sheet, shared string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Booth" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheet + `</sheetData></worksheet>`,
		"xl/sharedStrings.xml":     `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + shared + `</sst>`,
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadXLSX(t *testing.T) {
	sheet := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
		`<row r="3"><c r="A3" t="inlineStr"><is><t>A-01</t></is></c><c r="C3"><v>1234567890123</v></c></row>` +
		`<row r="4"><c r="B4" t="str"><f>A3&amp;"x"</f><v>A-01x</v></c></row>` +
		`<row r="5"></row>`
	shared := `<si><t>Kode</t></si><si><r><t>Uku</t></r><r><t>ran_x000D_</t></r><rPh><t>ふりがな</t></rPh></si>`
	rows, err := ReadXLSX(bytes.NewReader(workbook(t, sheet, shared)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{1, []string{"Kode", "Ukuran\r"}}, {3, []string{"A-01", "", "1234567890123"}}, {4, []string{"", "A-01x"}}}
	if !reflect.DeepEqual(want, rows) {
		t.Errorf("rows = %v\nwant   %v", rows, want)
	}
}

func TestReadXLSXWrittenByExcelize(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"kode", "ukuran"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"A-01", 9})
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadXLSX(&b, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Row{{1, []string{"kode", "ukuran"}}, {2, []string{"A-01", "9"}}}; !reflect.DeepEqual(want, rows) {
		t.Errorf("rows = %v, want %v", rows, want)
	}
}

func TestReadXLSXLimits(t *testing.T) {
	lim := Limits{MaxUnpackedBytes: 64 << 10, MaxRows: 2, MaxColumns: 3, MaxCellBytes: 16}
	for name, c := range map[string]struct{ sheet, shared, fragment string }{
		"giant inline cell": {`<row><c t="inlineStr"><is><t>` + strings.Repeat("x", 17) + `</t></is></c></row>`, "", "baris 1 terlalu panjang"},
		"giant shared text": {`<row><c t="s"><v>0</v></c></row>`, `<si><r><t>` + strings.Repeat("x", 10) + `</t></r><r><t>` + strings.Repeat("y", 10) + `</t></r></si>`, "terlalu panjang"},
		"too many rows":     {strings.Repeat(`<row><c><v>1</v></c></row>`, 3), "", "lebih dari 2 baris"},
		"far column":        {`<row r="7"><c r="XFD7"><v>1</v></c></row>`, "", "Baris 7 memuat lebih dari 3 kolom"},
		"bomb":              {`<row><c t="inlineStr"><is><t>` + strings.Repeat("x", 16) + `</t></is></c></row>` + strings.Repeat(`<row/>`, 20<<10), "", "terlalu besar setelah dibuka"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadXLSX(bytes.NewReader(workbook(t, c.sheet, c.shared)), lim)
			wantTooLarge(t, err, c.fragment)
		})
	}
}

// TestReadXLSXCountsBytesNotHeaders unpacks a sheet whose zip header claims
// 100 bytes but which inflates to 24 MB: the bytes read are counted.
func TestReadXLSXCountsBytesNotHeaders(t *testing.T) {
	honest := workbook(t, "", "")
	zr, err := zip.NewReader(bytes.NewReader(honest), int64(len(honest)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := `<worksheet><sheetData><row><c t="inlineStr"><is><t>` + strings.Repeat("x", 24<<20) + `</t></is></c></row></sheetData></worksheet>`
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestCompression)
	fw.Write([]byte(sheet))
	fw.Close()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			w, err := z.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE([]byte(sheet)),
				CompressedSize64: uint64(deflated.Len()), UncompressedSize64: 100})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(deflated.Bytes())
			continue
		}
		w, _ := z.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		rc, _ := f.Open()
		var part bytes.Buffer
		part.ReadFrom(rc)
		w.Write(part.Bytes())
	}
	z.Close()
	if b.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes, want it small", b.Len())
	}
	if _, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len())); err != nil {
		t.Fatal("zip:", err)
	}
	_, err = ReadXLSX(&b, Limits{MaxUnpackedBytes: 16 << 20, MaxCellBytes: 128 << 20})
	wantTooLarge(t, err, "maksimal 16 MB")
}

func TestReadXLSXRefusesWhatIsNotOne(t *testing.T) {
	_, err := ReadXLSX(strings.NewReader("kode,ukuran\n"), Limits{})
	if platform.ErrorKind(err) != platform.KindInvalid {
		t.Errorf("err = %v, want invalid", err)
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x")`: `'=HYPERLINK("http://x")`,
		"+62812":                 "'+62812",
		"-1+2":                   "'-1+2",
		"@SUM(A1)":               "'@SUM(A1)",
		"\t=1":                   "'\t=1",
		"\r=1":                   "'\r=1",
		"Pempek = enak":          "Pempek = enak",
		"":                       "",
	} {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	w := NewCSVWriter(&b, false)
	w.Row("=1+1", int64(-5), -7)
	if err := w.Flush(); err != nil || b.String() != "'=1+1,-5,-7\n" {
		t.Errorf("csv = %q, %v", b.String(), err)
	}
}

func TestReadXLSXWithoutWorkbookPart(t *testing.T) {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte(`<worksheet><sheetData><row r="2"><c t="inlineStr"><is><t>A-01</t></is></c></row></sheetData></worksheet>`))
	z.Close()
	rows, err := ReadXLSX(&b, Limits{})
	if err != nil || len(rows) != 1 || rows[0].Number != 2 || rows[0].Cells[0] != "A-01" {
		t.Errorf("rows = %v, %v", rows, err)
	}
}
