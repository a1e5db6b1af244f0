package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/umkm"
)

// TestTemplatesUseOnlyKnownMessages catches a label that would show as its
// raw key ("pay_direct") instead of words, in any language: every key a
// template or a handler names must be in every catalogue file.
func TestTemplatesUseOnlyKnownMessages(t *testing.T) {
	key := regexp.MustCompile(`\bT "([a-z0-9_]+)"`)
	used := map[string]string{} // key → where
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Handlers name keys as T(lang, "key"), Tf(lang, "key", …) or N(lang, "key", n).
	goKey := regexp.MustCompile(`\b(?:T|Tf|N)\([^,()]+, "([a-z0-9_]+)"`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = f
		}
	}
	if len(used) < 100 {
		t.Fatalf("found only %d message keys: the patterns no longer match the templates", len(used))
	}
	for _, lang := range i18n.Langs() {
		for k, where := range used {
			if !i18n.Has(lang, k) {
				t.Errorf("%s uses message %q, missing in %s.json", where, k, lang)
			}
		}
	}
	// Keys built at run time must exist for every value they take.
	need := []string{}
	for _, s := range []string{"menunggu_pembayaran", "dibayar", "diproses", "dikirim", "selesai", "dibatalkan"} {
		need = append(need, "ord_"+s)
	}
	for _, s := range []string{"pending", "paid", "expired", "failed", "refunded"} {
		need = append(need, "paystatus_"+s)
	}
	for _, c := range umkm.Categories {
		need = append(need, "cat_"+c)
	}
	for _, lang := range i18n.Langs() {
		for _, k := range need {
			if !i18n.Has(lang, k) {
				t.Errorf("%s.json has no label %q", lang, k)
			}
		}
	}
}
