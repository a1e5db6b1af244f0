package web

// The templates: parsed once per language at start, with the funcs they call.

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/region"
)

//go:embed templates
var templateFS embed.FS

type templates struct {
	pages map[string]map[string]*template.Template // by language, then page
}

// page returns the template of page name in lang (the default language's
// for a language without pages), nil if there is none.
func (t *templates) page(lang, name string) *template.Template {
	pages, ok := t.pages[lang]
	if !ok {
		pages = t.pages[i18n.Default]
	}
	return pages[name]
}

var funcs = template.FuncMap{
	"regencyName":  region.Label,
	"provinceName": provinceName,
	"maskPhone":    idn.MaskPhone,
	"zoneLabel":    region.ZoneLabel,
	"add":          func(a, b int) int { return a + b },
	"list":         func(xs ...string) []string { return xs },
	"int64":        func(n int) int64 { return int64(n) },
	"mul":          func(a, b int64) int64 { return a * b },
	// card passes the page and one product to the productCard template.
	"card": func(page, p any) map[string]any { return map[string]any{"Page": page, "P": p} },
	// fld describes one form field for the field template.
	"tierRowsOf": func(page any, f Form, prefix string) map[string]any {
		var rows []map[string]string
		for i := range tierRows {
			rows = append(rows, map[string]string{"Min": fmt.Sprintf("%s%d_min", prefix, i), "Price": fmt.Sprintf("%s%d_price", prefix, i)})
		}
		return map[string]any{"Page": page, "F": f, "Rows": rows}
	},
	"regencyChoice": func(page any, f Form, provinces []region.Province, regencies []region.Regency) map[string]any {
		return map[string]any{"Page": page, "F": f, "Provinces": provinces, "Regencies": regencies}
	},
	"reportRows": func(r expo.Report, section string) []expo.Row {
		switch section {
		case "regency":
			return r.ByRegency
		case "category":
			return r.ByCategory
		case "payment":
			return r.ByPaymentMethod
		}
		return r.ByExhibitor
	},
	"provinceChoice": func(page any, f Form, name, label string, provinces []region.Province) map[string]any {
		return map[string]any{"Page": page, "F": f, "Name": name, "Label": label, "Provinces": provinces}
	},
	"rateZones": func() []order.Zone { return rateZones },
	"pageForm":  func(page any, f Form) map[string]any { return map[string]any{"Page": page, "F": f} },
	"fld": func(f Form, name, label, typ, mode, hint string) map[string]any {
		return map[string]any{"F": f, "Name": name, "Label": label, "Type": typ, "Mode": mode, "Hint": hint}
	},
}

// mustParseTemplates parses every page together with the layout and the
// partials (templates/partials: {{define}}s that several pages use), once
// per language; a broken template stops the program at start rather than on
// a user's request. The templates never change while the program runs, so
// every handler shares one parse.
var mustParseTemplates = sync.OnceValue(func() *templates {
	t := &templates{pages: map[string]map[string]*template.Template{}}
	for _, lang := range i18n.Langs() {
		t.pages[lang] = parseTemplates(lang)
	}
	return t
})

// messageCall is a template action or parenthesised argument that is only a
// message of the catalogue: {{.T "key"}}, {{$.T "key"}}, (.Page.T "key").
var messageCall = regexp.MustCompile(`(\{\{-?\s*|\(\s*)\$?\w*(?:\.\w+)*\.T\s+"([a-z0-9_]+)"(\s*-?\}\}|\s*\))`)

// withMessages writes each message call of src as the message's text in
// lang. A page executes some 50 of them: as method calls through reflection
// (and html/template's escaper after each) they were a fifth of the product
// page's CPU (bench/README.md, issue 14); written in, they cost nothing per
// request. Where the text stands in HTML text or a plain quoted attribute it
// is written escaped as template text; anywhere else (an argument, a URL,
// a script) as a string constant that html/template escapes for its
// context. Page.T stays for keys that are computed.
func withMessages(lang, src string) string {
	var b strings.Builder
	last := 0
	for _, m := range messageCall.FindAllStringSubmatchIndex(src, -1) {
		text := i18n.T(lang, src[m[4]:m[5]])
		b.WriteString(src[last:m[0]])
		if src[m[2]:m[3]] != "(" && plainContext(src[:m[0]]) && !strings.Contains(text, "{{") {
			b.WriteString(template.HTMLEscapeString(text))
		} else {
			b.WriteString(src[m[2]:m[3]] + strconv.Quote(text) + src[m[6]:m[7]])
		}
		last = m[1]
	}
	b.WriteString(src[last:])
	return b.String()
}

// plainAttribute matches the end of an open tag's text when it stands in a
// quoted attribute whose value is plain text.
var plainAttribute = regexp.MustCompile(`\s(?:alt|aria-label|title|placeholder|value|data-[a-z-]+)="[^"]*$`)

// plainContext reports whether what follows before (template source) is
// HTML text or a plain text attribute's value, where HTML escaping is the
// whole of what html/template would do.
func plainContext(before string) bool {
	if strings.LastIndex(before, "<script") > strings.LastIndex(before, "</script") ||
		strings.LastIndex(before, "<style") > strings.LastIndex(before, "</style") {
		return false
	}
	open := strings.LastIndex(before, "<")
	if open <= strings.LastIndex(before, ">") {
		return true // text between tags
	}
	return plainAttribute.MatchString(before[open:])
}

// parseTemplates parses the pages with the message calls written in lang.
func parseTemplates(lang string) map[string]*template.Template {
	parse := func(t *template.Template, files ...string) *template.Template {
		for _, f := range files {
			b, err := fs.ReadFile(templateFS, f)
			if err != nil {
				panic(err)
			}
			name := f[strings.LastIndex(f, "/")+1:]
			var sub *template.Template
			if t.Name() == name {
				sub = t
			} else {
				sub = t.New(name)
			}
			template.Must(sub.Parse(withMessages(lang, string(b))))
		}
		return t
	}
	partials, err := fs.Glob(templateFS, "templates/partials/*.html")
	if err != nil {
		panic(err)
	}
	layout := parse(template.New("layout.html").Funcs(funcs), append([]string{"templates/layout.html"}, partials...)...)
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(n[len("templates/pages/"):], ".html")
		pages[name] = parse(template.Must(layout.Clone()), n)
	}
	return pages
}
