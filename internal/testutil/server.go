package testutil

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Server is a whole Gerai on a random local port, on a fresh database.
type Server struct {
	*httptest.Server
	App *app.App
	t   testing.TB
	// keys numbers the idempotency keys of MustPaidOrder.
	keys atomic.Int64
}

// NewServer starts Gerai on dialect d with the payment simulator on; it stops when the test ends.
func NewServer(t testing.TB, d sqldb.Dialect) *Server {
	t.Helper()
	return NewServerWith(t, app.Config{DB: NewDSN(t, d), Simulator: true})
}

// NewServerWith starts Gerai with cfg (a media folder is added when unset).
func NewServerWith(t testing.TB, cfg app.Config) *Server {
	t.Helper()
	return NewServerOpts(t, cfg, Options{})
}

// Options are the rarer ways to start a test server.
type Options struct {
	// Log receives the server's log (default: slog.Default()).
	Log *slog.Logger
	// Prepare runs after the app is open and before it serves, as
	// `gerai serve` loads the demo data before listening.
	Prepare func(*app.App) error
}

// NewServerOpts starts Gerai with cfg and opts.
func NewServerOpts(t testing.TB, cfg app.Config, opts Options) *Server {
	t.Helper()
	if cfg.MediaDir == "" {
		cfg.MediaDir = t.TempDir()
	}
	a, err := app.Open(context.Background(), cfg, opts.Log)
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	if opts.Prepare != nil {
		if err := opts.Prepare(a); err != nil {
			t.Fatalf("prepare app: %v", err)
		}
	}
	// Started first so that, unless the test chose one, the public URL
	// (share and invite links) is the server's own address.
	ts := httptest.NewUnstartedServer(nil)
	if a.Config.PublicURL == "" {
		a.Config.PublicURL = "http://" + ts.Listener.Addr().String()
	}
	ts.Config.Handler = a.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	return &Server{Server: ts, App: a, t: t}
}

// ForEachServer runs fn against a server on SQLite and, when configured, on PostgreSQL.
func ForEachServer(t *testing.T, fn func(t *testing.T, s *Server)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, NewServer(t, sqldb.SQLite)) })
	t.Run("postgres", func(t *testing.T) {
		if !PostgresConfigured() {
			t.Skip("GERAI_TEST_POSTGRES is not set: PostgreSQL case not run")
		}
		fn(t, NewServer(t, sqldb.Postgres))
	})
}

// MustUser creates an account directly (any role) and returns it.
func (s *Server) MustUser(email string, role platform.Role, province string) account.User {
	s.t.Helper()
	u, err := s.App.Accounts.Create(context.Background(), account.NewUser{Email: email, Password: "rahasia-123",
		Name: email, Role: role, ProvinceCode: province})
	if err != nil {
		s.t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// MustToken logs in through the API and returns a bearer token.
func (s *Server) MustToken(email string) string {
	s.t.Helper()
	var out struct{ Token string }
	res := s.Do("POST", "/api/v1/sessions", "", map[string]string{"email": email, "password": "rahasia-123"}, &out)
	if res.StatusCode != 201 || out.Token == "" {
		s.t.Fatalf("login %s: status %d", email, res.StatusCode)
	}
	return out.Token
}

// Response is a finished API call.
type Response struct {
	StatusCode  int
	ContentType string
	Body        []byte
}

// Do sends a JSON request with an optional bearer token and decodes a JSON
// answer into out (when non-nil and the status is 2xx).
func (s *Server) Do(method, path, token string, body any, out any) Response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, _ := json.Marshal(b)
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.Send(req, out)
}

// Send performs req and decodes a 2xx JSON answer into out.
func (s *Server) Send(req *http.Request, out any) Response {
	s.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := Response{StatusCode: res.StatusCode, ContentType: res.Header.Get("Content-Type"), Body: b}
	if out != nil && res.StatusCode < 300 && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("decode %s: %v", b, err)
		}
	}
	return r
}
