package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// The operator's (admin's) pages: accounts (find, change role and
// province, disable) and payouts to UMKM of what the gateway holds.
// Each opens account.AdminDesk first; the services authorise again.

// usersPerPage is the size of a page of the accounts list.
const usersPerPage = 50

type adminPage struct {
	Page
	Owed     int64 // the sum of the UMKM's balances
	OwedUMKM int
}

func (s *server) adminDashboard(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	balances, err := s.Orders.Balances(r.Context())
	if err != nil {
		return err
	}
	p := &adminPage{Page: s.pageT(r, "title_admin")}
	for _, b := range balances {
		if b.Balance > 0 {
			p.Owed += b.Balance
			p.OwedUMKM++
		}
	}
	s.render(w, r, http.StatusOK, "admin", p)
	return nil
}

type adminUsersPage struct {
	Page
	Query   string
	Role    string
	Roles   []platform.Role
	Users   []account.ManagedUser
	PageNum int
	PrevURL string
	NextURL string
	Error   string
}

var allRoles = []platform.Role{platform.RoleBuyer, platform.RoleSeller, platform.RoleAgency, platform.RolePartner, platform.RoleAdmin}

func (s *server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	q := r.URL.Query()
	p := &adminUsersPage{Page: s.pageT(r, "title_admin_users"), Query: q.Get("q"), Role: q.Get("role"), Roles: allRoles, PageNum: 1}
	if n, err := strconv.Atoi(q.Get("hal")); err == nil && n > 1 && n <= 10_000 {
		p.PageNum = n
	}
	page, err := s.Accounts.ListUsers(r.Context(), account.UserFilter{Query: p.Query, Role: platform.Role(p.Role),
		Limit: usersPerPage, Offset: (p.PageNum - 1) * usersPerPage})
	if platform.ErrorKind(err) == platform.KindInvalid {
		p.Error, p.Role = errText(r, err), ""
		page, err = s.Accounts.ListUsers(r.Context(), account.UserFilter{Query: p.Query, Limit: usersPerPage, Offset: (p.PageNum - 1) * usersPerPage})
	}
	if err != nil {
		return err
	}
	p.Users = page.Items
	link := func(n int) string {
		v := url.Values{}
		if p.Query != "" {
			v.Set("q", p.Query)
		}
		if p.Role != "" {
			v.Set("role", p.Role)
		}
		if n > 1 {
			v.Set("hal", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/admin/pengguna"
		}
		return "/admin/pengguna?" + v.Encode()
	}
	if p.PageNum > 1 {
		p.PrevURL = link(p.PageNum - 1)
	}
	if page.More {
		p.NextURL = link(p.PageNum + 1)
	}
	s.render(w, r, http.StatusOK, "admin_users", p)
	return nil
}

type adminUserPage struct {
	Page
	User      account.ManagedUser
	Roles     []platform.Role
	Provinces []region.Province
	Audit     []audit.Entry
	Form      Form
	Saved     bool
	Self      bool
}

func (s *server) renderAdminUser(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) error {
	u, err := s.Accounts.ManagedUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	trail, err := s.Accounts.AuditTrail(r.Context(), id)
	if err != nil {
		return err
	}
	if f.Values["role"] == "" {
		f.Values["role"], f.Values["province"] = string(u.Role), u.ProvinceCode
	}
	p := &adminUserPage{Page: s.pageT(r, "title_admin_user", u.Name), User: u, Roles: allRoles, Provinces: region.Provinces(),
		Audit: trail, Form: f, Saved: r.URL.Query().Get("saved") == "1", Self: u.ID == platform.ActorFrom(r.Context()).UserID}
	s.render(w, r, status, "admin_user", p)
	return nil
}

func (s *server) adminUser(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderAdminUser(w, r, http.StatusOK, id, NewForm(r))
}

// adminUserUpdate changes an account: action "role" (role and province),
// "disable" or "enable".
func (s *server) adminUserUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, "action", "role", "province")
	switch f.Values["action"] {
	case "role":
		_, err = s.Accounts.SetRole(r.Context(), id, platform.Role(f.Values["role"]), f.Values["province"])
	case "disable", "enable":
		_, err = s.Accounts.SetDisabled(r.Context(), id, f.Values["action"] == "disable")
	default:
		err = platform.Errorf(platform.KindInvalid, "Tindakan tidak dikenal")
	}
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		if f.Values["action"] != "role" {
			f.Values["role"] = ""
		}
		return s.renderAdminUser(w, r, f.Status(), id, f)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/pengguna/%d?saved=1", id), http.StatusSeeOther)
	return nil
}

type adminPayoutsPage struct {
	Page
	Balances []order.Balance
	Form     Form
	Paid     string // the name of the UMKM just paid
}

func (s *server) renderPayouts(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	balances, err := s.Orders.Balances(r.Context())
	if err != nil {
		return err
	}
	p := &adminPayoutsPage{Page: s.pageT(r, "title_admin_payouts"), Balances: balances, Form: f}
	if paid, err := strconv.ParseInt(r.URL.Query().Get("dibayar"), 10, 64); err == nil {
		for _, b := range balances {
			if b.UMKMID == paid {
				p.Paid = b.Name
			}
		}
		if p.Paid == "" {
			p.Paid = "UMKM"
		}
	}
	s.render(w, r, status, "admin_payouts", p)
	return nil
}

func (s *server) adminPayouts(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	f := NewForm(r)
	f.Values["umkm_id"] = r.URL.Query().Get("umkm")
	return s.renderPayouts(w, r, http.StatusOK, f)
}

func (s *server) adminPayout(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	f := FormFromRequest(r, "umkm_id", "amount", "reference")
	umkmID, err := strconv.ParseInt(f.Values["umkm_id"], 10, 64)
	if err != nil || umkmID <= 0 {
		f.Fail("umkm_id", "payout_pick_umkm")
	}
	amount, ok := idn.ParseRupiah(f.Values["amount"])
	if !ok || amount <= 0 {
		f.Fail("amount", "payout_amount_bad")
	}
	if len(f.Errors) > 0 {
		f.MarkInvalid()
		return s.renderPayouts(w, r, f.Status(), f)
	}
	if _, err := s.Orders.RecordPayout(r.Context(), umkmID, amount, f.Values["reference"]); err != nil {
		if !f.SetError(err) {
			return err
		}
		return s.renderPayouts(w, r, f.Status(), f)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/pembayaran?dibayar=%d", umkmID), http.StatusSeeOther)
	return nil
}
