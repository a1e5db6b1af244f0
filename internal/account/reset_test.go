package account_test

import (
	"context"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// lastResetToken is the token of the newest reset email in the outbox.
func lastResetToken(t *testing.T, db *sqldb.DB) string {
	t.Helper()
	var body string
	if err := db.Reader().QueryRow(context.Background(), `SELECT body FROM outbox ORDER BY id DESC LIMIT 1`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/reset/(\S+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in %q", body)
	}
	return m[1]
}

func TestResetLinksWorkOnceAndForAnHour(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := account.NewService(db)
		s.Mail = true
		now := time.Now()
		account.SetClock(s, func() time.Time { return now })
		if _, err := s.Create(ctx, account.NewUser{Email: "ani@x.id", Password: "rahasia-123", Name: "Ani", Role: platform.RoleBuyer}); err != nil {
			t.Fatal(err)
		}
		link := func(tok string) string { return "https://gerai.id/reset/" + tok }
		if err := s.RequestPasswordReset(ctx, "ani@x.id", "10.0.0.1", "en", link); err != nil {
			t.Fatal(err)
		}
		token := lastResetToken(t, db)
		// Two uses at once: one sets the password, the other is refused.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.ResetPassword(ctx, token, []string{"pempek-kapal-selam", "rendang-padang-99"}[i])
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("two uses of one link at once: %v, %v; want exactly one to succeed", errs[0], errs[1])
		}
		// An hour later the link is dead, even unused.
		if err := s.RequestPasswordReset(ctx, "ani@x.id", "10.0.0.1", "id", link); err != nil {
			t.Fatal(err)
		}
		token = lastResetToken(t, db)
		now = now.Add(account.ResetTTL)
		if err := s.CheckResetToken(ctx, token); platform.ErrorKind(err) != platform.KindNotFound {
			t.Fatalf("a link an hour old: %v, want not found", err)
		}
		if err := s.ResetPassword(ctx, token, "gudeg-jogja-2025"); platform.ErrorKind(err) != platform.KindNotFound {
			t.Fatalf("using a link an hour old: %v, want not found", err)
		}
		if n, err := s.DeleteExpiredPasswordResets(ctx); err != nil || n != 2 {
			t.Fatalf("expired links deleted: %d, %v; want 2", n, err)
		}
	})
}

func TestResetRequestsAreLimitedPerAddress(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := account.NewService(db)
		s.Mail = true
		account.SetResetLimits(s, account.LoginLimits{Window: time.Hour, PerAccount: 3, PerAddress: 2, FirstDelay: time.Minute, MaxDelay: time.Hour})
		link := func(tok string) string { return "https://gerai.id/reset/" + tok }
		for _, email := range []string{"a@x.id", "b@x.id"} {
			if err := s.RequestPasswordReset(ctx, email, "10.0.0.9", "id", link); err != nil {
				t.Fatal(err)
			}
		}
		err := s.RequestPasswordReset(ctx, "c@x.id", "10.0.0.9", "id", link)
		if platform.ErrorKind(err) != platform.KindTooManyRequests || platform.RetryAfter(err) <= 0 {
			t.Fatalf("a third email from one address: %v, want too many requests", err)
		}
		if err := s.RequestPasswordReset(ctx, "c@x.id", "10.0.0.10", "id", link); err != nil {
			t.Fatalf("another address: %v", err)
		}
		// Reset requests are not failed logins: a login from the address still works.
		if _, err := s.Authenticate(ctx, "c@x.id", "x", "10.0.0.9"); platform.ErrorKind(err) != platform.KindUnauthorized {
			t.Fatalf("a login from the address after its reset requests: %v, want a wrong password", err)
		}
	})
}
