// Package sqldb is the only package that knows SQL drivers. It opens SQLite
// (embedded, the default) or PostgreSQL from one DSN, runs migrations, and
// gives the rest of Gerai one way to query both: write SQL with '?'
// placeholders and sqldb rebinds them for PostgreSQL.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB holds a write pool and a read pool. On SQLite the write pool has one
// connection, so writers queue in Go instead of failing with SQLITE_BUSY,
// and readers run in parallel on WAL snapshots. On PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// stale reads from a standby when the DSN names several hosts (Stale).
	stale *sql.DB
	// Path is the SQLite file (empty on PostgreSQL).
	Path string
	// readStmts and writeStmts cache prepared statements on SQLite, where
	// parsing a query costs about a tenth of a search and a quarter of a
	// checkout (pgx caches its own).
	readStmts  *stmtCache
	writeStmts *stmtCache
	// group queues InGroupTx calls (group.go).
	group grouper
}

// Open connects to dsn: "sqlite:FILE" (or a bare file path) for the embedded
// database, "postgres://…" or "postgresql://…" for PostgreSQL.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var db *DB
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = openPostgres(dsn)
	default:
		db, err = openSQLite(strings.TrimPrefix(dsn, "sqlite:"))
	}
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", db.Dialect, err)
	}
	return db, nil
}

func openSQLite(path string) (*DB, error) {
	if path == "" || path == ":memory:" {
		return nil, errors.New("sqlite needs a file path (the read and write pools share it)")
	}
	// busy_timeout comes first so that the other pragmas wait rather than fail.
	// A 16 MB page cache per connection (default 2 MB) keeps the hot part of a
	// million-product index in memory: 7% faster searches, measured.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(ON)&_time_format=sqlite&_pragma=cache_size(-16000)"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(ON)")
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, runtime.GOMAXPROCS(0)*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxLifetime(0)
	return &DB{Dialect: SQLite, write: w, read: r, Path: path, readStmts: &stmtCache{db: r}, writeStmts: &stmtCache{db: w}}, nil
}

func openPostgres(dsn string) (*DB, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres DSN: %w", err)
	}
	var stale *sql.DB
	if multiHost(u) {
		// Several hosts: the primary for writes whatever the DSN asked, a
		// standby when one answers for the reads that may lag (Stale).
		dsn = withSessionAttrs(u, "read-write")
		if stale, err = sql.Open("pgx", withSessionAttrs(u, "prefer-standby")); err != nil {
			return nil, err
		}
	}
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	n := max(8, runtime.GOMAXPROCS(0)*4)
	for _, d := range []*sql.DB{p, stale} {
		if d != nil {
			d.SetMaxOpenConns(n)
			d.SetMaxIdleConns(n)
			d.SetConnMaxIdleTime(5 * time.Minute)
		}
	}
	return &DB{Dialect: Postgres, write: p, read: p, stale: stale}, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close closes both pools.
func (db *DB) Close() error {
	db.readStmts.close()
	db.writeStmts.close()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	if db.stale != nil {
		err = errors.Join(err, db.stale.Close())
	}
	return err
}

// Querier runs SQL written with '?' placeholders; DB, its Reader and Tx are Queriers.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Dialect() Dialect
}

type pool struct {
	db      *sql.DB
	dialect Dialect
	stmts   *stmtCache // nil: no caching
}

// Exec runs a single statement; a foreign-key violation comes back as a
// conflict (see translate).
func (p pool) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := p.stmts.get(ctx, q); st != nil {
		res, err := st.ExecContext(ctx, args...)
		return res, translate(err)
	}
	res, err := p.db.ExecContext(ctx, Rebind(p.dialect, q), args...)
	return res, translate(err)
}
func (p pool) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	args = p.dialect.planArgs(args)
	if st := p.stmts.get(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, Rebind(p.dialect, q), args...)
}
func (p pool) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	args = p.dialect.planArgs(args)
	if st := p.stmts.get(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, Rebind(p.dialect, q), args...)
}
func (p pool) Dialect() Dialect { return p.dialect }

// Reader returns a Querier on the read pool, for statements that only read.
func (db *DB) Reader() Querier { return pool{db.read, db.Dialect, db.readStmts} }

// Writer returns a Querier on the write pool, for single-statement writes outside a transaction.
func (db *DB) Writer() Querier { return pool{db.write, db.Dialect, db.writeStmts} }

// Tx is a transaction on the write pool.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	stmts   *stmtCache
	// unprepared are the statements this transaction ran without a cached
	// prepared form; they are prepared after it ends, when the single SQLite
	// write connection is free again (preparing now would wait for it forever).
	unprepared []string
}

// stmt returns the transaction's form of q's cached statement, or nil.
func (t *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	if st := t.stmts.lookup(q); st != nil {
		return t.tx.StmtContext(ctx, st)
	}
	if cacheable(q) {
		t.unprepared = append(t.unprepared, q)
	}
	return nil
}

func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, Rebind(t.dialect, q), args...)
}
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, Rebind(t.dialect, q), args...)
}
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, Rebind(t.dialect, q), args...)
}
func (t *Tx) Dialect() Dialect { return t.dialect }

// InTx runs fn in one transaction: committed when fn returns nil, rolled back
// otherwise, so every operation is all-or-nothing. A PostgreSQL serialization
// failure or deadlock is retried a few times; a foreign-key violation comes
// back as a conflict (see translate). On PostgreSQL a transaction whose
// connection was lost before COMMIT was sent (so surely rolled back) runs
// once more on a fresh connection, which a multi-host DSN opens on the
// primary of now; lost twice, it is Unavailable. A connection lost during
// COMMIT is CommitUnknown and never run again (decision 0041); both are
// KindUnavailable, 503 with a Retry-After.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inTx(ctx, fn, 1)
}

// inTx is InTx with reconnects runs after a lost connection.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error, reconnects int) error {
	for attempt := 0; ; attempt++ {
		err := db.inTxOnce(ctx, fn)
		if err != nil && attempt < 4 && IsRetryable(err) {
			time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
			continue
		}
		var lost *lostBeforeCommit
		if errors.As(err, &lost) {
			if reconnects > 0 && ctx.Err() == nil {
				reconnects--
				continue
			}
			return noPrimary(lost.err)
		}
		return translate(err)
	}
}

func (db *DB) inTxOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if db.Dialect == Postgres {
		return db.inPostgresTxOnce(ctx, fn)
	}
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, dialect: db.Dialect, stmts: db.writeStmts}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		for _, q := range tx.unprepared {
			db.writeStmts.get(context.WithoutCancel(ctx), q)
		}
	}()
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Rebind turns '?' placeholders into $1, $2… for PostgreSQL. A '?' inside a
// single-quoted literal is left alone.
func Rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	inQuote := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// RedactDSN hides a password in a DSN for logs.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// ErrBackupPostgres tells an operator how PostgreSQL is backed up.
var ErrBackupPostgres = errors.New("PostgreSQL dicadangkan dengan pengarsipan berkelanjutan pgBackRest (pgbackrest --stanza=gerai backup; lihat docs/operations.md, \"Backups and restore\")")

// Backup writes a consistent copy of a SQLite database to file while it is in
// use (VACUUM INTO reads one snapshot and does not block writers under WAL).
// On PostgreSQL it returns ErrBackupPostgres.
func (db *DB) Backup(ctx context.Context, file string) error {
	if db.Dialect == Postgres {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("%s sudah ada; pilih nama berkas lain", file)
	}
	// A connection of its own: the read pool is query-only, and the write
	// pool's single connection would hold up writers for the whole copy.
	conn, err := sql.Open("sqlite", "file:"+db.Path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, file); err != nil {
		os.Remove(file)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// stmtCache keeps one prepared statement per query text. Queries are
// constants with placeholders, so the set is small; past maxCachedStmts new
// texts are simply not cached.
type stmtCache struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

const maxCachedStmts = 500

// cacheable reports whether q is a single statement: a prepared statement
// holds only the first of several (migrations), so those are never cached.
func cacheable(q string) bool {
	return !strings.Contains(strings.TrimRight(strings.TrimSpace(q), ";"), ";")
}

// lookup returns the cached statement of q without preparing it.
func (c *stmtCache) lookup(q string) *sql.Stmt {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.stmts[q]
}

// get returns the prepared statement of q, or nil to run q unprepared. The
// lock is never held while preparing: preparing waits for a connection, and
// on SQLite the writer holding the only one may need the cache to finish.
func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	if c == nil || !cacheable(q) {
		return nil
	}
	c.mu.RLock()
	st, ok := c.stmts[q]
	full := len(c.stmts) >= maxCachedStmts
	c.mu.RUnlock()
	if ok {
		return st
	}
	if full {
		return nil
	}
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil // the unprepared query reports the error
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[q]; ok {
		st.Close() // another goroutine prepared it meanwhile
		return prev
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[q] = st
	return st
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// PlanForArgs, given as the first argument of Query or QueryRow, asks
// PostgreSQL to plan the statement for these argument values instead of
// reusing a generic plan: a generic plan cannot see whether a searched word
// is common or rare, and picked a whole-table scan for rare ones (measured:
// 200 ms instead of 4 ms). Other statements keep their cached plans, which
// spare a millisecond of planning each. SQLite ignores it.
var PlanForArgs = planForArgs{}

type planForArgs struct{}

func (d Dialect) planArgs(args []any) []any {
	if len(args) == 0 {
		return args
	}
	if _, ok := args[0].(planForArgs); !ok {
		return args
	}
	if d == Postgres {
		// An unnamed statement is planned at bind time with the actual values.
		return append([]any{pgx.QueryExecModeExec}, args[1:]...)
	}
	return args[1:]
}
