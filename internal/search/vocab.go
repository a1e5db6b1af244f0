package search

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// The vocabulary (table search_terms) is every root of the products' index
// with the number of products whose name or body holds it. Suggestions
// ("Maksud Anda: pempek?") are drawn from it, so they are words buyers can
// find. It is kept in the transaction that indexes a product, by the
// difference between the old and the new document, and rebuilt whole with
// the index (see catalog.Service.RebuildIndex).

// Vocabulary counts documents per root.
type Vocabulary map[string]int

// Add counts the distinct title and body roots of d once.
func (v Vocabulary) Add(d Doc) {
	for w := range docWords(d.Title + " " + d.Body) {
		v[w]++
	}
}

// docWords returns the distinct roots of index text.
func docWords(text string) map[string]struct{} {
	set := map[string]struct{}{}
	for w := range strings.FieldsSeq(text) {
		set[w] = struct{}{}
	}
	return set
}

// vocabDelta is what replacing a document with words old by one with words
// next changes in the vocabulary: +1 for each new root, -1 for each lost one.
func vocabDelta(old, next string) Vocabulary {
	o, n := docWords(old), docWords(next)
	d := Vocabulary{}
	for w := range n {
		if _, ok := o[w]; !ok {
			d[w] = 1
		}
	}
	for w := range o {
		if _, ok := n[w]; !ok {
			d[w] = -1
		}
	}
	return d
}

// vocabChunk bounds the rows of one upsert (two parameters each).
const vocabChunk = 400

// AddVocabulary adds the counts of v to the vocabulary inside q (a
// transaction), dropping roots no product holds any more. Rows are written
// in order of the root, so two transactions at once lock them in the same
// order (PostgreSQL) and cannot deadlock on each other.
func AddVocabulary(ctx context.Context, q sqldb.Querier, v Vocabulary) error {
	words := slices.Sorted(maps.Keys(v))
	var gone []string
	for len(words) > 0 {
		n := min(len(words), vocabChunk)
		args := make([]any, 0, 2*n)
		for _, w := range words[:n] {
			args = append(args, w, v[w])
			if v[w] < 0 {
				gone = append(gone, w)
			}
		}
		if _, err := q.Exec(ctx, `INSERT INTO search_terms (term, docs) VALUES `+strings.Repeat("(?, ?), ", n-1)+`(?, ?)
			ON CONFLICT (term) DO UPDATE SET docs = search_terms.docs + excluded.docs`, args...); err != nil {
			return err
		}
		words = words[n:]
	}
	for len(gone) > 0 {
		n := min(len(gone), vocabChunk)
		args := make([]any, n)
		for i, w := range gone[:n] {
			args[i] = w
		}
		if _, err := q.Exec(ctx, `DELETE FROM search_terms WHERE docs <= 0 AND term IN (?`+strings.Repeat(", ?", n-1)+`)`, args...); err != nil {
			return err
		}
		gone = gone[n:]
	}
	return nil
}

// indexedWords returns the title and body roots product id holds in the
// index now ("" when it is not indexed yet).
func indexedWords(ctx context.Context, tx *sqldb.Tx, id int64) (string, error) {
	var words string
	var err error
	if tx.Dialect() == sqldb.Postgres {
		err = tx.QueryRow(ctx, `SELECT array_to_string(tsvector_to_array(ts_filter(search_vector, '{a,b}')), ' ')
			FROM products WHERE id = ?`, id).Scan(&words)
	} else {
		err = tx.QueryRow(ctx, `SELECT title || ' ' || body FROM product_fts WHERE rowid = ?`, ProductRowID(id)).Scan(&words)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return words, err
}
