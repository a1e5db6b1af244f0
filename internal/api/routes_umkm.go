package api

// The UMKM registry's operations: create, list, read, change, verify, the logo.

import (
	"context"
	"errors"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

// IDPath is the {id} of a path; exported, because huma reads only exported embedded fields.
type IDPath struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *handlers) createUMKM(ctx context.Context, in *struct{ Body UMKMIn }) (*umkmOut, error) {
	if in.Body.ProvinceCode != "" {
		if r, ok := region.RegencyByCode(in.Body.RegencyCode); ok && r.ProvinceCode != in.Body.ProvinceCode {
			return nil, h.problem(ctx, &platform.Error{Kind: platform.KindInvalid, Message: "Provinsi dan kabupaten/kota tidak cocok",
				Fields: []platform.FieldError{platform.Field("province_code", "Kabupaten/kota %s tidak berada di provinsi ini", r.Code)}})
		}
	}
	u, err := h.UMKM.Create(ctx, in.Body.fields())
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &umkmOut{Body: h.umkmOut(ctx, u, false)}, nil
}

type umkmListOut struct {
	Body struct {
		Items      []UMKMOut `json:"items"`
		NextCursor string    `json:"next_cursor"`
	}
}

func (h *handlers) listUMKM(ctx context.Context, in *struct {
	Q        string `query:"q" maxLength:"200" doc:"Full-text query over name, category, description and owner (stemmed Indonesian); ranked"`
	Province string `query:"province" doc:"Province code, e.g. 16"`
	Regency  string `query:"regency" doc:"Regency code, e.g. 16.71"`
	Status   string `query:"status" enum:"draft,submitted,verified,rejected,"`
	Scale    string `query:"scale" enum:"mikro,kecil,menengah,"`
	Category string `query:"category"`
	Mine     bool   `query:"mine" doc:"Only the caller's own UMKM"`
	Limit    int    `query:"limit" minimum:"0" maximum:"100"`
	Cursor   string `query:"cursor"`
}) (*umkmListOut, error) {
	f := umkm.Filter{Text: in.Q, ProvinceCode: in.Province, RegencyCode: in.Regency, Status: umkm.Status(in.Status),
		Scale: umkm.Scale(in.Scale), Category: in.Category, Limit: in.Limit, Cursor: in.Cursor}
	if in.Mine {
		a := platform.ActorFrom(ctx)
		if a.Anonymous() {
			return nil, h.problem(ctx, platform.Unauthorized())
		}
		f.OwnerID = a.UserID
	}
	page, err := h.UMKM.List(ctx, f)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	out := &umkmListOut{}
	out.Body.Items = []UMKMOut{}
	for _, u := range page.Items {
		out.Body.Items = append(out.Body.Items, h.umkmOut(ctx, u, true))
	}
	out.Body.NextCursor = page.NextCursor
	return out, nil
}

func (h *handlers) getUMKM(ctx context.Context, in *IDPath) (*umkmOut, error) {
	u, err := h.UMKM.Get(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &umkmOut{Body: h.umkmOut(ctx, u, false)}, nil
}

func (h *handlers) updateUMKM(ctx context.Context, in *struct {
	IDPath
	Body UMKMPatch
}) (*umkmOut, error) {
	cur, err := h.UMKM.Get(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	f := cur.Fields()
	in.Body.apply(&f)
	u, err := h.UMKM.Update(ctx, in.ID, f)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &umkmOut{Body: h.umkmOut(ctx, u, false)}, nil
}

func (h *handlers) submitUMKM(ctx context.Context, in *IDPath) (*umkmOut, error) {
	return h.umkmResult(ctx)(h.UMKM.Submit(ctx, in.ID))
}

func (h *handlers) verifyUMKM(ctx context.Context, in *IDPath) (*umkmOut, error) {
	return h.umkmResult(ctx)(h.UMKM.Verify(ctx, in.ID))
}

func (h *handlers) rejectUMKM(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Reason string `json:"reason,omitempty" maxLength:"1000"`
	}
}) (*umkmOut, error) {
	return h.umkmResult(ctx)(h.UMKM.Reject(ctx, in.ID, in.Body.Reason))
}

func (h *handlers) umkmResult(ctx context.Context) func(umkm.UMKM, error) (*umkmOut, error) {
	return func(u umkm.UMKM, err error) (*umkmOut, error) {
		if err != nil {
			return nil, h.problem(ctx, err)
		}
		return &umkmOut{Body: h.umkmOut(ctx, u, false)}, nil
	}
}

// authorizeFirst is an operation middleware that refuses the request when
// may(id) fails, before huma reads its body. A malformed {id} is left for
// huma to refuse.
func (h *handlers) authorizeFirst(api huma.API, may func(ctx context.Context, id int64) error) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if id, err := strconv.ParseInt(ctx.Param("id"), 10, 64); err == nil {
			if err := may(ctx.Context(), id); err != nil {
				var se huma.StatusError
				errors.As(h.problem(ctx.Context(), err), &se)
				huma.WriteErr(api, ctx, se.GetStatus(), se.Error())
				return
			}
		}
		next(ctx)
	}
}

func (h *handlers) mayChangeUMKM(ctx context.Context, id int64) error {
	u, err := h.UMKM.Get(ctx, id)
	if err != nil {
		return err
	}
	return umkm.CanUpdate(ctx, u)
}

type photoForm struct {
	Photo huma.FormFile `form:"photo" contentType:"application/octet-stream" required:"true"`
}

type uploadIn struct {
	IDPath
	RawBody huma.MultipartFormFiles[photoForm]
}

func (h *handlers) uploadLogo(ctx context.Context, in *uploadIn) (*umkmOut, error) {
	f := in.RawBody.Data().Photo
	defer f.Close()
	return h.umkmResult(ctx)(h.UMKM.SaveLogo(ctx, in.ID, f))
}

type auditOut struct {
	Body []AuditOut
}
