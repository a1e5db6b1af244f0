package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/expo"
)

// registerExpo adds events, exhibitors and booths, the cashier's sync,
// business matching and the report.
func (h *handlers) registerExpo(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	created := func(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusCreated; return o }
	huma.Register(api, created(secured(op("createEvent", http.MethodPost, "/api/v1/events", "Create an expo (the organising province's agency)", "expo"))), h.createEvent)
	huma.Register(api, op("listEvents", http.MethodGet, "/api/v1/events", "Expos, newest first", "expo"), h.listEvents)
	huma.Register(api, op("getEvent", http.MethodGet, "/api/v1/events/{id}", "One expo", "expo"), h.getEvent)
	huma.Register(api, secured(op("setEventStatus", http.MethodPost, "/api/v1/events/{id}/status", "Move an expo on: draft, open, running, closed", "expo")), h.setEventStatus)
	huma.Register(api, secured(op("publishEventReport", http.MethodPut, "/api/v1/events/{id}/report-public", "Show or hide the report on the public page", "expo")), h.publishReport)
	huma.Register(api, op("listBooths", http.MethodGet, "/api/v1/events/{id}/booths", "Booths and who has each", "expo"), h.listBooths)
	huma.Register(api, secured(op("setBooths", http.MethodPut, "/api/v1/events/{id}/booths", "Enter or import the booth list (codes and sizes)", "expo")), h.setBooths)
	huma.Register(api, created(secured(op("addExhibitor", http.MethodPost, "/api/v1/events/{id}/exhibitors", "Add an exhibitor with its booth (agency); a booth already taken is a conflict", "expo"))), h.addExhibitor)
	huma.Register(api, op("listExhibitors", http.MethodGet, "/api/v1/events/{id}/exhibitors", "Exhibitors by regency and category", "expo"), h.listExhibitors)
	huma.Register(api, created(secured(op("applyToEvent", http.MethodPost, "/api/v1/events/{id}/applications", "A UMKM applies to exhibit (its seller)", "expo"))), h.applyToEvent)
	huma.Register(api, secured(op("decideApplication", http.MethodPost, "/api/v1/events/{id}/exhibitors/{exhibitor_id}/decision", "Approve or reject an application", "expo")), h.decideApplication)
	huma.Register(api, secured(op("assignBooth", http.MethodPut, "/api/v1/events/{id}/exhibitors/{exhibitor_id}/booth", "Give an exhibitor its booth", "expo")), h.assignBooth)
	huma.Register(api, op("listExpoProducts", http.MethodGet, "/api/v1/events/{id}/exhibitors/{exhibitor_id}/products", "What an exhibitor brought, with booth stock", "expo"), h.listExpoProducts)
	huma.Register(api, secured(op("bringProduct", http.MethodPut, "/api/v1/events/{id}/exhibitors/{exhibitor_id}/products/{product_id}", "Bring a catalogue product with its expo stock (apart from online stock)", "expo")), h.bringProduct)
	huma.Register(api, secured(op("addCashier", http.MethodPost, "/api/v1/events/{id}/exhibitors/{exhibitor_id}/cashiers", "Let an account record sales at this booth", "expo")), h.addCashier)
	huma.Register(api, secured(op("syncSales", http.MethodPost, "/api/v1/events/{id}/sales/sync", "A cashier's queued sales: each stored once by its device-made id", "expo")), h.syncSales)
	huma.Register(api, secured(op("voidSale", http.MethodPost, "/api/v1/events/{id}/sales/{sale_id}/void",
		"Void a stored sale, with a reason: the booth's owner or the organising agency, not a cashier", "expo")), h.voidSale)
	huma.Register(api, secured(op("listSales", http.MethodGet, "/api/v1/events/{id}/exhibitors/{exhibitor_id}/sales", "A booth's sales, newest first", "expo")), h.listSales)
	huma.Register(api, created(secured(op("addMatchingBuyer", http.MethodPost, "/api/v1/events/{id}/buyers", "Register a business buyer's interest", "expo"))), h.addBuyer)
	huma.Register(api, secured(op("listMatchingBuyers", http.MethodGet, "/api/v1/events/{id}/buyers", "Business buyers (phones masked)", "expo")), h.listBuyers)
	huma.Register(api, created(secured(op("scheduleMeeting", http.MethodPost, "/api/v1/events/{id}/meetings", "Schedule a meeting; nobody is in two at once", "expo"))), h.scheduleMeeting)
	huma.Register(api, secured(op("listMeetings", http.MethodGet, "/api/v1/events/{id}/meetings", "Meetings by time", "expo")), h.listMeetings)
	huma.Register(api, secured(op("recordMeetingOutcome", http.MethodPost, "/api/v1/events/{id}/meetings/{meeting_id}/outcome", "Record a meeting's outcome and value", "expo")), h.recordOutcome)
	huma.Register(api, secured(op("setVisitors", http.MethodPut, "/api/v1/events/{id}/visitors/{day}", "Visitors counted on a day", "expo")), h.setVisitors)
	huma.Register(api, op("getEventReport", http.MethodGet, "/api/v1/events/{id}/report",
		"Transaction report (JSON; ?format=csv or xlsx for files): to the organising agency, to everyone once published", "expo"), h.getReport)
}

// EventIn is the body of POST /api/v1/events.
type EventIn struct {
	Name              string `json:"name" maxLength:"200"`
	OrganiserProvince string `json:"organiser_province_code,omitempty" doc:"Admins only; agency staff organise for their own province"`
	HostProvince      string `json:"host_province_code" example:"32"`
	City              string `json:"city" maxLength:"100"`
	Venue             string `json:"venue" maxLength:"200"`
	StartsOn          string `json:"starts_on" example:"2022-08-12"`
	EndsOn            string `json:"ends_on" example:"2022-08-14"`
	TimeZone          string `json:"time_zone,omitempty" example:"Asia/Jakarta"`
	Description       string `json:"description,omitempty" maxLength:"5000"`
}

type eventResp struct{ Body expo.Event }

func (h *handlers) createEvent(ctx context.Context, in *struct{ Body EventIn }) (*eventResp, error) {
	b := in.Body
	e, err := h.Expo.CreateEvent(ctx, expo.EventFields{Name: b.Name, OrganiserProvince: b.OrganiserProvince, HostProvince: b.HostProvince,
		City: b.City, Venue: b.Venue, StartsOn: b.StartsOn, EndsOn: b.EndsOn, TimeZone: b.TimeZone, Description: b.Description})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &eventResp{Body: e}, nil
}

type itemsOf[T any] struct {
	Body struct {
		Items []T `json:"items"`
	}
}

func items[T any](list []T) *itemsOf[T] {
	out := &itemsOf[T]{}
	out.Body.Items = list
	if out.Body.Items == nil {
		out.Body.Items = []T{}
	}
	return out
}

func (h *handlers) listEvents(ctx context.Context, _ *struct{}) (*itemsOf[expo.Event], error) {
	list, err := h.Expo.Events(ctx)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) getEvent(ctx context.Context, in *IDPath) (*eventResp, error) {
	e, err := h.Expo.Event(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &eventResp{Body: e}, nil
}

func (h *handlers) setEventStatus(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Status string `json:"status" enum:"draft,open,running,closed"`
	}
}) (*eventResp, error) {
	e, err := h.Expo.SetStatus(ctx, in.ID, expo.Status(in.Body.Status))
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &eventResp{Body: e}, nil
}

func (h *handlers) publishReport(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Public bool `json:"public"`
	}
}) (*eventResp, error) {
	e, err := h.Expo.PublishReport(ctx, in.ID, in.Body.Public)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &eventResp{Body: e}, nil
}

func (h *handlers) listBooths(ctx context.Context, in *IDPath) (*itemsOf[expo.Booth], error) {
	list, err := h.Expo.Booths(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

// BoothIn is one booth of the list.
type BoothIn struct {
	Code string `json:"code" maxLength:"20" example:"A-01"`
	Size string `json:"size,omitempty" maxLength:"20" example:"3x3"`
}

func (h *handlers) setBooths(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Booths []BoothIn `json:"booths" maxItems:"2000"`
	}
}) (*itemsOf[expo.Booth], error) {
	list := make([]expo.BoothInput, len(in.Body.Booths))
	for i, b := range in.Body.Booths {
		list[i] = expo.BoothInput{Code: b.Code, Size: b.Size}
	}
	booths, err := h.Expo.SetBooths(ctx, in.ID, list)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(booths), nil
}

// ExhibitorIn is the body of POST /api/v1/events/{id}/exhibitors.
type ExhibitorIn struct {
	Kind        string `json:"kind" enum:"umkm,institution,regency"`
	UMKMID      int64  `json:"umkm_id,omitempty"`
	ParentID    int64  `json:"parent_id,omitempty" doc:"The institution or regency delegation that brings this UMKM"`
	Name        string `json:"name,omitempty" maxLength:"200"`
	RegencyCode string `json:"regency_code,omitempty" example:"16.02"`
	Category    string `json:"category,omitempty"`
	Booth       string `json:"booth,omitempty" maxLength:"20" example:"A-01"`
}

type exhibitorResp struct{ Body expo.Exhibitor }

func (h *handlers) addExhibitor(ctx context.Context, in *struct {
	IDPath
	Body ExhibitorIn
}) (*exhibitorResp, error) {
	b := in.Body
	x, err := h.Expo.AddExhibitor(ctx, in.ID, expo.NewExhibitor{Kind: b.Kind, UMKMID: b.UMKMID, ParentID: b.ParentID, Name: b.Name,
		RegencyCode: b.RegencyCode, Category: b.Category, Booth: b.Booth})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &exhibitorResp{Body: x}, nil
}

func (h *handlers) listExhibitors(ctx context.Context, in *IDPath) (*itemsOf[expo.Exhibitor], error) {
	list, err := h.Expo.Exhibitors(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) applyToEvent(ctx context.Context, in *struct {
	IDPath
	Body struct {
		UMKMID int64 `json:"umkm_id" minimum:"1"`
	}
}) (*exhibitorResp, error) {
	x, err := h.Expo.Apply(ctx, in.ID, in.Body.UMKMID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &exhibitorResp{Body: x}, nil
}

// ExhibitorPath names an exhibitor of an event.
type ExhibitorPath struct {
	ID          int64 `path:"id" minimum:"1"`
	ExhibitorID int64 `path:"exhibitor_id" minimum:"1"`
}

func (h *handlers) decideApplication(ctx context.Context, in *struct {
	ExhibitorPath
	Body struct {
		Approve bool `json:"approve"`
	}
}) (*exhibitorResp, error) {
	x, err := h.Expo.Decide(ctx, in.ID, in.ExhibitorID, in.Body.Approve)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &exhibitorResp{Body: x}, nil
}

func (h *handlers) assignBooth(ctx context.Context, in *struct {
	ExhibitorPath
	Body struct {
		Booth string `json:"booth" maxLength:"20"`
	}
}) (*exhibitorResp, error) {
	x, err := h.Expo.AssignBooth(ctx, in.ID, in.ExhibitorID, in.Body.Booth)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &exhibitorResp{Body: x}, nil
}

func (h *handlers) listExpoProducts(ctx context.Context, in *ExhibitorPath) (*itemsOf[expo.ExpoProduct], error) {
	list, err := h.Expo.Products(ctx, in.ID, in.ExhibitorID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) bringProduct(ctx context.Context, in *struct {
	ExhibitorPath
	ProductID int64 `path:"product_id" minimum:"1"`
	Body      struct {
		Stock int64 `json:"stock" minimum:"0" doc:"Units brought to the expo"`
	}
}) (*struct{ Body expo.ExpoProduct }, error) {
	p, err := h.Expo.BringProduct(ctx, in.ID, in.ExhibitorID, in.ProductID, in.Body.Stock)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body expo.ExpoProduct }{Body: p}, nil
}

func (h *handlers) addCashier(ctx context.Context, in *struct {
	ExhibitorPath
	Body struct {
		Email string `json:"email" maxLength:"254"`
	}
}) (*struct{}, error) {
	if err := h.Expo.AddCashier(ctx, in.ID, in.ExhibitorID, in.Body.Email); err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{}{}, nil
}

// SyncIn is the body of POST /api/v1/events/{id}/sales/sync.
type SyncIn struct {
	ExhibitorID int64       `json:"exhibitor_id" minimum:"1"`
	Sales       []expo.Sale `json:"sales" maxItems:"1000"`
}

func (h *handlers) syncSales(ctx context.Context, in *struct {
	IDPath
	Body SyncIn
}) (*struct{ Body expo.SyncResult }, error) {
	res, err := h.Expo.Sync(ctx, in.ID, in.Body.ExhibitorID, in.Body.Sales)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body expo.SyncResult }{Body: res}, nil
}

func (h *handlers) voidSale(ctx context.Context, in *struct {
	ID     int64  `path:"id" minimum:"1"`
	SaleID string `path:"sale_id" maxLength:"36" doc:"The id the cashier's device made"`
	Body   struct {
		Reason string `json:"reason" doc:"Why the sale is voided (required, at most 500 characters); kept in the audit log"`
	}
}) (*struct{ Body expo.SaleRecord }, error) {
	sale, err := h.Expo.VoidSale(ctx, in.ID, in.SaleID, in.Body.Reason)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body expo.SaleRecord }{Body: sale}, nil
}

func (h *handlers) listSales(ctx context.Context, in *ExhibitorPath) (*itemsOf[expo.SaleRecord], error) {
	list, err := h.Expo.Sales(ctx, in.ID, in.ExhibitorID, 200)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) addBuyer(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Name       string   `json:"name" maxLength:"150"`
		Company    string   `json:"company" maxLength:"200"`
		Kind       string   `json:"kind" enum:"retailer,distributor,exporter,hotel,lainnya"`
		Categories []string `json:"categories,omitempty" maxItems:"10"`
		Phone      string   `json:"phone,omitempty" maxLength:"30"`
	}
}) (*struct{ Body expo.MatchingBuyer }, error) {
	b := in.Body
	buyer, err := h.Expo.AddBuyer(ctx, in.ID, expo.MatchingBuyer{Name: b.Name, Company: b.Company, Kind: b.Kind, Categories: b.Categories, Phone: b.Phone})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body expo.MatchingBuyer }{Body: buyer}, nil
}

func (h *handlers) listBuyers(ctx context.Context, in *IDPath) (*itemsOf[expo.MatchingBuyer], error) {
	list, err := h.Expo.Buyers(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

type meetingResp struct{ Body expo.Meeting }

func (h *handlers) scheduleMeeting(ctx context.Context, in *struct {
	IDPath
	Body struct {
		BuyerID     int64     `json:"buyer_id" minimum:"1"`
		ExhibitorID int64     `json:"exhibitor_id" minimum:"1"`
		StartsAt    time.Time `json:"starts_at"`
		EndsAt      time.Time `json:"ends_at"`
	}
}) (*meetingResp, error) {
	m, err := h.Expo.Schedule(ctx, in.ID, in.Body.BuyerID, in.Body.ExhibitorID, in.Body.StartsAt, in.Body.EndsAt)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &meetingResp{Body: m}, nil
}

func (h *handlers) listMeetings(ctx context.Context, in *IDPath) (*itemsOf[expo.Meeting], error) {
	list, err := h.Expo.Meetings(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) recordOutcome(ctx context.Context, in *struct {
	ID        int64 `path:"id" minimum:"1"`
	MeetingID int64 `path:"meeting_id" minimum:"1"`
	Body      struct {
		Outcome string `json:"outcome" enum:"deal,potential,none,cancelled"`
		Value   int64  `json:"value" minimum:"0" doc:"Whole rupiah"`
		Notes   string `json:"notes,omitempty" maxLength:"1000"`
	}
}) (*meetingResp, error) {
	m, err := h.Expo.RecordOutcome(ctx, in.ID, in.MeetingID, in.Body.Outcome, in.Body.Value, in.Body.Notes)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &meetingResp{Body: m}, nil
}

func (h *handlers) setVisitors(ctx context.Context, in *struct {
	ID   int64  `path:"id" minimum:"1"`
	Day  string `path:"day" example:"2022-08-12"`
	Body struct {
		Visitors int64 `json:"visitors" minimum:"0"`
	}
}) (*struct{}, error) {
	if err := h.Expo.SetVisitors(ctx, in.ID, in.Day, in.Body.Visitors); err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{}{}, nil
}

type reportFile struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (h *handlers) getReport(ctx context.Context, in *struct {
	ID     int64  `path:"id" minimum:"1"`
	Format string `query:"format" enum:"json,csv,xlsx" default:"json"`
}) (*reportFile, error) {
	r, err := h.Expo.Report(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	var buf bytes.Buffer
	out := &reportFile{}
	name := "laporan-acara-" + r.Event.StartsOn
	switch in.Format {
	case "csv":
		err = expo.WriteCSV(&buf, r)
		out.ContentType, out.ContentDisposition = "text/csv; charset=utf-8", `attachment; filename="`+name+`.csv"`
	case "xlsx":
		err = expo.WriteXLSX(&buf, r)
		out.ContentType, out.ContentDisposition = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `attachment; filename="`+name+`.xlsx"`
	default:
		err = json.NewEncoder(&buf).Encode(r)
		out.ContentType = "application/json"
	}
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	out.Body = buf.Bytes()
	return out, nil
}
