package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/payment"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

const guestCartCookie = "gerai_cart"

// cartKey is the cart of the visitor: the user's, or the guest cookie's
// (created on first use).
func (s *server) cartKey(w http.ResponseWriter, r *http.Request) string {
	if a := platform.ActorFrom(r.Context()); !a.Anonymous() {
		return order.UserCartKey(a.UserID)
	}
	if c, err := r.Cookie(guestCartCookie); err == nil && len(c.Value) >= 32 {
		return order.GuestCartKey(c.Value)
	}
	token := newToken()
	s.setCookie(w, r, &http.Cookie{Name: guestCartCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 30 * 24 * 3600})
	return order.GuestCartKey(token)
}

// mergeGuestCart moves a guest's cart into the user's at login.
func (s *server) mergeGuestCart(w http.ResponseWriter, r *http.Request, userID int64) {
	c, err := r.Cookie(guestCartCookie)
	if err != nil || c.Value == "" {
		return
	}
	if err := s.Carts.Merge(r.Context(), order.GuestCartKey(c.Value), order.UserCartKey(userID)); err != nil {
		s.Log.Error("merge guest cart", "err", err)
		return
	}
	s.setCookie(w, r, &http.Cookie{Name: guestCartCookie, Value: "", Path: "/", MaxAge: -1})
}

func (s *server) cartAdd(w http.ResponseWriter, r *http.Request) error {
	id, _ := strconv.ParseInt(r.FormValue("product_id"), 10, 64)
	q, err := strconv.ParseInt(r.FormValue("quantity"), 10, 64)
	if err != nil {
		q = 1
	}
	key := s.cartKey(w, r)
	put := s.Carts.Add // a product page adds to what is there; the cart page sets
	if r.FormValue("set") != "" {
		put = s.Carts.Set
	}
	if err := put(r.Context(), key, id, q); err != nil {
		if platform.ErrorKind(err) == platform.KindInternal {
			return err
		}
		f, ferr := s.cartForm(r)
		if ferr != nil {
			return ferr
		}
		return s.showCart(w, r, key, err, f)
	}
	http.Redirect(w, r, "/keranjang", http.StatusSeeOther)
	return nil
}

type cartPage struct {
	Page
	Cart      order.Cart
	Message   string
	Form      Form
	Regencies []region.Regency
	Provinces []region.Province
	// Idem is this form's idempotency key: pressing "Pesan" twice on a slow
	// connection makes one set of orders; a new visit makes a new key.
	Idem string
	// Quote is what ordering will charge for the form's delivery choice
	// (nil: not known yet, e.g. no destination chosen).
	Quote *order.Quote
}

// cartForm is the checkout form of a new visit: by courier, the simulator,
// and the buyer's last address.
func (s *server) cartForm(r *http.Request) (Form, error) {
	f := NewForm(r)
	f.Values["delivery"], f.Values["payment"] = "courier", "simulator"
	return f, s.prefillAddress(r, f)
}

func (s *server) cartPage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.cartForm(r)
	if err != nil {
		return err
	}
	return s.showCart(w, r, s.cartKey(w, r), nil, f)
}

func (s *server) showCart(w http.ResponseWriter, r *http.Request, key string, problem error, f Form) error {
	cart, err := s.Carts.Get(r.Context(), key)
	if err != nil {
		return err
	}
	p := &cartPage{Page: s.pageT(r, "title_cart"), Cart: cart, Form: f, Regencies: region.AllRegencies(), Provinces: region.Provinces(),
		Idem: f.Values["idem"]}
	if p.Idem == "" {
		p.Idem = newToken()
	}
	// A guest has no checkout form to price: logging in comes first.
	asked := asksQuote(r)
	if !platform.ActorFrom(r.Context()).Anonymous() {
		if p.Quote, err = s.cartQuote(r, cart, &p.Form, asked); err != nil {
			return err
		}
	}
	status := http.StatusOK
	if asked && len(p.Form.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	if problem != nil {
		p.Message, status = errText(r, problem), http.StatusUnprocessableEntity
		if platform.ErrorKind(problem) == platform.KindConflict {
			status = http.StatusConflict // stock or price changed: look again, then order
		}
	}
	s.render(w, r, status, "cart", p)
	return nil
}

func (s *server) checkout(w http.ResponseWriter, r *http.Request) error {
	a := platform.ActorFrom(r.Context())
	if a.Anonymous() {
		http.Redirect(w, r, "/masuk?next=%2Fkeranjang", http.StatusSeeOther)
		return nil
	}
	f := FormFromRequest(r, "name", "phone", "street", "regency_code", "delivery", "payment", "idem")
	key := order.UserCartKey(a.UserID)
	if asksQuote(r) { // "Hitung ongkir": the same page with the cost, nothing ordered
		return s.showCart(w, r, key, nil, f)
	}
	cart, err := s.Carts.Get(r.Context(), key)
	if err != nil {
		return err
	}
	req := order.CheckoutRequest{DeliveryMethod: f.Values["delivery"], PaymentProvider: f.Values["payment"], EventID: expoOf(r),
		Address: order.Address{Name: f.Values["name"], Phone: f.Values["phone"], Street: f.Values["street"], RegencyCode: f.Values["regency_code"]}}
	var umkmIDs []int64
	for _, g := range cart.Groups {
		umkmIDs = append(umkmIDs, g.UMKMID)
	}
	req.ShownShipping = shownShipping(r, umkmIDs...)
	// The cart page sends the unit price it showed for each line: the
	// service refuses the checkout if one differs now, and a line the page
	// did not show (added in another tab) is refused here.
	unseen := false
	for _, g := range cart.Groups {
		for _, l := range g.Lines {
			it := order.LineRequest{ProductID: l.ProductID, Quantity: l.Quantity}
			if v, err := strconv.ParseInt(r.FormValue(shownPriceField(l.ProductID)), 10, 64); err == nil {
				it.ShownPrice = &v
			} else {
				unseen = true
			}
			req.Items = append(req.Items, it)
		}
	}
	if unseen {
		err = platform.Errorf(platform.KindConflict, "Keranjang berubah sejak ditampilkan: periksa lalu pesan lagi")
		f.SetError(err)
		return s.showCart(w, r, key, err, f)
	}
	res, err := s.Orders.Checkout(r.Context(), req, f.Values["idem"])
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		f.liftErrors("address.")
		for _, fe := range errFields(r, err) {
			var i int
			if n, _ := fmt.Sscanf(fe.Field, "items[%d]", &i); n == 1 && i >= 0 && i < len(req.Items) {
				f.Errors[lineField(req.Items[i].ProductID)] = fe.Message
			}
		}
		return s.showCart(w, r, key, err, f)
	}
	if len(res.Payments) > 0 && res.Payments[0].Provider != order.Transfer {
		http.Redirect(w, r, "/bayar/"+strconv.FormatInt(res.Payments[0].ID, 10), http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/pesanan", http.StatusSeeOther)
	return nil
}

// shownPriceField names the cart form's hidden field with the unit price
// the page showed for a product; lineField names where a line's error shows.
func shownPriceField(productID int64) string { return "price_" + strconv.FormatInt(productID, 10) }
func lineField(productID int64) string       { return "line_" + strconv.FormatInt(productID, 10) }

type payPage struct {
	Page
	Payment order.Payment
	QR      template.HTML
	CanSim  bool
	// Orders are what the payment covers that this visitor may see, each
	// with its UMKM's name (a checkout across two UMKM pays two orders).
	Orders []payOrder
	// Province gives the deadline's time zone: the delivery address's
	// province (WIB by default).
	Province string
	Pending  bool
	Expired  bool // still pending, but past its deadline
	Left     string
	// Payer is true for who pays (the QR image download is theirs alone).
	Payer bool
}

type payOrder struct {
	order.Order
	UMKMName string
}

// paymentFromPath is the payment of the path's {id} as its reader may see it.
func (s *server) paymentFromPath(r *http.Request) (order.Payment, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return order.Payment{}, err
	}
	if err := requireAccount(r); err != nil {
		return order.Payment{}, err
	}
	return s.Payments.Get(r.Context(), id)
}

func (s *server) payPage(w http.ResponseWriter, r *http.Request) error {
	pm, err := s.paymentFromPath(r)
	if err != nil {
		return err
	}
	p := &payPage{Page: s.pageT(r, "title_pay"), Payment: pm, Pending: pm.Status == payment.StatusPending}
	for _, oid := range pm.OrderIDs {
		o, err := s.Orders.Get(r.Context(), oid)
		if err != nil {
			continue // a member's share of a group order shows the share only
		}
		po := payOrder{Order: o}
		if u, err := s.UMKM.Get(r.Context(), o.UMKMID); err == nil {
			po.UMKMName = u.Name
		}
		p.Orders = append(p.Orders, po)
		if p.Province == "" {
			if rg, ok := region.RegencyByCode(o.Address.RegencyCode); ok {
				p.Province = rg.ProvinceCode
			}
		}
	}
	if p.Pending {
		left := time.Until(pm.ExpiresAt)
		p.Expired = left <= 0
		if !p.Expired {
			p.Left = timeLeft(p.Lang, left)
		}
	}
	p.Payer = s.Payments.MayPay(r.Context(), pm) == nil
	if pm.QRIS != "" && p.Pending {
		if p.QR, err = qrSVG(pm.QRIS, "QRIS"); err != nil {
			return err
		}
	}
	p.CanSim = s.Payments.Simulated(pm) && p.Payer
	s.render(w, r, http.StatusOK, "pay", p)
	return nil
}

// payQR serves a pending payment's QRIS as a PNG to save on the phone, to
// its payer only: whoever cannot see the payment gets 404, one who sees it
// but does not pay it (the seller) 403.
func (s *server) payQR(w http.ResponseWriter, r *http.Request) error {
	pm, err := s.paymentFromPath(r)
	if err != nil {
		return err
	}
	if err := s.Payments.MayPay(r.Context(), pm); err != nil {
		return err
	}
	if pm.QRIS == "" || pm.Status != payment.StatusPending {
		return platform.NotFound("Kode QR")
	}
	png, err := qrPNG(pm.QRIS)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("Content-Disposition", `attachment; filename="gerai-bayar-`+strconv.FormatInt(pm.ID, 10)+`.png"`)
	h.Set("Cache-Control", "private, no-store")
	w.Write(png)
	return nil
}

func (s *server) paySimulate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Payments.SimulatePaid(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/pesanan", http.StatusSeeOther)
	return nil
}

type ordersPage struct {
	Page
	Orders []order.Order
	Names  map[int64]string // UMKM names
	Seller bool
	Counts map[order.Status]int
	// Statuses are the filters of a seller's list, typed like Counts' keys.
	Statuses []order.Status
	UMKM     *umkm.UMKM
	Message  string
	// PayLinks are the buyer's unpaid orders' payment pages (order id → payment id).
	PayLinks map[int64]int64
}

func (s *server) buyerOrders(w http.ResponseWriter, r *http.Request) error {
	if err := requireAccount(r); err != nil {
		return err
	}
	list, err := s.Orders.List(r.Context(), order.ListFilter{})
	if err != nil {
		return err
	}
	p := &ordersPage{Page: s.pageT(r, "title_my_orders"), Orders: list, Names: s.umkmNames(r, list)}
	if p.PayLinks, err = s.Orders.PayLinks(r.Context(), list); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "orders", p)
	return nil
}

func (s *server) umkmNames(r *http.Request, list []order.Order) map[int64]string {
	names := map[int64]string{}
	for _, o := range list {
		if _, ok := names[o.UMKMID]; !ok {
			if u, err := s.UMKM.Get(r.Context(), o.UMKMID); err == nil {
				names[o.UMKMID] = u.Name
			}
		}
	}
	return names
}

func (s *server) sellerOrders(w http.ResponseWriter, r *http.Request) error {
	u, err := s.umkmFromPath(r, umkm.CanUpdate)
	if err != nil {
		return err
	}
	st := order.Status(r.URL.Query().Get("status"))
	list, err := s.Orders.List(r.Context(), order.ListFilter{UMKMID: u.ID, Status: st, Limit: 100})
	if err != nil {
		return err
	}
	counts, err := s.Orders.Counts(r.Context(), u.ID)
	if err != nil {
		return err
	}
	p := &ordersPage{Page: s.pageT(r, "title_umkm_orders", u.Name), Orders: list, Names: map[int64]string{u.ID: u.Name},
		Seller: true, Counts: counts, Statuses: order.Statuses, UMKM: &u}
	s.render(w, r, http.StatusOK, "orders", p)
	return nil
}

type orderPage struct {
	Page
	Order    order.Order
	UMKM     umkm.UMKM
	Seller   bool
	Buyer    bool
	WALink   string
	Payments []order.Payment
	Form     Form
	// Actions are the steps this visitor may take now (the service checks again).
	Actions []order.Status
	// Tracking is the courier's tracking page of a shipped order, when known.
	Tracking *order.Tracking
}

func (s *server) orderPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showOrder(w, r, id, http.StatusOK, NewForm(r))
}

func (s *server) showOrder(w http.ResponseWriter, r *http.Request, id int64, status int, f Form) error {
	o, err := s.Orders.Get(r.Context(), id)
	if err != nil {
		return err
	}
	u, err := s.UMKM.Get(r.Context(), o.UMKMID)
	if err != nil {
		return err
	}
	a := platform.ActorFrom(r.Context())
	p := &orderPage{Page: s.pageT(r, "title_order", o.ID), Order: o, UMKM: u,
		Buyer: a.UserID == o.BuyerID, Seller: umkm.CanManage(r.Context(), u) == nil && a.UserID != o.BuyerID, Form: f}
	switch {
	case p.Seller:
		p.Actions = map[order.Status][]order.Status{
			order.AwaitingPayment: {order.Paid, order.Cancelled},
			order.Paid:            {order.Processing, order.Cancelled},
			order.Processing:      {order.Shipped, order.Cancelled},
		}[o.Status]
		if o.AwaitsCampaign() && o.Status == order.Paid {
			p.Actions = []order.Status{order.Cancelled} // processed once the campaign settles (the service refuses before)
		}
	case p.Buyer:
		p.Actions = map[order.Status][]order.Status{
			order.AwaitingPayment: {order.Cancelled},
			order.Shipped:         {order.Completed},
		}[o.Status]
		// The way back to the payment page, for a buyer who left it unpaid.
		if o.Status == order.AwaitingPayment {
			if p.Payments, err = s.Orders.PaymentsOf(r.Context(), o.ID); err != nil {
				return err
			}
		}
	}
	if t, ok := o.Tracking(); ok {
		p.Tracking = &t
	}
	text := "Halo, tentang pesanan Gerai #" + strconv.FormatInt(o.ID, 10)
	if p.Buyer && u.WhatsApp != "" {
		p.WALink = idn.WhatsAppLink(u.WhatsApp, text)
	} else if p.Seller {
		p.WALink = idn.WhatsAppLink(o.Address.Phone, text)
	}
	s.render(w, r, status, "order", p)
	return nil
}

func (s *server) orderTransition(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, "to", "reason", "courier", "tracking_number", "received")
	if order.Status(f.Values["to"]) == order.Completed && f.Values["received"] != "1" {
		// Completing releases the money to the seller and cannot be undone:
		// the buyer ticks that the goods arrived. showOrder reads the order
		// as the actor first, so a stranger learns nothing here.
		f.Fail("received", "received_confirm_missing")
		f.Message = f.Errors["received"]
		return s.showOrder(w, r, id, f.Status(), f)
	}
	_, err = s.Orders.Transition(r.Context(), id, order.TransitionRequest{To: order.Status(f.Values["to"]), Reason: f.Values["reason"],
		Courier: f.Values["courier"], TrackingNumber: f.Values["tracking_number"]})
	if err != nil {
		if !f.SetError(err) && platform.ErrorKind(err) != platform.KindForbidden {
			return err
		}
		if f.Message == "" {
			f.Message = errText(r, err)
		}
		return s.showOrder(w, r, id, f.Status(), f)
	}
	http.Redirect(w, r, "/pesanan/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
