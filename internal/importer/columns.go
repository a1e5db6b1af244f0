package importer

import (
	"strings"
	"unicode"
)

// column is one field of umkm.Fields as it may appear in a spreadsheet header.
type column struct {
	field    string   // the API field name, as used in platform.FieldError
	header   string   // the Indonesian header written by WriteTemplateCSV
	aliases  []string // other accepted headers, matched after normaliseHeader
	required bool     // the header must be present
	kind     cellKind
}

type cellKind int

const (
	kindText    cellKind = iota
	kindNumeric          // digits that spreadsheets like to turn into numbers: NIB, KBLI, WhatsApp
	kindRegency
	kindMoney
)

// columns are the known columns, in template order.
var columns = []column{
	{field: "name", header: "Nama Usaha", aliases: []string{"name", "nama_usaha", "nama_umkm", "nama_toko"}, required: true},
	{field: "owner_name", header: "Nama Pemilik", aliases: []string{"owner_name", "pemilik", "owner"}, required: true},
	{field: "nib", header: "NIB", aliases: []string{"nib", "nomor_induk_berusaha"}, required: true, kind: kindNumeric},
	{field: "kbli", header: "KBLI", aliases: []string{"kbli", "kode_kbli"}, kind: kindNumeric},
	{field: "regency_code", header: "Kode Kabupaten/Kota", aliases: []string{"regency_code", "kode_kab", "kabupaten_kota",
		"kode_kab_kota", "kode_kabupaten", "kode_kota"}, required: true, kind: kindRegency},
	{field: "address", header: "Alamat", aliases: []string{"address", "alamat_usaha"}},
	{field: "whatsapp", header: "WhatsApp", aliases: []string{"whatsapp", "no_hp", "telepon", "no_wa", "nomor_whatsapp",
		"nomor_hp", "no_hp_wa", "hp", "wa"}, kind: kindNumeric},
	{field: "category", header: "Kategori", aliases: []string{"category", "kategori_usaha"}, required: true},
	{field: "description", header: "Deskripsi", aliases: []string{"description", "keterangan"}},
	{field: "capital", header: "Modal Usaha", aliases: []string{"capital", "modal"}, kind: kindMoney},
	{field: "turnover", header: "Omzet Tahunan", aliases: []string{"turnover", "omzet", "omset", "omset_tahunan",
		"omzet_per_tahun"}, kind: kindMoney},
	{field: "halal_cert", header: "Sertifikat Halal", aliases: []string{"halal_cert", "halal", "no_sertifikat_halal"}},
	{field: "pirt", header: "PIRT", aliases: []string{"pirt", "p_irt", "no_pirt"}},
	{field: "bpom", header: "BPOM", aliases: []string{"bpom", "no_bpom"}},
}

// headerIndex maps a normalised header to its index in columns.
var headerIndex = func() map[string]int {
	m := make(map[string]int)
	for i, c := range columns {
		m[normaliseHeader(c.header)] = i
		for _, a := range c.aliases {
			m[normaliseHeader(a)] = i
		}
	}
	return m
}()

// normaliseHeader folds a header cell for matching: text in parentheses
// ("Modal Usaha (Rp)") is dropped, then everything but letters and digits,
// and the rest is lower-cased. "Kode Kabupaten/Kota", "kode_kabupaten_kota"
// and " KODE KABUPATEN-KOTA " all become "kodekabupatenkota".
func normaliseHeader(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			depth = max(depth-1, 0)
		case depth > 0:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// layout is where each known column sits in a file.
type layout struct {
	index  []int    // position in the record of columns[i], -1 when absent
	header []string // the header of columns[i] as written in the file
}

// columnOf returns the file's header for an API field name, "" when the
// field has no column in the file.
func (l *layout) columnOf(field string) string {
	for i, c := range columns {
		if c.field == field && l.index[i] >= 0 {
			return l.header[i]
		}
	}
	return ""
}

// position returns the record position of field, for ordering errors; fields
// without a column sort last.
func (l *layout) position(column string) int {
	if column == "" {
		return -1
	}
	for i := range columns {
		if l.index[i] >= 0 && l.header[i] == column {
			return l.index[i]
		}
	}
	return 1 << 30
}
