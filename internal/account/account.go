// Package account holds users, their roles, login sessions and API tokens,
// and the authorisation policy (policy.go), which is the one place that
// decides who may do what.
package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// User is an account.
type User struct {
	ID           int64         `json:"id"`
	Email        string        `json:"email"`
	Name         string        `json:"name"`
	Role         platform.Role `json:"role"`
	ProvinceCode string        `json:"province_code,omitempty"`
	CreatedAt    time.Time     `json:"created_at"`
}

// Actor returns the actor acting as u.
func (u User) Actor() platform.Actor {
	return platform.Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role, ProvinceCode: u.ProvinceCode}
}

// Service manages accounts and sessions.
type Service struct {
	db       *sqldb.DB
	now      func() time.Time
	sessions sessionCache
	limits   LoginLimits
	// resetLimits bound password reset requests (reset.go).
	resetLimits LoginLimits
	hashes      *hashSlots
	// Mail turns on password reset by email (an SMTP server is configured).
	Mail bool
	// hashPassword and checkPassword are HashPassword and CheckPassword,
	// replaceable in tests that count how many run at once.
	hashPassword  func(password string) (string, error)
	checkPassword func(encoded, password string) (bool, error)
}

// NewService returns a Service on db.
func NewService(db *sqldb.DB) *Service {
	return &Service{db: db, now: time.Now, sessions: sessionCache{m: map[string]cachedSession{}},
		limits: DefaultLoginLimits, resetLimits: DefaultResetLimits, hashes: newHashSlots(0), hashPassword: HashPassword, checkPassword: CheckPassword}
}

// sessionCacheTTL is how long a resolved session is reused without asking
// the database: the token lookup was a sixth of a checkout's server time in
// the flash-sale profile. A logout is seen at once by the process that
// handles it; another process may accept the logged-out token for at most
// this long.
const sessionCacheTTL = time.Second

type cachedSession struct {
	sess  Session
	until time.Time
}

type sessionCache struct {
	mu sync.Mutex
	m  map[string]cachedSession
}

func (c *sessionCache) get(key string, now time.Time) (Session, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || now.After(e.until) || !now.Before(e.sess.ExpiresAt) {
		return Session{}, false
	}
	return e.sess, true
}

func (c *sessionCache) put(key string, sess Session, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= 10_000 {
		clear(c.m) // bounded: a burst of new tokens starts the cache afresh
	}
	c.m[key] = cachedSession{sess: sess, until: now.Add(sessionCacheTTL)}
}

// dropUser forgets every cached session of user id.
func (c *sessionCache) dropUser(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.m {
		if e.sess.User.ID == id {
			delete(c.m, k)
		}
	}
}

func (c *sessionCache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}

// NewUser is the input to Create.
type NewUser struct {
	Email        string
	Password     string
	Name         string
	Role         platform.Role
	ProvinceCode string
}

func (n *NewUser) validate() error {
	var v platform.Validation
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Name = strings.TrimSpace(n.Name)
	if addr, err := mail.ParseAddress(n.Email); err != nil || addr.Address != n.Email {
		v.Add("email", "Alamat email tidak valid")
	}
	v.Merge(passwordProblem(n.Email, n.Password))
	v.Check(n.Name != "", "name", "Nama wajib diisi")
	v.Check(len(n.Name) <= 200, "name", "Nama terlalu panjang")
	v.Check(n.Role.Valid(), "role", "Peran harus buyer, seller, agency, admin atau partner")
	if n.Role == platform.RoleAgency {
		_, ok := region.ProvinceByCode(n.ProvinceCode)
		v.Check(ok, "province", "Akun dinas harus memiliki kode provinsi yang valid")
	} else {
		n.ProvinceCode = ""
	}
	return v.Err()
}

// Create adds an account of any role. Callers decide who may create which
// role: self-registration allows buyer and seller only (Register).
func (s *Service) Create(ctx context.Context, n NewUser) (User, error) {
	if err := n.validate(); err != nil {
		return User{}, err
	}
	var hash string
	err := s.hashes.run(ctx, func() (err error) {
		hash, err = s.hashPassword(n.Password)
		return err
	})
	if err != nil {
		return User{}, err
	}
	u := User{Email: n.Email, Name: n.Name, Role: n.Role, ProvinceCode: n.ProvinceCode, CreatedAt: s.now().UTC()}
	err = s.db.Writer().QueryRow(ctx,
		`INSERT INTO users (email, password_hash, name, role, province_code, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Email, hash, u.Name, string(u.Role), nullString(u.ProvinceCode), u.CreatedAt).Scan(&u.ID)
	if sqldb.UniqueViolation(err) {
		return User{}, &platform.Error{Kind: platform.KindConflict, Message: "Email sudah terdaftar",
			Fields: []platform.FieldError{{Field: "email", Message: "Email ini sudah terdaftar"}}}
	}
	return u, err
}

// Register is self-service sign-up: buyers and sellers only.
func (s *Service) Register(ctx context.Context, n NewUser) (User, error) {
	if n.Role != platform.RoleBuyer && n.Role != platform.RoleSeller {
		return User{}, &platform.Error{Kind: platform.KindInvalid, Message: "Pendaftaran mandiri hanya untuk pembeli atau penjual",
			Fields: []platform.FieldError{{Field: "role", Message: "Pilih pembeli (buyer) atau penjual (seller)"}}}
	}
	return s.Create(ctx, n)
}

var errBadLogin = &platform.Error{Kind: platform.KindUnauthorized, Message: "Email atau kata sandi salah"}

// Authenticate checks an email and password given from clientAddr (see
// httpx.ClientAddress; "" for a caller that is not a client, such as the
// demo loader). Failed checks are counted per email and per client address
// (ratelimit.go): past the limits the check is not made at all and the
// error is KindTooManyRequests with a RetryAfter. A successful login clears
// the email's failures.
func (s *Service) Authenticate(ctx context.Context, email, password, clientAddr string) (User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	keys := s.limits.keys(email, clientAddr)
	wait, counted, err := s.loginState(ctx, keys)
	if err != nil {
		return User{}, err
	}
	if wait > 0 {
		return User{}, tooManyLogins(wait)
	}
	var u User
	var hash string
	var prov sql.NullString
	var disabled bool
	err = s.db.Reader().QueryRow(ctx,
		`SELECT id, email, name, role, province_code, created_at, password_hash, disabled_at IS NOT NULL FROM users WHERE email = ?`, email).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &prov, &u.CreatedAt, &hash, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		// Check against a dummy hash: the same time and the same counting as a
		// real check, so that neither reveals which emails exist.
		hash = dummyHash
	} else if err != nil {
		return User{}, err
	}
	u.ProvinceCode = prov.String
	var ok bool
	err = s.hashes.run(ctx, func() (err error) {
		// Asked again holding the slot: of many guesses arriving at once, only
		// as many as there are slots can pass the first look before the
		// failures of the earlier ones are counted.
		wait, _, err := s.loginState(ctx, keys)
		if err == nil && wait > 0 {
			err = tooManyLogins(wait)
		}
		if err != nil {
			return err
		}
		if ok, err = s.checkPassword(hash, password); err != nil {
			return err
		}
		if ok = ok && u.ID != 0; ok {
			return nil
		}
		return s.recordLoginFailure(ctx, keys)
	})
	if err != nil {
		return User{}, err
	}
	if !ok {
		return User{}, errBadLogin
	}
	if disabled {
		// Said only after the right password, so it reveals nothing to a guesser.
		return User{}, disabledLogin
	}
	if counted {
		if err := s.clearLoginFailures(ctx, keys[0]); err != nil {
			return User{}, err
		}
	}
	return u, nil
}

var dummyHash, _ = HashPassword("gerai-dummy-password")

// User returns one account.
func (s *Service) User(ctx context.Context, id int64) (User, error) {
	var u User
	var prov sql.NullString
	err := s.db.Reader().QueryRow(ctx,
		`SELECT id, email, name, role, province_code, created_at FROM users WHERE id = ?`, id).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &prov, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, platform.NotFound("Akun")
	}
	u.ProvinceCode = prov.String
	return u, err
}

// Session lifetimes.
const (
	WebSessionTTL = 30 * 24 * time.Hour
	APITokenTTL   = 90 * 24 * time.Hour
)

// Session is a resolved login: the user and the CSRF token of its forms.
type Session struct {
	User      User
	CSRFToken string
	ExpiresAt time.Time
}

// CreateSession stores a new session of kind "web" or "api" and returns its
// secret token. Only a SHA-256 of the token is stored, so a database leak
// does not leak logins.
func (s *Service) CreateSession(ctx context.Context, userID int64, kind string) (token string, sess Session, err error) {
	token = randomToken()
	ttl := WebSessionTTL
	if kind == "api" {
		ttl = APITokenTTL
	}
	now := s.now().UTC()
	sess.CSRFToken = randomToken()
	sess.ExpiresAt = now.Add(ttl)
	_, err = s.db.Writer().Exec(ctx,
		`INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		hashToken(token), userID, kind, sess.CSRFToken, now, sess.ExpiresAt)
	if err != nil {
		return "", Session{}, err
	}
	sess.User, err = s.User(ctx, userID)
	return token, sess, err
}

// ResolveSession returns the live session of kind for token, or an unauthorized error.
func (s *Service) ResolveSession(ctx context.Context, token, kind string) (Session, error) {
	if token == "" || len(token) > 100 {
		return Session{}, platform.Unauthorized()
	}
	key := kind + ":" + hashToken(token)
	now := s.now().UTC()
	if sess, ok := s.sessions.get(key, now); ok {
		return sess, nil
	}
	var sess Session
	var prov sql.NullString
	u := &sess.User
	err := s.db.Reader().QueryRow(ctx,
		`SELECT u.id, u.email, u.name, u.role, u.province_code, u.created_at, s.csrf_token, s.expires_at
		   FROM sessions s JOIN users u ON u.id = s.user_id
		  WHERE s.token_hash = ? AND s.kind = ? AND s.expires_at > ? AND u.disabled_at IS NULL`, hashToken(token), kind, now).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &prov, &u.CreatedAt, &sess.CSRFToken, &sess.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, platform.Unauthorized()
	}
	u.ProvinceCode = prov.String
	if err == nil {
		s.sessions.put(key, sess, now)
	}
	return sess, err
}

// DeleteSession logs a token out.
func (s *Service) DeleteSession(ctx context.Context, token string) error {
	_, err := s.db.Writer().Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token))
	s.sessions.drop("web:" + hashToken(token))
	s.sessions.drop("api:" + hashToken(token))
	return err
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Service) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.db.Writer().Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, s.now().UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
