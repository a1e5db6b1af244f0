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

// Facets are the filterable attributes of a product, indexed as tokens
// beside its words ("zp16 zr1671 zckuliner zh") so that a filtered search
// is one intersection of posting lists inside the full-text index instead of
// ranking every match of a common word and then throwing most away. The
// tokens start with "z" and a letter no root has, so they never meet a word.
type Facets struct {
	ProvinceCode string
	RegencyCode  string
	Category     string
	Halal        bool
}

// Tokens returns the facet tokens of a product.
func (f Facets) Tokens() string {
	t := []string{"zp" + f.ProvinceCode, "zr" + strings.ReplaceAll(f.RegencyCode, ".", ""), "zc" + f.Category}
	if f.Halal {
		t = append(t, "zh")
	}
	return strings.Join(t, " ")
}

// Filter selects products by facets in a search; empty fields do not filter.
type Filter struct {
	ProvinceCode string
	RegencyCode  string
	Category     string
	Halal        *bool
}

// Doc is one document of the index: stemmed title and body roots, and facet tokens.
type Doc struct {
	Title, Body, Facets string
}

// ProductDoc stems a product's text as the index holds it: the title is
// the product name, the body its category, description and UMKM name.
func ProductDoc(name, category, description, umkmName string, f Facets) Doc {
	st := DefaultStemmer()
	return Doc{Title: st.StemText(name), Body: st.StemText(category + " " + description + " " + umkmName), Facets: f.Tokens()}
}

// UMKMDoc stems a UMKM's text: the name, then category, description and owner name.
func UMKMDoc(name, category, description, ownerName string) Doc {
	st := DefaultStemmer()
	return Doc{Title: st.StemText(name), Body: st.StemText(category + " " + description + " " + ownerName)}
}

// IndexProduct (re)indexes a product inside tx.
func IndexProduct(ctx context.Context, tx *sqldb.Tx, id int64, d Doc) error {
	if tx.Dialect() == sqldb.Postgres {
		_, err := tx.Exec(ctx, `UPDATE products SET search_vector = `+ProductVectorSQL+`, title_vector = `+TitleVectorSQL+` WHERE id = ?`,
			d.Title, d.Body, d.Facets, d.TitleFacets(), id)
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM product_fts WHERE rowid = ?`, ProductRowID(id)); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO product_fts (rowid, title, body, facets) VALUES (?, ?, ?, ?)`, ProductRowID(id), d.Title, d.Body, d.Facets)
	return err
}

// ProductRowID is the FTS5 rowid of a product: its id negated, so that
// FTS5 walks newest products first in ascending rowid order, the direction
// its doclists are fast to read (reverse iteration cost three times as much).
func ProductRowID(productID int64) int64 { return -productID }

// ProductVectorSQL is the PostgreSQL expression of a product's search_vector
// from three parameters: title roots (weight A), body roots (B), facets (D,
// which ranking ignores).
const ProductVectorSQL = `setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B') || setweight(to_tsvector('simple', ?), 'D')`

// TitleVectorSQL is the PostgreSQL expression of a product's title_vector
// from one parameter, Doc.TitleFacets: the first tier is searched there,
// where the planner's statistics see how common a word is in names.
const TitleVectorSQL = `to_tsvector('simple', ?)`

// TitleFacets is the text of a product's title_vector: title roots and facet tokens.
func (d Doc) TitleFacets() string { return d.Title + " " + d.Facets }

// UMKMVectorSQL is the PostgreSQL expression of a UMKM's search_vector from title and body roots.
const UMKMVectorSQL = `setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')`

// IndexUMKM (re)indexes a UMKM inside tx.
func IndexUMKM(ctx context.Context, tx *sqldb.Tx, id int64, d Doc) error {
	if tx.Dialect() == sqldb.Postgres {
		_, err := tx.Exec(ctx, `UPDATE umkm SET search_vector = `+UMKMVectorSQL+` WHERE id = ?`, d.Title, d.Body, id)
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM umkm_fts WHERE rowid = ?`, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO umkm_fts (rowid, title, body) VALUES (?, ?, ?)`, id, d.Title, d.Body)
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
	After     string // products: the keyset condition "after this product id" (one parameter)
	// Window, when set, asks for the newest Window product ids to be searched
	// first in Order (an index walk), and older ones in SortOrder (a sort of
	// the matches); see catalog.Service.searchRun.
	Window    int64
	SortOrder string
}

// Relevance tiers of a product search. Ranking every match of a common word
// (bm25, ts_rank) costs milliseconds per thousand matches, and "kopi" in one
// province matches tens of thousands of products; so results come in tiers,
// each newest first, which the index serves in id order and stops after one
// page: first products with every word in their name, then products with
// every word somewhere else (description, category, UMKM name).
const (
	TierTitle = 0
	TierBody  = 1
	Tiers     = 2
)

// ProductMatch matches listed products aliased p against stemmed terms
// (from QueryTerms, so [a-z0-9]+) and the facets of f, in one relevance
// tier, newest first; After continues past a product id.
func ProductMatch(d sqldb.Dialect, terms []string, f Filter, tier int) Match {
	// Whether buyers may see a product (listed) is checked on the products
	// row: nearly every product is listed, and intersecting with a token
	// that every document has costs more than the rare row it would skip.
	var must []string
	if f.ProvinceCode != "" {
		must = append(must, "zp"+f.ProvinceCode)
	}
	if f.RegencyCode != "" {
		must = append(must, "zr"+strings.ReplaceAll(f.RegencyCode, ".", ""))
	}
	if f.Category != "" {
		must = append(must, "zc"+f.Category)
	}
	var mustNot []string
	if f.Halal != nil {
		if *f.Halal {
			must = append(must, "zh")
		} else {
			mustNot = append(mustNot, "zh")
		}
	}
	if d == sqldb.Postgres {
		q := strings.Join(append(append([]string{}, terms...), must...), " & ")
		for _, t := range mustNot {
			q += " & !" + t
		}
		m := Match{
			From:     `CROSS JOIN to_tsquery('simple', ?) AS tsq`,
			FromArgs: []any{q},
			Where:    `p.title_vector @@ tsq`,
			Order:    `p.id DESC`,
			After:    `p.id < ?`,
			Window:   5_000,
			// "+ 0" keeps the planner from walking the id index: it sorts the matches.
			SortOrder: `p.id + 0 DESC`,
		}
		if tier != TierTitle {
			inTitle := make([]string, len(terms))
			for i, t := range terms {
				inTitle[i] = t + ":A" // lexeme restricted to weight A: the name
			}
			m.FromArgs[0] = q + " & !(" + strings.Join(inTitle, " & ") + ")"
			m.Where = `p.search_vector @@ tsq`
		}
		return m
	}
	var q string
	if tier == TierTitle {
		q = "title: (" + quote(terms) + ")"
	} else {
		q = "{title body}: (" + quote(terms) + ") NOT title: (" + quote(terms) + ")"
	}
	if len(must) > 0 {
		q = "(" + q + ") AND facets: (" + quote(must) + ")"
	}
	for _, t := range mustNot {
		q = "(" + q + `) NOT facets: "` + t + `"`
	}
	return Match{
		From:      `JOIN product_fts ON p.id = -product_fts.rowid`,
		Where:     `product_fts MATCH ?`,
		WhereArgs: []any{q},
		// FTS5 walks its doclists in rowid order when asked for it, so the
		// first page costs the same however many products match.
		Order: `product_fts.rowid`,
		After: `product_fts.rowid > -?`,
	}
}

// UMKMMatch matches umkm rows aliased alias against stemmed terms.
func UMKMMatch(d sqldb.Dialect, alias string, terms []string) Match {
	if d == sqldb.Postgres {
		return Match{
			From:     `CROSS JOIN to_tsquery('simple', ?) AS tsq`,
			FromArgs: []any{strings.Join(terms, " & ")},
			Where:    alias + `.search_vector @@ tsq`,
			Order:    `ts_rank(` + alias + `.search_vector, tsq) DESC`,
		}
	}
	return Match{
		From:      `JOIN umkm_fts ON umkm_fts.rowid = ` + alias + `.id`,
		Where:     `umkm_fts MATCH ?`,
		WhereArgs: []any{quote(terms)},
		Order:     `bm25(umkm_fts, 4.0, 1.0)`,
	}
}

// quote makes an FTS5 AND of terms, each a quoted string.
func quote(terms []string) string {
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = `"` + t + `"`
	}
	return strings.Join(q, " ")
}
