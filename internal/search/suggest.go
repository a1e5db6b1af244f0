package search

import (
	"context"
	"slices"
	"strings"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Spelling suggestions ("Maksud Anda: pempek?") come from the vocabulary,
// so they name words that products hold. They are asked for only when a
// search finds (almost) nothing; even then they cost one look-up of the
// candidates one edit away (about 50 per letter, by primary key) and, for
// long words, one scan of the vocabulary's roots with the same first letter.

const (
	// suggestMinLen: shorter words have too many neighbours to guess from.
	suggestMinLen = 4
	// suggestTwoEditsLen: words this long may be two edits off.
	suggestTwoEditsLen = 7
	// suggestMargin: a neighbour must be in this many times more products
	// than the typed root to replace it (a root no product holds is always
	// replaced), so that a rare real word is not "corrected".
	suggestMargin = 10
	// suggestKnown: a root found in this many products is taken as meant
	// and not looked at further (a correctly spelt word that finds nothing
	// in one province costs one look-up, not a search for neighbours).
	suggestKnown = 10
	// suggestChunk bounds the parameters of one look-up.
	suggestChunk = 500
)

// Suggest returns corrections for the roots the vocabulary hardly knows
// (found in fewer than suggestKnown products): for each, the root within
// one edit (two for words of seven letters or more) found in the most
// products, if in suggestMargin times more products than the root itself.
// Roots with digits and roots shorter than four letters are never
// corrected. The map is empty when nothing is better.
func Suggest(ctx context.Context, q sqldb.Querier, roots []string) (map[string]string, error) {
	var words []string
	for _, r := range roots {
		if len(r) >= suggestMinLen && isLetters(r) {
			words = append(words, r)
		}
	}
	out := map[string]string{}
	if len(words) == 0 {
		return out, nil
	}
	known, err := vocabularyDocs(ctx, q, words)
	if err != nil {
		return nil, err
	}
	words = slices.DeleteFunc(words, func(w string) bool { return known[w] >= suggestKnown })
	var cands []string
	seen := map[string]bool{}
	for _, w := range words {
		for _, c := range edits1(w) {
			if !seen[c] {
				seen[c] = true
				cands = append(cands, c)
			}
		}
	}
	docs, err := vocabularyDocs(ctx, q, cands)
	if err != nil {
		return nil, err
	}
	for _, w := range words {
		best, bestDocs := "", 0
		consider := func(c string, n int) {
			if n >= suggestMargin*known[w] && n > 0 && (n > bestDocs || n == bestDocs && c < best) {
				best, bestDocs = c, n
			}
		}
		for _, c := range edits1(w) {
			consider(c, docs[c])
		}
		if best == "" && len(w) >= suggestTwoEditsLen {
			if err := scanFirstLetter(ctx, q, w, consider); err != nil {
				return nil, err
			}
		}
		if best != "" {
			out[w] = best
		}
	}
	return out, nil
}

// vocabularyDocs returns the document counts of those of words the vocabulary holds.
func vocabularyDocs(ctx context.Context, q sqldb.Querier, words []string) (map[string]int, error) {
	out := map[string]int{}
	for len(words) > 0 {
		n := min(len(words), suggestChunk)
		args := make([]any, n)
		for i, w := range words[:n] {
			args[i] = w
		}
		rows, err := q.Query(ctx, `SELECT term, docs FROM search_terms WHERE term IN (?`+strings.Repeat(", ?", n-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var t string
			var d int
			if err := rows.Scan(&t, &d); err != nil {
				rows.Close()
				return nil, err
			}
			out[t] = d
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		words = words[n:]
	}
	return out, nil
}

// scanFirstLetter passes consider the roots that share w's first letter
// and lie within two edits of it.
func scanFirstLetter(ctx context.Context, q sqldb.Querier, w string, consider func(string, int)) error {
	lo, hi := w[:1], string(rune(w[0]+1))
	rows, err := q.Query(ctx, `SELECT term, docs FROM search_terms WHERE term >= ? AND term < ?`, lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var d int
		if err := rows.Scan(&t, &d); err != nil {
			return err
		}
		if t != w && abs(len(t)-len(w)) <= 2 && editDistance(w, t, 2) <= 2 {
			consider(t, d)
		}
	}
	return rows.Err()
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// edits1 returns the words one edit from w over a-z: a letter deleted,
// two neighbours swapped, a letter replaced or inserted.
func edits1(w string) []string {
	out := make([]string, 0, 54*len(w)+25)
	for i := 0; i < len(w); i++ {
		out = append(out, w[:i]+w[i+1:])
		if i+1 < len(w) && w[i] != w[i+1] {
			out = append(out, w[:i]+string(w[i+1])+string(w[i])+w[i+2:])
		}
		for c := byte('a'); c <= 'z'; c++ {
			if c != w[i] {
				out = append(out, w[:i]+string(c)+w[i+1:])
			}
		}
	}
	for i := 0; i <= len(w); i++ {
		for c := byte('a'); c <= 'z'; c++ {
			out = append(out, w[:i]+string(c)+w[i:])
		}
	}
	return out
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, replacements and swaps of neighbours), or limit+1
// once it is sure to exceed limit.
func editDistance(a, b string, limit int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// RewriteQuery returns text normalised (as Tokenize does) with each word
// whose root fix corrects replaced by the correction: the query a
// suggestion links to.
func RewriteQuery(text string, fix map[string]string) string {
	st := DefaultStemmer()
	toks := Tokenize(text)
	for i, t := range toks {
		if c, ok := fix[st.Stem(t)]; ok {
			toks[i] = c
		}
	}
	return strings.Join(toks, " ")
}
