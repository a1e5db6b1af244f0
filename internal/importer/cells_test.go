package importer

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseMoney(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"", 0, true},
		{"1500000", 1_500_000, true},
		{"1.500.000", 1_500_000, true},
		{"Rp1.500.000", 1_500_000, true},
		{"Rp 1.500.000,00", 1_500_000, true},
		{"Rp. 1.500.000,-", 1_500_000, true},
		{"IDR 1,500,000.00", 1_500_000, true},
		{"1 500 000", 1_500_000, true},
		{"1.500", 1_500, true},
		{"1500000,5", 1_500_001, true},
		{"1500000.4", 1_500_000, true}, // raw XLSX number
		{"1.5E+06", 1_500_000, true},
		{"2,5E+07", 25_000_000, true},
		{"-5.000.000", -5_000_000, true},
		{"-Rp5.000", -5_000, true},
		{"(5.000)", -5_000, true},
		{"satu juta", 0, false},
		{"1.500.000,00,00", 0, false},
		{"Rp", 0, true},
		{"-", 0, false},
		{"99999999999999999999", 0, false},
	} {
		got, ok := parseMoney(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("parseMoney(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestExpandInteger(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   string
		padded int
		ok     bool
	}{
		{"1234567890123", "1234567890123", 0, false}, // already digits: unchanged
		{"1.234567890123E+12", "1234567890123", 0, true},
		{"1,234567890123E+12", "1234567890123", 0, true},
		{"1234567890123.0", "1234567890123", 0, true},
		{"1.23456789012E+12", "1234567890120", 1, true},
		{"1.23457E+12", "1234570000000", 7, true},
		{"8.1234567890E+10", "81234567890", 0, true},
		{"1.5", "1.5", 0, false},
		{"1.2345E+2", "1.2345E+2", 0, false},
		{"0812-3456", "0812-3456", 0, false},
	} {
		got, padded, ok := expandInteger(c.in)
		if got != c.want || padded != c.padded || ok != c.ok {
			t.Errorf("expandInteger(%q) = %q, %d, %v; want %q, %d, %v", c.in, got, padded, ok, c.want, c.padded, c.ok)
		}
	}
}

func TestParseRegency(t *testing.T) {
	for in, want := range map[string]string{
		"16.71":              "16.71",
		"16,71":              "16.71",
		"1671":               "16.71",
		"16.1":               "16.10",
		"16.710000000000001": "16.71",
		"16.715":             "16.715",
		"Kota Palembang":     "Kota Palembang",
		"167":                "167",
	} {
		if got := parseRegency(in); got != want {
			t.Errorf("parseRegency(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeaderMatching(t *testing.T) {
	for in, field := range map[string]string{
		"Nama Usaha":          "name",
		" NAMA_USAHA ":        "name",
		"owner_name":          "owner_name",
		"N.I.B.":              "nib",
		"Kode Kabupaten/Kota": "regency_code",
		"kabupaten_kota":      "regency_code",
		"Kode Kab":            "regency_code",
		"regency_code":        "regency_code",
		"No. HP":              "whatsapp",
		"Telepon":             "whatsapp",
		"Modal Usaha (Rp)":    "capital",
		"Omzet":               "turnover",
		"Sertifikat Halal":    "halal_cert",
		"P-IRT":               "pirt",
	} {
		i, ok := headerIndex[normaliseHeader(in)]
		if !ok || columns[i].field != field {
			t.Errorf("header %q not matched to %s", in, field)
		}
	}
	if _, ok := headerIndex[normaliseHeader("Catatan Petugas")]; ok {
		t.Error("an unknown column matched")
	}
	// Every template header is recognised, each as its own column.
	var buf bytes.Buffer
	if err := WriteTemplateCSV(&buf); err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, h := range strings.Split(strings.TrimSpace(buf.String()), ",") {
		i, ok := headerIndex[normaliseHeader(h)]
		if !ok || seen[i] {
			t.Errorf("template header %q not recognised once", h)
		}
		seen[i] = true
	}
	if len(seen) != len(columns) {
		t.Errorf("template has %d columns, want %d", len(seen), len(columns))
	}
}
