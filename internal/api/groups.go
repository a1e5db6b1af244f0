package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/order"
)

// registerGroups adds groups (kelompok) and group orders.
func (h *handlers) registerGroups(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	created := func(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusCreated; return o }
	huma.Register(api, created(secured(op("createGroup", http.MethodPost, "/api/v1/groups", "Make a group (kelompok); you are its coordinator", "groups"))), h.createGroup)
	huma.Register(api, secured(op("listGroups", http.MethodGet, "/api/v1/groups", "Your groups", "groups")), h.listGroups)
	huma.Register(api, secured(op("getGroup", http.MethodGet, "/api/v1/groups/{id}", "A group and its members (members only)", "groups")), h.getGroup)
	huma.Register(api, secured(op("joinGroup", http.MethodPost, "/api/v1/groups/join", "Join a group with its invite token", "groups")), h.joinGroup)
	huma.Register(api, created(secured(op("openGroupOrder", http.MethodPost, "/api/v1/groups/{id}/orders", "Open a group order (coordinator)", "groups"))), h.openGroupOrder)
	huma.Register(api, secured(op("listGroupOrders", http.MethodGet, "/api/v1/groups/{id}/orders", "A group's orders", "groups")), h.listGroupOrders)
	huma.Register(api, secured(op("getGroupOrder", http.MethodGet, "/api/v1/group-orders/{id}", "A group order: every member's items and, once ordered, their shares", "groups")), h.getGroupOrder)
	huma.Register(api, secured(op("setGroupOrderItem", http.MethodPut, "/api/v1/group-orders/{id}/items/{product_id}", "Set your own quantity of a product (0 removes it)", "groups")), h.setGroupItem)
	huma.Register(api, secured(op("updateGroupOrderLine", http.MethodPatch, "/api/v1/group-orders/{id}/lines/{line_id}", "Change one of your own lines (0 removes it); another member's line is refused", "groups")), h.updateGroupLine)
	huma.Register(api, secured(op("closeGroupOrder", http.MethodPost, "/api/v1/group-orders/{id}/close", "Close a group order to changes (coordinator)", "groups")), h.closeGroupOrder)
	huma.Register(api, secured(op("checkoutGroupOrder", http.MethodPost, "/api/v1/group-orders/{id}/checkout", "Order a closed group order: one order per UMKM, one address; coordinator pays all or each member a share", "groups")), h.checkoutGroupOrder)
}

type groupResp struct{ Body order.Group }

func (h *handlers) createGroup(ctx context.Context, in *struct {
	Body struct {
		Name string `json:"name" maxLength:"120"`
	}
}) (*groupResp, error) {
	g, err := h.Orders.CreateGroup(ctx, in.Body.Name)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &groupResp{Body: g}, nil
}

func (h *handlers) listGroups(ctx context.Context, _ *struct{}) (*struct {
	Body struct {
		Items []order.Group `json:"items"`
	}
}, error) {
	gs, err := h.Orders.MyGroups(ctx)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	out := &struct {
		Body struct {
			Items []order.Group `json:"items"`
		}
	}{}
	out.Body.Items = gs
	return out, nil
}

func (h *handlers) getGroup(ctx context.Context, in *IDPath) (*groupResp, error) {
	g, err := h.Orders.Group(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &groupResp{Body: g}, nil
}

func (h *handlers) joinGroup(ctx context.Context, in *struct {
	Body struct {
		Token string `json:"token" maxLength:"100"`
	}
}) (*groupResp, error) {
	g, err := h.Orders.JoinGroup(ctx, in.Body.Token)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &groupResp{Body: g}, nil
}

type groupOrderResp struct{ Body order.GroupOrder }

func (h *handlers) groupOrderResult(ctx context.Context) func(order.GroupOrder, error) (*groupOrderResp, error) {
	return func(o order.GroupOrder, err error) (*groupOrderResp, error) {
		if err != nil {
			return nil, h.problem(ctx, err)
		}
		if o.Items == nil {
			o.Items = []order.GroupItem{}
		}
		if o.Shares == nil {
			o.Shares = []order.GroupShare{}
		}
		if o.OrderIDs == nil {
			o.OrderIDs = []int64{}
		}
		return &groupOrderResp{Body: o}, nil
	}
}

func (h *handlers) openGroupOrder(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Title string `json:"title" maxLength:"120"`
	}
}) (*groupOrderResp, error) {
	return h.groupOrderResult(ctx)(h.Orders.OpenGroupOrder(ctx, in.ID, in.Body.Title))
}

func (h *handlers) listGroupOrders(ctx context.Context, in *IDPath) (*struct {
	Body struct {
		Items []order.GroupOrder `json:"items"`
	}
}, error) {
	list, err := h.Orders.GroupOrders(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	out := &struct {
		Body struct {
			Items []order.GroupOrder `json:"items"`
		}
	}{}
	out.Body.Items = list
	return out, nil
}

func (h *handlers) getGroupOrder(ctx context.Context, in *IDPath) (*groupOrderResp, error) {
	return h.groupOrderResult(ctx)(h.Orders.GroupOrder(ctx, in.ID))
}

func (h *handlers) setGroupItem(ctx context.Context, in *struct {
	IDPath
	ProductID int64 `path:"product_id" minimum:"1"`
	Body      struct {
		Quantity int64 `json:"quantity" minimum:"0" maximum:"10000"`
	}
}) (*groupOrderResp, error) {
	return h.groupOrderResult(ctx)(h.Orders.SetGroupItem(ctx, in.ID, in.ProductID, in.Body.Quantity))
}

func (h *handlers) updateGroupLine(ctx context.Context, in *struct {
	IDPath
	LineID int64 `path:"line_id" minimum:"1"`
	Body   struct {
		Quantity int64 `json:"quantity" minimum:"0" maximum:"10000"`
	}
}) (*groupOrderResp, error) {
	return h.groupOrderResult(ctx)(h.Orders.UpdateGroupItem(ctx, in.ID, in.LineID, in.Body.Quantity))
}

func (h *handlers) closeGroupOrder(ctx context.Context, in *IDPath) (*groupOrderResp, error) {
	return h.groupOrderResult(ctx)(h.Orders.CloseGroupOrder(ctx, in.ID))
}

func (h *handlers) checkoutGroupOrder(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Delivery        CheckoutDeliveryIn `json:"delivery"`
		Address         CheckoutAddressIn  `json:"address"`
		PaymentProvider string             `json:"payment_provider" enum:"simulator,midtrans,xendit,transfer,qris_umkm"`
		PayMode         string             `json:"pay_mode" enum:"coordinator,each" doc:"coordinator pays the whole, or each member pays their share"`
	}
}) (*groupOrderResp, error) {
	b := in.Body
	return h.groupOrderResult(ctx)(h.Orders.CheckoutGroupOrder(ctx, in.ID, order.GroupCheckout{DeliveryMethod: b.Delivery.Method,
		Address:         order.Address{Name: b.Address.Name, Phone: b.Address.Phone, Street: b.Address.Street, RegencyCode: b.Address.RegencyCode},
		PaymentProvider: b.PaymentProvider, PayMode: b.PayMode}))
}
