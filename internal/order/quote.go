package order

import (
	"context"
	"errors"
	"fmt"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// A buyer sees the delivery cost before committing (issue 10): QuoteCart and
// QuoteJoin show what Checkout and JoinCampaign charge, and both sides go
// through priceParts, so a quote and its order cannot compute shipping two
// ways. The order repeats the computation at the rate of the moment; when
// the buyer's form carries the costs it showed (ShownShipping), a
// difference refuses the order so that the buyer looks again
// (docs/decisions/0021-shipping-before-committing.md).

// part is one UMKM's share of a checkout, priced: the lines it sends, their
// goods, weight and delivery.
type part struct {
	umkmID   int64
	lines    []lineSnapshot
	subtotal int64
	weight   int64
	shipping int64
}

// priceParts splits lines per UMKM (in the order first seen) and prices
// each part's delivery by method to toRegency: nothing for a pickup, the
// rate provider's cost from the first line's regency for a courier. It is
// the one computation of shipping for quotes and orders. Errors: invalid
// beside address.regency_code when no courier takes a part (ErrNoRate).
func (s *Service) priceParts(ctx context.Context, method, toRegency string, lines []lineSnapshot) ([]part, error) {
	var parts []part
	index := map[int64]int{}
	for _, l := range lines {
		i, ok := index[l.UMKMID]
		if !ok {
			i = len(parts)
			index[l.UMKMID] = i
			parts = append(parts, part{umkmID: l.UMKMID})
		}
		p := &parts[i]
		p.lines = append(p.lines, l)
		p.subtotal += l.Price * l.Quantity
		p.weight += l.WeightGrams * l.Quantity
	}
	if method != Courier {
		return parts, nil
	}
	for i := range parts {
		p := &parts[i]
		cost, err := s.shipping.Quote(ctx, Shipment{UMKMID: p.umkmID, FromRegency: p.lines[0].Regency, ToRegency: toRegency, WeightGrams: p.weight})
		if errors.Is(err, ErrNoRate) {
			return nil, s.noRate(ctx, p.umkmID, toRegency)
		}
		if err != nil {
			return nil, err
		}
		p.shipping = cost
	}
	return parts, nil
}

// noRate says which UMKM does not deliver where, beside the destination.
func (s *Service) noRate(ctx context.Context, umkmID int64, toRegency string) error {
	name := "Penjual"
	if u, err := s.registry.Get(ctx, umkmID); err == nil {
		name = u.Name
	}
	return platform.Invalid("address.regency_code", "%s tidak mengirim ke %s lewat kurir: pilih ambil sendiri atau tujuan lain",
		name, region.Label(toRegency))
}

// checkShown refuses parts whose delivery costs differ from those the buyer
// was shown: shown maps a UMKM to the cost its page showed (nil: nothing to
// compare, as for an API client; a UMKM missing from it was shown no cost,
// which only a free delivery matches). The refusal is a conflict with a
// field shipping[UMKM_ID] per part that changed.
func checkShown(shown map[int64]int64, parts []part) error {
	if shown == nil {
		return nil
	}
	var fields []platform.FieldError
	unseen := false
	for _, p := range parts {
		was, ok := shown[p.umkmID]
		switch {
		case was == p.shipping:
		case ok:
			fields = append(fields, platform.Field(ShippingField(p.umkmID), "Ongkir kini %s (tadinya %s)", idn.Rupiah(p.shipping), idn.Rupiah(was)))
		default:
			unseen = true
			fields = append(fields, platform.Field(ShippingField(p.umkmID), "Ongkir %s", idn.Rupiah(p.shipping)))
		}
	}
	switch {
	case len(fields) == 0:
		return nil
	case unseen:
		return &platform.Error{Kind: platform.KindConflict, Fields: fields,
			Message: "Ongkos kirim belum ditampilkan: periksa ongkir dan total lalu pesan lagi"}
	}
	return &platform.Error{Kind: platform.KindConflict, Fields: fields,
		Message: "Ongkos kirim berubah sejak ditampilkan (tarif atau pilihan pengiriman berubah): periksa total baru lalu pesan lagi"}
}

// ShippingField names the error field of a UMKM's delivery cost in a
// refused checkout.
func ShippingField(umkmID int64) string { return fmt.Sprintf("shipping[%d]", umkmID) }

// Quote is what ordering some lines would charge now: each UMKM's order
// (a checkout splits per UMKM) and the sum.
type Quote struct {
	DeliveryMethod string        `json:"delivery_method"`
	RegencyCode    string        `json:"regency_code,omitempty"`
	Orders         []QuotedOrder `json:"orders"`
	Subtotal       int64         `json:"subtotal"`
	Shipping       int64         `json:"shipping"`
	Total          int64         `json:"total"`
}

// QuotedOrder is one UMKM's order in a Quote.
type QuotedOrder struct {
	UMKMID       int64 `json:"umkm_id"`
	Subtotal     int64 `json:"subtotal"`
	WeightGrams  int64 `json:"weight_grams"`
	ShippingCost int64 `json:"shipping_cost"`
	Total        int64 `json:"total"`
}

// For returns the quoted order of a UMKM (nil: none).
func (q *Quote) For(umkmID int64) *QuotedOrder {
	if q == nil {
		return nil
	}
	for i := range q.Orders {
		if q.Orders[i].UMKMID == umkmID {
			return &q.Orders[i]
		}
	}
	return nil
}

// Shown is the map of delivery costs a page that showed q sends back with
// its order (CheckoutRequest.ShownShipping).
func (q *Quote) Shown() map[int64]int64 {
	m := map[int64]int64{}
	if q != nil {
		for _, o := range q.Orders {
			m[o.UMKMID] = o.ShippingCost
		}
	}
	return m
}

func quoteOf(method, regency string, parts []part) Quote {
	q := Quote{DeliveryMethod: method, RegencyCode: regency, Orders: []QuotedOrder{}}
	for _, p := range parts {
		o := QuotedOrder{UMKMID: p.umkmID, Subtotal: p.subtotal, WeightGrams: p.weight, ShippingCost: p.shipping, Total: p.subtotal + p.shipping}
		q.Orders = append(q.Orders, o)
		q.Subtotal += o.Subtotal
		q.Shipping += o.ShippingCost
		q.Total += o.Total
	}
	return q
}

// validateQuote checks what a quote needs of a delivery choice: the method,
// and for a courier the destination (a pickup costs nothing anywhere).
func validateQuote(v *platform.Validation, method, regency string) {
	checkMethod(v, method)
	if method == Courier {
		v.Merge(region.RegencyProblem("address.regency_code", regency))
	}
}

// QuoteCart prices the checkout of a cart as it stands (Carts.Get): each
// UMKM order's goods and its delivery by method to regency. Checkout of the
// same cart charges the same, rates unchanged. Rates and prices are
// public, so anyone may ask. Errors: invalid beside delivery.method or
// address.regency_code (unknown, or no courier takes a part there).
func (s *Service) QuoteCart(ctx context.Context, cart Cart, method, regency string) (Quote, error) {
	var v platform.Validation
	validateQuote(&v, method, regency)
	if err := v.Err(); err != nil {
		return Quote{}, err
	}
	var lines []lineSnapshot
	for _, g := range cart.Groups {
		for _, l := range g.Lines {
			lines = append(lines, lineSnapshot{Item: Item{ProductID: l.ProductID, Name: l.Name, Price: l.Price, Quantity: l.Quantity,
				WeightGrams: l.WeightGrams}, UMKMID: g.UMKMID, Regency: g.RegencyCode})
		}
	}
	parts, err := s.priceParts(ctx, method, regency, lines)
	if err != nil {
		return Quote{}, err
	}
	return quoteOf(method, regency, parts), nil
}

// QuoteJoin prices joining campaign id with req as JoinCampaign would now:
// the quantity at the tier the total reaches with it, and its delivery
// (none given: picked up). Others joining first can only lower the unit
// price. Errors: not found; invalid as JoinCampaign's, and beside
// address.regency_code when no courier takes it there.
func (s *Service) QuoteJoin(ctx context.Context, id int64, req JoinRequest) (Quote, error) {
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return Quote{}, err
	}
	line, err := s.joinLine(ctx, c, &req, false)
	if err != nil {
		return Quote{}, err
	}
	line.Price = PriceAt(c.Tiers, c.TotalQuantity+req.Quantity)
	parts, err := s.priceParts(ctx, req.DeliveryMethod, req.Address.RegencyCode, []lineSnapshot{line})
	if err != nil {
		return Quote{}, err
	}
	return quoteOf(req.DeliveryMethod, req.Address.RegencyCode, parts), nil
}
