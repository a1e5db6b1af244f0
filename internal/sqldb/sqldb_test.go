package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	lite, err := sqldb.Migrations(sqldb.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := sqldb.Migrations(sqldb.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Version != pg[i].Version || lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, lite[i].Name, pg[i].Name)
		}
	}
}

func TestMigrateTwiceAndErrorTranslation(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if _, err := db.Writer().Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, "k", "v"); err != nil {
			t.Fatal(err)
		}
		_, err := db.Writer().Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, "k", "w")
		if !sqldb.UniqueViolation(err) {
			t.Fatalf("duplicate key: got %v, want a unique violation", err)
		}
		_, err = db.Writer().Exec(ctx, `INSERT INTO umkm (owner_id, name, owner_name, nib, province_code, regency_code, category, scale, status, created_at, updated_at)
			VALUES (999, 'x', 'x', '1234567890123', '16', '16.71', 'kuliner', 'mikro', 'draft', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
		if !sqldb.ForeignKeyViolation(err) {
			t.Fatalf("unknown owner: got %v, want a foreign-key violation", err)
		}
	})
}

func TestTransactionIsAllOrNothing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, "a", "1"); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, "a", "2")
			return err
		})
		if err == nil {
			t.Fatal("want the duplicate to fail the transaction")
		}
		var n int
		if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM meta`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("rows after rolled-back transaction = %d, want 0", n)
		}
	})
}

func TestRebind(t *testing.T) {
	got := sqldb.Rebind(sqldb.Postgres, `SELECT '?' , a FROM t WHERE a = ? AND b = ?`)
	want := `SELECT '?' , a FROM t WHERE a = $1 AND b = $2`
	if got != want {
		t.Fatalf("Rebind = %q, want %q", got, want)
	}
}

func TestBackupCopiesALiveSQLiteDatabase(t *testing.T) {
	ctx := context.Background()
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	if _, err := db.Writer().Exec(ctx, `INSERT INTO meta (key, value) VALUES ('k', 'v')`); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "cadangan.db")
	if err := db.Backup(ctx, file); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, file); err == nil {
		t.Fatal("a second backup overwrote the first")
	}
	copyDB, err := sqldb.Open(ctx, "sqlite:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var v string
	if err := copyDB.Reader().QueryRow(ctx, `SELECT value FROM meta WHERE key = 'k'`).Scan(&v); err != nil || v != "v" {
		t.Fatalf("backup holds %q, %v", v, err)
	}
}

func TestBackupOfPostgresPointsAtPgBackRest(t *testing.T) {
	if !testutil.PostgresConfigured() {
		t.Skip("GERAI_TEST_POSTGRES is not set")
	}
	db := testutil.MustOpenDB(t, sqldb.Postgres)
	if err := db.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db")); !errors.Is(err, sqldb.ErrBackupPostgres) || !strings.Contains(err.Error(), "pgBackRest") {
		t.Fatalf("got %v", err)
	}
}

// TestConcurrentWritersWithNewStatements guards the statement cache: a
// transaction holding SQLite's only write connection must never wait on a
// goroutine that waits for that connection to prepare a statement.
func TestConcurrentWritersWithNewStatements(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		done := make(chan error, 1)
		go func() {
			var wg sync.WaitGroup
			errs := make(chan error, 800)
			for i := range 400 {
				wg.Add(2)
				go func() {
					defer wg.Done()
					errs <- db.InTx(ctx, func(tx *sqldb.Tx) error {
						// A statement text the cache has not seen yet, then a common one.
						var n int
						if err := tx.QueryRow(ctx, fmt.Sprintf(`SELECT %d + ?`, i), 1).Scan(&n); err != nil {
							return err
						}
						_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, fmt.Sprint("k", i), "v")
						return err
					})
				}()
				go func() {
					defer wg.Done()
					_, err := db.Writer().Exec(ctx, fmt.Sprintf(`UPDATE meta SET value = 'w%d' WHERE key = ?`, i), fmt.Sprint("k", i))
					errs <- err
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(60 * time.Second):
			t.Fatal("writers deadlocked")
		}
		var n int
		db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM meta`).Scan(&n)
		if n != 400 {
			t.Fatalf("%d rows, want 400", n)
		}
	})
}

// TestGroupTransactionsKeepEachOneAllOrNothing runs many InGroupTx calls at
// once (so that they share transactions): the ones that fail, by their own
// error, a duplicate key or a panic, leave nothing behind, and the others
// are all committed.
func TestGroupTransactionsKeepEachOneAllOrNothing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		errBusiness := errors.New("refused")
		const n = 300
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.InGroupTx(ctx, func(ctx context.Context, tx *sqldb.Tx) error {
					if _, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, fmt.Sprint("g", i), "1"); err != nil {
						return err
					}
					switch i % 5 {
					case 1:
						return errBusiness
					case 2: // the same key twice in one job: the second insert fails
						_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)`, fmt.Sprint("g", i), "2")
						return err
					case 3:
						if i == 3 {
							panic("boom")
						}
					}
					return nil
				})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			var want bool
			switch {
			case i%5 == 1:
				want = errors.Is(err, errBusiness)
			case i%5 == 2:
				want = sqldb.UniqueViolation(err)
			case i == 3:
				want = err != nil
			default:
				want = err == nil
			}
			if !want {
				t.Errorf("job %d: err = %v", i, err)
			}
			var count int
			if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM meta WHERE key = ?`, fmt.Sprint("g", i)).Scan(&count); err != nil {
				t.Fatal(err)
			}
			committed := i%5 != 1 && i%5 != 2 && i != 3
			if (count == 1) != committed {
				t.Errorf("job %d: %d rows, committed = %v", i, count, committed)
			}
		}
	})
}

// TestGroupRefusalsThatWroteNothingShareTheSavepoint: in a flash sale most
// jobs of a batch are refused by a conditional UPDATE that matched no row
// (sqldb.Unwritten): the next job goes on in the same savepoint. Every sale
// is committed, no refusal leaves anything, the stock ends at zero, and each
// refused caller gets its own error back, unwrapped.
func TestGroupRefusalsThatWroteNothingShareTheSavepoint(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('stock', '20')`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		errSoldOut := errors.New("sold out")
		const n = 200
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errs[i] = db.InGroupTx(ctx, func(ctx context.Context, tx *sqldb.Tx) error {
					res, err := tx.Exec(ctx, `UPDATE meta SET value = CAST(CAST(value AS INTEGER) - 1 AS TEXT)
						WHERE key = 'stock' AND CAST(value AS INTEGER) > 0`)
					if err != nil {
						return err
					}
					if n, _ := res.RowsAffected(); n == 0 {
						return sqldb.Unwritten(errSoldOut)
					}
					_, err = tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES (?, 'sold')`, fmt.Sprint("sold", i))
					return err
				})
			})
		}
		wg.Wait()
		sold := 0
		for i, err := range errs {
			switch {
			case err == nil:
				sold++
			case err != errSoldOut:
				t.Errorf("job %d: %v, want the refusal itself", i, err)
			}
		}
		var rows int
		var stock string
		if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM meta WHERE key LIKE 'sold%'`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if err := db.Reader().QueryRow(ctx, `SELECT value FROM meta WHERE key = 'stock'`).Scan(&stock); err != nil {
			t.Fatal(err)
		}
		if sold != 20 || rows != 20 || stock != "0" {
			t.Errorf("%d sales answered, %d written, stock %s; want 20, 20, 0", sold, rows, stock)
		}
	})
}

// TestCollectReturnsTheFirstError: a list read with Collect is whole or an
// error, never the rows before a failure with a nil error.
func TestCollectReturnsTheFirstError(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		scanInt := func(r sqldb.Scanner) (v int64, err error) {
			err = r.Scan(&v)
			return v, err
		}
		count := `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5) `

		rows, err := db.Reader().Query(ctx, count+`SELECT i FROM s ORDER BY i`)
		got, err := sqldb.Collect(rows, err, scanInt)
		if err != nil || fmt.Sprint(got) != "[1 2 3 4 5]" {
			t.Fatalf("whole read: %v, %v", got, err)
		}

		// Both databases compute each value when it is read, and fail on the
		// third (abs of the smallest integer overflows): rows.Next stops
		// after two rows, and only rows.Err tells. (No ORDER BY: a sort
		// would compute every value before the first row.)
		rows, err = db.Reader().Query(ctx, count+`SELECT abs(3 - i - 9223372036854775807 - 1) FROM s`)
		got, err = sqldb.Collect(rows, err, scanInt)
		if err == nil || got != nil || !strings.Contains(err.Error(), "overflow") && !strings.Contains(err.Error(), "out of range") {
			t.Fatalf("read cut short at the third row: %v, %v; want no rows and the error", got, err)
		}

		// A value that does not fit the destination fails its Scan.
		rows, err = db.Reader().Query(ctx, count+`SELECT CASE WHEN i = 3 THEN 'tiga' ELSE '1' END FROM s ORDER BY i`)
		got, err = sqldb.Collect(rows, err, scanInt)
		if err == nil || got != nil || !strings.Contains(err.Error(), "tiga") {
			t.Fatalf("scan of text into an integer: %v, %v; want no rows and the scan error", got, err)
		}

		// The query's own error comes back as it is.
		rows, err = db.Reader().Query(ctx, `SELECT nothing FROM no_such_table`)
		if got, err = sqldb.Collect(rows, err, scanInt); err == nil || got != nil {
			t.Fatalf("bad query: %v, %v", got, err)
		}

		// No rows: an empty list, not nil.
		rows, err = db.Reader().Query(ctx, `SELECT 1 FROM meta WHERE 1 = 0`)
		if got, err = sqldb.Collect(rows, err, scanInt); err != nil || got == nil || len(got) != 0 {
			t.Fatalf("no rows: %#v, %v; want an empty list", got, err)
		}
	})
}

// TestForeignKeyViolationIsAConflict: a write that refers to a row that is
// not there fails as a conflict with a safe message, whichever way it runs,
// and still reads as a foreign-key violation; other errors pass unchanged.
func TestForeignKeyViolationIsAConflict(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		orphan := `INSERT INTO umkm (owner_id, name, owner_name, nib, province_code, regency_code, category, scale, status, created_at, updated_at)
			VALUES (999, 'x', 'x', '1234567890123', '16', '16.71', 'kuliner', 'mikro', 'draft', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`
		check := func(how string, err error) {
			t.Helper()
			if platform.ErrorKind(err) != platform.KindConflict || !sqldb.ForeignKeyViolation(err) ||
				!strings.Contains(platform.ErrorMessage(err), "dirujuk") {
				t.Errorf("%s: %v (kind %s), want a conflict naming the missing reference", how, err, platform.ErrorKind(err))
			}
		}
		_, err := db.Writer().Exec(ctx, orphan)
		check("a single statement", err)
		check("a transaction", db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, orphan)
			return err
		}))
		check("a grouped transaction", db.InGroupTx(ctx, func(ctx context.Context, tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, orphan)
			return fmt.Errorf("add umkm: %w", err)
		}))
		check("a RETURNING read", db.InTx(ctx, func(tx *sqldb.Tx) error {
			var id int64
			return tx.QueryRow(ctx, orphan+` RETURNING id`).Scan(&id)
		}))

		// A caller's own message for it stays.
		own := db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, orphan)
			return &platform.Error{Kind: platform.KindInvalid, Message: "Pemilik tidak dikenal", Err: err}
		})
		if platform.ErrorKind(own) != platform.KindInvalid || platform.ErrorMessage(own) != "Pemilik tidak dikenal" {
			t.Errorf("the caller's own error became %v", own)
		}
		// Other database errors are not dressed up.
		db.Writer().Exec(ctx, `INSERT INTO meta (key, value) VALUES ('k', 'v')`)
		_, err = db.Writer().Exec(ctx, `INSERT INTO meta (key, value) VALUES ('k', 'w')`)
		if !sqldb.UniqueViolation(err) || platform.ErrorKind(err) != platform.KindInternal {
			t.Errorf("a unique violation: %v (kind %s), want it as it was", err, platform.ErrorKind(err))
		}
	})
}
