package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// Page is what every page's view model starts with.
type Page struct {
	Title string
	Lang  string
	CSRF  string
	Actor platform.Actor
	Path  string
	// back is where the language switch returns: this page when it was a
	// GET, else the page the form was on (a form shown again after a POST
	// lives at an address that has no GET page, such as /checkout).
	back     string
	mediaURL func(string) string
	// cartCount counts the visitor's cart when the header asks (CartCount).
	cartCount func() int64
	// newOrders counts a seller's paid orders when the header asks (NewOrders).
	newOrders func() *NewOrdersLink
	// fieldOfficer tells whether the actor is a food programme's field
	// officer when the header asks (FieldOfficer).
	fieldOfficer func() bool
}

// pageT is page with the title of a message key filled from args.
func (s *server) pageT(r *http.Request, key string, args ...any) Page {
	return s.page(r, i18n.Tf(stateFrom(r.Context()).lang, key, args...))
}

func (s *server) page(r *http.Request, title string) Page {
	st := stateFrom(r.Context())
	return Page{Title: title, Lang: st.lang, CSRF: st.csrf, Actor: platform.ActorFrom(r.Context()),
		Path: r.URL.Path, back: backOf(r), mediaURL: s.MediaURL, cartCount: s.cartCounter(r),
		newOrders: s.newOrdersCounter(r), fieldOfficer: s.fieldOfficerCheck(r)}
}

// backOf is the page to come back to from r: r itself for a GET, the
// referring page of this site for a form that was posted, else home.
func backOf(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.RequestURI()
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
		return safeNext(ref.RequestURI(), "/")
	}
	return "/"
}

// cartCounter returns what counts the visitor's cart for the header: one
// COUNT query, run only when a page renders its header, and none for a
// guest without a cart cookie.
func (s *server) cartCounter(r *http.Request) func() int64 {
	key := ""
	if a := platform.ActorFrom(r.Context()); !a.Anonymous() {
		key = order.UserCartKey(a.UserID)
	} else if c, err := r.Cookie(guestCartCookie); err == nil && len(c.Value) >= 32 {
		key = order.GuestCartKey(c.Value)
	}
	if key == "" || s.Carts == nil {
		return nil
	}
	var n int64 = -1
	return func() int64 {
		if n < 0 {
			var err error
			if n, err = s.Carts.Count(r.Context(), key); err != nil {
				s.Log.Error("count cart", "err", err)
				n = 0
			}
		}
		return n
	}
}

// NewOrdersLink is the header's "Pesanan baru 3" for a seller: how many
// paid orders wait to be processed, and the list that shows them.
type NewOrdersLink struct {
	Count int64
	Href  string
}

// newOrdersCounter returns what counts a seller's new paid orders for the
// header, as cartCounter does the cart: one indexed query, run only when a
// page renders its header, and none for anyone but a seller.
func (s *server) newOrdersCounter(r *http.Request) func() *NewOrdersLink {
	if platform.ActorFrom(r.Context()).Role != platform.RoleSeller || s.Orders == nil {
		return nil
	}
	var link *NewOrdersLink
	done := false
	return func() *NewOrdersLink {
		if done {
			return link
		}
		done = true
		n, err := s.Orders.NewOrdersOf(r.Context())
		if err != nil {
			s.Log.Error("count new orders", "err", err)
			return nil
		}
		if n.Total == 0 {
			return nil
		}
		// One UMKM: its list of paid orders; several: the dashboard, which
		// links each UMKM's.
		link = &NewOrdersLink{Count: n.Total, Href: "/penjual"}
		if n.UMKMID != 0 {
			link.Href = "/penjual/umkm/" + strconv.FormatInt(n.UMKMID, 10) + "/pesanan?status=" + string(order.Paid)
		}
		return link
	}
}

// NewOrders is the seller's new-orders link for the header (nil: none).
func (p Page) NewOrders() *NewOrdersLink {
	if p.newOrders == nil {
		return nil
	}
	return p.newOrders()
}

// CartCount is how many products the visitor's cart holds (0 without one).
func (p Page) CartCount() int64 {
	if p.cartCount == nil {
		return 0
	}
	return p.cartCount()
}

// T translates a message key into the page's language.
func (p Page) T(key string) string { return i18n.T(p.Lang, key) }

// Tf is T with fmt verbs filled from args.
func (p Page) Tf(key string, args ...any) string { return i18n.Tf(p.Lang, key, args...) }

// N is the plural form of a counted message ("1 order", "2 orders").
func (p Page) N(key string, n int64) string { return i18n.N(p.Lang, key, n) }

// Scale translates a business scale ("mikro" → "micro").
func (p Page) Scale(s any) string { return p.T("scale_" + fmt.Sprint(s)) }

// Rp formats whole rupiah in the page's language: Rp1.500.000 / Rp1,500,000.
func (p Page) Rp(v int64) string { return i18n.Rupiah(p.Lang, v) }

// RpShort formats large sums: Rp55,2 miliar / Rp55.2 billion.
func (p Page) RpShort(v int64) string { return i18n.RupiahShort(p.Lang, v) }

// Num groups thousands.
func (p Page) Num(v int64) string { return i18n.FormatInt(p.Lang, v) }

// Date shows t in the given province's time zone, in the page's language.
func (p Page) Date(t time.Time, provinceCode string) string {
	loc := region.Location(provinceCode)
	if p.Lang == "en" {
		return idn.DateTimeEN(t, loc, region.ZoneAbbrev(provinceCode))
	}
	return idn.DateTime(t, loc, region.ZoneAbbrev(provinceCode))
}

// DateRange writes two calendar dates (YYYY-MM-DD) as "12–14 Agustus 2022".
func (p Page) DateRange(from, to string) string { return dateRange(p.Lang, from, to) }

// Note is an order history note in the page's language: the system's own
// notes (platform.Msg) are translated, what a person typed is shown as typed.
func (p Page) Note(text string) string { return i18n.Error(p.Lang, text) }

// Media is the URL of a stored media key.
func (p Page) Media(key string) string { return p.mediaURL(key) }

// Cat translates a category code ("kuliner") into its label.
func (p Page) Cat(c string) string { return p.T("cat_" + c) }

// Ord translates an order status ("dibayar" → "Dibayar").
func (p Page) Ord(s any) string { return p.T("ord_" + fmt.Sprint(s)) }

// Status translates a status value.
func (p Page) Status(s any) string { return p.T("status_" + fmt.Sprint(s)) }

// LangSwitch is the link that flips the language and comes back to this page.
func (p Page) LangSwitch() string {
	to := "en"
	if p.Lang == "en" {
		to = "id"
	}
	return "/bahasa?l=" + to + "&next=" + url.QueryEscape(p.back)
}

// Opens reports whether the actor may open a desk (account.OpenDesk), for
// the links to it.
func (p Page) Opens(desk string) bool { return account.OpenDesk(p.Actor, account.Desk(desk)) == nil }

// Is reports whether the actor has role.
func (p Page) Is(role string) bool { return string(p.Actor.Role) == role }

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t := s.tmpl.page(stateFrom(r.Context()).lang, name)
	if t == nil {
		s.Log.Error("unknown template", "name", name)
		http.Error(w, i18n.Error(stateFrom(r.Context()).lang, platform.InternalMessage), http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.Log.Error("render", "template", name, "err", err)
		http.Error(w, i18n.Error(stateFrom(r.Context()).lang, platform.InternalMessage), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", stateFrom(r.Context()).lang)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", pageCacheControl(r))
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// Form carries a form's values and its errors, shown beside each field.
type Form struct {
	Values map[string]string
	Errors map[string]string
	// Message is the summary above the form.
	Message string
	// kind is that of the error SetError took, for Status.
	kind platform.Kind
	// lang is the language SetError writes its messages in.
	lang string
}

// Status is the HTTP status of the page that shows the form again: that of
// the error SetError took (httpx.Status, as the API would answer it), or
// 422 for the form's own field errors.
func (f *Form) Status() int {
	if f.kind == "" {
		return http.StatusUnprocessableEntity
	}
	return httpx.Status(f.kind)
}

// NewForm returns an empty form for a page in r's language.
func NewForm(r *http.Request) Form {
	return Form{Values: map[string]string{}, Errors: map[string]string{}, lang: stateFrom(r.Context()).lang}
}

// Fail puts the message of key (filled from args) beside field, unless the
// field already has one, and returns false for `ok = f.Fail(…)`.
func (f *Form) Fail(field, key string, args ...any) bool {
	if _, taken := f.Errors[field]; !taken {
		f.Errors[field] = i18n.Tf(f.lang, key, args...)
	}
	return false
}

// MarkInvalid puts the summary "check the marked fields" above the form.
func (f *Form) MarkInvalid() { f.Message = i18n.T(f.lang, "form_error") }

// valuesForm is a form filled from stored values, for a page that shows
// them before anything is sent (its errors, if any, come from another form).
func valuesForm() Form { return Form{Values: map[string]string{}, Errors: map[string]string{}} }

// FormFromRequest reads the posted values of fields.
func FormFromRequest(r *http.Request, fields ...string) Form {
	f := NewForm(r)
	for _, k := range fields {
		f.Values[k] = strings.TrimSpace(r.FormValue(k))
	}
	return f
}

// runSection runs act, one form of a page with several (mall, food
// programme), and answers: when it went through, a redirect to page at the
// form's section with the query act added to next (a reload posts nothing
// again; true); else the form marked invalid for the caller to render
// again beside its fields (false). An error that is no user's mistake is
// returned.
func runSection(w http.ResponseWriter, r *http.Request, page, section string, f *Form, act func(next url.Values) error) (bool, error) {
	next := url.Values{}
	if err := act(next); err != nil && !f.SetError(err) {
		return false, err
	}
	if len(f.Errors) == 0 && f.Message == "" {
		if len(next) > 0 {
			page += "?" + next.Encode()
		}
		http.Redirect(w, r, page+"#"+section, http.StatusSeeOther)
		return true, nil
	}
	if f.Message == "" {
		f.MarkInvalid()
	}
	return false, nil
}

// liftErrors also puts the errors of fields named under prefix ("address.",
// "sales[0].items[0].") under their plain names, as the web forms call them.
func (f *Form) liftErrors(prefixes ...string) {
	for k, v := range f.Errors {
		for _, p := range prefixes {
			if name, ok := strings.CutPrefix(k, p); ok {
				if _, taken := f.Errors[name]; !taken {
					f.Errors[name] = v
				}
			}
		}
	}
}

// moveErrors puts the errors of the service's field names under the
// form's (api name → form field), where a page names a field otherwise.
func (f *Form) moveErrors(names map[string]string) {
	for api, form := range names {
		if msg, ok := f.Errors[api]; ok {
			f.Errors[form] = msg
			delete(f.Errors, api)
		}
	}
}

// SetError fills the form's errors from a domain error; false for errors
// that are not the user's to fix (the caller returns those).
func (f *Form) SetError(err error) bool {
	switch platform.ErrorKind(err) {
	case platform.KindInvalid, platform.KindConflict, platform.KindTooLarge, platform.KindUnauthorized, platform.KindTooManyRequests:
	default:
		return false
	}
	f.kind = platform.ErrorKind(err)
	f.Message = i18n.ErrorText(f.lang, err)
	fields := i18n.ErrorFields(f.lang, err)
	if len(fields) > 0 {
		f.Message = i18n.T(f.lang, "form_error")
	}
	for _, fe := range fields {
		if _, dup := f.Errors[fe.Field]; !dup {
			f.Errors[fe.Field] = fe.Message
		}
	}
	return true
}

// errText is a domain error's message in the request's language.
func errText(r *http.Request, err error) string {
	return i18n.ErrorText(stateFrom(r.Context()).lang, err)
}

// errFields are a domain error's field errors in the request's language.
func errFields(r *http.Request, err error) []platform.FieldError {
	return i18n.ErrorFields(stateFrom(r.Context()).lang, err)
}

// provinceName is a province's name, its code when unknown.
func provinceName(code string) string {
	if p, ok := region.ProvinceByCode(code); ok {
		return p.Name
	}
	return code
}
