package sqldb_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// postgresForFailure opens a fresh migrated PostgreSQL schema through dsn
// (rewritten by route, if given) and an administrator's connection beside it.
func postgresForFailure(t *testing.T, route func(u *url.URL)) (db *sqldb.DB, admin *sql.DB, schema string) {
	t.Helper()
	if !testutil.PostgresConfigured() {
		t.Skip("GERAI_TEST_POSTGRES is not set: the failures are PostgreSQL's")
	}
	dsn := testutil.NewDSN(t, sqldb.Postgres)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema = u.Query().Get("search_path")
	direct, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := direct.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	direct.Close()
	if route != nil {
		route(u)
	}
	db, err = sqldb.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	admin, err = sql.Open("pgx", os.Getenv(testutil.PostgresEnv))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	return db, admin, schema
}

func metaRows(t *testing.T, admin *sql.DB, schema, key string) int {
	t.Helper()
	var n int
	if err := admin.QueryRow(`SELECT COUNT(*) FROM `+schema+`.meta WHERE key = $1`, key).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// terminate ends the backend serving tx from another connection, as a
// crashed or failed-over primary would, and waits until it is gone.
func terminate(t *testing.T, ctx context.Context, admin *sql.DB, tx *sqldb.Tx) {
	t.Helper()
	var pid int
	if err := tx.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`SELECT pg_terminate_backend($1, 5000)`, pid); err != nil {
		t.Fatal(err)
	}
}

func TestWriteLostBeforeCommitRunsOnceMore(t *testing.T) {
	db, admin, schema := postgresForFailure(t, nil)
	ctx := context.Background()
	attempts := 0
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		attempts++
		if _, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('order-1', 'paid')`); err != nil {
			return err
		}
		if attempts == 1 {
			terminate(t, ctx, admin, tx)
		}
		_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('order-1-line', 'x')`)
		return err
	})
	if err != nil {
		t.Fatalf("InTx after one lost connection: %v, want the retry to succeed", err)
	}
	if attempts != 2 {
		t.Errorf("transaction ran %d times, want 2 (once more on a fresh connection)", attempts)
	}
	if n := metaRows(t, admin, schema, "order-1"); n != 1 {
		t.Errorf("order written %d times, want exactly once", n)
	}

	// Lost every time: one retry only, then a 503 the client may repeat.
	attempts = 0
	err = db.InTx(ctx, func(tx *sqldb.Tx) error {
		attempts++
		if _, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('order-2', 'paid')`); err != nil {
			return err
		}
		terminate(t, ctx, admin, tx)
		_, err := tx.Exec(ctx, `SELECT 1`)
		return err
	})
	if !sqldb.Unavailable(err) || httpx.Status(platform.ErrorKind(err)) != http.StatusServiceUnavailable || platform.RetryAfter(err) <= 0 {
		t.Fatalf("lost twice: %v (status %d), want unavailable, 503 with Retry-After", err, httpx.Status(platform.ErrorKind(err)))
	}
	if attempts != 2 {
		t.Errorf("transaction ran %d times, want 2", attempts)
	}
	if n := metaRows(t, admin, schema, "order-2"); n != 0 {
		t.Errorf("order-2 written %d times though every attempt lost its connection", n)
	}
}

// commitCutter is a TCP proxy in front of PostgreSQL that, once armed,
// forwards the next COMMIT to the server and then drops both connections
// before the server's answer comes back: the transaction commits, and the
// client cannot know it.
type commitCutter struct {
	ln       net.Listener
	upstream string
	armed    atomic.Bool
	skip     atomic.Int32 // commits to let through once armed
	cut      atomic.Int32
	wg       sync.WaitGroup
}

// commitMessage is pgx's COMMIT: a simple-protocol Query message.
var commitMessage = []byte("Q\x00\x00\x00\x0bcommit\x00")

func newCommitCutter(t *testing.T, upstream string) *commitCutter {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &commitCutter{ln: ln, upstream: upstream}
	go c.serve()
	t.Cleanup(func() { ln.Close(); c.wg.Wait() })
	return c
}

func (c *commitCutter) serve() {
	for {
		client, err := c.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", c.upstream)
		if err != nil {
			client.Close()
			continue
		}
		c.wg.Add(2)
		go func() { defer c.wg.Done(); io.Copy(client, server); client.Close() }()
		go func() {
			defer c.wg.Done()
			defer server.Close()
			defer client.Close()
			buf := make([]byte, 64<<10)
			for {
				n, err := client.Read(buf)
				if n > 0 {
					chunk := buf[:n]
					if c.armed.Load() && bytes.Contains(chunk, commitMessage) && c.skip.Add(-1) < 0 && c.armed.CompareAndSwap(true, false) {
						server.Write(chunk)
						c.cut.Add(1)
						// Half-close towards the server (it still reads and
						// runs the COMMIT) and cut the client at once.
						server.(*net.TCPConn).CloseWrite()
						client.Close()
						return
					}
					if _, err := server.Write(chunk); err != nil {
						return
					}
				}
				if err != nil {
					return
				}
			}
		}()
	}
}

func TestCommitLostOnTheWayIsNeverRetried(t *testing.T) {
	var cutter *commitCutter
	db, admin, schema := postgresForFailure(t, func(u *url.URL) {
		cutter = newCommitCutter(t, u.Host)
		u.Host = cutter.ln.Addr().String()
	})
	ctx := context.Background()
	cutter.armed.Store(true)
	attempts := 0
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		attempts++
		_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('order-3', 'paid')`)
		return err
	})
	if cutter.cut.Load() != 1 {
		t.Fatalf("the proxy cut %d commits, want 1", cutter.cut.Load())
	}
	if !sqldb.CommitUnknown(err) || httpx.Status(platform.ErrorKind(err)) != http.StatusServiceUnavailable || platform.RetryAfter(err) <= 0 {
		t.Fatalf("commit cut: %v, want outcome unknown, 503 with Retry-After", err)
	}
	if attempts != 1 {
		t.Errorf("transaction ran %d times, want once: its commit may have happened", attempts)
	}
	// The server did commit: the client's retry with its idempotency key
	// would find it. Wait for the server to finish the COMMIT it received.
	deadline := time.Now().Add(10 * time.Second)
	for metaRows(t, admin, schema, "order-3") == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := metaRows(t, admin, schema, "order-3"); n != 1 {
		t.Errorf("order-3 stored %d times, want exactly once (committed once, never run again)", n)
	}
}

// A multi-host DSN whose first host is down (a dead primary) still writes,
// on the host that answers, and reads stale data there when no standby is up.
func TestMultiHostDSNSkipsADeadHost(t *testing.T) {
	var dead string
	db, admin, schema := postgresForFailure(t, func(u *url.URL) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		dead = ln.Addr().String()
		ln.Close() // nothing listens there now: connections are refused
		u.Host = dead + "," + u.Host
	})
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('multi', 'x')`)
		return err
	}); err != nil {
		t.Fatalf("write through %s,…: %v", dead, err)
	}
	if n := metaRows(t, admin, schema, "multi"); n != 1 {
		t.Fatalf("written %d times, want once", n)
	}
	var v string
	if err := db.Stale().QueryRow(ctx, `SELECT value FROM meta WHERE key = ?`, "multi").Scan(&v); err != nil || v != "x" {
		t.Fatalf("stale read: %q, %v", v, err)
	}
}

// A group commit's batch whose shared COMMIT is cut: every checkout in it
// hears that its outcome is unknown, and none is run again on its own
// (which would do it twice: the COMMIT did happen).
func TestGroupCommitLostOnTheWayRunsNothingTwice(t *testing.T) {
	var cutter *commitCutter
	db, admin, schema := postgresForFailure(t, func(u *url.URL) {
		cutter = newCommitCutter(t, u.Host)
		u.Host = cutter.ln.Addr().String()
	})
	ctx := context.Background()
	insert := func(key string, attempts *atomic.Int32) func(context.Context, *sqldb.Tx) error {
		return func(ctx context.Context, tx *sqldb.Tx) error {
			attempts.Add(1)
			_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, 'paid')`, key)
			return err
		}
	}
	// The first call runs alone and holds the leader while two more queue
	// behind it: those two then share one transaction and one COMMIT.
	started, release := make(chan struct{}), make(chan struct{})
	var first atomic.Int32
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- db.InGroupTx(ctx, func(ctx context.Context, tx *sqldb.Tx) error {
			if first.Add(1) == 1 {
				close(started)
				<-release
			}
			_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('g-first', 'paid')`)
			return err
		})
	}()
	<-started
	keys := []string{"g-1", "g-2"}
	attempts := make([]atomic.Int32, len(keys))
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = db.InGroupTx(ctx, insert(k, &attempts[i])) }()
	}
	for deadline := time.Now().Add(10 * time.Second); sqldb.PendingGroupJobs(db) < len(keys); {
		if time.Now().After(deadline) {
			t.Fatal("the calls never queued")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cutter.skip.Store(1) // the first call's own COMMIT passes; the batch's is cut
	cutter.armed.Store(true)
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatalf("first call: %v", err)
	}
	wg.Wait()
	if cutter.cut.Load() != 1 {
		t.Fatalf("the proxy cut %d commits, want the batch's", cutter.cut.Load())
	}
	for i, k := range keys {
		if !sqldb.CommitUnknown(errs[i]) || httpx.Status(platform.ErrorKind(errs[i])) != http.StatusServiceUnavailable {
			t.Errorf("%s: %v, want outcome unknown (503)", k, errs[i])
		}
		if n := attempts[i].Load(); n != 1 {
			t.Errorf("%s ran %d times, want once", k, n)
		}
	}
	for _, k := range keys {
		deadline := time.Now().Add(10 * time.Second)
		for metaRows(t, admin, schema, k) == 0 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if n := metaRows(t, admin, schema, k); n != 1 {
			t.Errorf("%s stored %d times, want exactly once", k, n)
		}
	}
}
