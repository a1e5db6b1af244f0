package account

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"math"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
)

// LoginLimits bound failed password checks (docs/decisions/0011). Failures
// are counted per email and per client address in the database, so that
// every process on one database shares the counts. Once a counter reaches
// its limit within Window, password checks for it stop for FirstDelay, and
// each further failure doubles the wait, up to MaxDelay; the count is kept
// until Window after the last wait ends. Successful logins are never counted.
type LoginLimits struct {
	Window     time.Duration
	PerAccount int
	// PerAddress is higher than PerAccount: one address is often many
	// people (mobile carriers' shared addresses, an expo hall's Wi-Fi).
	PerAddress int
	FirstDelay time.Duration
	MaxDelay   time.Duration
}

// DefaultLoginLimits are the limits of a Service.
var DefaultLoginLimits = LoginLimits{Window: 15 * time.Minute, PerAccount: 10, PerAddress: 100,
	FirstDelay: time.Minute, MaxDelay: time.Hour}

// loginKey is one counter of failed logins. Only a hash of what it counts is
// stored: the table must not become a list of the emails and addresses
// people typed.
type loginKey struct {
	hash  string
	limit int
}

// keys are the counters a login attempt is checked against: the email's
// first (a successful login clears it), then the client address's.
func (l LoginLimits) keys(email, clientAddr string) []loginKey {
	return l.keysOf("", email, clientAddr)
}

// keysOf are the counters of what prefix names ("" for logins, "reset-"
// for password reset requests), which are counted apart.
func (l LoginLimits) keysOf(prefix, email, clientAddr string) []loginKey {
	keys := []loginKey{{hashKey(prefix+"email", email), l.PerAccount}}
	if clientAddr != "" {
		keys = append(keys, loginKey{hashKey(prefix+"addr", clientAddr), l.PerAddress})
	}
	return keys
}

func hashKey(kind, value string) string {
	h := sha256.Sum256([]byte(kind + ":" + value))
	return hex.EncodeToString(h[:])
}

// delay is how long a counter holding failures (at least limit) blocks checks.
func (l LoginLimits) delay(failures, limit int) time.Duration {
	d := l.FirstDelay
	for i := limit; i < failures && d < l.MaxDelay; i++ {
		d *= 2
	}
	return min(d, l.MaxDelay)
}

// loginState reads keys' counters: how long checks are still blocked (0
// when they are not), and whether the first key (the email) has failures
// to clear after a successful login.
func (s *Service) loginState(ctx context.Context, keys []loginKey) (wait time.Duration, emailCounted bool, err error) {
	now := s.now().UTC()
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k.hash
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT key_hash, blocked_until FROM login_failures WHERE key_hash IN (?`+
		strings.Repeat(", ?", len(keys)-1)+`)`, args...)
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var until sql.NullTime
		if err := rows.Scan(&key, &until); err != nil {
			return 0, false, err
		}
		emailCounted = emailCounted || key == keys[0].hash
		if until.Valid {
			wait = max(wait, until.Time.Sub(now))
		}
	}
	return wait, emailCounted, rows.Err()
}

// tooManyLogins is the error of a login refused for wait more.
func tooManyLogins(wait time.Duration) error {
	e := platform.Newf(platform.KindTooManyRequests, "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %s.", waitText(wait))
	e.RetryAfter = wait
	return e
}

// waitText says d, rounded up: "40 detik", "2 menit", "1 jam".
func waitText(d time.Duration) platform.Text {
	up := func(unit time.Duration) int { return int(math.Ceil(float64(d) / float64(unit))) }
	switch {
	case up(time.Second) < 60:
		return platform.Textf("%d detik", up(time.Second))
	case up(time.Minute) < 60:
		return platform.Textf("%d menit", up(time.Minute))
	}
	return platform.Textf("%d jam", up(time.Hour))
}

// recordLoginFailure counts one failed check against each of keys, and
// blocks a key that has reached its limit. Each step is one statement, so
// processes failing at the same moment both count: the upsert adds one
// atomically, and a block only ever moves later.
func (s *Service) recordLoginFailure(ctx context.Context, keys []loginKey) error {
	return s.countAttempt(ctx, s.limits, keys)
}

// countAttempt counts one attempt against each of keys under limits l.
func (s *Service) countAttempt(ctx context.Context, l LoginLimits, keys []loginKey) error {
	now := s.now().UTC()
	for _, k := range keys {
		var failures int
		err := s.db.Writer().QueryRow(ctx,
			`INSERT INTO login_failures (key_hash, failures, window_ends) VALUES (?, 1, ?)
			 ON CONFLICT (key_hash) DO UPDATE SET
			   failures = CASE WHEN login_failures.window_ends <= ? THEN 1 ELSE login_failures.failures + 1 END,
			   window_ends = CASE WHEN login_failures.window_ends <= ? THEN excluded.window_ends ELSE login_failures.window_ends END
			 RETURNING failures`, k.hash, now.Add(l.Window), now, now).Scan(&failures)
		if err != nil {
			return err
		}
		if failures < k.limit {
			continue
		}
		until := now.Add(l.delay(failures, k.limit))
		if _, err := s.db.Writer().Exec(ctx,
			`UPDATE login_failures SET blocked_until = ?, window_ends = ?
			  WHERE key_hash = ? AND (blocked_until IS NULL OR blocked_until < ?)`,
			until, until.Add(l.Window), k.hash, until); err != nil {
			return err
		}
	}
	return nil
}

// clearLoginFailures forgets the failures of k.
func (s *Service) clearLoginFailures(ctx context.Context, k loginKey) error {
	_, err := s.db.Writer().Exec(ctx, `DELETE FROM login_failures WHERE key_hash = ?`, k.hash)
	return err
}

// DeleteExpiredLoginFailures removes failure counts that no longer count.
func (s *Service) DeleteExpiredLoginFailures(ctx context.Context) (int64, error) {
	res, err := s.db.Writer().Exec(ctx, `DELETE FROM login_failures WHERE window_ends <= ?`, s.now().UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
