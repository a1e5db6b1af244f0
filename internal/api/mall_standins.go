package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/mall"
)

// registerMallStandIns adds the day's waiting list (issue 11 §6): stalls
// released as no-shows today and the UMKM that may take them for the day.
func (h *handlers) registerMallStandIns(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	huma.Register(api, secured(op("listReleasedStalls", http.MethodGet, "/api/v1/venues/{id}/released",
		"Stalls released today (their tenant a no-show) with each one's waiting list, first in line first (those who run the venue)", "mall")), h.listReleasedStalls)
	grant := secured(op("grantStandIn", http.MethodPost, "/api/v1/venues/{id}/stalls/{code}/stand-in",
		"Give a stall released today to a UMKM of its waiting list for the day (default the first in line): a one-day turn", "mall"))
	grant.DefaultStatus = http.StatusCreated
	huma.Register(api, grant, h.grantStandIn)
}

func (h *handlers) listReleasedStalls(ctx context.Context, in *IDPath) (*itemsOf[mall.Released], error) {
	list, err := h.Mall.WaitingLists(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) grantStandIn(ctx context.Context, in *struct {
	ID   int64  `path:"id" minimum:"1"`
	Code string `path:"code" maxLength:"20" example:"K-07" doc:"The released stall's code"`
	Body struct {
		ApplicationID int64 `json:"application_id,omitempty" minimum:"0" doc:"An application on the stall's waiting list; 0 or absent: the first in line"`
	}
}) (*turnResp, error) {
	t, err := h.Mall.GrantStandIn(ctx, in.ID, in.Code, in.Body.ApplicationID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &turnResp{Body: t}, nil
}
