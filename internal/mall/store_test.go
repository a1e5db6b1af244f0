package mall_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// venueWorld is a Jabar venue with two stalls and two applications, made
// through the services on a fresh database of each dialect.
type venueWorld struct {
	db       *sqldb.DB
	venue    mall.Venue
	stalls   map[string]int64
	apps     []mall.Application
	operator context.Context
}

func newVenueWorld(t *testing.T, db *sqldb.DB) *venueWorld {
	t.Helper()
	ctx := context.Background()
	accounts := account.NewService(db)
	registry := umkm.NewService(db)
	svc := mall.NewService(db, registry)
	as := func(email string, role platform.Role, prov string) context.Context {
		u, err := accounts.Create(ctx, account.NewUser{Email: email, Password: "rahasia-123", Name: email, Role: role, ProvinceCode: prov})
		if err != nil {
			t.Fatal(err)
		}
		return platform.WithActor(ctx, u.Actor())
	}
	agency := as("dinas32@x.id", platform.RoleAgency, "32")
	w := &venueWorld{db: db, stalls: map[string]int64{}, operator: agency}
	var err error
	w.venue, err = svc.CreateVenue(agency, mall.VenueFields{Name: "Pasar Kreatif Jawa Barat", ProvinceCode: "32", RegencyCode: "32.73",
		Address: "Jl. Pahlawan 70", OperatorName: "PT Jaswita Jabar"})
	if err != nil {
		t.Fatal(err)
	}
	stalls, err := svc.SetStalls(agency, w.venue.ID, []mall.StallInput{{Code: "K-01", Kind: "kios"}, {Code: "K-02", Kind: "kios"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stalls {
		w.stalls[st.Code] = st.ID
	}
	if _, err := svc.PublishRulebook(agency, w.venue.ID, mall.Rules{TurnDays: 7}); err != nil {
		t.Fatal(err)
	}
	for i, nib := range []string{"3273000000101", "3273000000102"} {
		seller := as(nib+"@x.id", platform.RoleSeller, "")
		u, err := registry.Create(seller, umkm.Fields{Name: "UMKM " + nib, OwnerName: "Pemilik", NIB: nib, RegencyCode: "32.73",
			Category: "kuliner", WhatsApp: "08123456789" + string(rune('0'+i))})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := registry.Submit(seller, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := registry.Verify(agency, u.ID); err != nil {
			t.Fatal(err)
		}
		ap, err := svc.Apply(seller, w.venue.ID, mall.ApplyFields{UMKMID: u.ID, From: "2027-01-04", To: "2027-03-28"})
		if err != nil {
			t.Fatal(err)
		}
		w.apps = append(w.apps, ap)
	}
	return w
}

// insertTurn writes a turn straight into the table, as any code path would,
// in a transaction of its own.
func (w *venueWorld) insertTurn(stall string, app mall.Application, from, to, status string) error {
	ctx := context.Background()
	return w.db.InTx(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO turns (venue_id, stall_id, umkm_id, application_id, from_date, to_date, status, origin, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', ?)`, w.venue.ID, w.stalls[stall], app.UMKMID, app.ID, from, to, status, time.Now().UTC())
		return err
	})
}

// The database itself refuses a second live turn of a stall at dates that
// meet the first's (both ends inclusive), however it is written: the
// exclusion constraint on PostgreSQL, the triggers on SQLite.
func TestTheDatabaseRefusesOverlappingTurns(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newVenueWorld(t, db)
		a, b := w.apps[0], w.apps[1]
		if err := w.insertTurn("K-01", a, "2027-01-09", "2027-01-15", "scheduled"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name, stall, from, to, status string
			refused                       bool
		}{
			{"the same dates", "K-01", "2027-01-09", "2027-01-15", "scheduled", true},
			{"sharing the last day", "K-01", "2027-01-15", "2027-01-20", "scheduled", true},
			{"sharing the first day", "K-01", "2027-01-02", "2027-01-09", "scheduled", true},
			{"inside", "K-01", "2027-01-10", "2027-01-10", "scheduled", true},
			{"the day after", "K-01", "2027-01-16", "2027-01-22", "scheduled", false},
			{"another stall", "K-02", "2027-01-09", "2027-01-15", "scheduled", false},
			{"a cancelled turn holds nothing", "K-01", "2027-01-09", "2027-01-15", "cancelled", false},
		} {
			err := w.insertTurn(c.stall, b, c.from, c.to, c.status)
			if c.refused && !sqldb.ExclusionViolation(err) {
				t.Errorf("%s: %v, want an exclusion violation", c.name, err)
			}
			if !c.refused && err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		ctx := context.Background()
		// Moving a turn onto another, or reviving a cancelled one over a live one, is refused too.
		for _, q := range []string{
			`UPDATE turns SET from_date = '2027-01-12' WHERE from_date = '2027-01-16'`,
			`UPDATE turns SET status = 'scheduled' WHERE status = 'cancelled'`,
			`UPDATE turns SET stall_id = (SELECT id FROM stalls WHERE code = 'K-01') WHERE stall_id = (SELECT id FROM stalls WHERE code = 'K-02')`,
		} {
			if err := db.InTx(ctx, func(tx *sqldb.Tx) error { _, err := tx.Exec(ctx, q); return err }); !sqldb.ExclusionViolation(err) {
				t.Errorf("%s: %v, want an exclusion violation", q, err)
			}
		}
		var n int
		if err := db.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM turns WHERE status <> 'cancelled'`).Scan(&n); err != nil || n != 3 {
			t.Errorf("%d live turns (%v), want 3", n, err)
		}
	})
}

// Transactions that each insert an overlapping turn of one stall at the
// same time: exactly one commits, whatever the interleaving.
func TestConcurrentOverlappingTurnsOneLands(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newVenueWorld(t, db)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				// Every one a different week's start, all meeting on 2027-02-07.
				from := time.Date(2027, 2, 1+i%7, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
				errs[i] = w.insertTurn("K-02", w.apps[i%2], from, "2027-02-07", "scheduled")
			}()
		}
		close(start)
		wg.Wait()
		landed := 0
		for i, err := range errs {
			switch {
			case err == nil:
				landed++
			case !sqldb.ExclusionViolation(err):
				t.Errorf("insert %d: %v, want success or an exclusion violation", i, err)
			}
		}
		if landed != 1 {
			t.Errorf("%d of %d overlapping turns landed, want 1", landed, n)
		}
	})
}
