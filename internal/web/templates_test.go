package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/catalog"
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
	for _, o := range catalog.Sorts {
		need = append(need, "sort_"+o)
	}
	for _, lang := range i18n.Langs() {
		for _, k := range need {
			if !i18n.Has(lang, k) {
				t.Errorf("%s.json has no label %q", lang, k)
			}
		}
	}
}

// TestTemplatesHaveNoRawText keeps every word a visitor reads in the
// catalogue: a template's own text, its human attributes and the string
// literals of its actions may hold only names that read the same in every
// language (UMKM, NIB, QRIS…), numbers and signs.
func TestTemplatesHaveNoRawText(t *testing.T) {
	sameInEveryLanguage := map[string]bool{"UMKM": true, "NIB": true, "NIK": true, "QRIS": true, "KBLI": true,
		"PIRT": true, "BPOM": true, "Rp": true, "g": true, "Gerai": true, "WhatsApp": true, "CSV": true, "XLSX": true, "JSON": true, "CKAN": true}
	action := regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	hidden := regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<!--.*?-->`)
	textNode := regexp.MustCompile(`>([^<>]+)<`)
	humanAttr := regexp.MustCompile(`\b(placeholder|title|aria-label|alt)="([^"]*)"`)
	word := regexp.MustCompile(`\pL+`)
	literal := regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	codeLike := regexp.MustCompile(`^[a-z0-9_./#?=&%:-]*$|^[A-Z][a-z]+/[A-Za-z_]+$`) // keys, paths, Asia/Jakarta
	templateName := regexp.MustCompile(`^\s*-?\s*(template|define|block)\s`)
	readable := func(where, text string) {
		for _, w := range word.FindAllString(text, -1) {
			if !sameInEveryLanguage[w] {
				t.Errorf("%s: %q is text outside the catalogue (put it in internal/i18n/locales)", where, strings.TrimSpace(text))
				return
			}
		}
	}
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templateFS, path)
		if err != nil {
			return err
		}
		src := string(b)
		for _, a := range action.FindAllString(src, -1) {
			inner := strings.TrimSuffix(strings.TrimPrefix(a, "{{"), "}}")
			if templateName.MatchString(inner) {
				continue
			}
			for _, m := range literal.FindAllStringSubmatch(inner, -1) {
				if !codeLike.MatchString(m[1]) {
					readable(path+" action "+a, m[1])
				}
			}
		}
		plain := hidden.ReplaceAllString(action.ReplaceAllString(src, " "), " ")
		for _, m := range textNode.FindAllStringSubmatch(plain, -1) {
			readable(path, m[1])
		}
		for _, m := range humanAttr.FindAllStringSubmatch(plain, -1) {
			readable(path+" "+m[1], m[2])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestHandlersWriteNoTextOfTheirOwn: a handler's page titles, field
// messages and form summaries come from the catalogue (pageT, Form.Fail,
// Form.MarkInvalid), never from a string literal, so no English page shows
// an Indonesian message a handler wrote.
func TestHandlersWriteNoTextOfTheirOwn(t *testing.T) {
	forbidden := []*regexp.Regexp{
		regexp.MustCompile(`s\.page\(r, "[^"]*\pL{2,}[^"]*"`),                   // a title literal
		regexp.MustCompile(`\.page\(r, [^)]*\+ *"[^"]*\pL{3,}`),                 // a title built with words
		regexp.MustCompile(`\bErrors\[[^\]]+\](?:, ok)? = "[^"]*\pL{2,}`),       // a field message literal
		regexp.MustCompile(`\.Message = "[^"]*\pL{2,}`),                         // a form summary literal
		regexp.MustCompile(`(?:WhatsAppLink|QueryEscape)\([^)]*"[^"]*\pL{3,} `), // a message to share or send
	}
	files, _ := filepath.Glob("*.go")
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for i, line := range strings.Split(string(b), "\n") {
			for _, re := range forbidden {
				// The brand is no text to translate: "… — Gerai" is a name.
				if m := re.FindString(strings.ReplaceAll(line, "Gerai", "")); m != "" {
					t.Errorf("%s:%d writes its own text %q: use pageT, Form.Fail or a catalogue key", f, i+1, m)
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("checked %d handler files", checked)
	}
}
