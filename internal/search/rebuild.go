package search

import (
	"context"
	"strings"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Versions of the documents the indexes hold. Raise one whenever what
// ProductDoc or UMKMDoc writes changes (fields, facets, the stemmer's
// output): the server rebuilds an index older than its version at start
// (catalog.Service.RebuildIndex, umkm.Service.RebuildIndex), because the
// documents are built in Go and no SQL migration can write them.
const (
	// ProductDocVersion 1: seller's place names in the body, the listed
	// facet, the vocabulary.
	ProductDocVersion = 1
	// UMKMDocVersion 1: place names in the body.
	UMKMDocVersion = 1
)

// Index names in table search_index.
const (
	ProductIndex = "products"
	UMKMIndex    = "umkm"
)

// LockIndexVersion returns the document version index name holds, holding
// the row's lock for the rest of tx, so that of several servers starting at
// once one rebuilds and the others then see the new version.
func LockIndexVersion(ctx context.Context, tx *sqldb.Tx, name string) (int, error) {
	if _, err := tx.Exec(ctx, `UPDATE search_index SET version = version WHERE name = ?`, name); err != nil {
		return 0, err
	}
	var v int
	err := tx.QueryRow(ctx, `SELECT version FROM search_index WHERE name = ?`, name).Scan(&v)
	return v, err
}

// SetIndexVersion records that index name holds documents of version v.
func SetIndexVersion(ctx context.Context, tx *sqldb.Tx, name string, v int) error {
	_, err := tx.Exec(ctx, `UPDATE search_index SET version = ? WHERE name = ?`, v, name)
	return err
}

// ClearProductIndex empties the products' index and vocabulary before
// every product is written again with WriteProducts.
func ClearProductIndex(ctx context.Context, tx *sqldb.Tx) error {
	if tx.Dialect() == sqldb.SQLite {
		if _, err := tx.Exec(ctx, `DELETE FROM product_fts`); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `DELETE FROM search_terms`)
	return err
}

// WriteProducts writes the index entries of products ids (docs[i] is the
// document of ids[i]) after ClearProductIndex, many rows a statement, and
// counts them into v; add v with AddVocabulary once all are written.
func WriteProducts(ctx context.Context, tx *sqldb.Tx, ids []int64, docs []Doc, v Vocabulary) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, 0, 5*len(ids))
	var sqlText string
	if tx.Dialect() == sqldb.Postgres {
		for i, id := range ids {
			args = append(args, id, docs[i].Title, docs[i].Body, docs[i].Facets, docs[i].TitleFacets())
		}
		row := "(CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))"
		sqlText = `UPDATE products AS p SET
			search_vector = ` + productVector("d.title", "d.body", "d.facets") + `,
			title_vector = to_tsvector('simple', d.title_facets)
			FROM (VALUES ` + strings.Repeat(row+", ", len(ids)-1) + row + `) AS d(id, title, body, facets, title_facets)
			WHERE p.id = d.id`
	} else {
		for i, id := range ids {
			args = append(args, ProductRowID(id), docs[i].Title, docs[i].Body, docs[i].Facets)
		}
		sqlText = `INSERT INTO product_fts (rowid, title, body, facets) VALUES ` + strings.Repeat("(?, ?, ?, ?), ", len(ids)-1) + "(?, ?, ?, ?)"
	}
	for _, d := range docs {
		v.Add(d)
	}
	_, err := tx.Exec(ctx, sqlText, args...)
	return err
}

// OptimizeProductIndex merges the segments a bulk write leaves in SQLite's
// full-text index, so that every search reads fewer pages (as after gerai
// seed); PostgreSQL needs nothing.
func OptimizeProductIndex(ctx context.Context, tx *sqldb.Tx) error {
	if tx.Dialect() != sqldb.SQLite {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO product_fts (product_fts) VALUES ('optimize')`)
	return err
}
