package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
)

// The delivery cost before committing (issue 10 §2). The cart and the
// beli-bareng join form show what ordering will charge (order.QuoteCart,
// order.QuoteJoin: the order's own computation), a "Hitung ongkir" button
// asks for it without JavaScript, and the order form sends back the costs
// the page showed (ship_{UMKM} hidden fields): the order is refused when
// they differ, so that the buyer pays exactly what was shown.

// quoteButton names the submit button that asks for the delivery cost
// instead of ordering.
const quoteButton = "quote"

// asksQuote reports whether the form was sent with "Hitung ongkir".
func asksQuote(r *http.Request) bool { return r.PostFormValue(quoteButton) != "" }

// shipField names the hidden field with the delivery cost a page showed
// for a UMKM's order.
func shipField(umkmID int64) string { return "ship_" + strconv.FormatInt(umkmID, 10) }

// ShippingError is the message of a refused order about a UMKM's delivery
// cost ("" when none), shown beside that cost.
func (f Form) ShippingError(umkmID int64) string { return f.Errors[order.ShippingField(umkmID)] }

// shownShipping reads the delivery costs the page showed for umkmIDs. The
// map is never nil: a UMKM without a shown cost is missing, which only a
// free delivery matches (order.CheckoutRequest.ShownShipping).
func shownShipping(r *http.Request, umkmIDs ...int64) map[int64]int64 {
	shown := map[int64]int64{}
	for _, id := range umkmIDs {
		if v, err := strconv.ParseInt(r.PostFormValue(shipField(id)), 10, 64); err == nil {
			shown[id] = v
		}
	}
	return shown
}

// prefillAddress puts the actor's last delivery address (their own, and
// only theirs) into the address fields of a fresh form.
func (s *server) prefillAddress(r *http.Request, f Form) error {
	a, ok, err := s.Orders.LastAddress(r.Context())
	if err != nil || !ok {
		return err
	}
	f.Values["name"], f.Values["phone"], f.Values["street"], f.Values["regency_code"] = a.Name, idn.LocalPhone(a.Phone), a.Street, a.RegencyCode
	return nil
}

// quoteErrors puts a failed quote's field errors beside the form's fields
// (address.regency_code beside regency_code, delivery.method beside the
// delivery choice) and reports whether err was the user's to fix.
func quoteErrors(f *Form, err error) bool {
	if platform.ErrorKind(err) != platform.KindInvalid {
		return false
	}
	for _, fe := range i18n.ErrorFields(f.lang, err) {
		name := strings.TrimPrefix(fe.Field, "address.")
		if fe.Field == "delivery.method" {
			name = "delivery"
		}
		if _, taken := f.Errors[name]; !taken {
			f.Errors[name] = fe.Message
		}
	}
	return true
}

// cartQuote prices the cart for the form's delivery choice. Unless the
// buyer asked (asked), a courier without a destination is not priced yet
// and says nothing; a quote that cannot be made puts its reason beside the
// field (nil quote).
func (s *server) cartQuote(r *http.Request, cart order.Cart, f *Form, asked bool) (*order.Quote, error) {
	method, regency := f.Values["delivery"], f.Values["regency_code"]
	if len(cart.Groups) == 0 || (!asked && method == order.Courier && regency == "") {
		return nil, nil
	}
	q, err := s.Orders.QuoteCart(r.Context(), cart, method, regency)
	if err != nil {
		if quoteErrors(f, err) {
			return nil, nil
		}
		return nil, err
	}
	return &q, nil
}

// joinRequest reads a beli-bareng join form: the quantity, payment, and a
// courier's address (a pickup needs none). false: the quantity is no number.
func joinRequest(r *http.Request, f Form, umkmID int64) (order.JoinRequest, bool) {
	qty, err := strconv.ParseInt(f.Values["quantity"], 10, 64)
	if err != nil {
		return order.JoinRequest{}, false
	}
	req := order.JoinRequest{Quantity: qty, PaymentProvider: f.Values["payment"], ShownShipping: shownShipping(r, umkmID)}
	if f.Values["delivery"] == order.Courier {
		req.DeliveryMethod = order.Courier
		req.Address = order.Address{Name: f.Values["name"], Phone: f.Values["phone"], Street: f.Values["street"], RegencyCode: f.Values["regency_code"]}
	}
	return req, true
}

// joinQuote prices the join form's request as JoinCampaign would (asked:
// the buyer pressed "Hitung ongkir", so a missing destination is said).
func (s *server) joinQuote(r *http.Request, c order.Campaign, f *Form, asked bool) (*order.Quote, error) {
	req, ok := joinRequest(r, *f, c.UMKMID)
	if !ok || (!asked && req.DeliveryMethod == order.Courier && req.Address.RegencyCode == "") {
		return nil, nil
	}
	q, err := s.Orders.QuoteJoin(r.Context(), c.ID, req)
	if err != nil {
		if quoteErrors(f, err) {
			return nil, nil
		}
		return nil, err
	}
	return &q, nil
}
