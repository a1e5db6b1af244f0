package search

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// The index holds Go-stemmed roots, never raw text, so that SQLite FTS5 and
// PostgreSQL full-text search see exactly the same tokens: FTS5 tokenises
// roots with unicode61 (they are [a-z0-9] words), PostgreSQL with the
// 'simple' configuration (lower-casing only, no stemming of its own).

// IndexProduct (re)indexes a product's title and body inside tx.
func IndexProduct(ctx context.Context, tx *sqldb.Tx, id int64, title, body string) error {
	return index(ctx, tx, "product_fts", "products", id, title, body)
}

// IndexUMKM (re)indexes a UMKM's name and description inside tx.
func IndexUMKM(ctx context.Context, tx *sqldb.Tx, id int64, title, body string) error {
	return index(ctx, tx, "umkm_fts", "umkm", id, title, body)
}

func index(ctx context.Context, tx *sqldb.Tx, ftsTable, table string, id int64, title, body string) error {
	st := DefaultStemmer()
	t, b := st.StemText(title), st.StemText(body)
	if tx.Dialect() == sqldb.Postgres {
		_, err := tx.Exec(ctx, `UPDATE `+table+` SET search_vector =
			setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') WHERE id = ?`, t, b, id)
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM `+ftsTable+` WHERE rowid = ?`, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+ftsTable+` (rowid, title, body) VALUES (?, ?, ?)`, id, t, b)
	return err
}

// Match is the SQL that restricts a query on products (alias p) or umkm
// (alias u) to rows matching all terms, and ranks them best first.
type Match struct {
	From      string // joined after the table's FROM item
	FromArgs  []any
	Where     string
	WhereArgs []any
	Order     string // best first
}

// ProductMatch matches products aliased p against stemmed terms.
func ProductMatch(d sqldb.Dialect, terms []string) Match { return match(d, "product_fts", "p", terms) }

// UMKMMatch matches umkm rows aliased alias against stemmed terms.
func UMKMMatch(d sqldb.Dialect, alias string, terms []string) Match {
	return match(d, "umkm_fts", alias, terms)
}

func match(d sqldb.Dialect, ftsTable, alias string, terms []string) Match {
	if d == sqldb.Postgres {
		// Terms are [a-z0-9]+ (Tokenize guarantees it), so joining them with & is a safe tsquery.
		return Match{
			From:     `CROSS JOIN to_tsquery('simple', ?) AS tsq`,
			FromArgs: []any{strings.Join(terms, " & ")},
			Where:    alias + `.search_vector @@ tsq`,
			Order:    `ts_rank(` + alias + `.search_vector, tsq) DESC`,
		}
	}
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + t + `"`
	}
	return Match{
		From:      `JOIN ` + ftsTable + ` ON ` + ftsTable + `.rowid = ` + alias + `.id`,
		Where:     ftsTable + ` MATCH ?`,
		WhereArgs: []any{strings.Join(quoted, " ")},
		// Title roots weigh four times body roots.
		Order: `bm25(` + ftsTable + `, 4.0, 1.0)`,
	}
}
