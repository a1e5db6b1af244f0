// Package notify sends email. Messages are written to an outbox table in the
// same transaction as the change they report, and a sweeper claims and sends
// them, so a crash neither loses a message nor sends one for a change that
// rolled back. Delivery is at least once: a message whose sender died after
// sending but before marking it is sent again after its claim expires.
package notify

import (
	"context"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Message is one email.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Mailer sends one message.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// Enqueue writes a message to the outbox inside tx.
func Enqueue(ctx context.Context, tx *sqldb.Tx, m Message) error {
	_, err := tx.Exec(ctx, `INSERT INTO outbox (to_email, subject, body, created_at) VALUES (?, ?, ?, ?)`,
		m.To, m.Subject, m.Body, time.Now().UTC())
	return err
}

// MaxAttempts is how often a message is tried before it is left for an operator.
const MaxAttempts = 5

// Deliver sends pending messages with mailer and returns how many went out.
// Each message is claimed for a minute by a guarded UPDATE, so several
// processes can deliver at once without sending a message twice.
func Deliver(ctx context.Context, db *sqldb.DB, mailer Mailer) (int, error) {
	now := time.Now().UTC()
	ids, err := sqldb.Int64s(ctx, db.Reader(), `SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < ?
		AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT 50`, MaxAttempts, now)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range ids {
		res, err := db.Writer().Exec(ctx, `UPDATE outbox SET claimed_until = ?, attempts = attempts + 1
			WHERE id = ? AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)`, now.Add(time.Minute), id, now)
		if err != nil {
			return sent, err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // another process has it
		}
		var m Message
		if err := db.Reader().QueryRow(ctx, `SELECT to_email, subject, body FROM outbox WHERE id = ?`, id).Scan(&m.To, &m.Subject, &m.Body); err != nil {
			return sent, err
		}
		if err := mailer.Send(ctx, m); err != nil {
			continue // tried again after the claim expires, up to MaxAttempts
		}
		if _, err := db.Writer().Exec(ctx, `UPDATE outbox SET sent_at = ? WHERE id = ?`, time.Now().UTC(), id); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

// SMTP sends through an SMTP server given as
// smtp://user:password@host:587?from=pesanan@example.id (STARTTLS when the
// server offers it; plain auth only over TLS or to localhost, as net/smtp requires).
type SMTP struct {
	addr, host, from string
	auth             smtp.Auth
}

// NewSMTP parses an SMTP URL.
func NewSMTP(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Host == "" {
		return nil, fmt.Errorf("notify: SMTP must look like smtp://user:pass@host:587?from=address")
	}
	from := u.Query().Get("from")
	if from == "" {
		return nil, fmt.Errorf("notify: SMTP URL needs ?from=address")
	}
	host := u.Hostname()
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(host, "587")
	}
	s := &SMTP{addr: addr, host: host, from: from}
	if u.User != nil {
		pass, _ := u.User.Password()
		s.auth = smtp.PlainAuth("", u.User.Username(), pass, host)
	}
	return s, nil
}

// Send implements Mailer.
func (s *SMTP) Send(_ context.Context, m Message) error {
	var b strings.Builder
	fmt.Fprintf(&b, "From: Gerai <%s>\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n",
		s.from, m.To, mimeWord(m.Subject))
	b.WriteString(strings.ReplaceAll(m.Body, "\n", "\r\n"))
	return smtp.SendMail(s.addr, s.auth, s.from, []string{m.To}, []byte(b.String()))
}

// mimeWord encodes a subject with non-ASCII characters (RFC 2047).
func mimeWord(s string) string { return mime.QEncoding.Encode("utf-8", s) }
