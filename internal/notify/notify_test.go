package notify_test

import (
	"bufio"
	"context"
	"database/sql"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/gerai-id/gerai/internal/notify"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// fakeSMTP speaks enough SMTP (RFC 5321) for net/smtp and keeps what it received.
type fakeSMTP struct {
	ln   net.Listener
	mu   sync.Mutex
	mail []string // DATA of each message
	rcpt []string
}

func newFakeSMTP(t *testing.T) *fakeSMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	return f
}

func (f *fakeSMTP) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(s string) { c.Write([]byte(s + "\r\n")) }
	say("220 fake ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-fake\r\n250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO"):
			f.mu.Lock()
			f.rcpt = append(f.rcpt, strings.TrimSpace(line[len("RCPT TO:"):]))
			f.mu.Unlock()
			say("250 OK")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil || l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			f.mu.Lock()
			f.mail = append(f.mail, b.String())
			f.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 OK")
		}
	}
}

func TestOutboxDeliversOnceThroughSMTP(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		srv := newFakeSMTP(t)
		mailer, err := notify.NewSMTP("smtp://" + srv.ln.Addr().String() + "?from=pesanan@gerai.id")
		if err != nil {
			t.Fatal(err)
		}
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			return notify.Enqueue(ctx, tx, notify.Message{To: "siti@contoh.id", Subject: "Pesanan baru #12 — Rp75.000", Body: "Halo Siti,\nada pesanan baru."})
		})
		if err != nil {
			t.Fatal(err)
		}
		// A message enqueued in a transaction that rolls back is never sent.
		db.InTx(ctx, func(tx *sqldb.Tx) error {
			notify.Enqueue(ctx, tx, notify.Message{To: "x@contoh.id", Subject: "batal", Body: "x"})
			return sql.ErrTxDone
		})
		// Two deliverers at once, as two processes would.
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); notify.Deliver(ctx, db, mailer) }()
		}
		wg.Wait()
		notify.Deliver(ctx, db, mailer)
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if len(srv.mail) != 1 || srv.rcpt[0] != "<siti@contoh.id>" {
			t.Fatalf("%d messages to %v, want exactly one to siti", len(srv.mail), srv.rcpt)
		}
		if !strings.Contains(srv.mail[0], "Subject: =?utf-8?q?Pesanan_baru_#12_=E2=80=94_Rp75.000?=") || !strings.Contains(srv.mail[0], "ada pesanan baru") {
			t.Fatalf("message:\n%s", srv.mail[0])
		}
	})
}

func TestSMTPURL(t *testing.T) {
	for _, bad := range []string{"", "mail.example.id", "smtp://mail.example.id", "http://x?from=a@b.id"} {
		if _, err := notify.NewSMTP(bad); err == nil {
			t.Errorf("NewSMTP(%q) accepted", bad)
		}
	}
}
