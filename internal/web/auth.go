package web

import (
	"net/http"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/platform"
)

type authPage struct {
	Page
	Form       Form
	Next       string
	DemoLogins []DemoLogin
	// Forgot links "Lupa kata sandi" (email is configured); Changed says a
	// reset has just set a new password.
	Forgot, Changed bool
}

func (s *server) loginForm(w http.ResponseWriter, r *http.Request) error {
	p := &authPage{Page: s.pageT(r, "title_login"), Form: NewForm(r), Next: safeNext(r.URL.Query().Get("next"), ""), DemoLogins: s.DemoLogins,
		Forgot: s.Accounts.Mail, Changed: r.URL.Query().Get("sandi") == "baru"}
	s.render(w, r, http.StatusOK, "login", p)
	return nil
}

func (s *server) startSession(w http.ResponseWriter, r *http.Request, u account.User) error {
	token, _, err := s.Accounts.CreateSession(r.Context(), u.ID, "web")
	if err != nil {
		return err
	}
	s.setCookie(w, r, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: int(account.WebSessionTTL.Seconds())})
	return nil
}

func homeOf(u account.User) string {
	switch u.Role {
	case platform.RoleSeller:
		return "/penjual"
	case platform.RoleAgency, platform.RoleAdmin:
		return "/dinas"
	case platform.RolePartner:
		return "/mitra"
	}
	return "/"
}

func (s *server) login(w http.ResponseWriter, r *http.Request) error {
	f := FormFromRequest(r, "email")
	next := r.FormValue("next")
	u, err := s.Accounts.Authenticate(r.Context(), f.Values["email"], r.FormValue("password"), httpx.ClientAddress(r, s.TrustProxy))
	if err != nil {
		status := http.StatusUnauthorized
		if wait := platform.RetryAfter(err); wait > 0 {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", httpx.RetryAfter(wait))
		}
		if !f.SetError(err) {
			return err
		}
		f.Errors["password"] = f.Message
		s.render(w, r, status, "login", &authPage{Page: s.pageT(r, "title_login"), Form: f, Next: safeNext(next, ""), DemoLogins: s.DemoLogins,
			Forgot: s.Accounts.Mail})
		return nil
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.mergeGuestCart(w, r, u.ID)
	if next == "/" {
		next = "" // the home page is where a login starts from by default: the dashboard is more use
	}
	http.Redirect(w, r, safeNext(next, homeOf(u)), http.StatusSeeOther)
	return nil
}

func (s *server) registerForm(w http.ResponseWriter, r *http.Request) error {
	f := NewForm(r)
	// Most people come to buy: selling is the choice to make on purpose.
	f.Values["role"] = "buyer"
	if r.URL.Query().Get("peran") == "penjual" {
		f.Values["role"] = "seller"
	}
	s.render(w, r, http.StatusOK, "register", &authPage{Page: s.pageT(r, "title_register"), Form: f,
		Next: safeNext(r.URL.Query().Get("next"), "")})
	return nil
}

func (s *server) register(w http.ResponseWriter, r *http.Request) error {
	f := FormFromRequest(r, "email", "name", "role")
	next := safeNext(r.FormValue("next"), "")
	u, err := s.Accounts.Register(r.Context(), account.NewUser{Email: f.Values["email"], Password: r.FormValue("password"),
		Name: f.Values["name"], Role: platform.Role(f.Values["role"])})
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		s.render(w, r, f.Status(), "register", &authPage{Page: s.pageT(r, "title_register"), Form: f, Next: next})
		return nil
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.mergeGuestCart(w, r, u.ID)
	// From an invite link (next=/gabung/…), the new account goes back to
	// the invitation to join.
	http.Redirect(w, r, safeNext(next, homeOf(u)), http.StatusSeeOther)
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Accounts.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.setCookie(w, r, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// requireDesk returns an error unless the policy lets the actor open desk d.
func requireDesk(r *http.Request, d account.Desk) error {
	return account.OpenDesk(platform.ActorFrom(r.Context()), d)
}

// requireAccount returns an error unless someone is logged in (any role buys).
func requireAccount(r *http.Request) error {
	if platform.ActorFrom(r.Context()).Anonymous() {
		return platform.Unauthorized()
	}
	return nil
}
