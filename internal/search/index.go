package search

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The index holds Go-stemmed roots, never raw text, so that SQLite FTS5 and
// PostgreSQL full-text search see exactly the same tokens: FTS5 tokenises
// roots with unicode61 (they are [a-z0-9] words), PostgreSQL with the
// 'simple' configuration (lower-casing only, no stemming of its own).

// Facets are the filterable attributes of a product, indexed as tokens
// beside its words ("zp16 zr1671 zckuliner zh zl zl16") so that a filtered search
// is one intersection of posting lists inside the full-text index instead of
// ranking every match of a common word and then throwing most away. The
// tokens start with "z" and a letter no root has, so they never meet a word.
type Facets struct {
	ProvinceCode string
	RegencyCode  string
	Category     string
	Halal        bool
	// Listed (buyers may see the product) is indexed so that SQLite can
	// count the matches of a search inside the index alone; searches check
	// it on the products row (see ProductMatch).
	Listed bool
}

// Tokens returns the facet tokens of a product.
func (f Facets) Tokens() string {
	t := []string{"zp" + f.ProvinceCode, "zr" + strings.ReplaceAll(f.RegencyCode, ".", ""), "zc" + f.Category}
	if f.Halal {
		t = append(t, "zh")
	}
	if f.Listed {
		// "zl32", listed in province 32, lets a count in one province
		// intersect one facet list instead of two (measured 0.15 ms
		// instead of 0.57 for "kopi" in Jawa Barat, 100,000 products).
		t = append(t, "zl", "zl"+f.ProvinceCode)
	}
	return strings.Join(t, " ")
}

// Filter selects products by facets in a search; empty fields do not filter.
type Filter struct {
	ProvinceCode string
	RegencyCode  string
	Category     string
	Halal        *bool
	// Listed restricts SQLite's match to listed products inside the index
	// (for counts over the index alone); PostgreSQL ignores it.
	Listed bool
}

// Doc is one document of the index: stemmed title and body roots, and facet tokens.
type Doc struct {
	Title, Body, Facets string
}

// ProductDoc stems a product's text as the index holds it: the title is
// the product name; the body its category, description, and its seller:
// the UMKM's name and where it is (regency and province names, see
// PlaceText), so that "pempek palembang" finds Palembang's pempek.
func ProductDoc(name, category, description, umkmName string, f Facets) Doc {
	st := DefaultStemmer()
	return Doc{Title: st.StemText(name),
		Body:   st.StemText(category + " " + description + " " + umkmName + " " + PlaceText(f.RegencyCode)),
		Facets: f.Tokens()}
}

// UMKMDoc stems a UMKM's text: the name, then category, description, owner
// name and the names of its regency and province.
func UMKMDoc(name, category, description, ownerName, regencyCode string) Doc {
	st := DefaultStemmer()
	return Doc{Title: st.StemText(name), Body: st.StemText(category + " " + description + " " + ownerName + " " + PlaceText(regencyCode))}
}

// PlaceText is how a seller's place reads in the index: the regency's own
// name without "Kabupaten"/"Kota" (words every product would share, which
// only lengthen the index) and the province's common name ("Palembang
// Sumatera Selatan", "Bandung Jawa Barat", "Jakarta Pusat DKI Jakarta").
func PlaceText(regencyCode string) string {
	r, ok := region.RegencyByCode(regencyCode)
	if !ok {
		return ""
	}
	name := r.Name
	for _, prefix := range []string{"Kabupaten ", "Kota ", "Administrasi "} {
		name = strings.TrimPrefix(name, prefix)
	}
	if p, ok := region.ProvinceByCode(r.ProvinceCode); ok {
		name += " " + region.ProvinceDisplayName(p)
	}
	return name
}

// IndexProduct (re)indexes a product inside tx, and keeps the vocabulary
// in step with it.
func IndexProduct(ctx context.Context, tx *sqldb.Tx, id int64, d Doc) error {
	old, err := indexedWords(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := writeProduct(ctx, tx, id, d); err != nil {
		return err
	}
	if delta := vocabDelta(old, d.Title+" "+d.Body); len(delta) > 0 {
		return AddVocabulary(ctx, tx, delta)
	}
	return nil
}

// writeProduct replaces product id's index entry with d.
func writeProduct(ctx context.Context, tx *sqldb.Tx, id int64, d Doc) error {
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
var ProductVectorSQL = productVector("?", "?", "?")

// productVector is the expression of a search_vector from three SQL expressions.
func productVector(title, body, facets string) string {
	return `setweight(to_tsvector('simple', ` + title + `), 'A') || setweight(to_tsvector('simple', ` + body +
		`), 'B') || setweight(to_tsvector('simple', ` + facets + `), 'D')`
}

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
// (alias u) to rows matching a query.
type Match struct {
	From      string // joined after the table's FROM item
	FromArgs  []any
	Where     string
	WhereArgs []any
	// Products: Newest orders the matches newest first, Oldest the reverse
	// (for paging back), each with its keyset condition "past this product
	// id" (one parameter). UMKM: Newest.By ranks the best first.
	Newest, Oldest Order
	// Window, when set, asks for the Window product ids nearest the keyset
	// to be searched first in Newest or Oldest (an index walk), and the rest
	// in NewestSorted or OldestSorted (a sort of the matches); see
	// catalog.Service.searchRun.
	Window                     int64
	NewestSorted, OldestSorted string
}

// Order is an ORDER BY with the keyset condition that continues past a row.
type Order struct {
	By, After string
	// FromEdge: By holds a %d for the product id the walk starts from (the
	// keyset's, or the end of the ids on a first page).
	FromEdge bool
}

// InIDOrder turns a PostgreSQL product match into one that the RUM indexes
// of migration 0032 serve in id order, the way FTS5 does on SQLite, so the
// first page no longer costs a sort of every match. schema is where the
// rum extension's operators live: "<=|" ranks ids at or below an edge
// nearest first, "|=>" those at or above it.
func InIDOrder(m Match, schema string) Match {
	op := func(name string) string {
		return "OPERATOR(\"" + strings.ReplaceAll(schema, `"`, `""`) + "\"." + name + ")"
	}
	m.Window = 0
	m.Newest = Order{By: "p.id " + op("<=|") + " %d", After: "p.id < ?", FromEdge: true}
	m.Oldest = Order{By: "p.id " + op("|=>") + " %d", After: "p.id > ?", FromEdge: true}
	return m
}

// Relevance tiers of a product search. Ranking every match of a common word
// (bm25, ts_rank) costs milliseconds per thousand matches, and "kopi" in one
// province matches tens of thousands of products; so results come in tiers,
// each newest first, which the index serves in id order and stops after one
// page: first products with every word in their name, then (queries of
// several words) products with some of the words in their name, then
// products with the words somewhere else only (description, category,
// seller and its place). So "pempek palembang" shows Palembang's pempek
// before the other products of a Palembang shop called "Pempek …".
// TierAll is all of them at once, for the orders that are not by relevance.
const (
	TierTitle = 0
	TierSome  = 1
	TierBody  = 2
	TierAll   = 3
)

// BrowseMatch orders products without words: newest first, by id.
func BrowseMatch() Match {
	return Match{Newest: Order{By: "p.id DESC", After: "p.id < ?"}, Oldest: Order{By: "p.id", After: "p.id > ?"}}
}

// ProductMatch matches products aliased p against q and the facets of f,
// in one relevance tier (or TierAll); listed is checked by the caller on
// the products row.
func ProductMatch(d sqldb.Dialect, q Query, f Filter, tier int) Match {
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
		tsq := strings.Join(append([]string{q.tsquery("")}, must...), " & ")
		for _, t := range mustNot {
			tsq += " & !" + t
		}
		m := Match{
			From:     `CROSS JOIN to_tsquery('simple', ?) AS tsq`,
			FromArgs: []any{tsq},
			Where:    `p.search_vector @@ tsq`,
			Newest:   Order{By: `p.id DESC`, After: `p.id < ?`},
			Oldest:   Order{By: `p.id`, After: `p.id > ?`},
			Window:   5_000,
			// "+ 0" keeps the planner from walking the id index: it sorts the matches.
			NewestSorted: `p.id + 0 DESC`,
			OldestSorted: `p.id + 0`,
		}
		switch tier {
		case TierTitle:
			m.Where = `p.title_vector @@ tsq`
		case TierSome:
			// A lexeme restricted to weight A is one in the name.
			m.FromArgs[0] = tsq + " & (" + q.tsqueryAny(":A") + ") & !(" + q.tsquery(":A") + ")"
		case TierBody:
			m.FromArgs[0] = tsq + " & !(" + q.tsqueryAny(":A") + ")"
		}
		return m
	}
	if f.Listed {
		if f.ProvinceCode != "" {
			must[0] = "zl" + f.ProvinceCode // listed in the province: one list for both
		} else {
			must = append(must, "zl")
		}
	}
	var fts string
	switch tier {
	case TierTitle:
		fts = "title: (" + q.fts() + ")"
	case TierSome:
		fts = "({title body}: (" + q.fts() + ") AND title: (" + q.ftsAny() + ")) NOT title: (" + q.fts() + ")"
	case TierBody:
		fts = "{title body}: (" + q.fts() + ") NOT title: (" + q.ftsAny() + ")"
	default:
		fts = "{title body}: (" + q.fts() + ")"
	}
	if len(must) > 0 {
		fts = "(" + fts + ") AND facets: (" + quote(must) + ")"
	}
	for _, t := range mustNot {
		fts = "(" + fts + `) NOT facets: "` + t + `"`
	}
	return Match{
		From:      `JOIN product_fts ON p.id = -product_fts.rowid`,
		Where:     `product_fts MATCH ?`,
		WhereArgs: []any{fts},
		// FTS5 walks its doclists in rowid order when asked for it, so the
		// first page costs the same however many products match.
		Newest: Order{By: `product_fts.rowid`, After: `product_fts.rowid > -?`},
		Oldest: Order{By: `product_fts.rowid DESC`, After: `product_fts.rowid < -?`},
	}
}

// UMKMMatch matches umkm rows aliased alias against q.
func UMKMMatch(d sqldb.Dialect, alias string, q Query) Match {
	if d == sqldb.Postgres {
		return Match{
			From:     `CROSS JOIN to_tsquery('simple', ?) AS tsq`,
			FromArgs: []any{q.tsquery("")},
			Where:    alias + `.search_vector @@ tsq`,
			Newest:   Order{By: `ts_rank(` + alias + `.search_vector, tsq) DESC`},
		}
	}
	return Match{
		From:      `JOIN umkm_fts ON umkm_fts.rowid = ` + alias + `.id`,
		Where:     `umkm_fts MATCH ?`,
		WhereArgs: []any{q.fts()},
		Newest:    Order{By: `bm25(umkm_fts, 4.0, 1.0)`},
	}
}

// quote makes an FTS5 AND of terms, each a quoted string.
func quote(terms []string) string {
	return strings.Join(quoteEach(terms), " ")
}
