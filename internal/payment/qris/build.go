package qris

import (
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
)

// Merchant describes a QRIS merchant when Gerai itself builds a payload (the
// payment simulator and tests).
type Merchant struct {
	Name       string // tag 59, 1–25 printable ASCII characters
	City       string // tag 60, 1–15 printable ASCII characters
	PostalCode string // tag 61, optional, at most 10 characters
	NMID       string // tag 51 sub 02: "ID" and 13 digits
	MCC        string // tag 52: 4 digits
	Criteria   string // tags 26/51 sub 03: UMI, UKE, UME, UBE or URE

	AcquirerDomain string // tag 26 sub 00, reverse domain, e.g. ID.CO.BANKNAME.WWW
	MerchantPAN    string // tag 26 sub 01, optional, up to 19 digits
	MerchantID     string // tag 26 sub 02, optional, up to 15 letters/digits
}

// Dynamic builds the per-order payload from a merchant's static QRIS:
// 01 becomes 12, 54 is set to amount (whole rupiah, 1..MaxAmount), the tip
// and convenience fee tags 55/56/57 are removed (merchants may not
// surcharge), tag 62 sub 01 is set to billNumber (other 62 sub-tags are kept;
// 62 is created when absent) and the CRC is recomputed. All other fields are
// kept unchanged and in order.
//
// static must be a valid static QRIS (01=11 or 01 absent); a dynamic one is
// rejected, as it is not what a merchant registers. billNumber is required,
// 1–25 characters of [A-Za-z0-9-]. Errors wrap ErrInvalid, and ErrAmount or
// ErrBillNumber for a bad argument.
func Dynamic(static string, amount int64, billNumber string) (string, error) {
	if amount <= 0 {
		return "", invalidOf(ErrAmount, "nominal harus lebih dari 0")
	}
	if err := checkAmountMax(amount); err != nil {
		return "", err
	}
	if billNumber == "" {
		return "", invalidOf(ErrBillNumber, "nomor tagihan wajib diisi")
	}
	if err := checkBillNumber(billNumber); err != nil {
		return "", err
	}
	p, err := Parse(static)
	if err != nil {
		return "", err
	}
	if p.Dynamic() {
		return "", invalid("QRIS sumber sudah dinamis (tag 01 = 12); gunakan QRIS statis merchant")
	}

	fields := make([]Field, 0, len(p.Fields)+3)
	for _, f := range p.Fields {
		switch f.Tag {
		case "54", "55", "56", "57", tagCRC:
			continue
		}
		fields = append(fields, f)
	}
	fields = setField(fields, Field{Tag: "01", Value: "12"})
	fields = setField(fields, Field{Tag: "54", Value: strconv.FormatInt(amount, 10)})

	var add Field
	for _, f := range fields {
		if f.Tag == "62" {
			add = f
		}
	}
	add.Tag = "62"
	add.Sub = setField(append([]Field(nil), add.Sub...), Field{Tag: "01", Value: billNumber})
	add.Value = encodeSub(add.Sub)
	if len(add.Value) > 99 {
		return "", invalidOf(ErrBillNumber, "data tambahan (tag 62) melebihi 99 karakter setelah nomor tagihan ditambahkan")
	}
	fields = setField(fields, add)

	out := (&Payload{Fields: fields}).String()
	if _, err := Parse(out); err != nil {
		return "", err
	}
	return out, nil
}

// setField replaces the field with f's tag, or inserts f before the first
// field with a greater tag (keeping an ascending list ascending).
func setField(fields []Field, f Field) []Field {
	for i := range fields {
		if fields[i].Tag == f.Tag {
			fields[i] = f
			return fields
		}
	}
	i := 0
	for i < len(fields) && fields[i].Tag < f.Tag {
		i++
	}
	fields = append(fields, Field{})
	copy(fields[i+1:], fields[i:])
	fields[i] = f
	return fields
}

// Build writes a QRIS payload for m: dynamic (01=12 with 54) when amount > 0,
// static (01=11, no 54) when amount is 0. It includes template 26 (the
// acquirer: 00 domain, 01 PAN, 02 merchant id, 03 criteria) and template 51
// (00 ID.CO.QRIS.WWW, 02 NMID, 03 criteria); 62 sub 01 carries billNumber
// when it is not empty (1–25 characters of [A-Za-z0-9-]).
func Build(m Merchant, amount int64, billNumber string) (string, error) {
	if amount < 0 {
		return "", invalidOf(ErrAmount, "nominal tidak boleh negatif")
	}
	if err := checkAmountMax(amount); err != nil {
		return "", err
	}
	if billNumber != "" {
		if err := checkBillNumber(billNumber); err != nil {
			return "", err
		}
	}
	if err := m.validate(); err != nil {
		return "", err
	}

	acq := []Field{{Tag: "00", Value: m.AcquirerDomain}}
	if m.MerchantPAN != "" {
		acq = append(acq, Field{Tag: "01", Value: m.MerchantPAN})
	}
	if m.MerchantID != "" {
		acq = append(acq, Field{Tag: "02", Value: m.MerchantID})
	}
	acq = append(acq, Field{Tag: "03", Value: m.Criteria})
	national := []Field{
		{Tag: "00", Value: NationalGUID},
		{Tag: "02", Value: m.NMID},
		{Tag: "03", Value: m.Criteria},
	}

	poi := "11"
	if amount > 0 {
		poi = "12"
	}
	fields := []Field{
		{Tag: "00", Value: "01"},
		{Tag: "01", Value: poi},
		{Tag: "26", Value: encodeSub(acq), Sub: acq},
		{Tag: "51", Value: encodeSub(national), Sub: national},
		{Tag: "52", Value: m.MCC},
		{Tag: "53", Value: "360"},
	}
	if amount > 0 {
		fields = append(fields, Field{Tag: "54", Value: strconv.FormatInt(amount, 10)})
	}
	fields = append(fields,
		Field{Tag: "58", Value: "ID"},
		Field{Tag: "59", Value: m.Name},
		Field{Tag: "60", Value: m.City},
	)
	if m.PostalCode != "" {
		fields = append(fields, Field{Tag: "61", Value: m.PostalCode})
	}
	if billNumber != "" {
		add := []Field{{Tag: "01", Value: billNumber}}
		fields = append(fields, Field{Tag: "62", Value: encodeSub(add), Sub: add})
	}
	out := (&Payload{Fields: fields}).String()
	if _, err := Parse(out); err != nil {
		return "", err
	}
	return out, nil
}

func checkAmountMax(amount int64) error {
	if amount > MaxAmount {
		return invalidOf(ErrAmount, "nominal melebihi batas maksimum Rp9.999.999.999.999")
	}
	return nil
}

func checkBillNumber(s string) error {
	if len(s) > 25 {
		return invalidOf(ErrBillNumber, "nomor tagihan melebihi 25 karakter")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return invalidOf(ErrBillNumber, "nomor tagihan hanya boleh berisi huruf, angka dan tanda hubung")
		}
	}
	return nil
}

func (m Merchant) validate() error {
	if err := checkText(platform.Textf("nama merchant"), m.Name, 25, true); err != nil {
		return err
	}
	if err := checkText(platform.Textf("kota merchant"), m.City, 15, true); err != nil {
		return err
	}
	if err := checkText(platform.Textf("kode pos"), m.PostalCode, 10, false); err != nil {
		return err
	}
	if len(m.NMID) != 15 || !strings.HasPrefix(m.NMID, "ID") || !isDigits(m.NMID[2:]) {
		return invalid("NMID harus berformat ID diikuti 13 digit")
	}
	if len(m.MCC) != 4 || !isDigits(m.MCC) {
		return invalid("MCC harus 4 digit")
	}
	if !criteriaOK[m.Criteria] {
		return invalid("kriteria merchant harus salah satu dari UMI, UKE, UME, UBE, URE")
	}
	d := m.AcquirerDomain
	if d == "" {
		return invalid("domain acquirer wajib diisi")
	}
	if len(d) > 32 {
		return invalid("domain acquirer melebihi 32 karakter")
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return invalid("domain acquirer hanya boleh berisi huruf, angka, titik dan tanda hubung")
		}
	}
	if strings.EqualFold(d, NationalGUID) {
		return invalid("domain acquirer tidak boleh %s", NationalGUID)
	}
	if m.MerchantPAN != "" && (len(m.MerchantPAN) > 19 || !isDigits(m.MerchantPAN)) {
		return invalid("PAN merchant harus berupa angka, maksimal 19 digit")
	}
	if len(m.MerchantID) > 15 {
		return invalid("ID merchant melebihi 15 karakter")
	}
	for i := 0; i < len(m.MerchantID); i++ {
		c := m.MerchantID[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return invalid("ID merchant hanya boleh berisi huruf dan angka")
		}
	}
	return nil
}

// checkText checks a free-text field: printable ASCII, at most max bytes.
func checkText(name platform.Text, v string, max int, required bool) error {
	if strings.TrimSpace(v) == "" {
		if required || v != "" {
			return invalid("%s wajib diisi", name)
		}
		return nil
	}
	if len(v) > max {
		return invalid("%s melebihi %d karakter", name, max)
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return invalid("%s mengandung karakter tidak valid", name)
		}
	}
	return nil
}
