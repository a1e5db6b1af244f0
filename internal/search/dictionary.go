package search

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Dictionary is a set of Indonesian root words used by the Stemmer, plus
// optional overrides that pin a surface word to a chosen root.
//
// The zero value is an empty dictionary. A Dictionary is immutable once
// loaded and safe for concurrent use.
type Dictionary struct {
	// entries maps every known word to "" when the word is a root in its
	// own right, or to its root when the word is an override.
	entries map[string]string
}

// LoadDictionary reads a word list, one entry per line:
//
//	word        a root word
//	word root   an override: the surface word always stems to root
//
// Blank lines are ignored and "#" starts a comment that runs to the end of
// the line. Words must be lower case and consist of a-z, 0-9 and "-" (the
// format of Sastrawi's kata-dasar.txt). The root of an override is added to
// the dictionary as a root word; it is not itself re-stemmed.
func LoadDictionary(r io.Reader) (Dictionary, error) {
	d := Dictionary{entries: make(map[string]string, 32768)}
	sc := bufio.NewScanner(r)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		switch len(fields) {
		case 0:
			continue
		case 1, 2:
		default:
			return Dictionary{}, fmt.Errorf("search: dictionary line %d: want \"word\" or \"word root\", got %q", lineNo, strings.TrimSpace(line))
		}
		for _, f := range fields {
			if !isDictWord(f) {
				return Dictionary{}, fmt.Errorf("search: dictionary line %d: %q is not a lower-case word of a-z, 0-9 and '-'", lineNo, f)
			}
		}
		if len(fields) == 1 {
			if _, ok := d.entries[fields[0]]; !ok {
				d.entries[fields[0]] = ""
			}
			continue
		}
		word, root := fields[0], fields[1]
		if word == root {
			d.entries[word] = ""
			continue
		}
		d.entries[word] = root
		if _, ok := d.entries[root]; !ok {
			d.entries[root] = ""
		}
	}
	if err := sc.Err(); err != nil {
		return Dictionary{}, fmt.Errorf("search: reading dictionary: %w", err)
	}
	return d, nil
}

// isDictWord reports whether s is a valid dictionary token: non-empty, made
// of a-z, 0-9 and inner hyphens.
func isDictWord(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Contains reports whether word is a known root word or override.
func (d Dictionary) Contains(word string) bool {
	_, ok := d.entries[word]
	return ok
}

// Len returns the number of entries (roots and overrides).
func (d Dictionary) Len() int { return len(d.entries) }

// Merge returns a new Dictionary holding the entries of d and of others.
// When several dictionaries define an override for the same word, the last
// one wins; an override also wins over a plain root entry.
func (d Dictionary) Merge(others ...Dictionary) Dictionary {
	n := len(d.entries)
	for _, o := range others {
		n += len(o.entries)
	}
	out := Dictionary{entries: make(map[string]string, n)}
	for _, src := range append([]Dictionary{d}, others...) {
		for w, root := range src.entries {
			if root == "" {
				if _, ok := out.entries[w]; ok {
					continue
				}
			}
			out.entries[w] = root
		}
	}
	return out
}

// root maps a word found by the stemmer to its final root: the override
// target for overrides, the word itself otherwise.
func (d Dictionary) root(word string) string {
	if r := d.entries[word]; r != "" {
		return r
	}
	return word
}
