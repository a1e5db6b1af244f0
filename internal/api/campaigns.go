package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/order"
)

// registerGroupBuying adds the beli-bareng campaign routes.
func (h *handlers) registerGroupBuying(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	create := secured(op("createCampaign", http.MethodPost, "/api/v1/campaigns", "Open a beli-bareng campaign on a product (its seller or agency)", "group buying"))
	create.DefaultStatus = http.StatusCreated
	huma.Register(api, create, h.createCampaign)
	huma.Register(api, op("listCampaigns", http.MethodGet, "/api/v1/campaigns", "Campaigns, newest first", "group buying"), h.listCampaigns)
	huma.Register(api, op("getCampaign", http.MethodGet, "/api/v1/campaigns/{id}", "A campaign: total joined, current price and next tier", "group buying"), h.getCampaign)
	huma.Register(api, secured(op("setCampaignTiers", http.MethodPut, "/api/v1/campaigns/{id}/tiers", "Change a campaign's tiers (only before anyone joins)", "group buying")), h.setCampaignTiers)
	join := secured(op("joinCampaign", http.MethodPost, "/api/v1/campaigns/{id}/join", "Join a campaign and open its payment", "group buying"))
	join.DefaultStatus = http.StatusCreated
	huma.Register(api, join, h.joinCampaign)
	huma.Register(api, secured(op("getCampaignJoin", http.MethodGet, "/api/v1/campaigns/{id}/join", "The buyer's own participation", "group buying")), h.getCampaignJoin)
	huma.Register(api, secured(op("leaveCampaign", http.MethodDelete, "/api/v1/campaigns/{id}/join", "Leave a running campaign (refunded when paid)", "group buying")), h.leaveCampaign)
}

// TierIn is a price from a quantity on.
type TierIn struct {
	MinQuantity int64 `json:"min_quantity" minimum:"1"`
	Price       int64 `json:"price" minimum:"1"`
}

func tiersIn(in []TierIn) []order.Tier {
	out := make([]order.Tier, len(in))
	for i, t := range in {
		out[i] = order.Tier{MinQuantity: t.MinQuantity, Price: t.Price}
	}
	return out
}

// CampaignIn is the body of POST /api/v1/campaigns.
type CampaignIn struct {
	ProductID      int64     `json:"product_id" minimum:"1"`
	Tiers          []TierIn  `json:"tiers" minItems:"1" maxItems:"10" doc:"Unit price by the campaign's total quantity"`
	MinTotal       int64     `json:"min_total" minimum:"1" doc:"Total quantity the campaign needs by the deadline, or it fails and everyone is refunded"`
	PerPersonLimit int64     `json:"per_person_limit" minimum:"1"`
	Stock          int64     `json:"stock" minimum:"1" doc:"Units set aside from the product's stock"`
	Deadline       time.Time `json:"deadline"`
}

// NextTierOut is the next cheaper tier and how many more units unlock it.
type NextTierOut struct {
	MinQuantity int64 `json:"min_quantity"`
	Price       int64 `json:"price"`
	UnitsNeeded int64 `json:"units_needed"`
}

// CampaignOut is a campaign as the API shows it.
type CampaignOut struct {
	ID             int64        `json:"id"`
	Status         string       `json:"status" enum:"berjalan,berhasil,gagal"`
	UMKMID         int64        `json:"umkm_id"`
	UMKMName       string       `json:"umkm_name"`
	ProductID      int64        `json:"product_id"`
	ProductName    string       `json:"product_name"`
	NormalPrice    int64        `json:"normal_price"`
	Tiers          []order.Tier `json:"tiers"`
	MinTotal       int64        `json:"min_total"`
	PerPersonLimit int64        `json:"per_person_limit"`
	Stock          int64        `json:"stock"`
	TotalQuantity  int64        `json:"total_quantity"`
	CurrentPrice   int64        `json:"current_price"`
	NextTier       *NextTierOut `json:"next_tier"`
	Deadline       time.Time    `json:"deadline"`
	FinalPrice     int64        `json:"final_price,omitempty" doc:"Set when the campaign succeeded"`
	SettledAt      *time.Time   `json:"settled_at,omitempty"`
}

func campaignOut(c order.Campaign) CampaignOut {
	out := CampaignOut{ID: c.ID, Status: string(c.Status), UMKMID: c.UMKMID, UMKMName: c.UMKMName, ProductID: c.ProductID,
		ProductName: c.ProductName, NormalPrice: c.NormalPrice, Tiers: c.Tiers, MinTotal: c.MinTotal, PerPersonLimit: c.PerPersonLimit,
		Stock: c.Stock, TotalQuantity: c.TotalQuantity, CurrentPrice: c.CurrentPrice(), Deadline: c.Deadline,
		FinalPrice: c.FinalPrice, SettledAt: c.SettledAt}
	if c.Status == order.CampaignSucceeded {
		out.CurrentPrice = c.FinalPrice
	}
	if t, ok := c.NextTier(); ok && c.Status == order.CampaignRunning {
		out.NextTier = &NextTierOut{MinQuantity: t.MinQuantity, Price: t.Price, UnitsNeeded: t.MinQuantity - c.TotalQuantity}
	}
	return out
}

type campaignResp struct{ Body CampaignOut }

func (h *handlers) createCampaign(ctx context.Context, in *struct{ Body CampaignIn }) (*campaignResp, error) {
	c, err := h.Orders.CreateCampaign(ctx, order.NewCampaign{ProductID: in.Body.ProductID, Tiers: tiersIn(in.Body.Tiers),
		MinTotal: in.Body.MinTotal, PerPersonLimit: in.Body.PerPersonLimit, Stock: in.Body.Stock, Deadline: in.Body.Deadline})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &campaignResp{Body: campaignOut(c)}, nil
}

func (h *handlers) getCampaign(ctx context.Context, in *IDPath) (*campaignResp, error) {
	c, err := h.Orders.Campaign(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &campaignResp{Body: campaignOut(c)}, nil
}

func (h *handlers) listCampaigns(ctx context.Context, in *struct {
	UMKMID  int64 `query:"umkm_id" minimum:"0"`
	Running bool  `query:"running" doc:"Only campaigns open for joining"`
}) (*struct {
	Body struct {
		Items []CampaignOut `json:"items"`
	}
}, error) {
	cs, err := h.Orders.Campaigns(ctx, order.CampaignFilter{UMKMID: in.UMKMID, Running: in.Running})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	out := &struct {
		Body struct {
			Items []CampaignOut `json:"items"`
		}
	}{}
	out.Body.Items = []CampaignOut{}
	for _, c := range cs {
		out.Body.Items = append(out.Body.Items, campaignOut(c))
	}
	return out, nil
}

func (h *handlers) setCampaignTiers(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Tiers []TierIn `json:"tiers" minItems:"1" maxItems:"10"`
	}
}) (*campaignResp, error) {
	c, err := h.Orders.SetCampaignTiers(ctx, in.ID, tiersIn(in.Body.Tiers))
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &campaignResp{Body: campaignOut(c)}, nil
}

// JoinIn is the body of POST /api/v1/campaigns/{id}/join. Without delivery
// the goods are picked up at the UMKM.
type JoinIn struct {
	Quantity        int64               `json:"quantity" minimum:"1" maximum:"10000"`
	PaymentProvider string              `json:"payment_provider" enum:"simulator,midtrans,xendit,transfer,qris_umkm"`
	Delivery        *CheckoutDeliveryIn `json:"delivery,omitempty"`
	Address         *CheckoutAddressIn  `json:"address,omitempty"`
}

// ParticipationOut is a buyer's join with its order and payment.
type ParticipationOut struct {
	ID         int64       `json:"id"`
	CampaignID int64       `json:"campaign_id"`
	OrderID    int64       `json:"order_id"`
	Quantity   int64       `json:"quantity"`
	UnitPrice  int64       `json:"unit_price" doc:"Price per unit when joining; the final price is never higher"`
	State      string      `json:"state" enum:"active,left,to_confirm,to_cancel,confirmed,cancelled"`
	Refund     int64       `json:"refund" doc:"Difference refunded at settlement"`
	Payment    *PaymentOut `json:"payment"`
}

func participationOut(p order.Participation) ParticipationOut {
	out := ParticipationOut{ID: p.ID, CampaignID: p.CampaignID, OrderID: p.OrderID, Quantity: p.Quantity,
		UnitPrice: p.UnitPrice, State: p.State, Refund: p.Refund}
	if n := len(p.Payments); n > 0 {
		pay := paymentOut(p.Payments[n-1])
		out.Payment = &pay
	}
	return out
}

type participationResp struct{ Body ParticipationOut }

func (h *handlers) joinCampaign(ctx context.Context, in *struct {
	IDPath
	Body JoinIn
}) (*participationResp, error) {
	req := order.JoinRequest{Quantity: in.Body.Quantity, PaymentProvider: in.Body.PaymentProvider}
	if in.Body.Delivery != nil {
		req.DeliveryMethod = in.Body.Delivery.Method
		if a := in.Body.Address; a != nil {
			req.Address = order.Address{Name: a.Name, Phone: a.Phone, Street: a.Street, RegencyCode: a.RegencyCode}
		}
	}
	p, err := h.Orders.JoinCampaign(ctx, in.ID, req)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &participationResp{Body: participationOut(p)}, nil
}

func (h *handlers) getCampaignJoin(ctx context.Context, in *IDPath) (*participationResp, error) {
	p, ok, err := h.Orders.MyParticipation(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	if !ok {
		return nil, huma.Error404NotFound("Anda belum ikut beli bareng ini")
	}
	return &participationResp{Body: participationOut(p)}, nil
}

func (h *handlers) leaveCampaign(ctx context.Context, in *IDPath) (*participationResp, error) {
	p, err := h.Orders.LeaveCampaign(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &participationResp{Body: participationOut(p)}, nil
}
