package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/mall"
)

// registerMallSales adds the stall cashier's sales (issue 11 §7): the
// expo cashier's queue synced to a stall, the venue's list, voiding.
func (h *handlers) registerMallSales(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	huma.Register(api, secured(op("syncStallSales", http.MethodPost, "/api/v1/venues/{id}/stalls/{code}/sales",
		"The tenant's queued sales at its stall: each stored once by its device-made id, attributed to the turn holding the stall that day; a sale that cannot be stored is rejected on its own", "mall")), h.syncStallSales)
	huma.Register(api, secured(op("listStallSales", http.MethodGet, "/api/v1/venues/{id}/sales",
		"Sales at the venue's stalls on the days from–to, newest first: all to those who run the venue, its own to a tenant", "mall")), h.listStallSales)
	huma.Register(api, secured(op("voidStallSale", http.MethodPost, "/api/v1/venues/{id}/sales/{sale_id}/void",
		"Void a stored stall sale, with a reason: its tenant or those who run the venue", "mall")), h.voidStallSale)
}

// StallSyncIn is the body of POST /api/v1/venues/{id}/stalls/{code}/sales.
type StallSyncIn struct {
	Sales []expo.Sale `json:"sales" maxItems:"1000"`
}

func (h *handlers) syncStallSales(ctx context.Context, in *struct {
	ID   int64  `path:"id" minimum:"1"`
	Code string `path:"code" maxLength:"20" example:"K-01" doc:"The stall's code"`
	Body StallSyncIn
}) (*struct{ Body expo.SyncResult }, error) {
	res, err := h.Mall.SyncSales(ctx, in.ID, in.Code, in.Body.Sales)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	lang := i18n.FromContext(ctx)
	for i, rej := range res.Rejected { // the reasons in the caller's language
		res.Rejected[i].Reason, res.Rejected[i].Errors = i18n.ErrorText(lang, rej.Err()), i18n.ErrorFields(lang, rej.Err())
	}
	return &struct{ Body expo.SyncResult }{Body: res}, nil
}

func (h *handlers) listStallSales(ctx context.Context, in *struct {
	ID   int64  `path:"id" minimum:"1"`
	From string `query:"from" example:"2027-01-04" doc:"First day at the venue (default today)"`
	To   string `query:"to" example:"2027-01-10" doc:"Last day (default the first)"`
}) (*itemsOf[mall.StallSale], error) {
	list, err := h.Mall.Sales(ctx, in.ID, in.From, in.To)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return items(list), nil
}

func (h *handlers) voidStallSale(ctx context.Context, in *struct {
	ID     int64  `path:"id" minimum:"1"`
	SaleID string `path:"sale_id" maxLength:"36" doc:"The id the cashier's device made"`
	Body   struct {
		Reason string `json:"reason" doc:"Why the sale is voided (required, at most 500 characters); kept in the audit log"`
	}
}) (*struct{ Body mall.StallSale }, error) {
	sale, err := h.Mall.VoidSale(ctx, in.ID, in.SaleID, in.Body.Reason)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body mall.StallSale }{Body: sale}, nil
}
