// Package search implements Indonesian text analysis for Gerai's product
// search: a tokenizer and a stemmer that follows the Sastrawi algorithm
// (Nazief–Adriani with the Confix Stripping, Enhanced Confix Stripping and
// CC refinements, as in the PHP/Python Sastrawi libraries), a dictionary of
// root words that can be replaced, a project-owned list of domain words and
// overrides, and a small stop-word list.
//
// The output of StemText and QueryTerms consists only of [a-z0-9] terms
// separated by single spaces, so it can be placed inside an SQLite FTS5
// quoted string or a PostgreSQL tsquery without escaping.
package search

import (
	"bufio"
	"bytes"
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:embed data/kata-dasar.txt
var kataDasar []byte

//go:embed data/kata-domain.txt
var kataDomain []byte

//go:embed data/stopwords.txt
var stopwordsTxt []byte

// Stemmer reduces Indonesian words to their roots. It is safe for
// concurrent use; results are cached (bounded) per Stemmer.
type Stemmer struct {
	dict  Dictionary
	cache *stemCache
	bufs  sync.Pool
}

// NewStemmer returns a Stemmer that uses dict as its root-word dictionary
// (see LoadDictionary and Dictionary.Merge).
func NewStemmer(dict Dictionary) *Stemmer {
	return newStemmer(dict, defaultCacheSize)
}

func newStemmer(dict Dictionary, cacheSize int) *Stemmer {
	if dict.entries == nil {
		dict.entries = map[string]string{}
	}
	s := &Stemmer{dict: dict, cache: newStemCache(cacheSize)}
	s.bufs.New = func() any { b := make([]byte, 0, 64); return &b }
	return s
}

var defaultStemmer = sync.OnceValue(func() *Stemmer {
	return NewStemmer(DefaultDictionary())
})

// DefaultStemmer returns the shared Stemmer built from the embedded
// kata-dasar.txt root list merged with the project's kata-domain.txt.
func DefaultStemmer() *Stemmer { return defaultStemmer() }

var defaultDictionary = sync.OnceValue(func() Dictionary {
	base, err := LoadDictionary(bytes.NewReader(kataDasar))
	if err != nil {
		panic("search: embedded kata-dasar.txt: " + err.Error())
	}
	domain, err := LoadDictionary(bytes.NewReader(kataDomain))
	if err != nil {
		panic("search: embedded kata-domain.txt: " + err.Error())
	}
	return base.Merge(domain)
})

// DefaultDictionary returns the embedded root list (kata-dasar.txt) merged
// with the project's domain list (kata-domain.txt). The result is shared
// and must not be modified.
func DefaultDictionary() Dictionary { return defaultDictionary() }

var stopWords = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{})
	sc := bufio.NewScanner(bytes.NewReader(stopwordsTxt))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			m[w] = struct{}{}
		}
	}
	return m
})

// IsStopWord reports whether the normalised token w is one of the stop
// words dropped by StemText and QueryTerms.
func IsStopWord(w string) bool {
	_, ok := stopWords()[w]
	return ok
}

// Stem returns the root of one lower-case word, e.g. "menjual" → "jual",
// "buku-buku" → "buku". Words of at most three letters, words with digits
// and words not reducible to a dictionary root are returned unchanged.
//
// A reduplication whose halves have different roots keeps its hyphen, as in
// Sastrawi ("bolak-balik"); StemText and QueryTerms split such results.
// Input that is not a single normalised token (upper case, punctuation,
// spaces) is first normalised as by Tokenize and the roots of its tokens
// are joined with single spaces.
func (s *Stemmer) Stem(word string) string {
	if !isToken(word) {
		toks := Tokenize(word)
		for i, t := range toks {
			toks[i] = s.Stem(t)
		}
		return strings.Join(toks, " ")
	}
	if v, ok := s.cache.get(word); ok {
		return v
	}
	v := s.stemWord(word)
	if cacheable(word) {
		s.cache.put(word, v)
	}
	return v
}

// stemBytes is Stem for a token produced by scanTokens; it does not
// allocate on a cache hit.
func (s *Stemmer) stemBytes(tok []byte) string {
	if v, ok := s.cache.getBytes(tok); ok {
		return v
	}
	w := string(tok)
	v := s.stemWord(w)
	if cacheable(w) {
		s.cache.put(w, v)
	}
	return v
}

// isToken reports whether w is non-empty and looks like a Tokenize token:
// a-z, 0-9 and inner hyphens.
func isToken(w string) bool {
	return isDictWord(w) && !strings.Contains(w, "--")
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

// cacheable: numbers, codes and overlong tokens are cheap to "stem" (they
// are returned unchanged) and would only crowd the cache.
func cacheable(w string) bool { return len(w) <= maxStemLen && !hasDigit(w) }

// stemWord stems a normalised token without the cache.
func (s *Stemmer) stemWord(w string) string {
	if len(w) > maxStemLen || hasDigit(w) {
		return w
	}
	if isPlural(w) {
		return s.stemPlural(w)
	}
	return s.stemSingular(w)
}

func (s *Stemmer) stemSingular(w string) string {
	return s.dict.root(stemSingular(&s.dict, w))
}

var inflectionalSuffixes = [...]string{"ku", "mu", "nya", "lah", "kah", "tah", "pun"}

func isInflectionalSuffix(w string) bool {
	for _, s := range inflectionalSuffixes {
		if w == s {
			return true
		}
	}
	return false
}

// isPlural follows Sastrawi: a hyphenated word is a reduplication unless
// the only hyphen introduces a clitic (nikmat-ku, allah-lah).
func isPlural(w string) bool {
	i := strings.LastIndexByte(w, '-')
	if i < 0 {
		return false
	}
	if isInflectionalSuffix(w[i+1:]) {
		return strings.IndexByte(w[:i], '-') >= 0
	}
	return true
}

// stemPlural stems a reduplicated word (Asian 2007, pp. 76–77, as in
// Sastrawi): both halves are stemmed and the root is returned when they
// agree; otherwise the word is returned unchanged.
func (s *Stemmer) stemPlural(w string) string {
	i := strings.LastIndexByte(w, '-')
	w1, w2 := w[:i], w[i+1:]
	// malaikat-malaikat-nya -> malaikat, malaikat-nya
	if isInflectionalSuffix(w2) {
		if j := strings.LastIndexByte(w1, '-'); j >= 0 {
			w1, w2 = w1[:j], w1[j+1:]+"-"+w2
		}
	}
	root1 := s.stemSingular(w1)
	// Gerai addition: an exact reduplication (kupu-kupu, abal-abal) has the
	// root of its half even when that half is not in the dictionary.
	if w1 == w2 {
		return root1
	}
	root2 := s.stemSingular(w2)
	// meniru-nirukan -> tiru
	if !s.dict.Contains(w2) && root2 == w2 {
		root2 = s.stemSingular("me" + w2)
	}
	if root1 == root2 {
		return root1
	}
	return w
}

// appendRoot passes the root of one token to emit. A hyphenated root (a
// reduplication whose halves did not agree, or a hyphenated dictionary
// entry) is split into its stemmed parts, repeated parts dropped, so that
// only [a-z0-9] terms are emitted.
func (s *Stemmer) appendRoot(root string, emit func(term string)) {
	if strings.IndexByte(root, '-') < 0 {
		emit(root)
		return
	}
	var parts []string
	for part := range strings.SplitSeq(root, "-") {
		if part == "" {
			continue
		}
		for sub := range strings.SplitSeq(s.Stem(part), "-") {
			if sub == "" || slices.Contains(parts, sub) {
				continue
			}
			parts = append(parts, sub)
			emit(sub)
		}
	}
}

// StemText tokenizes text, drops Indonesian stop words, stems each token,
// and returns the roots joined by single spaces in original order
// (duplicates kept — they matter for ranking).
func (s *Stemmer) StemText(text string) string {
	stop := stopWords()
	var b strings.Builder
	b.Grow(len(text))
	emit := func(term string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(term)
	}
	bp := s.bufs.Get().(*[]byte)
	*bp = scanTokens(text, *bp, func(tok []byte) {
		if _, ok := stop[string(tok)]; ok {
			return
		}
		s.appendRoot(s.stemBytes(tok), emit)
	})
	s.bufs.Put(bp)
	return b.String()
}

// QueryTerms returns the distinct stemmed terms of a user query, stop words
// removed, in order. It returns nil when nothing is left.
func (s *Stemmer) QueryTerms(query string) []string {
	stop := stopWords()
	var terms []string
	emit := func(term string) {
		for _, t := range terms {
			if t == term {
				return
			}
		}
		terms = append(terms, term)
	}
	bp := s.bufs.Get().(*[]byte)
	*bp = scanTokens(query, *bp, func(tok []byte) {
		if _, ok := stop[string(tok)]; ok {
			return
		}
		s.appendRoot(s.stemBytes(tok), emit)
	})
	s.bufs.Put(bp)
	return terms
}
