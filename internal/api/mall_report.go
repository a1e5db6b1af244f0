package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/mall"
)

// registerMallReport adds the venue's report (issue 11 §9).
func (h *handlers) registerMallReport(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	o := op("venueReport", http.MethodGet, "/api/v1/venues/{id}/report",
		"The venue's report over a period: occupancy, stall sales, fees and the same by day, zone, regency and category (those who run it)", "mall")
	o.Security = bearer
	huma.Register(api, o, h.venueReport)
}

func (h *handlers) venueReport(ctx context.Context, in *struct {
	ID   int64  `path:"id"`
	From string `query:"from" example:"2027-01-01" doc:"First day, at the venue"`
	To   string `query:"to" example:"2027-01-31" doc:"Last day (at most 731 days)"`
}) (*struct{ Body mall.Report }, error) {
	r, err := h.Mall.Report(ctx, in.ID, in.From, in.To)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return &struct{ Body mall.Report }{Body: r}, nil
}
