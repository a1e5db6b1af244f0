// Package testutil holds helpers shared by tests: real databases of both
// dialects (never mocks) and a whole server on a random port.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// PostgresEnv names the variable holding the PostgreSQL DSN for tests.
const PostgresEnv = "GERAI_TEST_POSTGRES"

// ForEachDB runs fn as a subtest on a fresh, migrated SQLite database and,
// when GERAI_TEST_POSTGRES is set, on a fresh PostgreSQL schema.
func ForEachDB(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, MustOpenDB(t, sqldb.SQLite)) })
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(PostgresEnv) == "" {
			t.Skip("GERAI_TEST_POSTGRES is not set: PostgreSQL case not run")
		}
		fn(t, MustOpenDB(t, sqldb.Postgres))
	})
}

// MustOpenDB opens a fresh, migrated database of dialect d, removed when the test ends.
func MustOpenDB(t testing.TB, d sqldb.Dialect) *sqldb.DB {
	t.Helper()
	dsn := NewDSN(t, d)
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// NewDSN returns the DSN of a new empty database of dialect d: a file in a
// temporary folder, or a PostgreSQL schema of its own dropped at cleanup.
func NewDSN(t testing.TB, d sqldb.Dialect) string {
	t.Helper()
	if d == sqldb.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "gerai.db")
	}
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip("GERAI_TEST_POSTGRES is not set")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// PostgresConfigured reports whether PostgreSQL tests can run.
func PostgresConfigured() bool { return os.Getenv(PostgresEnv) != "" }
