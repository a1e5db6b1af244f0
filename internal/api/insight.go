package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/umkm"
)

// registerInsight adds the cooperation's and the registry's figures (issue 13).
func (h *handlers) registerInsight(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	o := op("insightFlows", http.MethodGet, "/api/v1/insight/flows",
		"B2C sales by seller province × buyer province × month: paid orders, refunds netted (admin: all; an agency: where its province sells or buys)", "insight")
	o.Security = bearer
	huma.Register(api, o, h.insightFlows)
	o = op("insightSales", http.MethodGet, "/api/v1/insight/sales",
		"The orders behind the sales figures, newest first (no buyer's name: the province the goods went to)", "insight")
	o.Security = bearer
	huma.Register(api, o, h.insightSales)
	o = op("insightRegistry", http.MethodGet, "/api/v1/insight/registry",
		"A province's registry: UMKM by regency × scale × category × status, the verification backlog and median days, registrations by month, and the UMKM that moved up a class by their sales in Gerai", "insight")
	o.Security = bearer
	huma.Register(api, o, h.insightRegistry)
}

type flowsOut struct {
	Body struct {
		Flows []sales.Flow `json:"flows"`
		// Overflow: a sum reached the int64 bound and stops there.
		Overflow bool `json:"overflow,omitempty"`
	}
}

func (h *handlers) insightFlows(ctx context.Context, in *struct {
	From string `query:"from" example:"2026-01" doc:"First month (YYYY-MM)"`
	To   string `query:"to" example:"2026-12" doc:"Last month (YYYY-MM)"`
}) (*flowsOut, error) {
	f, err := h.Sales.Flows(ctx, sales.Filter{From: in.From, To: in.To})
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	out := &flowsOut{}
	out.Body.Flows, out.Body.Overflow = f.Rows, f.Overflow
	if out.Body.Flows == nil {
		out.Body.Flows = []sales.Flow{}
	}
	return out, nil
}

type salesOut struct {
	Body struct {
		Sales []sales.SalesOrder `json:"sales"`
		// Before is the order id to ask the next page with, 0 at the end.
		Before int64 `json:"before,omitempty"`
	}
}

func (h *handlers) insightSales(ctx context.Context, in *struct {
	From           string `query:"from" example:"2026-01"`
	To             string `query:"to" example:"2026-12"`
	SellerProvince string `query:"seller_province" example:"16"`
	BuyerProvince  string `query:"buyer_province" example:"32"`
	Kind           string `query:"kind" enum:"single,group,campaign,expo," doc:"Kind of order"`
	Before         int64  `query:"before" doc:"Orders before this id (the previous page's before)"`
}) (*salesOut, error) {
	const page = 50
	list, err := h.Sales.Sales(ctx, sales.Filter{From: in.From, To: in.To, SellerProvince: in.SellerProvince,
		BuyerProvince: in.BuyerProvince, Kind: in.Kind}, in.Before, page+1)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	out := &salesOut{}
	if len(list) > page {
		list = list[:page]
		out.Body.Before = list[page-1].OrderID
	}
	out.Body.Sales = list
	if out.Body.Sales == nil {
		out.Body.Sales = []sales.SalesOrder{}
	}
	return out, nil
}

// movedUpOut is a UMKM that moved up a class, with its evidence.
type movedUpOut struct {
	UMKMID        int64      `json:"umkm_id"`
	Name          string     `json:"name"`
	RegencyCode   string     `json:"regency_code"`
	DeclaredScale umkm.Scale `json:"declared_scale"`
	Scale         umkm.Scale `json:"scale" doc:"From the turnover recorded in Gerai over the last 12 months"`
	Turnover      int64      `json:"turnover" doc:"Orders and offline sales together, whole rupiah"`
	Orders        int64      `json:"orders"`
	OrdersAmount  int64      `json:"orders_amount" doc:"What the orders came to"`
	OfflineSales  int64      `json:"offline_sales" doc:"Sales at expo booths and mall stalls (the cashier)"`
	OfflineAmount int64      `json:"offline_amount"`
}

type registryOut struct {
	Body struct {
		ByRegency          []umkm.RegistryCount `json:"by_regency"`
		Backlog            int64                `json:"backlog"`
		MedianDaysToVerify *int64               `json:"median_days_to_verify" doc:"null when nothing was verified since the month since"`
		Since              string               `json:"since"`
		NewByMonth         []umkm.MonthCount    `json:"new_by_month"`
		MovedUp            []movedUpOut         `json:"moved_up"`
	}
}

func (h *handlers) insightRegistry(ctx context.Context, in *struct {
	Province string `query:"province" example:"16" doc:"Province code (an agency: its own; the admin: any, or none for all)"`
}) (*registryOut, error) {
	r, err := h.Report.Registry(ctx, in.Province)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	out := &registryOut{}
	b := &out.Body
	b.ByRegency, b.Backlog, b.Since, b.NewByMonth = r.ByRegency, r.Backlog, r.Since, r.NewByMonth
	if r.MedianDaysToVerify >= 0 {
		m := r.MedianDaysToVerify
		b.MedianDaysToVerify = &m
	}
	b.MovedUp = []movedUpOut{}
	for _, m := range r.MovedUp {
		b.MovedUp = append(b.MovedUp, movedUpOut{UMKMID: m.UMKM.ID, Name: m.UMKM.Name, RegencyCode: m.UMKM.RegencyCode,
			DeclaredScale: m.UMKM.Scale, Scale: m.Scale, Turnover: m.Turnover, Orders: m.Orders,
			OrdersAmount: m.OrdersAmount, OfflineSales: m.OfflineSales, OfflineAmount: m.OfflineAmount})
	}
	if b.ByRegency == nil {
		b.ByRegency = []umkm.RegistryCount{}
	}
	if b.NewByMonth == nil {
		b.NewByMonth = []umkm.MonthCount{}
	}
	return out, nil
}
