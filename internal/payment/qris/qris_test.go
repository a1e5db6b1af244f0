package qris

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// withCRC appends a valid CRC to body, which must end in "6304".
func withCRC(body string) string { return body + crcHex(CRC16(body)) }

func wantInvalid(t *testing.T, err error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want error containing %q, got nil", msg)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v does not wrap ErrInvalid", err)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Fatalf("error %q does not contain %q", err, msg)
	}
}

func TestCRC16KnownVectors(t *testing.T) {
	if got := CRC16("123456789"); got != 0x29B1 {
		t.Fatalf("CRC16(123456789) = %04X, want 29B1", got)
	}
	if got := CRC16(""); got != 0xFFFF {
		t.Fatalf("CRC16(\"\") = %04X, want FFFF", got)
	}
	// Each published sample's CRC is the CRC of everything before it.
	for _, s := range publishedQRIS {
		if got, want := crcHex(CRC16(s[:len(s)-4])), s[len(s)-4:]; got != want {
			t.Errorf("sample CRC %s, computed %s", want, got)
		}
	}
}

func TestParsePublishedSamples(t *testing.T) {
	tests := []struct {
		name, payload                     string
		merchant, city, nmid, mcc, postal string
		acquirer, criteria, tip, terminal string
	}{
		{"nobu-granool", sampleNobuGranool, "GRANOOL STORE OK1229577", "KEDIRI", "ID2023270994163", "4812", "64212", "COM.NOBUBANK.WWW", "UMI", "", "A01"},
		{"telkom-biolbe", sampleTelkomBiolbe, "BIOLBE", "KAB. MALANG", "ID1021125405972", "5499", "65168", "ID.CO.TELKOM.WWW", "UMI", "01", "A03"},
		{"shopee-gulu", sampleShopeeGulu, "Gulu Gulu Mall Ambassador", "Jakarta Selatan", "ID1019004532297", "5812", "12940", "ID.CO.SHOPEE.WWW", "UME", "", "A01"},
		{"nobu-yanamiku", sampleNobuYanamiku, "YANAMIKUBOTZ", "TEGAL", "ID2023249410549", "5111", "52111", "COM.NOBUBANK.WWW", "UMI", "", "A01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.payload)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.MerchantName() != tt.merchant || p.MerchantCity() != tt.city || p.NMID() != tt.nmid || p.MCC() != tt.mcc {
				t.Errorf("got %q %q %q %q", p.MerchantName(), p.MerchantCity(), p.NMID(), p.MCC())
			}
			if v, _ := p.Get("61"); v != tt.postal {
				t.Errorf("postal %q, want %q", v, tt.postal)
			}
			if v, _ := p.Sub("26", "00"); v != tt.acquirer {
				t.Errorf("26/00 %q, want %q", v, tt.acquirer)
			}
			if v, _ := p.Sub("51", "03"); v != tt.criteria {
				t.Errorf("51/03 %q, want %q", v, tt.criteria)
			}
			if v, _ := p.Get("55"); v != tt.tip {
				t.Errorf("55 %q, want %q", v, tt.tip)
			}
			if v, _ := p.Sub("62", "07"); v != tt.terminal {
				t.Errorf("62/07 %q, want %q", v, tt.terminal)
			}
			if _, ok := p.Amount(); ok {
				t.Error("static sample has an amount")
			}
			if p.Dynamic() {
				t.Error("static sample reported dynamic")
			}
			if p.BillNumber() != "" {
				t.Errorf("bill number %q", p.BillNumber())
			}
			if got := p.String(); got != tt.payload {
				t.Errorf("String() = %q, want the input back", got)
			}
			if p.Fields[0].Tag != "00" || p.Fields[len(p.Fields)-1].Tag != "63" {
				t.Errorf("fields not in order found: %v", p.Fields)
			}
		})
	}
	// The BIOLBE sample also carries a reference label.
	p, _ := Parse(sampleTelkomBiolbe)
	if v, _ := p.Sub("62", "05"); v != "114793812" {
		t.Errorf("62/05 = %q", v)
	}
}

func TestParseRejectsPublishedNonQRIS(t *testing.T) {
	_, err := Parse(nonQRISExample2)
	wantInvalid(t, err, "tag 51 (QRIS nasional) wajib ada")
	_, err = Parse(nonQRISPhilippines)
	wantInvalid(t, err, "tag 51 (QRIS nasional) wajib ada")
	for name, s := range brokenPublished {
		if _, err := Parse(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Parse error %v, want ErrInvalid", name, err)
		}
	}
}

// Every single-character change of a published payload must be rejected:
// CRC-16 detects every error burst of 16 bits or less. The only exception is
// changing the case of a CRC hex letter, which is accepted by design.
func TestParseRejectsEverySingleCharacterChange(t *testing.T) {
	repl := []byte("0159AZaz .-*\x00\x7f")
	for _, s := range publishedQRIS {
		for i := 0; i < len(s); i++ {
			for _, c := range repl {
				if c == s[i] {
					continue
				}
				if i >= len(s)-4 && strings.EqualFold(string(c), string(s[i])) {
					continue
				}
				m := s[:i] + string(c) + s[i+1:]
				if _, err := Parse(m); !errors.Is(err, ErrInvalid) {
					t.Fatalf("change at %d to %q accepted: %v", i, c, err)
				}
			}
		}
		// A multi-byte UTF-8 character is rejected as well.
		_, err := Parse(s[:30] + "é" + s[31:])
		wantInvalid(t, err, "karakter tidak valid pada posisi 31")
	}
}

func TestParseTampering(t *testing.T) {
	dyn, err := Dynamic(sampleTelkomBiolbe, 15000, "INV-1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, payload, msg string
	}{
		{"changed amount, CRC not recomputed", strings.Replace(dyn, "540515000", "540519000", 1), "CRC tidak cocok"},
		{"changed name, CRC not recomputed", strings.Replace(sampleTelkomBiolbe, "BIOLBE", "BIOLBF", 1), "CRC tidak cocok"},
		{"changed CRC", sampleTelkomBiolbe[:len(sampleTelkomBiolbe)-1] + "C", "CRC tidak cocok"},
		{"truncated by one", sampleTelkomBiolbe[:len(sampleTelkomBiolbe)-1], "panjang tag 63 melebihi isi"},
		{"truncated CRC", sampleTelkomBiolbe[:len(sampleTelkomBiolbe)-4], "panjang tag 63 melebihi isi"},
		{"truncated mid tag", sampleTelkomBiolbe[:2], "payload terpotong pada posisi 1"},
		{"truncated mid value", sampleTelkomBiolbe[:100], "panjang tag 51 melebihi isi"},
		{"wrong length of 59", withCRC("000201010211" + "5930BIOLBE6304"), "panjang tag 59 melebihi isi"},
		{"wrong length of 63", sampleTelkomBiolbe[:len(sampleTelkomBiolbe)-6] + "05" + sampleTelkomBiolbe[len(sampleTelkomBiolbe)-4:], "panjang tag 63 melebihi isi"},
		{"short CRC", "000201" + "630304C", "panjang tag 63 (CRC) harus 04"},
		{"non-hex CRC", sampleTelkomBiolbe[:len(sampleTelkomBiolbe)-4] + "04CG", "CRC (tag 63) bukan heksadesimal"},
		{"length not a number", "00020152X4ABCD", "panjang tag 52 bukan angka"},
		{"tag not a number", "0002010102118X02ab", "bukan angka"},
		{"zero length", withCRC("00020101005303360" + "6304"), "panjang tag 01 nol"},
		{"sub-tag length wrong", withCRC("0002010102112606000599" + "6304"), "panjang sub-tag 26.00 melebihi isi"},
		{"empty", "", "payload kosong"},
		{"too long", "000201" + strings.Repeat("x", 600), "payload melebihi 512 karakter"},
		{"newline", sampleTelkomBiolbe + "\n", "karakter tidak valid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.payload)
			wantInvalid(t, err, tt.msg)
		})
	}
}

// replaceField swaps one top-level TLV of a published sample, keeping the
// rest, and recomputes the CRC: a well-formed payload with one bad value.
func replaceField(t *testing.T, s, tag, tlv string) string {
	t.Helper()
	p, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	done := false
	for _, f := range p.Fields {
		if f.Tag == "63" {
			continue
		}
		if f.Tag == tag {
			b.WriteString(tlv)
			done = true
			continue
		}
		writeTLV(&b, f.Tag, f.Value)
	}
	if !done {
		t.Fatalf("no tag %s", tag)
	}
	b.WriteString("6304")
	return withCRC(b.String())
}

func TestParseSemantics(t *testing.T) {
	s := sampleShopeeGulu
	tests := []struct {
		name, payload, msg string
	}{
		{"00 not first", withCRC("0102110002016304"), "tag 00 harus berada di awal"},
		{"00 not 01", replaceField(t, s, "00", "000202"), "tag 00 harus bernilai 01"},
		{"01 bad", replaceField(t, s, "01", "010213"), "tag 01 harus 11 (statis) atau 12 (dinamis)"},
		{"63 not last", strings.Replace(s, "5204", "6304ABCD5204", 1), "tag 63 (CRC) harus berada di akhir"},
		{"duplicate tag", replaceField(t, s, "58", "5802ID5802ID"), "tag 58 muncul lebih dari sekali"},
		{"out of order", replaceField(t, s, "58", "5802ID"+"5303360"), "urutan tag tidak menaik: tag 53 setelah tag 58"},
		{"53 not IDR", replaceField(t, s, "53", "5303840"), "tag 53 (mata uang) harus 360 (IDR)"},
		{"58 not ID", replaceField(t, s, "58", "5802SG"), "tag 58 (negara) harus ID"},
		{"no 51", replaceField(t, s, "51", ""), "tag 51 (QRIS nasional) wajib ada"},
		{"51 wrong guid", replaceField(t, s, "51", "51440014ID.CO.QRIZ.WWW0215ID10190045322970303UME"), "tag 51 sub 00 harus ID.CO.QRIS.WWW"},
		{"51 no NMID", replaceField(t, s, "51", "51250014ID.CO.QRIS.WWW0303UME"), "NMID (tag 51 sub 02) wajib ada"},
		{"26 no guid", replaceField(t, s, "26", "26070303UME"), "tag 26 sub 00 (ID global) wajib ada"},
		{"duplicate sub-tag", replaceField(t, s, "62", "62140703A010703A02"), "sub-tag 62.07 muncul lebih dari sekali"},
		{"MCC not digits", replaceField(t, s, "52", "52045X12"), "tag 52 (MCC) harus 4 digit"},
		{"MCC missing", replaceField(t, s, "52", ""), "tag 52 (MCC) wajib ada"},
		{"name missing", replaceField(t, s, "59", ""), "tag 59 (nama merchant) wajib ada"},
		{"name too long", replaceField(t, s, "59", "5926Gulu Gulu Mall Ambassadors"), "tag 59 (nama merchant) melebihi 25 karakter"},
		{"city too long", replaceField(t, s, "60", "6016Jakarta Selatann"), "tag 60 (kota merchant) melebihi 15 karakter"},
		{"postal too long", replaceField(t, s, "61", "6111"+"12345678901"), "tag 61 (kode pos) melebihi 10 karakter"},
		{"amount fraction", replaceField(t, s, "53", "5303360"+"540815000.50"), "tidak boleh memiliki pecahan rupiah"},
		{"amount zero", replaceField(t, s, "53", "5303360"+"54010"), "nominal (tag 54) harus lebih dari 0"},
		{"amount garbage", replaceField(t, s, "53", "5303360"+"54051.5e3"), "nominal (tag 54) bukan angka yang valid"},
		{"amount comma", replaceField(t, s, "53", "5303360"+"540815000,00"), "nominal (tag 54) bukan angka yang valid"},
		{"tip bad", replaceField(t, s, "53", "5303360"+"550204"), "tag 55 (indikator tip) harus 01, 02 atau 03"},
		{"fee without 55", replaceField(t, s, "53", "5303360"+"56041000"), "tag 56 (biaya tetap)"},
		{"55=02 without fee", replaceField(t, s, "53", "5303360"+"550202"), "tag 56 (biaya tetap)"},
		{"percent out of range", replaceField(t, s, "53", "5303360"+"550203"+"5703120"), "tag 57 (biaya persentase) tidak valid"},
		{"bill number too long", replaceField(t, s, "62", "6230"+"0126"+strings.Repeat("A", 26)), "melebihi 25 karakter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.payload)
			wantInvalid(t, err, tt.msg)
		})
	}
}

func TestParseAcceptsVariants(t *testing.T) {
	// Lower-case CRC hex: accepted; String always writes upper case.
	s := sampleTelkomBiolbe
	lower := s[:len(s)-4] + strings.ToLower(s[len(s)-4:])
	p, err := Parse(lower)
	if err != nil {
		t.Fatalf("lower-case CRC: %v", err)
	}
	if p.String() != s {
		t.Errorf("String() = %q, want upper-case CRC", p.String())
	}
	if v, _ := p.Get("63"); v != "04CB" {
		t.Errorf("63 stored as %q", v)
	}

	// Amount with a zero fraction, as some issuers send it.
	for _, v := range []string{"540815000.00", "540715000.0", "540515000", "5406015000"} {
		q, err := Parse(replaceField(t, sampleShopeeGulu, "53", "5303360"+v))
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if n, ok := q.Amount(); !ok || n != 15000 {
			t.Errorf("%s: Amount() = %d, %v", v, n, ok)
		}
	}

	// Tip with fixed and percentage fees.
	for _, v := range []string{"550202" + "56041000", "550203" + "57042.50"} {
		if _, err := Parse(replaceField(t, sampleShopeeGulu, "53", "5303360"+v)); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}

	// Opaque 64 and 80–99 templates before the CRC.
	body := strings.TrimSuffix(sampleShopeeGulu[:len(sampleShopeeGulu)-4], "6304") + "6405xx.yy" + "8006abcdef" + "6304"
	q, err := Parse(withCRC(body))
	if err != nil {
		t.Fatalf("64/80: %v", err)
	}
	for _, f := range q.Fields {
		if (f.Tag == "64" || f.Tag == "80") && f.Sub != nil {
			t.Errorf("tag %s parsed as template", f.Tag)
		}
	}
}

func TestDynamicFromStatic(t *testing.T) {
	for _, s := range publishedQRIS {
		static, _ := Parse(s)
		out, err := Dynamic(s, 15000, "INV-2024-0001")
		if err != nil {
			t.Fatalf("Dynamic: %v", err)
		}
		p, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(Dynamic): %v", err)
		}
		if !p.Dynamic() {
			t.Error("not dynamic")
		}
		if n, ok := p.Amount(); !ok || n != 15000 {
			t.Errorf("Amount() = %d, %v", n, ok)
		}
		if v, _ := p.Get("54"); v != "15000" {
			t.Errorf("54 = %q, want integer", v)
		}
		if p.BillNumber() != "INV-2024-0001" {
			t.Errorf("bill number %q", p.BillNumber())
		}
		for _, tag := range []string{"55", "56", "57"} {
			if _, ok := p.Get(tag); ok {
				t.Errorf("tag %s kept", tag)
			}
		}
		if got, want := out[len(out)-4:], crcHex(CRC16(out[:len(out)-4])); got != want {
			t.Errorf("CRC %s, want %s", got, want)
		}
		// Other fields unchanged and in order.
		keep := func(p *Payload) []Field {
			var fs []Field
			for _, f := range p.Fields {
				switch f.Tag {
				case "01", "54", "55", "56", "57", "62", "63":
					continue
				}
				fs = append(fs, f)
			}
			return fs
		}
		if !equalFields(keep(static), keep(p)) {
			t.Errorf("fields changed:\n%v\n%v", keep(static), keep(p))
		}
		// Other 62 sub-tags kept, in order, after the new 01.
		var wantSub []Field
		wantSub = append(wantSub, Field{Tag: "01", Value: "INV-2024-0001"})
		for _, f := range static.Fields {
			if f.Tag == "62" {
				wantSub = append(wantSub, f.Sub...)
			}
		}
		for _, f := range p.Fields {
			if f.Tag == "62" && !equalFields(f.Sub, wantSub) {
				t.Errorf("62 subs %v, want %v", f.Sub, wantSub)
			}
		}
		// Tags still ascending.
		tags := make([]string, 0, len(p.Fields))
		for _, f := range p.Fields[:len(p.Fields)-1] {
			tags = append(tags, f.Tag)
		}
		if !slices.IsSorted(tags) {
			t.Errorf("tags not ascending: %v", tags)
		}
	}
}

func TestDynamicEdgeCases(t *testing.T) {
	// 62 absent: created, after 61.
	noAdd := replaceField(t, sampleNobuYanamiku, "62", "")
	out, err := Dynamic(noAdd, 1, "A")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out[:len(out)-8], "61055211162050101A") {
		t.Errorf("62 not created at the end: %s", out)
	}
	// Existing bill number replaced in place; 55=02 and 56 dropped.
	s := replaceField(t, sampleShopeeGulu, "53", "5303360"+"550202"+"56042500")
	s = replaceField(t, s, "62", "6222"+"0106OLD-01"+"0703A01"+"0801x")
	out, err = Dynamic(s, MaxAmount, "NEW-02")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Parse(out)
	if v, _ := p.Get("62"); v != "0106NEW-02"+"0703A01"+"0801x" {
		t.Errorf("62 = %q", v)
	}
	if n, _ := p.Amount(); n != MaxAmount {
		t.Errorf("amount %d", n)
	}
	if _, ok := p.Get("56"); ok {
		t.Error("56 kept")
	}
	// Static with an amount (01=11 and 54): the amount is replaced.
	s = replaceField(t, sampleShopeeGulu, "53", "5303360"+"540599999")
	out, err = Dynamic(s, 20000, "X")
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := Parse(out); p.MerchantName() != "Gulu Gulu Mall Ambassador" {
		t.Error("merchant lost")
	} else if n, _ := p.Amount(); n != 20000 {
		t.Errorf("amount %d", n)
	}
}

func TestDynamicRejects(t *testing.T) {
	tests := []struct {
		name   string
		static string
		amount int64
		bill   string
		kind   error
		msg    string
	}{
		{"amount zero", sampleNobuGranool, 0, "INV-1", ErrAmount, "nominal harus lebih dari 0"},
		{"amount negative", sampleNobuGranool, -5000, "INV-1", ErrAmount, "nominal harus lebih dari 0"},
		{"amount too large", sampleNobuGranool, MaxAmount + 1, "INV-1", ErrAmount, "melebihi batas maksimum"},
		{"bill empty", sampleNobuGranool, 1000, "", ErrBillNumber, "nomor tagihan wajib diisi"},
		{"bill too long", sampleNobuGranool, 1000, strings.Repeat("9", 26), ErrBillNumber, "nomor tagihan melebihi 25 karakter"},
		{"bill bad char", sampleNobuGranool, 1000, "INV/2024", ErrBillNumber, "huruf, angka dan tanda hubung"},
		{"bill space", sampleNobuGranool, 1000, "INV 1", ErrBillNumber, "huruf, angka dan tanda hubung"},
		{"static tampered", strings.Replace(sampleNobuGranool, "KEDIRI", "KEDIRA", 1), 1000, "INV-1", ErrInvalid, "CRC tidak cocok"},
		{"static not QRIS", nonQRISExample2, 1000, "INV-1", ErrInvalid, "tag 51 (QRIS nasional) wajib ada"},
		{"already dynamic", mustDynamic(t), 1000, "INV-1", ErrInvalid, "QRIS sumber sudah dinamis"},
		{"62 overflow", replaceField(t, sampleShopeeGulu, "62", "6291"+"0587"+strings.Repeat("R", 87)), 1000, "INV-1", ErrBillNumber, "tag 62"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Dynamic(tt.static, tt.amount, tt.bill)
			if out != "" {
				t.Errorf("output %q on error", out)
			}
			wantInvalid(t, err, tt.msg)
			if !errors.Is(err, tt.kind) {
				t.Errorf("%v does not wrap %v", err, tt.kind)
			}
		})
	}
}

func mustDynamic(t *testing.T) string {
	t.Helper()
	s, err := Dynamic(sampleShopeeGulu, 5000, "A-1")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var testMerchant = Merchant{
	Name: "Warung Bu Sri", City: "YOGYAKARTA", PostalCode: "55281",
	NMID: "ID1020012345678", MCC: "5812", Criteria: "UMI",
	AcquirerDomain: "ID.CO.BANKNAME.WWW", MerchantPAN: "936000000012345678", MerchantID: "000000012345678",
}

func TestBuild(t *testing.T) {
	static, err := Build(testMerchant, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	want := withCRC("000201" + "010211" +
		"2670" + "0018ID.CO.BANKNAME.WWW" + "0118936000000012345678" + "0215000000012345678" + "0303UMI" +
		"5144" + "0014ID.CO.QRIS.WWW" + "0215ID1020012345678" + "0303UMI" +
		"52045812" + "5303360" + "5802ID" + "5913Warung Bu Sri" + "6010YOGYAKARTA" + "610555281" + "6304")
	if static != want {
		t.Fatalf("static\n got %s\nwant %s", static, want)
	}
	dyn, err := Build(testMerchant, 15000, "INV-77")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(dyn)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Dynamic() || p.BillNumber() != "INV-77" {
		t.Errorf("dynamic=%v bill=%q", p.Dynamic(), p.BillNumber())
	}
	if n, _ := p.Amount(); n != 15000 {
		t.Errorf("amount %d", n)
	}
	// Converting Gerai's own static code gives the same as building dynamic.
	conv, err := Dynamic(static, 15000, "INV-77")
	if err != nil {
		t.Fatal(err)
	}
	if conv != dyn {
		t.Errorf("Dynamic(Build static) = %s\nBuild dynamic     = %s", conv, dyn)
	}
	// Optional acquirer fields and postal code may be left out.
	m := testMerchant
	m.MerchantPAN, m.MerchantID, m.PostalCode = "", "", ""
	if _, err := Build(m, 0, ""); err != nil {
		t.Errorf("minimal merchant: %v", err)
	}
}

func TestBuildRejects(t *testing.T) {
	mod := func(f func(*Merchant)) Merchant { m := testMerchant; f(&m); return m }
	tests := []struct {
		name   string
		m      Merchant
		amount int64
		bill   string
		msg    string
	}{
		{"negative", testMerchant, -1, "", "nominal tidak boleh negatif"},
		{"too large", testMerchant, MaxAmount + 1, "", "melebihi batas maksimum"},
		{"bill bad", testMerchant, 1, "a_b", "nomor tagihan hanya boleh"},
		{"name empty", mod(func(m *Merchant) { m.Name = " " }), 0, "", "nama merchant wajib diisi"},
		{"name long", mod(func(m *Merchant) { m.Name = strings.Repeat("a", 26) }), 0, "", "nama merchant melebihi 25 karakter"},
		{"name non-ascii", mod(func(m *Merchant) { m.Name = "Kafé" }), 0, "", "nama merchant mengandung karakter tidak valid"},
		{"city long", mod(func(m *Merchant) { m.City = "KABUPATEN BANYUWANGI" }), 0, "", "kota merchant melebihi 15 karakter"},
		{"postal long", mod(func(m *Merchant) { m.PostalCode = "12345678901" }), 0, "", "kode pos melebihi 10 karakter"},
		{"nmid", mod(func(m *Merchant) { m.NMID = "ID12345" }), 0, "", "NMID harus berformat"},
		{"mcc", mod(func(m *Merchant) { m.MCC = "58120" }), 0, "", "MCC harus 4 digit"},
		{"criteria", mod(func(m *Merchant) { m.Criteria = "XYZ" }), 0, "", "kriteria merchant"},
		{"domain empty", mod(func(m *Merchant) { m.AcquirerDomain = "" }), 0, "", "domain acquirer wajib diisi"},
		{"domain qris", mod(func(m *Merchant) { m.AcquirerDomain = "id.co.qris.www" }), 0, "", "domain acquirer tidak boleh"},
		{"domain chars", mod(func(m *Merchant) { m.AcquirerDomain = "ID CO" }), 0, "", "domain acquirer hanya boleh"},
		{"pan", mod(func(m *Merchant) { m.MerchantPAN = "93600A" }), 0, "", "PAN merchant"},
		{"mid", mod(func(m *Merchant) { m.MerchantID = "1234567890123456" }), 0, "", "ID merchant melebihi 15 karakter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Build(tt.m, tt.amount, tt.bill)
			if out != "" {
				t.Errorf("output on error: %q", out)
			}
			wantInvalid(t, err, tt.msg)
		})
	}
}

func equalFields(a, b []Field) bool {
	return slices.EqualFunc(a, b, func(x, y Field) bool {
		return x.Tag == y.Tag && x.Value == y.Value && equalFields(x.Sub, y.Sub)
	})
}
