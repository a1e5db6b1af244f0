package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sort"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// What the crawler reads in a page: the queries of its GET forms and the
// structure of its HTML.

// formQueries returns the query strings a GET form sends: with its
// default values, and for a search form also with a typical search.
func formQueries(form *html.Node) []string {
	v := url.Values{}
	search := attr(form, "role") == "search"
	var searchFields []string
	submitted := false
	walk(form, func(n *html.Node) {
		name := attr(n, "name")
		if _, disabled := attrOK(n, "disabled"); disabled {
			return
		}
		switch n.DataAtom {
		case atom.Input:
			switch typ := strings.ToLower(attr(n, "type")); typ {
			case "checkbox", "radio":
				if _, checked := attrOK(n, "checked"); checked && name != "" {
					val, ok := attrOK(n, "value")
					if !ok {
						val = "on"
					}
					v.Add(name, val)
				}
			case "submit", "image":
				if !submitted && name != "" {
					v.Add(name, attr(n, "value"))
				}
				submitted = true
			case "button", "reset", "file":
			default:
				if name != "" {
					v.Add(name, attr(n, "value"))
					if typ == "search" || name == "q" {
						search = true
						searchFields = append(searchFields, name)
					}
				}
			}
		case atom.Button:
			if t := strings.ToLower(attr(n, "type")); t == "" || t == "submit" {
				if !submitted && name != "" {
					v.Add(name, attr(n, "value"))
				}
				submitted = true
			}
		case atom.Select:
			if name == "" {
				return
			}
			var first, chosen *html.Node
			walk(n, func(o *html.Node) {
				if o.DataAtom != atom.Option {
					return
				}
				if _, dis := attrOK(o, "disabled"); dis {
					return
				}
				if first == nil {
					first = o
				}
				if _, sel := attrOK(o, "selected"); sel {
					chosen = o
				}
			})
			if chosen == nil {
				chosen = first
			}
			if chosen != nil {
				val, ok := attrOK(chosen, "value")
				if !ok {
					val = strings.TrimSpace(text(chosen))
				}
				v.Add(name, val)
			}
		case atom.Textarea:
			if name != "" {
				v.Add(name, text(n))
			}
		}
	})
	out := []string{v.Encode()}
	if search {
		typical := url.Values{}
		for k, vs := range v {
			typical[k] = slices.Clone(vs)
		}
		if len(searchFields) == 0 {
			searchFields = []string{"q"}
		}
		for _, k := range searchFields {
			typical.Set(k, crawlTypicalSearch)
		}
		out = append(out, typical.Encode())
	}
	return out
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// optionalEnd are the elements whose end tag HTML lets a page leave out.
var optionalEnd = map[string]bool{"html": true, "head": true, "body": true, "p": true, "li": true, "dt": true, "dd": true,
	"option": true, "optgroup": true, "tr": true, "td": true, "th": true, "thead": true, "tbody": true, "tfoot": true,
	"colgroup": true, "caption": true, "rt": true, "rp": true}

// checkHTMLStructure reads the page with the HTML tokenizer and reports what
// a browser would repair silently and a person would see broken: an element
// left open or closed twice, a form inside a form (the browser drops the
// inner one, so its button sends the outer form), a link inside a link, an
// id used twice (a label or aria reference then points at the wrong field)
// and a label for a field that is not there.
func checkHTMLStructure(f *fetched) []string {
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < 5 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	z := html.NewTokenizer(bytes.NewReader(f.Body))
	var open []string
	ids := map[string]bool{}
	var labelFor []string
	isOpen := func(name string) bool { return slices.Contains(open, name) }
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				add("HTML tokenizer: %v", z.Err())
			}
			for _, name := range open {
				if !optionalEnd[name] {
					add("<%s> is never closed", name)
				}
			}
			for _, id := range labelFor {
				if !ids[id] {
					add("<label for=%q> names no element", id)
				}
			}
			return problems
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			name := tok.Data
			for _, a := range tok.Attr {
				switch {
				case a.Key == "id":
					if ids[a.Val] {
						add("id %q is used twice", a.Val)
					}
					ids[a.Val] = true
				case a.Key == "for" && tok.DataAtom == atom.Label:
					labelFor = append(labelFor, a.Val)
				}
			}
			if voidElements[name] {
				continue
			}
			if tt == html.SelfClosingTagToken && tok.DataAtom != atom.Svg && !svgChild(open) {
				add("<%s/> does not close itself in HTML", name)
			}
			switch name {
			case "form":
				if isOpen("form") {
					add("<form> inside a <form>: the browser drops the inner one")
				}
			case "a":
				if isOpen("a") {
					add("<a> inside an <a>")
				}
			}
			open = closeImplied(open, name)
			if tt == html.StartTagToken {
				open = append(open, name)
			}
		case html.EndTagToken:
			tok := z.Token()
			name := tok.Data
			i := len(open) - 1
			for i >= 0 && open[i] != name {
				i--
			}
			if i < 0 {
				add("</%s> closes nothing", name)
				continue
			}
			for _, inner := range open[i+1:] {
				if !optionalEnd[inner] {
					add("<%s> is not closed before </%s>", inner, name)
				}
			}
			open = open[:i]
		}
	}
}

// svgChild reports whether the open elements are inside an <svg>, where
// <path/> is how elements close.
func svgChild(open []string) bool { return slices.Contains(open, "svg") }

// closeImplied closes what a start tag closes by itself (a <li> the
// previous <li>, a <tr> the previous row's cell and row).
func closeImplied(open []string, name string) []string {
	top := func() string {
		if len(open) == 0 {
			return ""
		}
		return open[len(open)-1]
	}
	switch name {
	case "li":
		if top() == "li" {
			open = open[:len(open)-1]
		}
	case "option":
		if top() == "option" {
			open = open[:len(open)-1]
		}
	case "dt", "dd":
		if t := top(); t == "dt" || t == "dd" {
			open = open[:len(open)-1]
		}
	case "td", "th":
		if t := top(); t == "td" || t == "th" {
			open = open[:len(open)-1]
		}
	case "tr":
		if t := top(); t == "td" || t == "th" {
			open = open[:len(open)-1]
		}
		if top() == "tr" {
			open = open[:len(open)-1]
		}
	case "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer", "form",
		"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul":
		if top() == "p" {
			open = open[:len(open)-1]
		}
	}
	return open
}

// htmlLang is the lang attribute of a document's html element.
func htmlLang(doc *html.Node) string {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.DataAtom == atom.Html {
			return attr(n, "lang")
		}
	}
	return ""
}

// walk calls fn on n and every node under it, in document order.
func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

// snippet is the start of a body, for a failure message.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
