package partner_test

import (
	"context"
	"testing"

	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestProbe(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		if _, err := db.Writer().Exec(ctx, `INSERT INTO users (email, password_hash, name, role, created_at) VALUES ('a@b.c','x','n','partner', CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Writer().Exec(ctx, `INSERT INTO users (email, password_hash, name, role, created_at) VALUES ('b@b.c','x','n','nobody', CURRENT_TIMESTAMP)`); err == nil {
			t.Fatal("bad role accepted")
		}
		var n int
		if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE role = 'partner'`).Scan(&n); err != nil || n != 1 {
			t.Fatal(n, err)
		}
	})
}
