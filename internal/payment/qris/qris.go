// Package qris reads, checks and writes QRIS payloads: the EMVCo
// merchant-presented-mode (MPM) QR payloads standardised for Indonesia by
// Bank Indonesia and ASPI.
//
// A payload is a flat list of TLV data objects: a 2-digit tag, a 2-digit
// decimal length and that many characters of value. Some objects are
// templates holding a nested TLV list of their own (merchant account
// information 26–51, additional data 62).
//
// Decisions this package makes, beyond the bare EMVCo format:
//
//   - Parse is strict. A payload must be printable ASCII (0x20–0x7E), at most
//     512 characters, start with 00=01 and end with a valid 63 CRC. Every
//     other top-level tag appears at most once and in ascending order (63 is
//     always last, so 64 and 80–99 may precede it). Lengths 00 are rejected.
//   - QRIS requires template 51 (the national repository: sub 00
//     "ID.CO.QRIS.WWW", sub 02 the NMID). A payload carrying only 26–45
//     provider templates is an EMVCo code but not QRIS, so Parse rejects it.
//     Every template 26–51 must carry its sub 00 globally unique identifier.
//   - 53 must be 360 (IDR) and 58 must be ID. 52 (MCC, 4 digits), 59 (name,
//     ≤25) and 60 (city, ≤15) are mandatory; 61 is at most 10 characters.
//   - 54 is accepted as a whole number ("15000") or with a zero fraction
//     ("15000.00", as some issuers send it); a non-zero fraction (rupiah has
//     no minor unit), zero, or a malformed number is rejected. Build and
//     Dynamic always write an integer amount (String keeps values as found).
//   - The CRC is accepted in upper or lower case; Parse stores it upper-case
//     and String always writes 4 upper-case hex digits.
//   - Sub-tags inside a template must be well-formed and unique, but their
//     order is not enforced. Merchant criteria in 51/03 are not checked on
//     Parse (Build only writes UMI, UKE, UME, UBE or URE).
//
// Every failure wraps ErrInvalid and carries a specific message in Bahasa
// Indonesia, e.g. "qris tidak valid: CRC tidak cocok"; Reason gives that
// message as a platform.Text, for a person to read in their language.
package qris

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
)

// ErrInvalid is wrapped by every parse and validation failure of this
// package; the wrapping error carries the specific reason.
var ErrInvalid = errors.New("qris tidak valid")

// ErrAmount is additionally wrapped when a requested amount is out of range.
var ErrAmount = errors.New("nominal tidak valid")

// ErrBillNumber is additionally wrapped when a requested bill number is bad.
var ErrBillNumber = errors.New("nomor tagihan tidak valid")

// invalidError is a specific failure; it matches ErrInvalid and its kind.
type invalidError struct {
	reason platform.Text
	kind   error
}

func (e *invalidError) Error() string { return ErrInvalid.Error() + ": " + e.reason.String() }

func (e *invalidError) Unwrap() []error {
	if e.kind != nil {
		return []error{ErrInvalid, e.kind}
	}
	return []error{ErrInvalid}
}

func invalid(format string, args ...any) error { return invalidOf(nil, format, args...) }

// invalidOf is a failure that matches kind too.
func invalidOf(kind error, format string, args ...any) error {
	return &invalidError{reason: platform.Textf(format, args...), kind: kind}
}

// Reason is why this package refused a payload or a request (err from
// Parse, Build or Dynamic), without the "qris tidak valid: " of its Error,
// to show to the person who gave it: "CRC tidak cocok". ok is false for an
// error from elsewhere.
func Reason(err error) (reason platform.Text, ok bool) {
	var e *invalidError
	if errors.As(err, &e) {
		return e.reason, true
	}
	return platform.Text{}, false
}

const (
	// MaxPayloadLen is the longest payload EMVCo MPM allows.
	MaxPayloadLen = 512
	// MaxAmount is the largest amount that fits the 13 characters of tag 54.
	MaxAmount int64 = 9_999_999_999_999
	// NationalGUID is the globally unique identifier of QRIS template 51.
	NationalGUID = "ID.CO.QRIS.WWW"

	tagCRC = "63"
)

// Field is one TLV data object. Sub holds the parsed nested objects of a
// template (26–51 and 62); other tags, including 64 and 80–99, are opaque and
// have no Sub. Value is always the raw value; String encodes Value.
type Field struct {
	Tag   string
	Value string
	Sub   []Field
}

// Payload is a parsed QRIS payload, its fields in the order found.
type Payload struct {
	Fields []Field
}

// isTemplate reports whether a top-level tag holds nested TLV objects.
func isTemplate(tag string) bool {
	return (tag >= "26" && tag <= "51") || tag == "62"
}

// Parse reads and strictly validates a QRIS payload. See the package
// documentation for the rules; every failure wraps ErrInvalid.
func Parse(s string) (*Payload, error) {
	if s == "" {
		return nil, invalid("payload kosong")
	}
	if len(s) > MaxPayloadLen {
		return nil, invalid("payload melebihi %d karakter", MaxPayloadLen)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return nil, invalid("karakter tidak valid pada posisi %d", i+1)
		}
	}
	fields, err := parseTLV(s, "")
	if err != nil {
		return nil, err
	}
	if err := checkStructure(fields); err != nil {
		return nil, err
	}
	// The CRC covers everything up to and including "6304"; 63 is the last
	// field and exactly 4 characters long (checked above).
	crc := fields[len(fields)-1].Value
	want, ok := parseHex4(crc)
	if !ok {
		return nil, invalid("CRC (tag 63) bukan heksadesimal")
	}
	if CRC16(s[:len(s)-4]) != want {
		return nil, invalid("CRC tidak cocok")
	}
	fields[len(fields)-1].Value = strings.ToUpper(crc)

	for i := range fields {
		f := &fields[i]
		if !isTemplate(f.Tag) {
			continue
		}
		sub, err := parseTLV(f.Value, f.Tag)
		if err != nil {
			return nil, err
		}
		seen := make(map[string]bool, len(sub))
		for _, sf := range sub {
			if seen[sf.Tag] {
				return nil, invalid("sub-tag %s.%s muncul lebih dari sekali", f.Tag, sf.Tag)
			}
			seen[sf.Tag] = true
		}
		f.Sub = sub
	}
	p := &Payload{Fields: fields}
	if err := p.checkSemantics(); err != nil {
		return nil, err
	}
	return p, nil
}

// parseTLV splits s into TLV objects. parent is "" at the top level, or the
// template tag, for messages.
func parseTLV(s, parent string) ([]Field, error) {
	what := "tag"
	prefix := ""
	if parent != "" {
		what = "sub-tag"
		prefix = parent + "."
	}
	var out []Field
	for pos := 0; pos < len(s); {
		if len(s)-pos < 4 {
			if parent != "" {
				return nil, invalid("isi tag %s terpotong", parent)
			}
			return nil, invalid("payload terpotong pada posisi %d", pos+1)
		}
		tag := s[pos : pos+2]
		if !isDigits(tag) {
			return nil, invalid("%s pada posisi %d bukan angka: %q", what, pos+1, prefix+tag)
		}
		name := prefix + tag
		ls := s[pos+2 : pos+4]
		if !isDigits(ls) {
			return nil, invalid("panjang %s %s bukan angka", what, name)
		}
		n, _ := strconv.Atoi(ls)
		if n == 0 {
			return nil, invalid("panjang %s %s nol", what, name)
		}
		if pos+4+n > len(s) {
			return nil, invalid("panjang %s %s melebihi isi", what, name)
		}
		out = append(out, Field{Tag: tag, Value: s[pos+4 : pos+4+n]})
		pos += 4 + n
	}
	return out, nil
}

// checkStructure checks field order: 00 first, 63 last, the rest strictly
// ascending.
func checkStructure(fields []Field) error {
	if len(fields) == 0 {
		return invalid("payload kosong")
	}
	if fields[0].Tag != "00" {
		return invalid("tag 00 harus berada di awal")
	}
	last := fields[len(fields)-1]
	if last.Tag != tagCRC {
		return invalid("tag 63 (CRC) harus berada di akhir")
	}
	if len(last.Value) != 4 {
		return invalid("panjang tag 63 (CRC) harus 04")
	}
	for i := 1; i < len(fields)-1; i++ {
		t, prev := fields[i].Tag, fields[i-1].Tag
		switch {
		case t == tagCRC:
			return invalid("tag 63 (CRC) harus berada di akhir")
		case t == prev:
			return invalid("tag %s muncul lebih dari sekali", t)
		case t < prev:
			return invalid("urutan tag tidak menaik: tag %s setelah tag %s", t, prev)
		}
	}
	return nil
}

var criteriaOK = map[string]bool{"UMI": true, "UKE": true, "UME": true, "UBE": true, "URE": true}

func (p *Payload) checkSemantics() error {
	if v, _ := p.Get("00"); v != "01" {
		return invalid("tag 00 harus bernilai 01")
	}
	if v, ok := p.Get("01"); ok && v != "11" && v != "12" {
		return invalid("tag 01 harus 11 (statis) atau 12 (dinamis)")
	}
	for _, f := range p.Fields {
		if f.Tag >= "26" && f.Tag <= "51" {
			if g, _ := subOf(f, "00"); g == "" {
				return invalid("tag %s sub 00 (ID global) wajib ada", f.Tag)
			}
		}
	}
	if _, ok := p.Get("51"); !ok {
		return invalid("tag 51 (QRIS nasional) wajib ada")
	}
	if g, _ := p.Sub("51", "00"); !strings.EqualFold(g, NationalGUID) {
		return invalid("tag 51 sub 00 harus %s", NationalGUID)
	}
	if p.NMID() == "" {
		return invalid("NMID (tag 51 sub 02) wajib ada")
	}
	if v, ok := p.Get("52"); !ok {
		return invalid("tag 52 (MCC) wajib ada")
	} else if len(v) != 4 || !isDigits(v) {
		return invalid("tag 52 (MCC) harus 4 digit")
	}
	if v, _ := p.Get("53"); v != "360" {
		return invalid("tag 53 (mata uang) harus 360 (IDR)")
	}
	if v, ok := p.Get("54"); ok {
		if _, err := parseAmount(v); err != nil {
			return err
		}
	}
	if err := p.checkTip(); err != nil {
		return err
	}
	if v, _ := p.Get("58"); v != "ID" {
		return invalid("tag 58 (negara) harus ID")
	}
	if v, ok := p.Get("59"); !ok {
		return invalid("tag 59 (nama merchant) wajib ada")
	} else if len(v) > 25 {
		return invalid("tag 59 (nama merchant) melebihi 25 karakter")
	}
	if v, ok := p.Get("60"); !ok {
		return invalid("tag 60 (kota merchant) wajib ada")
	} else if len(v) > 15 {
		return invalid("tag 60 (kota merchant) melebihi 15 karakter")
	}
	if v, ok := p.Get("61"); ok && len(v) > 10 {
		return invalid("tag 61 (kode pos) melebihi 10 karakter")
	}
	if v, ok := p.Sub("62", "01"); ok && len(v) > 25 {
		return invalid("nomor tagihan (tag 62 sub 01) melebihi 25 karakter")
	}
	return nil
}

// checkTip checks the tip / convenience fee indicator and its values.
func (p *Payload) checkTip() error {
	ind, hasInd := p.Get("55")
	fixed, hasFixed := p.Get("56")
	pct, hasPct := p.Get("57")
	if hasInd && ind != "01" && ind != "02" && ind != "03" {
		return invalid("tag 55 (indikator tip) harus 01, 02 atau 03")
	}
	if hasFixed != (hasInd && ind == "02") {
		return invalid("tag 56 (biaya tetap) hanya dan wajib ada bila tag 55 bernilai 02")
	}
	if hasPct != (hasInd && ind == "03") {
		return invalid("tag 57 (biaya persentase) hanya dan wajib ada bila tag 55 bernilai 03")
	}
	if hasFixed {
		if _, err := parseAmount(fixed); err != nil {
			return invalid("tag 56 (biaya tetap) tidak valid")
		}
	}
	if hasPct {
		f, err := strconv.ParseFloat(pct, 64)
		if err != nil || !isDecimal(pct) || f <= 0 || f > 99.99 {
			return invalid("tag 57 (biaya persentase) tidak valid")
		}
	}
	return nil
}

// parseAmount reads an amount: digits, optionally "." and a zero fraction.
func parseAmount(v string) (int64, error) {
	intPart, frac, hasDot := strings.Cut(v, ".")
	if intPart == "" || !isDigits(intPart) || (hasDot && (frac == "" || !isDigits(frac))) {
		return 0, invalid("nominal (tag 54) bukan angka yang valid")
	}
	if strings.Trim(frac, "0") != "" {
		return 0, invalid("nominal (tag 54) tidak boleh memiliki pecahan rupiah")
	}
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || n > MaxAmount {
		return 0, invalid("nominal (tag 54) melebihi batas")
	}
	if n <= 0 {
		return 0, invalid("nominal (tag 54) harus lebih dari 0")
	}
	return n, nil
}

func isDecimal(v string) bool {
	intPart, frac, hasDot := strings.Cut(v, ".")
	return intPart != "" && isDigits(intPart) && (!hasDot || (frac != "" && isDigits(frac)))
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func parseHex4(s string) (uint16, bool) {
	if len(s) != 4 {
		return 0, false
	}
	var v uint16
	for i := 0; i < 4; i++ {
		c := s[i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		default:
			return 0, false
		}
		v = v<<4 | uint16(d)
	}
	return v, true
}

// Get returns the value of a top-level tag.
func (p *Payload) Get(tag string) (string, bool) {
	for _, f := range p.Fields {
		if f.Tag == tag {
			return f.Value, true
		}
	}
	return "", false
}

// Sub returns the value of sub-tag sub inside template tag.
func (p *Payload) Sub(tag, sub string) (string, bool) {
	for _, f := range p.Fields {
		if f.Tag == tag {
			return subOf(f, sub)
		}
	}
	return "", false
}

func subOf(f Field, sub string) (string, bool) {
	for _, s := range f.Sub {
		if s.Tag == sub {
			return s.Value, true
		}
	}
	return "", false
}

// String encodes the payload again: every field but 63 as found (Value, in
// order), then 6304 and a freshly computed upper-case CRC. It assumes the
// fields are well-formed (values 1–99 characters), as Parse returns them.
func (p *Payload) String() string {
	var b strings.Builder
	for _, f := range p.Fields {
		if f.Tag == tagCRC {
			continue
		}
		writeTLV(&b, f.Tag, f.Value)
	}
	b.WriteString("6304")
	b.WriteString(crcHex(CRC16(b.String())))
	return b.String()
}

func writeTLV(b *strings.Builder, tag, value string) {
	b.WriteString(tag)
	if len(value) < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.Itoa(len(value)))
	b.WriteString(value)
}

func encodeSub(fs []Field) string {
	var b strings.Builder
	for _, f := range fs {
		writeTLV(&b, f.Tag, f.Value)
	}
	return b.String()
}

// MerchantName is tag 59.
func (p *Payload) MerchantName() string { v, _ := p.Get("59"); return v }

// MerchantCity is tag 60.
func (p *Payload) MerchantCity() string { v, _ := p.Get("60"); return v }

// NMID is the national merchant id, tag 51 sub 02.
func (p *Payload) NMID() string { v, _ := p.Sub("51", "02"); return v }

// MCC is the merchant category code, tag 52.
func (p *Payload) MCC() string { v, _ := p.Get("52"); return v }

// Amount is tag 54 in whole rupiah; false when the payload carries none.
func (p *Payload) Amount() (int64, bool) {
	v, ok := p.Get("54")
	if !ok {
		return 0, false
	}
	n, err := parseAmount(v)
	if err != nil {
		return 0, false
	}
	return n, true
}

// Dynamic reports whether the point of initiation (tag 01) is 12, a
// per-transaction QR.
func (p *Payload) Dynamic() bool { v, _ := p.Get("01"); return v == "12" }

// BillNumber is tag 62 sub 01, or "".
func (p *Payload) BillNumber() string { v, _ := p.Sub("62", "01"); return v }
