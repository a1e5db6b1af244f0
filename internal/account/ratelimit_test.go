package account_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// clock is a settable time shared by the services of a test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// twoProcesses opens one fresh database twice, as two gerai processes would,
// and returns a Service on each, both reading the time from c.
func twoProcesses(t *testing.T, d sqldb.Dialect, c *clock) (a, b *account.Service) {
	t.Helper()
	dsn := testutil.NewDSN(t, d)
	var svcs [2]*account.Service
	for i := range svcs {
		db, err := sqldb.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if i == 0 {
			if err := db.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		svcs[i] = account.NewService(db)
		account.SetClock(svcs[i], c.now)
		// What is counted does not depend on argon2id: a cheap stand-in keeps
		// the many attempts of these tests fast.
		account.SetPasswordWork(svcs[i], 2, plainHash, plainCheck)
	}
	return svcs[0], svcs[1]
}

func forEachDialect(t *testing.T, fn func(t *testing.T, d sqldb.Dialect)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, sqldb.SQLite) })
	t.Run("postgres", func(t *testing.T) {
		if !testutil.PostgresConfigured() {
			t.Skip("GERAI_TEST_POSTGRES is not set: PostgreSQL case not run")
		}
		fn(t, sqldb.Postgres)
	})
}

func plainHash(password string) (string, error) { return "plain:" + password, nil }
func plainCheck(encoded, password string) (bool, error) {
	return encoded == "plain:"+password, nil
}

const aniPassword = "kopi-susu-gula-aren"

func mustRegister(t *testing.T, svc *account.Service, email string) {
	t.Helper()
	if _, err := svc.Register(context.Background(), account.NewUser{Email: email, Password: aniPassword, Name: email, Role: platform.RoleBuyer}); err != nil {
		t.Fatalf("register %s: %v", email, err)
	}
}

// login is an attempt from addr on one of the two processes.
func login(svc *account.Service, email, password, addr string) error {
	_, err := svc.Authenticate(context.Background(), email, password, addr)
	return err
}

func TestFailedLoginsAreLimitedPerAccountAcrossProcesses(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sqldb.Dialect) {
		c := &clock{t: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
		a, b := twoProcesses(t, d, c)
		mustRegister(t, a, "ani@contoh.id")
		procs := []*account.Service{a, b}
		// Ten wrong guesses, alternating between the processes and coming
		// from ten addresses: the account's counter is the one that fills.
		for i := range 10 {
			err := login(procs[i%2], "ani@contoh.id", fmt.Sprintf("tebakan-%d", i), fmt.Sprintf("198.51.100.%d", i))
			if platform.ErrorKind(err) != platform.KindUnauthorized {
				t.Fatalf("guess %d: %v, want a wrong-password error", i+1, err)
			}
		}
		// Now even the right password is not checked, on either process.
		for _, p := range procs {
			err := login(p, "ani@contoh.id", aniPassword, "203.0.113.9")
			if platform.ErrorKind(err) != platform.KindTooManyRequests || platform.RetryAfter(err) != time.Minute {
				t.Fatalf("login after ten failures: %v (retry after %v), want too many requests for 1 minute", err, platform.RetryAfter(err))
			}
			if !strings.Contains(platform.ErrorMessage(err), "Coba lagi dalam 1 menit") {
				t.Fatalf("message %q does not say how long to wait", platform.ErrorMessage(err))
			}
		}
		// An unknown email is counted the same way: the limit does not tell
		// which emails have accounts.
		for range 10 {
			login(b, "siapa@contoh.id", "tebakan", "")
		}
		if err := login(a, "siapa@contoh.id", "tebakan", ""); platform.ErrorKind(err) != platform.KindTooManyRequests {
			t.Fatalf("eleventh guess at an unknown email: %v", err)
		}

		// After the wait, one more failure blocks for twice as long.
		c.add(time.Minute)
		if err := login(b, "ani@contoh.id", "tebakan-lagi", ""); platform.ErrorKind(err) != platform.KindUnauthorized {
			t.Fatalf("guess after the wait: %v", err)
		}
		if err := login(a, "ani@contoh.id", aniPassword, ""); platform.RetryAfter(err) != 2*time.Minute {
			t.Fatalf("after the eleventh failure: %v (retry after %v), want 2 minutes", err, platform.RetryAfter(err))
		}
		c.add(2 * time.Minute)
		if err := login(a, "ani@contoh.id", aniPassword, ""); err != nil {
			t.Fatalf("right password after the wait: %v", err)
		}
		// That success cleared the account's failures: nine more are allowed
		// again, and so is the right password after them.
		for i := range 9 {
			if err := login(procs[i%2], "ani@contoh.id", "tebakan", ""); platform.ErrorKind(err) != platform.KindUnauthorized {
				t.Fatalf("guess %d after a successful login: %v", i+1, err)
			}
		}
		if err := login(b, "ani@contoh.id", aniPassword, ""); err != nil {
			t.Fatalf("the failures before the successful login still count: %v", err)
		}
	})
}

func TestFailedLoginsAreLimitedPerAddressAndCountsExpire(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sqldb.Dialect) {
		c := &clock{t: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
		a, b := twoProcesses(t, d, c)
		limits := account.LoginLimits{Window: 15 * time.Minute, PerAccount: 10, PerAddress: 4, FirstDelay: time.Minute, MaxDelay: time.Hour}
		account.SetLoginLimits(a, limits)
		account.SetLoginLimits(b, limits)
		mustRegister(t, a, "ani@contoh.id")
		// One address tries four accounts once each (password spraying).
		for i := range 4 {
			login([]*account.Service{a, b}[i%2], fmt.Sprintf("orang%d@contoh.id", i), "bismillah", "203.0.113.7")
		}
		if err := login(b, "ani@contoh.id", aniPassword, "203.0.113.7"); platform.ErrorKind(err) != platform.KindTooManyRequests {
			t.Fatalf("fifth attempt from the address: %v", err)
		}
		if err := login(b, "ani@contoh.id", aniPassword, "192.0.2.1"); err != nil {
			t.Fatalf("the same account from another address: %v", err)
		}
		// Successful logins from the blocked address's neighbour are never
		// counted, however many.
		for i := range 12 {
			if err := login(a, "ani@contoh.id", aniPassword, "192.0.2.1"); err != nil {
				t.Fatalf("successful login %d: %v", i+1, err)
			}
		}
		// Once the wait and a window after it have passed, the count starts again.
		c.add(time.Minute + 15*time.Minute)
		for i := range 3 {
			if err := login(a, fmt.Sprintf("lain%d@contoh.id", i), "bismillah", "203.0.113.7"); platform.ErrorKind(err) != platform.KindUnauthorized {
				t.Fatalf("failure %d in a new window: %v", i+1, err)
			}
		}
		if err := login(b, "ani@contoh.id", aniPassword, "203.0.113.7"); err != nil {
			t.Fatalf("login from the address in a new window: %v", err)
		}
		// The sweep removes the counts of the first window (the four
		// sprayed emails) and keeps the address's live one.
		if n, err := a.DeleteExpiredLoginFailures(context.Background()); err != nil || n != 4 {
			t.Fatalf("sweep deleted %d rows (%v), want the 4 expired ones", n, err)
		}
		login(a, "lain3@contoh.id", "bismillah", "203.0.113.7")
		if err := login(b, "ani@contoh.id", aniPassword, "203.0.113.7"); platform.ErrorKind(err) != platform.KindTooManyRequests {
			t.Fatalf("the sweep lost the address's live count: %v", err)
		}
	})
}

// Failures arriving at the same moment on two processes all count: none is
// lost between a read and a write.
func TestSimultaneousFailuresOnTwoProcessesAllCount(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sqldb.Dialect) {
		c := &clock{t: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
		a, b := twoProcesses(t, d, c)
		const guesses = 24
		limits := account.LoginLimits{Window: 15 * time.Minute, PerAccount: guesses, PerAddress: 1000, FirstDelay: time.Minute, MaxDelay: time.Hour}
		account.SetLoginLimits(a, limits)
		account.SetLoginLimits(b, limits)
		mustRegister(t, a, "ani@contoh.id")
		var wg sync.WaitGroup
		for i := range guesses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := login([]*account.Service{a, b}[i%2], "ani@contoh.id", "tebakan", ""); platform.ErrorKind(err) != platform.KindUnauthorized {
					t.Errorf("guess %d: %v", i+1, err)
				}
			}()
		}
		wg.Wait()
		if err := login(a, "ani@contoh.id", aniPassword, ""); platform.ErrorKind(err) != platform.KindTooManyRequests {
			t.Fatalf("after %d simultaneous failures (the limit): %v, want too many requests", guesses, err)
		}
	})
}
