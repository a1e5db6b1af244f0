package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
)

// registerPanganAid adds the food programme's groups and their members,
// plots and their photos, aid deliveries with their proof, the sponsors'
// view, groups selling through a UMKM, and the handover register (BAST).
func (h *handlers) registerPanganAid(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	created := func(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusCreated; return o }
	// upload bounds an upload of n files and asks may on the path's {id}
	// and {sub} before huma reads and parses the body: authorise, then parse.
	upload := func(o huma.Operation, n int64, sub string, may func(ctx context.Context, id, subID int64) error) huma.Operation {
		o.MaxBodyBytes = n*media.MaxUploadBytes + 64<<10
		o.Middlewares = append(o.Middlewares, h.authorizeFirstOn(api, sub, may))
		return o
	}
	const base = "/api/v1/food-programmes/{id}"
	huma.Register(api, created(secured(op("addFoodGroup", http.MethodPost, base+"/groups",
		"Register a group (KWT, dasawisma, school, office, social home) in a village: the agency, or an officer of that village", "pangan"))), h.addFoodGroup)
	huma.Register(api, secured(op("listFoodGroups", http.MethodGet, base+"/groups",
		"Groups in the caller's scope (the agency: its province; an officer: its villages)", "pangan")), h.listFoodGroups)
	huma.Register(api, secured(op("addFoodGroupMember", http.MethodPost, base+"/groups/{group_id}/members",
		"Put a household in a group (a household is in one group at most): the agency, or an officer of both villages", "pangan")), h.addFoodGroupMember)
	huma.Register(api, secured(op("linkFoodGroupUMKM", http.MethodPost, base+"/groups/{group_id}/umkm",
		"Link a group to the UMKM (of the programme's province) it sells its members' surplus through (the agency)", "pangan")), h.linkFoodGroupUMKM)
	huma.Register(api, created(secured(op("addGroupPlot", http.MethodPost, base+"/groups/{group_id}/plots",
		"Record a group's plot (a nursery, a demonstration plot): the agency, or an officer of its village", "pangan"))), h.addGroupPlot)
	huma.Register(api, created(secured(op("addHouseholdPlot", http.MethodPost, base+"/households/{household_id}/plots",
		"Record a household's plot (pekarangan, lahan sempit, kolam, kandang): the agency, or an officer of its village", "pangan"))), h.addHouseholdPlot)
	huma.Register(api, secured(op("listHouseholdPlots", http.MethodGet, base+"/households/{household_id}/plots",
		"A household's plots: the agency and the officers of its village", "pangan")), h.listHouseholdPlots)
	huma.Register(api, secured(op("listHouseholdAid", http.MethodGet, base+"/households/{household_id}/aid",
		"The aid delivered to a household with each package's items (what a visit reports on): the agency and the officers of its village", "pangan")), h.listHouseholdAid)
	huma.Register(api, secured(upload(op("uploadPlotPhoto", http.MethodPost, base+"/plots/{plot_id}/photo",
		"Upload a plot's photo (multipart field 'photo'; JPEG, PNG, GIF or WebP up to 10 MB)", "pangan"), 1, "plot_id", ownerless(h.Pangan.MayChangePlot))), h.uploadPlotPhoto)
	huma.Register(api, created(secured(op("recordDelivery", http.MethodPost, base+"/deliveries",
		"Record an aid package handed to a household or a group (the agency, or an officer of its village); the same Idempotency-Key returns the first delivery with 200", "pangan"))), h.recordDelivery)
	huma.Register(api, secured(op("listDeliveries", http.MethodGet, base+"/deliveries",
		"Deliveries in the caller's scope (the agency: its province; an officer: its villages; a sponsor's staff: its own, names as initials); no NIK, no phone", "pangan")), h.listDeliveries)
	huma.Register(api, secured(upload(op("addDeliveryProof", http.MethodPost, base+"/deliveries/{delivery_id}/proof",
		"Proof of a handover (multipart): 'photo', 'signature' (the PNG drawn on the phone) and/or 'bast' (a photo of the signed form), optional 'lat', 'lng', 'recipient_name'; complete proof makes it proven", "pangan"),
		3, "delivery_id", ownerless(h.Pangan.MayProveDelivery))), h.addDeliveryProof)
	huma.Register(api, secured(op("deliveriesCSV", http.MethodGet, base+"/deliveries.csv",
		"The handover register (daftar BAST) as CSV, one row per delivery, NIK masked (the agency)", "pangan")), h.deliveriesCSV)
	huma.Register(api, secured(op("deliveriesXLSX", http.MethodGet, base+"/deliveries.xlsx",
		"The handover register (daftar BAST) as XLSX, one row per delivery, NIK masked (the agency)", "pangan")), h.deliveriesXLSX)
	huma.Register(api, created(secured(op("addSponsorStaff", http.MethodPost, base+"/sponsors/{sponsor_id}/staff",
		"Give an account (by email) a sponsor's view of its aid (the agency)", "pangan"))), h.addSponsorStaff)
	huma.Register(api, secured(op("sponsorReport", http.MethodGet, base+"/sponsors/{sponsor_id}/report",
		"A sponsor's aid and what came of it (survival, households reached, their production since): its own staff and the agency; deliveries masked", "pangan")), h.sponsorReport)
	huma.Register(api, secured(op("aidSurvival", http.MethodGet, base+"/aid-survival",
		"For each package item: units delivered and the latest status visits found (the agency; a sponsor's staff with its own sponsor_id)", "pangan")), h.aidSurvival)
}

// authorizeFirstOn is authorizeFirst for a record below the programme:
// may gets the path's {id} and {param}.
func (h *handlers) authorizeFirstOn(api huma.API, param string, may func(ctx context.Context, id, subID int64) error) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		id, err1 := strconv.ParseInt(ctx.Param("id"), 10, 64)
		sub, err2 := strconv.ParseInt(ctx.Param(param), 10, 64)
		if err1 == nil && err2 == nil {
			if err := may(ctx.Context(), id, sub); err != nil {
				var se huma.StatusError
				errors.As(h.problem(ctx.Context(), err), &se)
				huma.WriteErr(api, ctx, se.GetStatus(), se.Error())
				return
			}
		}
		next(ctx)
	}
}

// GroupPath names a group of a programme.
type GroupPath struct {
	ID      int64 `path:"id" minimum:"1"`
	GroupID int64 `path:"group_id" minimum:"1"`
}

// HouseholdPath names a household of a programme.
type HouseholdPath struct {
	ID          int64 `path:"id" minimum:"1"`
	HouseholdID int64 `path:"household_id" minimum:"1"`
}

type foodGroupResp struct{ Body pangan.FoodGroup }

func (h *handlers) addFoodGroup(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Kind        string `json:"kind" enum:"kwt,dasawisma,school,office,social_home"`
		Name        string `json:"name" maxLength:"200" example:"KWT Melati"`
		VillageCode string `json:"village_code" example:"16.04.01.2001"`
	}
}) (*foodGroupResp, error) {
	g, err := h.Pangan.AddGroup(ctx, in.ID, pangan.GroupFields{Kind: in.Body.Kind, Name: in.Body.Name, VillageCode: in.Body.VillageCode})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &foodGroupResp{Body: g}, nil
}

func (h *handlers) listFoodGroups(ctx context.Context, in *struct {
	IDPath
	Village string `query:"village" doc:"A village, district, regency or province code"`
}) (*itemsOf[pangan.FoodGroup], error) {
	list, err := h.Pangan.Groups(ctx, in.ID, in.Village)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return items(list), nil
}

func (h *handlers) addFoodGroupMember(ctx context.Context, in *struct {
	GroupPath
	Body struct {
		HouseholdID int64 `json:"household_id" minimum:"1"`
	}
}) (*householdResp, error) {
	hh, err := h.Pangan.SetHouseholdGroup(ctx, in.ID, in.GroupID, in.Body.HouseholdID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &householdResp{Body: hh}, nil
}

func (h *handlers) linkFoodGroupUMKM(ctx context.Context, in *struct {
	GroupPath
	Body struct {
		UMKMID int64 `json:"umkm_id" minimum:"1"`
	}
}) (*foodGroupResp, error) {
	g, err := h.Pangan.LinkGroupUMKM(ctx, in.ID, in.GroupID, in.Body.UMKMID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &foodGroupResp{Body: g}, nil
}

// PlotIn is the body of a plot's registration.
type PlotIn struct {
	Kind   string   `json:"kind" enum:"pekarangan,lahan_sempit,kolam,kandang"`
	SizeM2 float64  `json:"size_m2" example:"24" doc:"More than 0, at most 100,000"`
	Lat    *float64 `json:"lat,omitempty" example:"-3.7928" doc:"Optional GPS point, inside Indonesia (−11 to 6)"`
	Lng    *float64 `json:"lng,omitempty" example:"103.5402" doc:"Inside Indonesia (95 to 141)"`
}

type plotResp struct{ Body pangan.Plot }

func (h *handlers) addHouseholdPlot(ctx context.Context, in *struct {
	HouseholdPath
	Body PlotIn
}) (*plotResp, error) {
	b := in.Body
	pl, err := h.Pangan.AddPlot(ctx, in.ID, pangan.PlotFields{HouseholdID: in.HouseholdID, Kind: b.Kind, SizeM2: b.SizeM2, Lat: b.Lat, Lng: b.Lng})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &plotResp{Body: pl}, nil
}

func (h *handlers) addGroupPlot(ctx context.Context, in *struct {
	GroupPath
	Body PlotIn
}) (*plotResp, error) {
	b := in.Body
	pl, err := h.Pangan.AddPlot(ctx, in.ID, pangan.PlotFields{GroupID: in.GroupID, Kind: b.Kind, SizeM2: b.SizeM2, Lat: b.Lat, Lng: b.Lng})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &plotResp{Body: pl}, nil
}

func (h *handlers) listHouseholdPlots(ctx context.Context, in *HouseholdPath) (*itemsOf[pangan.Plot], error) {
	list, err := h.Pangan.HouseholdPlots(ctx, in.ID, in.HouseholdID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) listHouseholdAid(ctx context.Context, in *HouseholdPath) (*itemsOf[pangan.Delivery], error) {
	list, err := h.Pangan.HouseholdAid(ctx, in.ID, in.HouseholdID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) uploadPlotPhoto(ctx context.Context, in *struct {
	ID      int64 `path:"id" minimum:"1"`
	PlotID  int64 `path:"plot_id" minimum:"1"`
	RawBody huma.MultipartFormFiles[photoForm]
}) (*plotResp, error) {
	f := in.RawBody.Data().Photo
	defer f.Close()
	pl, err := h.Pangan.SetPlotPhoto(ctx, in.ID, in.PlotID, f)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &plotResp{Body: pl}, nil
}

// DeliveryIn is the body of POST /api/v1/food-programmes/{id}/deliveries.
type DeliveryIn struct {
	PackageCode   string    `json:"package_code,omitempty" maxLength:"40" example:"bsb" doc:"The package type's code, or give package_id"`
	PackageID     int64     `json:"package_id,omitempty" minimum:"0"`
	SponsorID     int64     `json:"sponsor_id" minimum:"1"`
	PhaseID       int64     `json:"phase_id,omitempty" minimum:"0"`
	HouseholdID   int64     `json:"household_id,omitempty" minimum:"0" doc:"The household, or give group_id"`
	GroupID       int64     `json:"group_id,omitempty" minimum:"0"`
	DeliveredAt   time.Time `json:"delivered_at"`
	RecipientName string    `json:"recipient_name,omitempty" maxLength:"200" doc:"Who took the package and signed for it"`
	Lat           *float64  `json:"lat,omitempty" example:"-3.7928" doc:"Where it was handed over, inside Indonesia"`
	Lng           *float64  `json:"lng,omitempty" example:"103.5402"`
}

type deliveryResp struct {
	Status int
	Body   pangan.Delivery
}

func (h *handlers) recordDelivery(ctx context.Context, in *struct {
	IDPath
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"Required: a retry with the same key and body returns the first delivery"`
	Body           DeliveryIn
}) (*deliveryResp, error) {
	b := in.Body
	d, err := h.Pangan.RecordDelivery(ctx, in.ID, pangan.DeliveryFields{PackageID: b.PackageID, PackageCode: b.PackageCode, SponsorID: b.SponsorID,
		PhaseID: b.PhaseID, HouseholdID: b.HouseholdID, GroupID: b.GroupID, DeliveredAt: b.DeliveredAt, RecipientName: b.RecipientName,
		Lat: b.Lat, Lng: b.Lng}, in.IdempotencyKey)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	status := http.StatusCreated
	if d.Replayed {
		status = http.StatusOK
	}
	return &deliveryResp{Status: status, Body: d}, nil
}

func (h *handlers) listDeliveries(ctx context.Context, in *struct {
	IDPath
	SponsorID int64  `query:"sponsor_id" minimum:"0"`
	Village   string `query:"village" doc:"A village, district, regency or province code"`
	Limit     int    `query:"limit" minimum:"0" maximum:"200"`
	Cursor    string `query:"cursor"`
}) (*struct {
	Body struct {
		Items      []pangan.Delivery `json:"items"`
		NextCursor string            `json:"next_cursor" doc:"Continues after this page; empty on the last"`
	}
}, error) {
	list, next, err := h.Pangan.Deliveries(ctx, in.ID, pangan.DeliveryFilter{SponsorID: in.SponsorID, Area: in.Village, Limit: in.Limit, Cursor: in.Cursor})
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	out := &struct {
		Body struct {
			Items      []pangan.Delivery `json:"items"`
			NextCursor string            `json:"next_cursor" doc:"Continues after this page; empty on the last"`
		}
	}{}
	out.Body.Items, out.Body.NextCursor = list, next
	if out.Body.Items == nil {
		out.Body.Items = []pangan.Delivery{}
	}
	return out, nil
}

type proofForm struct {
	Photo     huma.FormFile `form:"photo" contentType:"application/octet-stream" required:"false" doc:"The handover's photo"`
	Signature huma.FormFile `form:"signature" contentType:"application/octet-stream" required:"false" doc:"The recipient's signature drawn on the phone (PNG)"`
	BAST      huma.FormFile `form:"bast" contentType:"application/octet-stream" required:"false" doc:"A photo of the signed handover form"`
}

func (h *handlers) addDeliveryProof(ctx context.Context, in *struct {
	ID         int64 `path:"id" minimum:"1"`
	DeliveryID int64 `path:"delivery_id" minimum:"1"`
	RawBody    huma.MultipartFormFiles[proofForm]
}) (*struct{ Body pangan.Delivery }, error) {
	files := in.RawBody.Data()
	var pr pangan.Proof
	if files.Photo.IsSet {
		defer files.Photo.Close()
		pr.Photo = files.Photo
	}
	if files.Signature.IsSet {
		defer files.Signature.Close()
		pr.Signature = files.Signature
	}
	if files.BAST.IsSet {
		defer files.BAST.Close()
		pr.BAST = files.BAST
	}
	var val platform.Validation
	value := func(name string) string {
		if in.RawBody.Form == nil || len(in.RawBody.Form.Value[name]) == 0 {
			return ""
		}
		return strings.TrimSpace(in.RawBody.Form.Value[name][0])
	}
	number := func(name string) *float64 {
		s := value(name)
		if s == "" {
			return nil
		}
		x, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		val.Check(err == nil, name, "Koordinat harus berupa angka desimal")
		return &x
	}
	pr.Lat, pr.Lng, pr.RecipientName = number("lat"), number("lng"), value("recipient_name")
	if err := val.Err(); err != nil {
		return nil, h.problem(ctx, err)
	}
	d, err := h.Pangan.AddProof(ctx, in.ID, in.DeliveryID, pr)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body pangan.Delivery }{Body: d}, nil
}

// exportFile streams an export whose reader was authorised before its first byte.
func (h *handlers) exportFile(ctx context.Context, programmeID int64, contentType, name string, write func(ctx context.Context, w io.Writer) error) (*huma.StreamResponse, error) {
	if err := h.Pangan.MayExportBAST(ctx, programmeID); err != nil {
		return nil, h.problem(ctx, err)
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", contentType)
		hc.SetHeader("Content-Disposition", `attachment; filename="`+name+`"`)
		hc.SetHeader("Cache-Control", "no-store")
		if err := write(ctx, hc.BodyWriter()); err != nil && !errors.Is(err, context.Canceled) {
			// The headers are gone: the broken file is the client's sign; the log says why.
			h.Log.ErrorContext(ctx, "BAST register export", "err", err)
		}
	}}, nil
}

func (h *handlers) deliveriesCSV(ctx context.Context, in *IDPath) (*huma.StreamResponse, error) {
	return h.exportFile(ctx, in.ID, "text/csv; charset=utf-8", "daftar-bast-"+strconv.FormatInt(in.ID, 10)+".csv",
		func(ctx context.Context, w io.Writer) error { return h.Pangan.WriteBASTCSV(ctx, w, in.ID) })
}

func (h *handlers) deliveriesXLSX(ctx context.Context, in *IDPath) (*huma.StreamResponse, error) {
	return h.exportFile(ctx, in.ID, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "daftar-bast-"+strconv.FormatInt(in.ID, 10)+".xlsx",
		func(ctx context.Context, w io.Writer) error { return h.Pangan.WriteBASTXLSX(ctx, w, in.ID) })
}

func (h *handlers) addSponsorStaff(ctx context.Context, in *struct {
	ID        int64 `path:"id" minimum:"1"`
	SponsorID int64 `path:"sponsor_id" minimum:"1"`
	Body      struct {
		Email string `json:"email" maxLength:"254" format:"email"`
	}
}) (*struct{ Body pangan.SponsorStaff }, error) {
	st, err := h.Pangan.AddSponsorStaff(ctx, in.ID, in.SponsorID, in.Body.Email)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body pangan.SponsorStaff }{Body: st}, nil
}

func (h *handlers) sponsorReport(ctx context.Context, in *struct {
	ID        int64 `path:"id" minimum:"1"`
	SponsorID int64 `path:"sponsor_id" minimum:"1"`
}) (*struct{ Body pangan.SponsorReport }, error) {
	r, err := h.Pangan.SponsorReport(ctx, in.ID, in.SponsorID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body pangan.SponsorReport }{Body: r}, nil
}

func (h *handlers) aidSurvival(ctx context.Context, in *struct {
	IDPath
	SponsorID int64 `query:"sponsor_id" minimum:"0" doc:"One sponsor's aid (its staff must give it)"`
}) (*itemsOf[pangan.ItemSurvival], error) {
	list, err := h.Pangan.AidSurvival(ctx, in.ID, in.SponsorID)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return items(list), nil
}

// ownerless is a record's upload check for an upload that needs only its answer.
func ownerless(may func(ctx context.Context, id, sub int64) (pangan.Owner, error)) func(ctx context.Context, id, sub int64) error {
	return func(ctx context.Context, id, sub int64) error {
		_, err := may(ctx, id, sub)
		return err
	}
}
