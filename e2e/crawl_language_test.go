package e2e

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/i18n"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func init() { pageChecks = append(pageChecks, checkNoIndonesianUI) }

// indonesianUI holds the UI's Indonesian texts that English says otherwise:
// phrases (two words or more, matched inside any text) and single words
// (matched when they are a whole text, so that a product called "Kopi
// Stok Lama" does not count as the label "Stok").
var indonesianUI = func() (out struct {
	phrases []string
	words   map[string]bool
}) {
	out.words = map[string]bool{}
	english := map[string]bool{} // texts English shows too ("Booth", "UMKM")
	for _, k := range i18n.MessageKeys("en") {
		for _, part := range strings.Split(placeholders.ReplaceAllString(i18n.T("en", k), "\x00"), "\x00") {
			english[strings.ToLower(strings.Trim(part, " :;,.()—–-…\"'"))] = true
		}
	}
	add := func(id, en string) {
		id = strings.TrimSpace(placeholders.ReplaceAllString(id, "\x00"))
		if id == strings.TrimSpace(placeholders.ReplaceAllString(en, "\x00")) {
			return
		}
		// The fixed parts between placeholders are what a page would show.
		for _, part := range strings.Split(id, "\x00") {
			part = strings.Trim(part, " :;,.()—–-…\"'")
			if english[strings.ToLower(part)] || properName(part) {
				continue
			}
			switch n := len(strings.Fields(part)); {
			case n >= 2 && utf8.RuneCountInString(part) >= 8:
				out.phrases = append(out.phrases, part)
			case n == 1 && utf8.RuneCountInString(part) >= 4:
				out.words[part] = true
			}
		}
	}
	for _, k := range i18n.MessageKeys("id") {
		add(i18n.T("id", k), i18n.T("en", k))
	}
	for _, src := range i18n.ErrorKeys("en") {
		add(src, i18n.Error("en", src))
	}
	sort.Strings(out.phrases)
	return out
}()

// properName: every word capitalised ("Dinas KUKM", "Admin Gerai") reads
// as a name, which people's and places' names on a page also are; UI
// phrases are in sentence case.
func properName(s string) bool {
	words := strings.Fields(s)
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

var placeholders = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]|\{\w+\}`)

// checkNoIndonesianUI fails an English page that shows the UI's Indonesian
// text: a label, a hint, a button or a message the catalogue says in
// English. Content people wrote (product names, descriptions) and anything
// marked lang="id" (the switch back to Bahasa Indonesia) are not UI.
func checkNoIndonesianUI(f *fetched) []string {
	if htmlLang(f.Doc) != "en" {
		return nil
	}
	var problems []string
	seen := map[string]bool{}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Textarea, atom.Title:
				return
			}
			if attr(n, "lang") == "id" {
				return
			}
			for _, a := range []string{"placeholder", "title", "aria-label", "alt"} {
				if v := attr(n, a); v != "" {
					problems = append(problems, indonesianIn(v, seen)...)
				}
			}
			if n.DataAtom == atom.Input && (attr(n, "type") == "submit" || attr(n, "type") == "button") {
				problems = append(problems, indonesianIn(attr(n, "value"), seen)...)
			}
		}
		if n.Type == html.TextNode {
			problems = append(problems, indonesianIn(n.Data, seen)...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(f.Doc)
	return problems
}

func indonesianIn(text string, seen map[string]bool) []string {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return nil
	}
	var out []string
	report := func(what string) {
		if !seen[what] {
			seen[what] = true
			out = append(out, "English page shows Indonesian UI text "+strconvQuote(what)+" (in "+strconvQuote(shorten(text))+")")
		}
	}
	if indonesianUI.words[strings.Trim(text, " :;,.()—–-…\"'")] {
		report(text)
	}
	for _, p := range indonesianUI.phrases {
		if strings.Contains(text, p) {
			report(p)
		}
	}
	return out
}

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 80 {
		return s
	}
	return string([]rune(s)[:80]) + "…"
}

func strconvQuote(s string) string { return "\"" + s + "\"" }
