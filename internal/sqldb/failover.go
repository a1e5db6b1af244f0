package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/gerai-id/gerai/internal/platform"
)

// A primary and its replicas (docs/decisions/0041). A DSN naming several
// hosts, postgres://h1:5432,h2:5432/gerai, is a Patroni-managed cluster:
// writes (and the reads that must see them) go to whichever host is the
// primary now (target_session_attrs=read-write), and the reads that may be a
// little stale go to a standby when one answers (prefer-standby).

// multiHost reports whether a PostgreSQL URL names more than one host.
func multiHost(u *url.URL) bool { return strings.Contains(u.Host, ",") }

// withSessionAttrs returns dsn with target_session_attrs set to attrs.
func withSessionAttrs(u *url.URL, attrs string) string {
	c := *u
	q := c.Query()
	q.Set("target_session_attrs", attrs)
	c.RawQuery = q.Encode()
	return c.String()
}

// Stale returns a Querier for reads that may lag the primary by the
// replication delay (a fraction of a second, more while a replica catches
// up): search, public catalogue pages, dashboards. On a multi-host DSN it
// reads from a standby when one is up; otherwise it is Reader. A read that
// follows a write of the same request (create, then show what was created)
// must use Reader, which sees every commit.
func (db *DB) Stale() Querier {
	if db.stale == nil {
		return db.Reader()
	}
	return pool{db.stale, db.Dialect, nil}
}

// The two ways a database failure reaches a client. Both are 503 with a
// Retry-After: the first is safe to retry as it was; the second is safe to
// retry only with the same Idempotency-Key, which replays the outcome if the
// commit happened after all.
var (
	// errNoPrimary: the transaction certainly did not commit and no primary
	// could take it (a failover under way).
	errNoPrimary = errors.New("database unavailable, nothing committed")
	// errCommitUnknown: the connection was lost while COMMIT was under way,
	// so the transaction may or may not have committed. It is never retried
	// by the server.
	errCommitUnknown = errors.New("connection lost during commit: outcome unknown")
)

// Unavailable reports whether err is a transaction that certainly did not
// commit because no primary could be reached; the client may retry as is.
func Unavailable(err error) bool { return errors.Is(err, errNoPrimary) }

// CommitUnknown reports whether err is a transaction whose connection was
// lost during COMMIT: it may have committed.
func CommitUnknown(err error) bool { return errors.Is(err, errCommitUnknown) }

// noPrimary is the client's error for a transaction that could not run.
func noPrimary(cause error) error {
	return &platform.Error{Kind: platform.KindUnavailable, RetryAfter: time.Second, Err: fmt.Errorf("%w: %w", errNoPrimary, cause),
		Message: "Basis data sedang tidak tersedia (misalnya sedang berpindah server); tidak ada yang tersimpan. Coba lagi sebentar lagi"}
}

// commitUnknown is the client's error for a commit whose outcome is unknown.
func commitUnknown(cause error) error {
	return &platform.Error{Kind: platform.KindUnavailable, RetryAfter: time.Second, Err: fmt.Errorf("%w: %w", errCommitUnknown, cause),
		Message: "Koneksi ke basis data terputus saat menyimpan, jadi belum pasti tersimpan. Ulangi dengan Idempotency-Key yang sama"}
}

// AsUnavailable turns a database error that no caller named, and that says
// the connection to the server was lost or could not be made (a read or a
// single statement during a failover), into a 503 with a Retry-After;
// anything else comes back unchanged. It does not claim that nothing was
// saved: a single statement outside a transaction may have been.
func AsUnavailable(err error) error {
	var pe *platform.Error
	if err == nil || errors.As(err, &pe) || errors.Is(err, context.Canceled) || !connectionLost(err) {
		return err
	}
	return &platform.Error{Kind: platform.KindUnavailable, RetryAfter: time.Second, Err: err,
		Message: "Basis data sedang tidak tersedia (misalnya sedang berpindah server). Coba lagi sebentar lagi"}
}

// lostBeforeCommit marks a transaction whose connection was lost before
// COMMIT was sent: the server rolled it back, so it may run again.
type lostBeforeCommit struct{ err error }

func (e *lostBeforeCommit) Error() string { return "connection lost before commit: " + e.err.Error() }
func (e *lostBeforeCommit) Unwrap() error { return e.err }

// connectionLost reports whether err says the session with the server is
// gone (or was never had) rather than that a statement failed.
func connectionLost(err error) bool {
	if err == nil {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// 08: connection exceptions; 57P01–57P03: the backend terminated
		// (pg_terminate_backend, a shutdown, a crash) or cannot take
		// connections yet; 25006: a write reached a standby.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" ||
			pe.Code == "57P03" || pe.Code == "25006"
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err)
}

// connClosed reports whether the PostgreSQL connection under conn is closed.
func connClosed(conn *sql.Conn) bool {
	closed := false
	err := conn.Raw(func(dc any) error {
		if c, ok := dc.(*stdlib.Conn); ok {
			closed = c.Conn().IsClosed()
		}
		return nil
	})
	return closed || err != nil
}

// classifyFailure names what a failed PostgreSQL transaction means for a
// retry. fnErr is what the transaction's function returned (nil if it got
// as far as COMMIT), commitErr what COMMIT returned. A connection that died
// before COMMIT was sent rolled the transaction back: lostBeforeCommit. One
// that died with COMMIT sent leaves the outcome unknown: commitUnknown.
// Anything else is the statement's own error.
func classifyFailure(ctx context.Context, conn *sql.Conn, fnErr, commitErr error) error {
	if fnErr != nil {
		if ctx.Err() == nil && (connectionLost(fnErr) || connClosed(conn)) {
			return &lostBeforeCommit{fnErr}
		}
		return fnErr
	}
	var pe *pgconn.PgError
	if errors.As(commitErr, &pe) || errors.Is(commitErr, sql.ErrTxDone) {
		// The server answered (a serialization failure at commit), or
		// database/sql rolled back for a cancelled context: no commit.
		return commitErr
	}
	// Anything else may have reached the server. pgconn.SafeToRetry cannot
	// tell here: once COMMIT is sent and the answer lost, pgx reports the
	// closed connection as "conn closed", which it calls safe to retry
	// (TestCommitLostOnTheWayIsNeverRetried). A connection already dead
	// before COMMIT is caught by the caller (commitOrLost).
	return commitUnknown(commitErr)
}

// inPostgresTxOnce runs fn in one transaction on a connection of its own,
// so that a failure can be asked whether that connection is gone.
func (db *DB) inPostgresTxOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		if ctx.Err() == nil && connectionLost(err) {
			return &lostBeforeCommit{fmt.Errorf("connect: %w", err)}
		}
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		if ctx.Err() == nil && (connectionLost(err) || connClosed(conn)) {
			return &lostBeforeCommit{fmt.Errorf("begin: %w", err)}
		}
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(&Tx{tx: sqlTx, dialect: db.Dialect}); err != nil {
		sqlTx.Rollback()
		return classifyFailure(ctx, conn, err, nil)
	}
	return commitOrLost(ctx, conn, sqlTx)
}

// commitOrLost commits sqlTx, unless its connection is already gone (a
// statement's error that fn swallowed), which means it was rolled back.
func commitOrLost(ctx context.Context, conn *sql.Conn, sqlTx *sql.Tx) error {
	if connClosed(conn) {
		sqlTx.Rollback()
		return &lostBeforeCommit{errors.New("connection closed before commit")}
	}
	if err := sqlTx.Commit(); err != nil {
		return classifyFailure(ctx, conn, nil, fmt.Errorf("commit: %w", err))
	}
	return nil
}
