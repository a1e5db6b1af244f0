package bench

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/mall/allocation"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// Helpers shared by the mall's database and HTTP benchmarks: rows written
// straight into the tables, many per statement, so that setting up
// thousands of UMKM takes seconds (the setup is not what is measured).

// forEachDialect runs fn as a sub-benchmark on SQLite and, when
// GERAI_TEST_POSTGRES is set, on PostgreSQL.
func forEachDialect(b *testing.B, fn func(b *testing.B, d sqldb.Dialect)) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			if d == sqldb.Postgres && !testutil.PostgresConfigured() {
				b.Skip("GERAI_TEST_POSTGRES is not set")
			}
			fn(b, d)
		})
	}
}

// insertRows writes rows into table, a few hundred a statement, in one transaction.
func insertRows(b testing.TB, db *sqldb.DB, table string, cols []string, rows [][]any) {
	b.Helper()
	ctx := context.Background()
	per := max(1, 4000/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		for lo := 0; lo < len(rows); lo += per {
			part := rows[lo:min(lo+per, len(rows))]
			var q strings.Builder
			fmt.Fprintf(&q, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
			args := make([]any, 0, len(part)*len(cols))
			for i, r := range part {
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteString(one)
				args = append(args, r...)
			}
			if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatalf("insert into %s: %v", table, err)
	}
}

// mustCount runs a COUNT or SUM query that returns one integer.
func mustCount(b testing.TB, db *sqldb.DB, q string, args ...any) int {
	b.Helper()
	var n int
	if err := db.Reader().QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		b.Fatalf("%s: %v", q, err)
	}
	return n
}

// mustActor creates an account through the service (one password hash)
// and returns a context acting as it.
func mustActor(b testing.TB, accounts *account.Service, email string, role platform.Role, prov string) (context.Context, account.User) {
	b.Helper()
	ctx := context.Background()
	u, err := accounts.Create(ctx, account.NewUser{Email: email, Password: "rahasia-bench", Name: email, Role: role, ProvinceCode: prov})
	if err != nil {
		b.Fatalf("create %s: %v", email, err)
	}
	return platform.WithActor(ctx, u.Actor()), u
}

// umkmRow is a verified UMKM as the umkm table holds it.
func umkmRow(id, owner int64, name, nib, prov, reg, category, scale string, now time.Time) []any {
	return []any{id, owner, name, "Pemilik " + name, nib, prov, reg, category, scale, "verified", now, now}
}

var umkmCols = []string{"id", "owner_id", "name", "owner_name", "nib", "province_code", "regency_code", "category", "scale", "status",
	"created_at", "updated_at"}

var applicationCols = []string{"id", "venue_id", "umkm_id", "umkm_name", "regency_code", "province_code", "scale", "season_from",
	"season_to", "class", "category", "needs_power", "needs_water", "needs_cooking", "weekdays", "status", "created_by", "created_at", "updated_at"}

func weekdays(ds []int) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = strconv.Itoa(d)
	}
	return strings.Join(s, ",")
}

func stallInputs(stalls []allocation.Stall) []mall.StallInput {
	out := make([]mall.StallInput, len(stalls))
	for i, s := range stalls {
		out[i] = mall.StallInput{Code: s.Code, Kind: string(s.Kind), Size: "3x3", Zone: s.Zone, Power: s.Has.Power, Water: s.Has.Water,
			Cooking: s.Has.Cooking, Category: s.Category, Status: string(s.Status), X: 10 * (i % 30), Y: 10 * (i / 30)}
	}
	return out
}
