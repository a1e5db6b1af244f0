package seed

// The bulk loader of the synthetic data: producers send chunks of rows,
// batchers turn them into multi-row INSERTs, the loader writes them.

import (
	"context"
	"fmt"
	"strings"

	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

type stmt struct {
	sql  string
	args []any
	rows int // rows this statement adds to the stage (0 for index rows)
}

type chunk struct {
	stmts []stmt
	rows  int
	// vocab counts the roots of the chunk's products, added to the search
	// vocabulary in the chunk's transaction.
	vocab search.Vocabulary
}

type loader struct {
	db                              *sqldb.DB
	pg                              bool
	progress                        func(stage string, done, total int)
	userBase, umkmBase, productBase int64
	orderBase                       int64
	sellerBase                      int
}

// run writes what produce sends, one transaction per chunk, while produce
// prepares the next chunks on another goroutine.
func (l *loader) run(ctx context.Context, stage string, total int, produce func(send func(chunk) bool)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan chunk, 2)
	go func() {
		defer close(ch)
		produce(func(c chunk) bool {
			select {
			case ch <- c:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	done := 0
	l.progress(stage, 0, total)
	for c := range ch {
		err := l.db.InTx(ctx, func(tx *sqldb.Tx) error {
			n := done
			for _, s := range c.stmts {
				if _, err := tx.Exec(ctx, s.sql, s.args...); err != nil {
					return err
				}
				if s.rows > 0 {
					n += s.rows
					l.progress(stage, n, total)
				}
			}
			return search.AddVocabulary(ctx, tx, c.vocab)
		})
		if err != nil {
			cancel()
			for range ch {
			}
			return fmt.Errorf("seed %s: %w", stage, err)
		}
		done += c.rows
	}
	return ctx.Err()
}

// table describes the INSERT of one table; fts names the SQLite full-text
// table that receives (rowid, title, body), or the PostgreSQL search_vector
// is computed from title and body in the same INSERT.
type table struct {
	name   string
	cols   []string
	fts    string
	search bool
	facets bool // the index also holds facet tokens (products)
}

var (
	usersTable    = table{name: "users", cols: []string{"id", "email", "password_hash", "name", "role", "created_at"}}
	umkmTable     = table{name: "umkm", fts: "umkm_fts", search: true, cols: []string{"id", "owner_id", "name", "owner_name", "nib", "kbli", "province_code", "regency_code", "address", "whatsapp", "category", "description", "capital", "turnover", "scale", "halal_cert", "pirt", "bpom", "status", "verified_at", "created_at", "updated_at"}}
	productsTable = table{name: "products", fts: "product_fts", search: true, facets: true, cols: []string{"id", "umkm_id", "name", "description", "category", "price", "stock", "weight_grams", "halal", "status", "province_code", "regency_code", "listed", "created_at", "updated_at"}}
)

// batcher accumulates rows of one table into multi-row statements and
// statements into chunks.
type batcher struct {
	t       *table
	pg      bool
	send    func(chunk) bool
	rows    int
	args    []any
	ftsArgs []any
	cur     chunk
	sqlText map[int][2]string
	stopped bool
}

func (l *loader) batcher(t *table, send func(chunk) bool) *batcher {
	return &batcher{t: t, pg: l.pg, send: send, sqlText: map[int][2]string{}}
}

// add queues one row with its search document when the table is indexed.
func (b *batcher) add(id int64, vals []any, d search.Doc) bool {
	b.args = append(b.args, vals...)
	if b.t.facets {
		if b.cur.vocab == nil {
			b.cur.vocab = search.Vocabulary{}
		}
		b.cur.vocab.Add(d)
	}
	if b.t.search {
		if b.pg {
			b.args = append(b.args, d.Title, d.Body)
			if b.t.facets {
				b.args = append(b.args, d.Facets, d.TitleFacets())
			}
		} else {
			if b.t.facets {
				b.ftsArgs = append(b.ftsArgs, search.ProductRowID(id), d.Title, d.Body, d.Facets)
			} else {
				b.ftsArgs = append(b.ftsArgs, id, d.Title, d.Body)
			}
		}
	}
	b.rows++
	if b.rows == rowsPerStatement {
		b.flushStatement()
		if b.cur.rows >= rowsPerTx {
			return b.flushChunk()
		}
	}
	return !b.stopped
}

func (b *batcher) statements(n int) [2]string {
	if s, ok := b.sqlText[n]; ok {
		return s
	}
	cols := b.t.cols
	row := "(" + strings.Repeat("?, ", len(cols)-1) + "?"
	colList := strings.Join(cols, ", ")
	if b.t.search && b.pg {
		if b.t.facets {
			row += ", " + search.ProductVectorSQL + ", " + search.TitleVectorSQL
			colList += ", search_vector, title_vector"
		} else {
			row += ", " + search.UMKMVectorSQL
			colList += ", search_vector"
		}
	}
	row += ")"
	var s [2]string
	s[0] = "INSERT INTO " + b.t.name + " (" + colList + ") VALUES " + repeatJoin(row, n)
	if b.t.search && !b.pg {
		if b.t.facets {
			s[1] = "INSERT INTO " + b.t.fts + " (rowid, title, body, facets) VALUES " + repeatJoin("(?, ?, ?, ?)", n)
		} else {
			s[1] = "INSERT INTO " + b.t.fts + " (rowid, title, body) VALUES " + repeatJoin("(?, ?, ?)", n)
		}
	}
	b.sqlText[n] = s
	return s
}

func repeatJoin(s string, n int) string {
	var sb strings.Builder
	sb.Grow((len(s) + 2) * n)
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(s)
	}
	return sb.String()
}

func (b *batcher) flushStatement() {
	if b.rows == 0 {
		return
	}
	s := b.statements(b.rows)
	b.cur.stmts = append(b.cur.stmts, stmt{sql: s[0], args: b.args, rows: b.rows})
	if s[1] != "" {
		b.cur.stmts = append(b.cur.stmts, stmt{sql: s[1], args: b.ftsArgs})
	}
	b.cur.rows += b.rows
	b.rows = 0
	b.args = make([]any, 0, cap(b.args))
	b.ftsArgs = make([]any, 0, cap(b.ftsArgs))
}

func (b *batcher) flushChunk() bool {
	if b.cur.rows > 0 && !b.stopped {
		b.stopped = !b.send(b.cur)
	}
	b.cur = chunk{}
	return !b.stopped
}

// close sends what is left.
func (b *batcher) close() {
	b.flushStatement()
	b.flushChunk()
}
