package web

import (
	"net/http"

	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/platform"
)

// "Lupa kata sandi": a reset link by email, when an SMTP server is
// configured (account/reset.go).

type forgotPage struct {
	Page
	Form Form
	Sent bool
}

func (s *server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	if !s.Accounts.Mail {
		return notFound()
	}
	s.render(w, r, http.StatusOK, "forgot", &forgotPage{Page: s.pageT(r, "title_forgot"), Form: NewForm(r)})
	return nil
}

func (s *server) forgot(w http.ResponseWriter, r *http.Request) error {
	if !s.Accounts.Mail {
		return notFound()
	}
	f := FormFromRequest(r, "email")
	err := s.Accounts.RequestPasswordReset(r.Context(), f.Values["email"], httpx.ClientAddress(r, s.TrustProxy), langOf(r),
		func(token string) string { return s.absoluteURL("/atur-sandi/" + token) })
	p := &forgotPage{Page: s.pageT(r, "title_forgot"), Form: f}
	if err != nil {
		if wait := platform.RetryAfter(err); wait > 0 {
			w.Header().Set("Retry-After", httpx.RetryAfter(wait))
		}
		if !f.SetError(err) {
			return err
		}
		p.Form = f
		s.render(w, r, f.Status(), "forgot", p)
		return nil
	}
	// The same answer whether or not the email has an account.
	p.Sent = true
	s.render(w, r, http.StatusOK, "forgot", p)
	return nil
}

type resetPage struct {
	Page
	Form  Form
	Token string
	// Dead is the message of a link that no longer works.
	Dead string
}

func (s *server) resetForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	p := &resetPage{Page: s.pageT(r, "title_reset"), Form: NewForm(r), Token: token}
	status := http.StatusOK
	if err := s.Accounts.CheckResetToken(r.Context(), token); err != nil {
		if platform.ErrorKind(err) != platform.KindNotFound {
			return err
		}
		p.Dead, status = errText(r, err), http.StatusNotFound
	}
	s.render(w, r, status, "reset", p)
	return nil
}

func (s *server) reset(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	p := &resetPage{Page: s.pageT(r, "title_reset"), Form: NewForm(r), Token: token}
	err := s.Accounts.ResetPassword(r.Context(), token, r.FormValue("password"))
	switch {
	case err == nil:
		http.Redirect(w, r, "/masuk?sandi=baru", http.StatusSeeOther)
		return nil
	case platform.ErrorKind(err) == platform.KindNotFound:
		p.Dead = errText(r, err)
		s.render(w, r, http.StatusNotFound, "reset", p)
		return nil
	case p.Form.SetError(err):
		s.render(w, r, p.Form.Status(), "reset", p)
		return nil
	}
	return err
}
