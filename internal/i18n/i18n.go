// Package i18n is Gerai's message catalogue: one JSON file per language in
// locales/ (id.json first, en.json complete), so a translator adds a
// language without touching Go. A file holds two tables:
//
//   - "messages": UI keys used by templates and handlers ("pay_deadline").
//     A value is a string, or an object of plural forms {"one": …, "other": …}.
//   - "errors": domain error messages. Domain code writes its errors in
//     Bahasa Indonesia (the source text is the key, as with gettext's msgid;
//     see docs/decisions/0020); other languages map that text to theirs,
//     with plural forms too where a count calls for them ("%d menit").
//
// A key missing in a language falls back to Indonesian; tests fail when any
// language lacks a key that a template, a handler or a domain error uses.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
)

// Default is the language of Gerai's source texts and of anyone who did not choose.
const Default = "id"

//go:embed locales/*.json
var localeFS embed.FS

// entry is one message: Other is the text; One, when set, is the singular form.
type entry struct {
	One, Other string
}

func (e *entry) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &e.Other)
	}
	var forms struct{ One, Other string }
	if err := json.Unmarshal(b, &forms); err != nil {
		return err
	}
	if forms.Other == "" {
		return fmt.Errorf("plural message needs an \"other\" form")
	}
	e.One, e.Other = forms.One, forms.Other
	return nil
}

type catalogue struct {
	Messages map[string]entry `json:"messages"`
	Errors   map[string]entry `json:"errors"`
}

var catalogues = load()

func load() map[string]*catalogue {
	files, err := fs.Glob(localeFS, "locales/*.json")
	if err != nil {
		panic(err)
	}
	out := make(map[string]*catalogue, len(files))
	for _, f := range files {
		b, err := localeFS.ReadFile(f)
		if err != nil {
			panic(err)
		}
		c := &catalogue{}
		if err := json.Unmarshal(b, c); err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", f, err))
		}
		out[strings.TrimSuffix(path.Base(f), ".json")] = c
	}
	if out[Default] == nil {
		panic("i18n: no " + Default + ".json")
	}
	return out
}

// Langs lists the languages the catalogue has, Indonesian first.
func Langs() []string {
	out := []string{Default}
	for l := range catalogues {
		if l != Default {
			out = append(out, l)
		}
	}
	sort.Strings(out[1:])
	return out
}

// Supported reports whether lang has a catalogue.
func Supported(lang string) bool { return catalogues[lang] != nil }

// MessageKeys lists the UI keys of lang, sorted.
func MessageKeys(lang string) []string {
	c := catalogues[lang]
	if c == nil {
		return nil
	}
	keys := make([]string, 0, len(c.Messages))
	for k := range c.Messages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ErrorKeys lists the domain messages lang translates, sorted.
func ErrorKeys(lang string) []string {
	c := catalogues[lang]
	if c == nil {
		return nil
	}
	keys := make([]string, 0, len(c.Errors))
	for k := range c.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether lang itself (no fallback) holds the UI key.
func Has(lang, key string) bool {
	c := catalogues[lang]
	if c == nil {
		return false
	}
	_, ok := c.Messages[key]
	return ok
}

func lookup(lang, key string) (entry, bool) {
	if c := catalogues[lang]; c != nil {
		if e, ok := c.Messages[key]; ok {
			return e, true
		}
	}
	e, ok := catalogues[Default].Messages[key]
	return e, ok
}

// T is the UI text of key in lang; the key itself when no language has it
// (a test keeps that from happening).
func T(lang, key string) string {
	if e, ok := lookup(lang, key); ok {
		return e.Other
	}
	return key
}

// Tf is T with fmt verbs filled from args.
func Tf(lang, key string, args ...any) string {
	if len(args) == 0 {
		return T(lang, key)
	}
	return fmt.Sprintf(T(lang, key), args...)
}

// N is the plural form of key for count n, with the count (grouped in the
// language's way) in place of its %s: "1 order", "2 orders", "2 pesanan".
func N(lang, key string, n int64) string {
	e, ok := lookup(lang, key)
	if !ok {
		return key
	}
	text := e.Other
	if e.One != "" && pluralOne(lang, n) {
		text = e.One
	}
	if strings.Contains(text, "%") {
		return fmt.Sprintf(text, FormatInt(lang, n))
	}
	return text
}

// pluralOne is the CLDR rule for the "one" category of the languages we ship
// (Indonesian has none: it never uses the singular form).
func pluralOne(lang string, n int64) bool {
	switch lang {
	case "id":
		return false
	default:
		return n == 1
	}
}

// Error translates a domain message written in Indonesian into lang,
// filling its verbs from args. A translation with plural forms takes the
// singular when the message's first integer argument calls for it. The
// arguments are written lang's way: Count and Rupiah grouped as lang
// groups numbers, a Text (such as NotFound's noun "Produk") translated.
// Any other argument is data and stays as it is: a product named "Foto"
// keeps its name.
func Error(lang, message string, args ...any) string {
	c := catalogues[lang]
	if lang == Default {
		c = nil // the source language: the message is its own text
	}
	if c != nil {
		if tr, ok := c.Errors[message]; ok {
			message = tr.Other
			if n, ok := firstCount(args); ok && tr.One != "" && pluralOne(lang, n) {
				message = tr.One
			}
		}
	}
	if len(args) == 0 {
		return message
	}
	if c == nil {
		return fmt.Sprintf(message, args...)
	}
	local := make([]any, len(args))
	for i, a := range args {
		local[i] = localArg(lang, a)
	}
	return fmt.Sprintf(message, local...)
}

// localArg is a message argument as lang writes it.
func localArg(lang string, a any) any {
	switch a := a.(type) {
	case platform.Count:
		return FormatInt(lang, int64(a))
	case platform.Rupiah:
		return Rupiah(lang, int64(a))
	case platform.Text:
		return Error(lang, a.Key, a.Args...)
	}
	return a
}

// firstCount is the first integer among args, the count a plural follows.
func firstCount(args []any) (int64, bool) {
	for _, a := range args {
		switch n := a.(type) {
		case int:
			return int64(n), true
		case int64:
			return n, true
		case platform.Count:
			return int64(n), true
		}
	}
	return 0, false
}

type langKey struct{}

// WithLang returns ctx carrying the language a request asked for.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// FromContext is the request's language, Indonesian when none was set.
func FromContext(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok && l != "" {
		return l
	}
	return Default
}

// Negotiate picks the best supported language from an Accept-Language
// header ("en-US,en;q=0.9,id;q=0.8"); Indonesian when none matches.
func Negotiate(header string) string {
	best, bestQ := Default, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if _, err := fmt.Sscanf(v, "%g", &q); err != nil {
				continue
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if base == "in" { // the old ISO 639 code for Indonesian
			base = "id"
		}
		if Supported(base) && q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

// FormatInt groups the thousands of n the way lang writes them: 1.234 / 1,234.
func FormatInt(lang string, n int64) string {
	if lang == "en" {
		return idn.FormatIntEN(n)
	}
	return idn.FormatInt(n)
}

// ErrorText is the message of err in lang: a domain error's own message
// translated, and for any other error the generic server-error text.
func ErrorText(lang string, err error) string {
	var e *platform.Error
	if !errors.As(err, &e) {
		return Error(lang, platform.ErrorMessage(err))
	}
	return translated(lang, e.Key, e.Message, e.Args)
}

// ErrorFields are err's field errors with their messages in lang.
func ErrorFields(lang string, err error) []platform.FieldError {
	fields := platform.ErrorFields(err)
	if lang == Default || len(fields) == 0 {
		return fields
	}
	out := make([]platform.FieldError, len(fields))
	for i, f := range fields {
		out[i] = f
		out[i].Message = translated(lang, f.Key, f.Message, f.Args)
	}
	return out
}

// translated is message (already formatted in Indonesian) in lang: key is
// its source format, "" when the message is its own key.
func translated(lang, key, message string, args []any) string {
	if lang == Default {
		return message
	}
	if key == "" {
		key, args = message, nil
	}
	c := catalogues[lang]
	if c == nil {
		return message
	}
	if _, ok := c.Errors[key]; !ok {
		return message
	}
	return Error(lang, key, args...)
}

// RupiahShort writes large sums briefly: Rp55,2 miliar / Rp55.2 billion.
func RupiahShort(lang string, v int64) string {
	if lang == "en" {
		return idn.RupiahShortEN(v)
	}
	return idn.RupiahShort(v)
}

// Date writes a calendar date: 12 Agustus 2022 / 12 August 2022.
func Date(lang string, t time.Time) string {
	if lang == "en" {
		return idn.DateEN(t, nil)
	}
	return idn.Date(t, nil)
}

// DateRange writes two calendar dates compactly: 12–14 Agustus 2022.
func DateRange(lang string, from, to time.Time) string {
	if lang == "en" {
		return idn.DateRangeEN(from, to)
	}
	return idn.DateRange(from, to)
}

// Rupiah writes whole rupiah the way lang does: Rp1.500.000 / Rp1,500,000.
func Rupiah(lang string, v int64) string {
	if lang == "en" {
		return idn.RupiahEN(v)
	}
	return idn.Rupiah(v)
}
