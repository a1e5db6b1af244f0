package api

import (
	"context"
	"io"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/gerai-id/gerai/internal/media"
)

// The food programme's stored photos (a plot's, a handover's proof): they
// show a family, its house and its signature, so /media/ does not serve
// them (pangan.MediaPrefix) and these routes do, to the agency, an admin
// and the officers of the record's village; never to a sponsor's staff.

// registerPanganMedia adds the checked image routes.
func (h *handlers) registerPanganMedia(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	image := func(o huma.Operation) huma.Operation {
		o.Security = bearer
		o.Responses = map[string]*huma.Response{"200": {
			Description: "The image (JPEG), Cache-Control private, no-cache, with an ETag (a 304 to If-None-Match)",
			Content:     map[string]*huma.MediaType{"image/jpeg": {Schema: &huma.Schema{Type: "string", Format: "binary"}}},
		}}
		return o
	}
	const base = "/api/v1/food-programmes/{id}"
	huma.Register(api, image(op("getDeliveryProof", http.MethodGet, base+"/deliveries/{delivery_id}/proof/{kind}",
		"A delivery's stored proof (photo, signature, bast) as JPEG: the agency, an admin and the officers of its village; not a sponsor's staff", "pangan")),
		h.deliveryProofImage)
	huma.Register(api, image(op("getPlotPhoto", http.MethodGet, base+"/plots/{plot_id}/photo",
		"A plot's photo as JPEG: the agency, an admin and the officers of its village", "pangan")), h.plotPhotoImage)
}

// ImageVariant picks the large image or its thumbnail.
type ImageVariant struct {
	Variant string `query:"variant" enum:"large,thumb" doc:"thumb: the small variant (default large)"`
}

func (h *handlers) deliveryProofImage(ctx context.Context, in *struct {
	ID         int64  `path:"id" minimum:"1"`
	DeliveryID int64  `path:"delivery_id" minimum:"1"`
	Kind       string `path:"kind" enum:"photo,signature,bast"`
	ImageVariant
}) (*huma.StreamResponse, error) {
	rc, err := h.Pangan.OpenDeliveryProof(ctx, in.ID, in.DeliveryID, in.Kind, in.Variant == "thumb")
	return h.privateImage(ctx, rc, err)
}

func (h *handlers) plotPhotoImage(ctx context.Context, in *struct {
	ID     int64 `path:"id" minimum:"1"`
	PlotID int64 `path:"plot_id" minimum:"1"`
	ImageVariant
}) (*huma.StreamResponse, error) {
	rc, err := h.Pangan.OpenPlotPhoto(ctx, in.ID, in.PlotID, in.Variant == "thumb")
	return h.privateImage(ctx, rc, err)
}

// privateImage streams an image the service opened for its reader.
func (h *handlers) privateImage(ctx context.Context, rc io.ReadCloser, err error) (*huma.StreamResponse, error) {
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		r, w := humago.Unwrap(hc)
		media.Serve(w, r, rc, "private, no-cache")
	}}, nil
}
