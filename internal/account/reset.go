package account

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/notify"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Password reset by email ("Lupa kata sandi"): a request writes a link with
// a random token to the outbox; only a SHA-256 of the token is stored, the
// link works for ResetTTL and once.

// ResetTTL is how long a reset link works.
const ResetTTL = time.Hour

// DefaultResetLimits bound reset requests, counted like failed logins
// (ratelimit.go) but apart from them, and every request counts, whether or
// not the email has an account: a mailbox is not to be flooded, nor the
// outbox filled from one address.
var DefaultResetLimits = LoginLimits{Window: time.Hour, PerAccount: 3, PerAddress: 20,
	FirstDelay: 15 * time.Minute, MaxDelay: time.Hour}

const resetKeyPrefix = "reset-"

var errResetLink = &platform.Error{Kind: platform.KindNotFound,
	Message: "Tautan atur ulang kata sandi ini tidak berlaku lagi (sudah dipakai atau kedaluwarsa). Minta tautan baru."}

// RequestPasswordReset sends a reset link for email to its account, when
// there is one, from clientAddr (see Authenticate). The answer is the same
// whether or not the email has an account. link makes the link's address
// from its token; lang ("id" or "en") is the language of the email.
func (s *Service) RequestPasswordReset(ctx context.Context, email, clientAddr, lang string, link func(token string) string) error {
	if !s.Mail {
		return platform.NotFound("Pengiriman email")
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
		return platform.Invalid("email", "Alamat email tidak valid")
	}
	keys := s.resetLimits.keysOf(resetKeyPrefix, email, clientAddr)
	wait, _, err := s.loginState(ctx, keys)
	if err != nil {
		return err
	}
	if wait > 0 {
		e := platform.Newf(platform.KindTooManyRequests, "Terlalu banyak permintaan atur ulang kata sandi. Coba lagi dalam %s.", waitText(wait))
		e.RetryAfter = wait
		return e
	}
	if err := s.countAttempt(ctx, s.resetLimits, keys); err != nil {
		return err
	}
	var userID int64
	err = s.db.Reader().QueryRow(ctx, `SELECT id FROM users WHERE email = ?`, email).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	token := randomToken()
	now := s.now().UTC()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashToken(token), userID, now, now.Add(ResetTTL)); err != nil {
			return err
		}
		return notify.Enqueue(ctx, tx, resetMessage(email, link(token), lang))
	})
}

func resetMessage(to, link, lang string) notify.Message {
	if lang == "en" {
		return notify.Message{To: to, Subject: "Reset your Gerai password",
			Body: "Someone (we hope you) asked to reset the password of your Gerai account.\n\n" +
				"Open this link within an hour to choose a new password; it works once:\n" + link + "\n\n" +
				"If you did not ask for it, ignore this email: your password stays as it is."}
	}
	return notify.Message{To: to, Subject: "Atur ulang kata sandi Gerai",
		Body: "Ada permintaan untuk mengatur ulang kata sandi akun Gerai Anda.\n\n" +
			"Buka tautan ini dalam satu jam untuk memilih kata sandi baru; tautan hanya bisa dipakai sekali:\n" + link + "\n\n" +
			"Jika Anda tidak memintanya, abaikan email ini: kata sandi Anda tidak berubah."}
}

// resetAccount returns the account of a live reset token.
func (s *Service) resetAccount(ctx context.Context, token string) (userID int64, email string, err error) {
	if token == "" || len(token) > 100 {
		return 0, "", errResetLink
	}
	err = s.db.Reader().QueryRow(ctx, `SELECT u.id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ?`, hashToken(token), s.now().UTC()).Scan(&userID, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", errResetLink
	}
	return userID, email, err
}

// CheckResetToken reports whether token is a reset link that still works:
// nil, or an error saying it does not.
func (s *Service) CheckResetToken(ctx context.Context, token string) error {
	_, _, err := s.resetAccount(ctx, token)
	return err
}

// ResetPassword sets the password of token's account under the rules of a
// new password, uses the token up (and the account's other reset links),
// and ends all of the account's sessions.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	userID, email, err := s.resetAccount(ctx, token)
	if err != nil {
		return err
	}
	if err := passwordProblem(email, password); err != nil {
		return err
	}
	var hash string
	if err := s.hashes.run(ctx, func() (err error) {
		hash, err = s.hashPassword(password)
		return err
	}); err != nil {
		return err
	}
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// The guard: of two uses at once, one marks the token and the other
		// finds nothing to mark.
		res, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
			now, hashToken(token), now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, errResetLink)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL`, now, userID); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
	if err != nil {
		return err
	}
	s.sessions.dropUser(userID)
	// The owner of the mailbox is back in: the failed logins counted against
	// the email no longer hold them out.
	return s.clearLoginFailures(ctx, s.limits.keys(email, "")[0])
}

// DeleteExpiredPasswordResets removes reset links that no longer work.
func (s *Service) DeleteExpiredPasswordResets(ctx context.Context) (int64, error) {
	res, err := s.db.Writer().Exec(ctx, `DELETE FROM password_resets WHERE expires_at <= ?`, s.now().UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
