package i18n

import (
	"errors"
	"maps"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
)

func TestEveryLanguageHasEveryUIKey(t *testing.T) {
	if len(Langs()) < 2 || Langs()[0] != "id" {
		t.Fatalf("languages %v: want id first and at least one more", Langs())
	}
	want := MessageKeys(Default)
	for _, lang := range Langs()[1:] {
		have := map[string]bool{}
		for _, k := range MessageKeys(lang) {
			have[k] = true
		}
		for _, k := range want {
			if !have[k] {
				t.Errorf("%s.json lacks message %q", lang, k)
			}
			delete(have, k)
		}
		for k := range have {
			t.Errorf("%s.json has message %q that id.json does not", lang, k)
		}
	}
}

func TestPluralsAndFallback(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1, "1 order"},
		{"en", 2, "2 orders"},
		{"en", 1500, "1,500 orders"},
		{"id", 1, "1 pesanan"},
		{"id", 1500, "1.500 pesanan"},
	} {
		if got := N(tc.lang, "n_orders", tc.n); got != tc.want {
			t.Errorf("N(%s, n_orders, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	if got := T("xx", "login"); got != "Masuk" {
		t.Errorf("an unknown language falls back to Indonesian: got %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	for header, want := range map[string]string{
		"":                            "id",
		"en":                          "en",
		"en-US,en;q=0.9":              "en",
		"id-ID,id;q=0.9,en;q=0.8":     "id",
		"fr-FR,en;q=0.5,id;q=0.4":     "en",
		"de, fr":                      "id",
		"en;q=0.1, in;q=0.9":          "id",
		"en;q=bogus, id;q=0.2, en-GB": "en",
	} {
		if got := Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", header, got, want)
		}
	}
}

// TestEveryDomainMessageIsTranslated reads Gerai's Go sources for the
// Indonesian messages that domain errors are built from and fails when a
// language lacks one, when a language translates one nobody uses any more,
// or when a message is not a literal (a translation can only be found for
// a fixed format; the variable parts go in its arguments).
func TestEveryDomainMessageIsTranslated(t *testing.T) {
	used, problems := domainMessages(t, "../..")
	for _, p := range problems {
		t.Error(p)
	}
	used[platform.InternalMessage] = "platform.InternalMessage"
	if len(used) < 100 {
		t.Fatalf("found only %d domain messages: the scanner no longer recognises how errors are built", len(used))
	}
	for _, lang := range Langs()[1:] {
		have := map[string]bool{}
		for _, k := range ErrorKeys(lang) {
			have[k] = true
		}
		var missing []string
		for k, where := range used {
			if !have[k] {
				missing = append(missing, where+": "+strconv.Quote(k))
			}
			delete(have, k)
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Errorf("%s.json \"errors\" lacks %s", lang, m)
		}
		for k := range have {
			t.Errorf("%s.json \"errors\" translates %q, which no code uses", lang, k)
		}
	}
}

// TestTranslationsKeepTheirVerbs: a translation fills the arguments of its
// Indonesian source with the same verbs (in another order only with
// explicit indexes, %[2]s), in each of its plural forms; otherwise the
// English text would read "%!d(string=…)".
func TestTranslationsKeepTheirVerbs(t *testing.T) {
	for _, lang := range Langs()[1:] {
		for key, tr := range catalogues[lang].Errors {
			want := verbs(key)
			for _, form := range []string{tr.One, tr.Other} {
				if form == "" {
					continue
				}
				if got := verbs(form); !maps.Equal(got, want) {
					t.Errorf("%s.json: %q fills %v, but %q fills %v", lang, form, got, key, want)
				}
			}
		}
	}
}

// verbs maps each argument a format fills (from 1) to its verb.
func verbs(format string) map[int]string {
	out := map[int]string{}
	next := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] == '[' {
			end := strings.IndexByte(format[i:], ']')
			if n, err := strconv.Atoi(format[i+1 : i+end]); end > 0 && err == nil {
				next = n
			}
			i += end + 1
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		out[next] += string(format[i])
		next++
	}
	return out
}

func TestVerbs(t *testing.T) {
	for format, want := range map[string]map[int]string{
		"Stok %s tinggal %d":           {1: "s", 2: "d"},
		"Cannot %[2]s a UMKM in %[1]s": {1: "s", 2: "s"},
		"%[1]s dan lagi %[1]s":         {1: "ss"},
		"Diskon 50%% untuk %q":         {1: "q"},
		"Harga %08.2f":                 {1: "f"},
	} {
		if got := verbs(format); !maps.Equal(got, want) {
			t.Errorf("verbs(%q) = %v, want %v", format, got, want)
		}
	}
}

// An error's arguments are written the reader's way: numbers and rupiah
// grouped, nested messages and nouns translated, the plural chosen by the
// count; Indonesian is the source text as built.
func TestErrorArguments(t *testing.T) {
	wait := func(n int) error {
		return platform.Errorf(platform.KindTooManyRequests, "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %s.", platform.Textf("%d menit", n))
	}
	for _, tc := range []struct {
		err    error
		id, en string
	}{
		{wait(1), "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 1 menit.", "Too many failed sign-in attempts. Try again in 1 minute."},
		{wait(15), "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.", "Too many failed sign-in attempts. Try again in 15 minutes."},
		{platform.Invalid("stock", "Stok maksimal %s", platform.Count(10_000_000)), "Stok maksimal 10.000.000", "Stock: at most 10,000,000"},
		{platform.Errorf(platform.KindInvalid, "Total satu penjualan paling tinggi %s", platform.Rupiah(10_000_000_000)),
			"Total satu penjualan paling tinggi Rp10.000.000.000", "One sale's total is at most Rp10,000,000,000"},
		{platform.NotFound("Produk"), "Produk tidak ditemukan", "Product not found"},
		{platform.Invalid("items[0].price", "Harga %s kini %s per unit (tadinya %s)", "Foto", platform.Rupiah(1500), platform.Rupiah(1000)),
			"Harga Foto kini Rp1.500 per unit (tadinya Rp1.000)", "The price of Foto is now Rp1,500 per unit (was Rp1,000)"},
		{platform.Errorf(platform.KindConflict, "UMKM berstatus %s tidak dapat di-%s", "draft", "verify"),
			"UMKM berstatus draft tidak dapat di-verify", "Cannot verify a UMKM in status draft"},
		{errors.New("disk penuh"), platform.InternalMessage, "Something went wrong on the server. Please try again."},
	} {
		if got := ErrorText("id", tc.err); got != tc.id {
			t.Errorf("id: %q, want %q", got, tc.id)
		}
		if got := ErrorText("en", tc.err); got != tc.en {
			t.Errorf("en: %q, want %q", got, tc.en)
		}
	}
	// A message no language translates (a literal built without Key) stays as it is.
	if got := ErrorText("en", &platform.Error{Kind: platform.KindInvalid, Message: "Diskon 50%"}); got != "Diskon 50%" {
		t.Errorf("an untranslated literal: %q", got)
	}
}
