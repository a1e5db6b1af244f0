package i18n_test

import (
	"testing"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/payment/qris"
)

// A product form with an empty name, negative stock and an unknown
// category is refused field by field, in English with Accept-Language: en
// and in Bahasa Indonesia otherwise, the arguments written each language's
// way (the list of categories, 10,000,000 against 10.000.000).
func TestProductValidationInBothLanguages(t *testing.T) {
	fieldsOf := func(lang string, f catalog.Fields) map[string]string {
		t.Helper()
		err := f.Normalize()
		if err == nil {
			t.Fatalf("%+v passed validation", f)
		}
		out := map[string]string{"": i18n.ErrorText(lang, err)}
		for _, fe := range i18n.ErrorFields(lang, err) {
			out[fe.Field] = fe.Message
		}
		return out
	}
	bad := catalog.Fields{Name: "  ", Category: "mainan", Price: 1000, Stock: -1}
	tooMuch := catalog.Fields{Name: "Kemplang", Category: "kuliner", Price: 1000, Stock: catalog.MaxStock + 1}
	for _, tc := range []struct {
		lang string
		f    catalog.Fields
		want map[string]string
	}{
		{"en", bad, map[string]string{
			"":         "Some of the data sent is not right",
			"name":     "Product name is required",
			"category": "Category must be one of: kuliner, fesyen, kriya, pertanian, jasa, lainnya",
			"stock":    "Stock cannot be negative",
		}},
		{"id", bad, map[string]string{
			"":         "Data yang dikirim belum benar",
			"name":     "Nama produk wajib diisi",
			"category": "Kategori harus salah satu dari: kuliner, fesyen, kriya, pertanian, jasa, lainnya",
			"stock":    "Stok tidak boleh negatif",
		}},
		{"en", tooMuch, map[string]string{"": "Some of the data sent is not right", "stock": "Stock: at most 10,000,000"}},
		{"id", tooMuch, map[string]string{"": "Data yang dikirim belum benar", "stock": "Stok maksimal 10.000.000"}},
	} {
		got := fieldsOf(tc.lang, tc.f)
		for k, want := range tc.want {
			if got[k] != want {
				t.Errorf("%s, field %q: %q, want %q", tc.lang, k, got[k], want)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("%s: fields %v, want %v", tc.lang, got, tc.want)
		}
	}
}

// The reason a pasted QRIS is refused is a message of its own, translated
// inside the seller's settings error.
func TestQRISReasonIsTranslated(t *testing.T) {
	_, err := qris.Parse("000201")
	reason, ok := qris.Reason(err)
	if !ok {
		t.Fatalf("Parse error %v has no reason", err)
	}
	if got, want := i18n.Error("en", "Kode QRIS tidak valid: %s", reason), "Invalid QRIS code: tag 63 (CRC) must come last"; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	if got, want := i18n.Error("id", "Kode QRIS tidak valid: %s", reason), "Kode QRIS tidak valid: tag 63 (CRC) harus berada di akhir"; got != want {
		t.Errorf("id: %q, want %q", got, want)
	}
}
