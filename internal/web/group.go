package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// Groups (kelompok) and group orders in the UI.

type groupsPage struct {
	Page
	Groups []order.Group
	Form   Form
}

func requireLogin(w http.ResponseWriter, r *http.Request) bool {
	if platform.ActorFrom(r.Context()).Anonymous() {
		http.Redirect(w, r, "/masuk?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return false
	}
	return true
}

func (s *server) groupsPage(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	return s.renderGroups(w, r, http.StatusOK, NewForm(r))
}

func (s *server) renderGroups(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	gs, err := s.Orders.MyGroups(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, status, "groups", &groupsPage{Page: s.pageT(r, "title_groups"), Groups: gs, Form: f})
	return nil
}

func (s *server) groupCreate(w http.ResponseWriter, r *http.Request) error {
	f := FormFromRequest(r, "name")
	g, err := s.Orders.CreateGroup(r.Context(), f.Values["name"])
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		return s.renderGroups(w, r, f.Status(), f)
	}
	http.Redirect(w, r, fmt.Sprintf("/kelompok/%d", g.ID), http.StatusSeeOther)
	return nil
}

type groupPage struct {
	Page
	Group       order.Group
	Orders      []order.GroupOrder
	Coordinator bool
	InviteURL   string
	InviteWA    string
	Form        Form
}

func (s *server) groupPage(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderGroup(w, r, http.StatusOK, id, NewForm(r))
}

func (s *server) renderGroup(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) error {
	g, err := s.Orders.Group(r.Context(), id)
	if err != nil {
		return err
	}
	orders, err := s.Orders.GroupOrders(r.Context(), id)
	if err != nil {
		return err
	}
	p := &groupPage{Page: s.page(r, g.Name+" — Gerai"), Group: g, Orders: orders, Form: f,
		Coordinator: g.CoordinatorID == platform.ActorFrom(r.Context()).UserID}
	if g.InviteToken != "" {
		p.InviteURL = s.absoluteURL("/gabung/" + g.InviteToken)
		p.InviteWA = "https://wa.me/?text=" + url.QueryEscape(p.Tf("group_invite_wa", g.Name, p.InviteURL))
	}
	s.render(w, r, status, "group", p)
	return nil
}

func (s *server) groupOrderOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, "title")
	o, err := s.Orders.OpenGroupOrder(r.Context(), id, f.Values["title"])
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		return s.renderGroup(w, r, f.Status(), id, f)
	}
	http.Redirect(w, r, fmt.Sprintf("/kelompok/pesanan/%d", o.ID), http.StatusSeeOther)
	return nil
}

type groupJoinPage struct {
	Page
	Name  string
	Token string
}

func (s *server) groupJoinPage(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	name, err := s.Orders.InviteGroupName(r.Context(), token)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "group_join", &groupJoinPage{Page: s.pageT(r, "title_group_invite"), Name: name, Token: token})
	return nil
}

func (s *server) groupJoin(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	g, err := s.Orders.JoinGroup(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/kelompok/%d", g.ID), http.StatusSeeOther)
	return nil
}

// memberLines are one member's lines of a group order.
type memberLines struct {
	MemberID int64
	Name     string
	Items    []order.GroupItem
	Total    int64
}

// umkmLines are one UMKM's lines of a group order.
type umkmLines struct {
	Name  string
	Items []order.GroupItem
	Total int64
}

type groupOrderPage struct {
	Page
	Order       order.GroupOrder
	Members     []memberLines
	UMKMs       []umkmLines
	Total       int64
	Coordinator bool
	MyShare     *order.GroupShare
	Form        Form // checkout
	Regencies   []region.Regency
	Provinces   []region.Province
}

func byMember(items []order.GroupItem) []memberLines {
	var out []memberLines
	for _, it := range items {
		if n := len(out); n == 0 || out[n-1].MemberID != it.MemberID {
			out = append(out, memberLines{MemberID: it.MemberID, Name: it.MemberName})
		}
		m := &out[len(out)-1]
		m.Items = append(m.Items, it)
		m.Total += it.Subtotal
	}
	return out
}

func byUMKM(items []order.GroupItem) []umkmLines {
	index := map[int64]int{}
	var out []umkmLines
	for _, it := range items {
		i, ok := index[it.UMKMID]
		if !ok {
			i = len(out)
			index[it.UMKMID] = i
			out = append(out, umkmLines{Name: it.UMKMName})
		}
		out[i].Items = append(out[i].Items, it)
		out[i].Total += it.Subtotal
	}
	return out
}

func (s *server) groupOrderView(r *http.Request, id int64, f Form) (*groupOrderPage, error) {
	o, err := s.Orders.GroupOrder(r.Context(), id)
	if err != nil {
		return nil, err
	}
	me := platform.ActorFrom(r.Context()).UserID
	p := &groupOrderPage{Page: s.page(r, o.Title+" — "+o.GroupName), Order: o, Members: byMember(o.Items), UMKMs: byUMKM(o.Items),
		Coordinator: o.CoordinatorID == me, Form: f, Regencies: region.AllRegencies(), Provinces: region.Provinces()}
	for _, it := range o.Items {
		p.Total += it.Subtotal
	}
	for i := range o.Shares {
		if o.Shares[i].MemberID == me {
			p.MyShare = &o.Shares[i]
		}
	}
	if f.Values["pay_mode"] == "" {
		f.Values["pay_mode"], f.Values["payment"], f.Values["delivery"] = order.PayEach, "simulator", order.Courier
		if p.Coordinator && o.Status == order.GroupOrderClosed {
			if err := s.prefillAddress(r, f); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// groupOrderPage shows a group order in template name: the working page
// (group_order) or the printable summary (group_summary).
func (s *server) groupOrderPage(name string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !requireLogin(w, r) {
			return nil
		}
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		p, err := s.groupOrderView(r, id, NewForm(r))
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, name, p)
		return nil
	}
}

// groupOrderFail shows the group order page again with a message.
func (s *server) groupOrderFail(w http.ResponseWriter, r *http.Request, id int64, f Form, err error) error {
	if !f.SetError(err) {
		return err
	}
	f.liftErrors("address.")
	if msg, ok := f.Errors["delivery.method"]; ok {
		f.Errors["delivery"] = msg
	}
	p, verr := s.groupOrderView(r, id, f)
	if verr != nil {
		return verr
	}
	s.render(w, r, f.Status(), "group_order", p)
	return nil
}

// groupItemAdd adds the actor's item from a product page.
func (s *server) groupItemAdd(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	id, _ := strconv.ParseInt(r.FormValue("group_order_id"), 10, 64)
	product, _ := strconv.ParseInt(r.FormValue("product_id"), 10, 64)
	qty, err := strconv.ParseInt(r.FormValue("quantity"), 10, 64)
	if err != nil || qty < 1 {
		qty = 1
	}
	if _, err := s.Orders.AddGroupItem(r.Context(), id, product, qty); err != nil {
		if platform.ErrorKind(err) == platform.KindNotFound {
			return err
		}
		return s.groupOrderFail(w, r, id, NewForm(r), err)
	}
	http.Redirect(w, r, fmt.Sprintf("/kelompok/pesanan/%d", id), http.StatusSeeOther)
	return nil
}

func (s *server) groupLineUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	line, err := pathID(r, "line")
	if err != nil {
		return err
	}
	qty, perr := strconv.ParseInt(r.FormValue("quantity"), 10, 64)
	if perr != nil {
		qty = -1 // refused by the service with its message
	}
	if _, err := s.Orders.UpdateGroupItem(r.Context(), id, line, qty); err != nil {
		return s.groupOrderFail(w, r, id, NewForm(r), err)
	}
	http.Redirect(w, r, fmt.Sprintf("/kelompok/pesanan/%d", id), http.StatusSeeOther)
	return nil
}

func (s *server) groupOrderClose(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Orders.CloseGroupOrder(r.Context(), id); err != nil {
		return s.groupOrderFail(w, r, id, NewForm(r), err)
	}
	http.Redirect(w, r, fmt.Sprintf("/kelompok/pesanan/%d", id), http.StatusSeeOther)
	return nil
}

func (s *server) groupOrderCheckout(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, "name", "phone", "street", "regency_code", "delivery", "payment", "pay_mode")
	_, err = s.Orders.CheckoutGroupOrder(r.Context(), id, order.GroupCheckout{DeliveryMethod: f.Values["delivery"],
		Address:         order.Address{Name: f.Values["name"], Phone: f.Values["phone"], Street: f.Values["street"], RegencyCode: f.Values["regency_code"]},
		PaymentProvider: f.Values["payment"], PayMode: f.Values["pay_mode"]})
	if err != nil {
		return s.groupOrderFail(w, r, id, f, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/kelompok/pesanan/%d", id), http.StatusSeeOther)
	return nil
}
