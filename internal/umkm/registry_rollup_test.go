package umkm_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// registryRollups reads the registry's roll-up tables as sorted lines.
func registryRollups(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for _, q := range []string{
		`SELECT 'count', province_code, regency_code, scale, category, status, halal, verified_year, umkm FROM registry_counts`,
		`SELECT 'month', province_code, regency_code, month, '', '', 0, 0, umkm FROM registry_months`,
		`SELECT 'days', province_code, month, '', '', '', days, 0, umkm FROM registry_verify_days`,
	} {
		rows, err := db.Reader().Query(ctx, q)
		lines, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (string, error) {
			var a, b, c, d, e, f string
			var g, h, n int64
			err := r.Scan(&a, &b, &c, &d, &e, &f, &g, &h, &n)
			return fmt.Sprint(a, b, c, d, e, f, g, h, n), err
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, lines...)
	}
	slices.Sort(out)
	return out
}

// TestRegistryRollupsEqualARebuildAfterARandomWorkload: after registrations,
// submissions, verifications, rejections and edits in random order (an
// owner's edit sends a verified UMKM back to the queue, a move changes its
// regency, a halal certificate or a turnover its counts), the roll-ups kept
// in each change's transaction are exactly what a rebuild from the UMKM
// computes.
func TestRegistryRollupsEqualARebuildAfterARandomWorkload(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		accounts := account.NewService(db)
		svc := umkm.NewService(db)
		mk := func(email string, role platform.Role, prov string) context.Context {
			u, err := accounts.Create(ctx, account.NewUser{Email: email, Password: "rahasia-123", Name: email, Role: role, ProvinceCode: prov})
			if err != nil {
				t.Fatal(err)
			}
			return platform.WithActor(ctx, u.Actor())
		}
		sellers := []context.Context{mk("a@x.id", platform.RoleSeller, ""), mk("b@x.id", platform.RoleSeller, "")}
		agencies := map[string]context.Context{"16": mk("d16@x.id", platform.RoleAgency, "16"), "32": mk("d32@x.id", platform.RoleAgency, "32")}
		regencies := []string{"16.71", "16.04", "32.73", "32.01"}
		type rec struct {
			id    int64
			owner context.Context
		}
		var recs []rec
		rng := rand.New(rand.NewPCG(13, 36))
		for i := range 120 {
			op := rng.IntN(6)
			if len(recs) == 0 {
				op = 0
			}
			if op == 0 {
				owner := sellers[rng.IntN(len(sellers))]
				f := newFields(fmt.Sprintf("16%011d", i), regencies[rng.IntN(len(regencies))])
				if rng.IntN(2) == 0 {
					f.HalalCert = "ID00110012345"
				}
				u, err := svc.Create(owner, f)
				if err != nil {
					t.Fatal(err)
				}
				recs = append(recs, rec{u.ID, owner})
				continue
			}
			r := recs[rng.IntN(len(recs))]
			u, err := svc.Get(r.owner, r.id)
			if err != nil {
				t.Fatal(err)
			}
			agency := agencies[u.ProvinceCode]
			switch op {
			case 1:
				_, err = svc.Submit(r.owner, r.id)
			case 2:
				_, err = svc.Verify(agency, r.id)
			case 3:
				_, err = svc.Reject(agency, r.id, "Foto usaha belum ada")
			case 4: // the owner moves it (a verified one goes back to the queue)
				f := u.Fields()
				f.RegencyCode = regencies[rng.IntN(len(regencies))]
				_, err = svc.Update(r.owner, r.id, f)
			case 5: // the owner changes its halal certificate and turnover
				f := u.Fields()
				f.HalalCert = []string{"", "ID00110012345"}[rng.IntN(2)]
				f.Turnover = []int64{0, 500_000_000, 5_000_000_000}[rng.IntN(3)]
				_, err = svc.Update(r.owner, r.id, f)
			}
			if err != nil && platform.ErrorKind(err) != platform.KindConflict {
				t.Fatalf("op %d on %d: %v", op, r.id, err)
			}
		}
		kept := registryRollups(t, db)
		if err := svc.RebuildRegistry(ctx); err != nil {
			t.Fatal(err)
		}
		if rebuilt := registryRollups(t, db); !slices.Equal(kept, rebuilt) {
			t.Errorf("roll-ups kept in the transactions differ from a rebuild:\n kept    %v\n rebuilt %v", kept, rebuilt)
		}
		if len(kept) == 0 {
			t.Error("the workload counted nothing")
		}
	})
}
