package search

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed data/sinonim.txt
var sinonimTxt []byte

// Query is a buyer's search text as the index is asked: one Term per
// distinct word, each with the variants it also matches (data/sinonim.txt).
// Synonyms are expanded here, into the one full-text query, so a variant
// costs an OR inside the index rather than another query.
type Query struct {
	Terms []Term
}

// Term is one word of a query: Root is its stem, Alts the phrases it
// matches, each the roots that must all occur. Alts[0] is Root alone.
type Term struct {
	Root string
	Alts [][]string
}

// ParseQuery stems text (as QueryTerms does) and expands each root with its
// synonyms. Words of the same synonym group collapse into one term.
func ParseQuery(text string) Query {
	syn := synonyms()
	var q Query
	for _, root := range DefaultStemmer().QueryTerms(text) {
		alts := [][]string{{root}}
		if g, ok := syn.group[root]; ok {
			if slices.ContainsFunc(q.Terms, func(t Term) bool { return syn.group[t.Root] == g }) {
				continue
			}
			for _, phrase := range syn.groups[g] {
				if len(phrase) != 1 || phrase[0] != root {
					alts = append(alts, phrase)
				}
			}
		}
		q.Terms = append(q.Terms, Term{Root: root, Alts: alts})
	}
	return q
}

// Empty reports whether the query has no words left to look for.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// Roots returns the stem of each term, in order.
func (q Query) Roots() []string {
	out := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		out[i] = t.Root
	}
	return out
}

// fts is the query as an FTS5 expression: terms ANDed, each an OR of its
// phrases. Roots are [a-z0-9]+, so quoting needs no escaping.
func (q Query) fts() string { return strings.Join(q.ftsTerms(), " AND ") }

// ftsAny is the FTS5 expression "any of the terms".
func (q Query) ftsAny() string { return strings.Join(q.ftsTerms(), " OR ") }

func (q Query) ftsTerms() []string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		if len(t.Alts) == 1 {
			parts[i] = `"` + t.Root + `"`
			continue
		}
		alts := make([]string, len(t.Alts))
		for j, a := range t.Alts {
			alts[j] = "(" + strings.Join(quoteEach(a), " AND ") + ")"
		}
		parts[i] = "(" + strings.Join(alts, " OR ") + ")"
	}
	return parts
}

// tsquery is the query as a PostgreSQL tsquery: terms ANDed, each an OR of
// its phrases, every lexeme with suffix (such as ":A", the name's weight).
func (q Query) tsquery(suffix string) string { return strings.Join(q.tsTerms(suffix), " & ") }

// tsqueryAny is the tsquery "any of the terms".
func (q Query) tsqueryAny(suffix string) string {
	parts := q.tsTerms(suffix)
	for i, p := range parts {
		if strings.Contains(p, "&") && !strings.HasPrefix(p, "(") {
			parts[i] = "(" + p + ")"
		}
	}
	return strings.Join(parts, " | ")
}

func (q Query) tsTerms(suffix string) []string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		alts := make([]string, len(t.Alts))
		for j, a := range t.Alts {
			lex := make([]string, len(a))
			for k, w := range a {
				lex[k] = w + suffix
			}
			alts[j] = strings.Join(lex, " & ")
			if len(a) > 1 && len(t.Alts) > 1 {
				alts[j] = "(" + alts[j] + ")"
			}
		}
		parts[i] = strings.Join(alts, " | ")
		if len(t.Alts) > 1 {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return parts
}

// synonymTable is data/sinonim.txt read: groups of stemmed phrases, and the
// group of each one-word member.
type synonymTable struct {
	groups [][][]string
	group  map[string]int
}

var synonyms = sync.OnceValue(func() *synonymTable {
	t, err := parseSynonyms(sinonimTxt, DefaultStemmer())
	if err != nil {
		panic("search: embedded sinonim.txt: " + err.Error())
	}
	return t
})

// parseSynonyms reads the synonym file format (see data/sinonim.txt).
func parseSynonyms(data []byte, st *Stemmer) (*synonymTable, error) {
	t := &synonymTable{group: map[string]int{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, rest, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want \"name: variant, ...\"", n)
		}
		g := len(t.groups)
		var phrases [][]string
		for _, p := range append([]string{name}, strings.Split(rest, ",")...) {
			roots := st.QueryTerms(p)
			if len(roots) == 0 {
				return nil, fmt.Errorf("line %d: %q has no words", n, strings.TrimSpace(p))
			}
			if slices.ContainsFunc(phrases, func(q []string) bool { return slices.Equal(q, roots) }) {
				continue // "empek-empek" stems as "empek": listed for the reader
			}
			phrases = append(phrases, roots)
			if len(roots) == 1 {
				if other, ok := t.group[roots[0]]; ok {
					return nil, fmt.Errorf("line %d: %q is already in group %q", n, roots[0], strings.Join(t.groups[other][0], " "))
				}
				t.group[roots[0]] = g
			}
		}
		if len(phrases) < 2 {
			return nil, fmt.Errorf("line %d: a group needs a variant", n)
		}
		t.groups = append(t.groups, phrases)
	}
	return t, sc.Err()
}

// quoteEach quotes every root for FTS5.
func quoteEach(roots []string) []string {
	out := make([]string, len(roots))
	for i, r := range roots {
		out[i] = `"` + r + `"`
	}
	return out
}
