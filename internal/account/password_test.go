package account_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestNewPasswordsFollowTheRules(t *testing.T) {
	svc := account.NewService(testutil.MustOpenDB(t, sqldb.SQLite))
	for _, c := range []struct {
		email, password, problem string
	}{
		{"ani@contoh.id", "kopi-susu-gula-aren", ""},
		{"budi@contoh.id", "kopiénak", ""}, // eight characters, nine bytes
		{"ani@contoh.id", "kopiéna", "Kata sandi minimal 8 karakter"},
		{"ani@contoh.id", "", "Kata sandi minimal 8 karakter"},
		{"Ani.Wulandari@Contoh.ID", "ani.wulandari@contoh.id", "Kata sandi tidak boleh sama dengan email"},
		{"ani.wulandari@contoh.id", "ANI.WULANDARI", "Kata sandi tidak boleh sama dengan email"},
		{"ani@contoh.id", "bismillah", "Kata sandi ini termasuk yang paling sering dipakai dan mudah ditebak: pilih yang lain"},
		{"ani@contoh.id", "Password1", "Kata sandi ini termasuk yang paling sering dipakai dan mudah ditebak: pilih yang lain"},
		{"ani@contoh.id", "12345678", "Kata sandi ini termasuk yang paling sering dipakai dan mudah ditebak: pilih yang lain"},
	} {
		_, err := svc.Register(context.Background(), account.NewUser{Email: c.email, Password: c.password, Name: "Ani", Role: platform.RoleBuyer})
		var got string
		for _, f := range platform.ErrorFields(err) {
			if f.Field == "password" {
				got = f.Message
			}
		}
		if got != c.problem || (c.problem == "" && err != nil) {
			t.Errorf("register %s with %q: password problem %q (%v), want %q", c.email, c.password, got, err, c.problem)
		}
	}
}

// The passwords that demo data, test fixtures, benchmarks and the docs use
// must pass the rules; the demo loader and every test creating accounts
// would fail otherwise.
func TestKnownPasswordsPassTheRules(t *testing.T) {
	for _, p := range []string{"gerai-demo-2022", "gerai-seed", "rahasia-123", "rahasia-456", "rahasia-admin",
		"rahasia-bench", "rahasia-crash", "rahasia-dinas-16", "rahasia-sekali", "kain-lepus-2025", "kemplang-enak"} {
		if err := account.PasswordProblem("penjual@gerai.id", p); err != nil {
			t.Errorf("%q: %v", p, err)
		}
	}
}

// inFlight counts the password hashes running at once in stand-ins that
// wait until released.
type inFlight struct {
	now, most atomic.Int32
	release   chan struct{}
}

func (f *inFlight) work() {
	n := f.now.Add(1)
	for m := f.most.Load(); n > m && !f.most.CompareAndSwap(m, n); m = f.most.Load() {
	}
	<-f.release
	f.now.Add(-1)
}

func TestPasswordHashesRunAtMostSlotsAtOnce(t *testing.T) {
	const slots, callers = 3, 12
	f := &inFlight{release: make(chan struct{})}
	svc := account.NewService(testutil.MustOpenDB(t, sqldb.SQLite))
	account.SetPasswordWork(svc, slots,
		func(p string) (string, error) { f.work(); return "plain:" + p, nil },
		func(string, string) (bool, error) { f.work(); return false, nil })
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 { // logins (wrong ones) and registrations share the cap
				svc.Authenticate(ctx, fmt.Sprintf("tamu%d@contoh.id", i), "salah-sandi", fmt.Sprintf("198.51.100.%d", i))
			} else {
				svc.Register(ctx, account.NewUser{Email: fmt.Sprintf("baru%d@contoh.id", i), Password: "kopi-susu-gula-aren", Name: "Baru", Role: platform.RoleBuyer})
			}
		}()
	}
	// Wait until every caller is either hashing or queued for a slot, then
	// count: only slots of them may be hashing.
	deadline := time.Now().Add(10 * time.Second)
	for int(f.now.Load())+account.HashesWaiting(svc) != callers {
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s, %d callers hashing and %d queued of %d", f.now.Load(), account.HashesWaiting(svc), callers)
		}
		time.Sleep(time.Millisecond)
	}
	close(f.release)
	wg.Wait()
	if got := f.most.Load(); got != slots {
		t.Fatalf("%d password hashes ran at once, want at most %d", got, slots)
	}
}
