package sqldb_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestHealthOfSQLiteAndAPrimaryAlone: what /healthz reports without replication.
func TestHealthOfSQLiteAndAPrimaryAlone(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		h, err := db.Health(context.Background())
		want := map[sqldb.Dialect]string{sqldb.SQLite: sqldb.RoleSQLite, sqldb.Postgres: sqldb.RolePrimary}[db.Dialect]
		if err != nil || h.Role != want || h.LagSeconds != nil {
			t.Errorf("Health() = %+v, %v; want role %s and no lag", h, err, want)
		}
	})
}

// TestHealthOfAPrimaryAndItsReplica runs against a real streaming pair:
// GERAI_TEST_PG_PRIMARY and GERAI_TEST_PG_REPLICA (DSNs). The pair's
// lag is read once the replica has replayed a fresh write.
func TestHealthOfAPrimaryAndItsReplica(t *testing.T) {
	primaryDSN, replicaDSN := os.Getenv("GERAI_TEST_PG_PRIMARY"), os.Getenv("GERAI_TEST_PG_REPLICA")
	if primaryDSN == "" || replicaDSN == "" {
		t.Skip("GERAI_TEST_PG_PRIMARY and GERAI_TEST_PG_REPLICA are not set: no streaming pair to look at")
	}
	ctx := context.Background()
	primary, err := sqldb.Open(ctx, primaryDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	replica, err := sqldb.Open(ctx, replicaDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	if _, err := primary.Writer().Exec(ctx, `CREATE TEMP TABLE touch AS SELECT 1 AS n`); err != nil {
		t.Fatal(err)
	}
	p, err := primary.Health(ctx)
	if err != nil || p.Role != sqldb.RolePrimary || p.LagSeconds == nil || *p.LagSeconds < 0 {
		t.Errorf("primary: %+v, %v; want role primary with its replica's lag", p, err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, err := replica.Health(ctx)
		if err != nil || r.Role != sqldb.RoleReplica || r.LagSeconds == nil {
			t.Fatalf("replica: %+v, %v; want role replica with a lag", r, err)
		}
		if *r.LagSeconds < 5 {
			break // caught up: nothing left to replay reads 0, a fresh replay its small age
		}
		if time.Now().After(deadline) {
			t.Fatalf("replica lag %v s after 10 s", *r.LagSeconds)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A replica that stopped replaying falls behind: its lag grows past
	// what it has not replayed, and an operator's alarm can see it.
	if _, err := replica.Writer().Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	defer replica.Writer().Exec(ctx, `SELECT pg_wal_replay_resume()`)
	time.Sleep(1500 * time.Millisecond)
	if _, err := primary.Writer().Exec(ctx, `CREATE TEMP TABLE touch_again AS SELECT 1 AS n`); err != nil {
		t.Fatal(err)
	}
	if _, err := primary.Writer().Exec(ctx, `SELECT pg_switch_wal()`); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for {
		r, err := replica.Health(ctx)
		if err != nil || r.LagSeconds == nil {
			t.Fatalf("paused replica: %+v, %v", r, err)
		}
		if *r.LagSeconds >= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("paused replica behind the primary reports a lag of %v s, want at least 1", *r.LagSeconds)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
