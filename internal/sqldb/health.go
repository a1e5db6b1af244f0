package sqldb

import (
	"context"
	"database/sql"
)

// Roles of the database behind a DB, as /healthz and /metrics report them.
const (
	RoleSQLite  = "sqlite"
	RolePrimary = "primary"
	RoleReplica = "replica"
)

// Health is what one cheap look at the database tells an operator.
type Health struct {
	Role string // RoleSQLite, RolePrimary or RoleReplica
	// LagSeconds is the replication lag, nil when there is none to tell:
	// always on SQLite, and on a primary with no replica attached. On a
	// replica it is the age of the last transaction replayed (0 when
	// everything received is replayed: an idle primary is no lag); on a
	// primary the largest replay lag among its replicas (0 when they have
	// caught up). A primary shows its replicas' lag only to a role with
	// pg_monitor (or a superuser); to others it reads 0.
	LagSeconds *float64
}

// healthQuery answers role and lag in one round trip: load balancers call
// it every second from every check.
const healthQuery = `SELECT pg_is_in_recovery(),
	CASE WHEN pg_is_in_recovery() THEN
		CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
		ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, 0) END
	ELSE (SELECT CASE WHEN count(*) = 0 THEN NULL
		ELSE COALESCE(EXTRACT(EPOCH FROM max(replay_lag))::float8, 0) END FROM pg_stat_replication)
	END`

// Health checks that the database answers and says what it is. An error
// means it did not answer.
func (db *DB) Health(ctx context.Context) (Health, error) {
	if db.Dialect != Postgres {
		return Health{Role: RoleSQLite}, db.Ping(ctx)
	}
	var inRecovery bool
	var lag sql.NullFloat64
	if err := db.read.QueryRowContext(ctx, healthQuery).Scan(&inRecovery, &lag); err != nil {
		return Health{}, err
	}
	h := Health{Role: RolePrimary}
	if inRecovery {
		h.Role = RoleReplica
	}
	if lag.Valid {
		h.LagSeconds = &lag.Float64
	}
	return h, nil
}

// PoolStats are the database/sql statistics of one connection pool.
type PoolStats struct {
	Name string // "write" or "read"
	sql.DBStats
}

// Pools returns the statistics of the write and the read pool. On
// PostgreSQL both are one pool today, so the two report the same figures.
func (db *DB) Pools() []PoolStats {
	return []PoolStats{{"write", db.write.Stats()}, {"read", db.read.Stats()}}
}
