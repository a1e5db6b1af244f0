package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/mall"
)

// registerMall adds the open-air mall: venues and their staff, stalls, the
// rulebook, applications with curation, turns and the allocation.
func (h *handlers) registerMall(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	status := func(o huma.Operation, code int) huma.Operation { o.DefaultStatus = code; return o }
	huma.Register(api, status(secured(op("createVenue", http.MethodPost, "/api/v1/venues", "Create a mall venue (the agency of its province, or an admin)", "mall")), http.StatusCreated), h.createVenue)
	huma.Register(api, op("listVenues", http.MethodGet, "/api/v1/venues", "Venues, newest first; ?run=true: the ones the caller runs", "mall"), h.listVenues)
	huma.Register(api, op("getVenue", http.MethodGet, "/api/v1/venues/{id}", "One venue", "mall"), h.getVenue)
	huma.Register(api, secured(op("addVenueStaff", http.MethodPost, "/api/v1/venues/{id}/staff", "Let an account of the operator run this venue (the province's agency, an admin)", "mall")), h.addVenueStaff)
	huma.Register(api, secured(op("listVenueStaff", http.MethodGet, "/api/v1/venues/{id}/staff", "The operator's staff of a venue", "mall")), h.listVenueStaff)
	huma.Register(api, status(secured(op("removeVenueStaff", http.MethodDelete, "/api/v1/venues/{id}/staff/{user_id}", "Take the venue away from a staff account", "mall")), http.StatusNoContent), h.removeVenueStaff)
	huma.Register(api, op("listStalls", http.MethodGet, "/api/v1/venues/{id}/stalls", "A venue's stalls by code", "mall"), h.listStalls)
	huma.Register(api, secured(op("setStalls", http.MethodPut, "/api/v1/venues/{id}/stalls",
		"Replace the stall list (by code: new ones added, missing ones removed; a stall with turns is kept, so the list is refused)", "mall")), h.setStalls)
	huma.Register(api, op("getRulebook", http.MethodGet, "/api/v1/venues/{id}/rulebook", "The rulebook in force", "mall"), h.getRulebook)
	huma.Register(api, op("listRulebookVersions", http.MethodGet, "/api/v1/venues/{id}/rulebook/versions", "Every published version of the rulebook, newest first", "mall"), h.listRulebookVersions)
	huma.Register(api, secured(op("publishRulebook", http.MethodPut, "/api/v1/venues/{id}/rulebook",
		"Publish a new version of the rulebook; rules that cannot hold together are refused by name", "mall")), h.publishRulebook)
	huma.Register(api, status(secured(op("applyForStall", http.MethodPost, "/api/v1/venues/{id}/applications", "A verified UMKM applies for a season (its owner)", "mall")), http.StatusCreated), h.applyForStall)
	huma.Register(api, secured(op("listMallApplications", http.MethodGet, "/api/v1/venues/{id}/applications", "Applications: all to the operator, its own to a seller", "mall")), h.listMallApplications)
	huma.Register(api, secured(op("getMallApplication", http.MethodGet, "/api/v1/venues/{id}/applications/{application_id}", "One application: its UMKM's owner and the operator", "mall")), h.getMallApplication)
	huma.Register(api, secured(op("decideMallApplication", http.MethodPost, "/api/v1/venues/{id}/applications/{application_id}/decision", "Accept or reject with a reason the applicant reads", "mall")), h.decideMallApplication)
	huma.Register(api, secured(op("scoreMallApplication", http.MethodPut, "/api/v1/venues/{id}/applications/{application_id}/scores", "The caller's rubric scores of an application", "mall")), h.scoreMallApplication)
	huma.Register(api, secured(op("listMallScores", http.MethodGet, "/api/v1/venues/{id}/applications/{application_id}/scores", "Scores: the caller's own until the application is decided, everyone's after", "mall")), h.listMallScores)
	huma.Register(api, op("listTurns", http.MethodGet, "/api/v1/venues/{id}/turns", "Turns meeting a period: the season's schedule", "mall"), h.listTurns)
	huma.Register(api, status(secured(op("addTurn", http.MethodPost, "/api/v1/venues/{id}/turns", "Give a stall by hand; a stall taken at those dates is a conflict", "mall")), http.StatusCreated), h.addTurn)
	huma.Register(api, secured(op("cancelTurn", http.MethodPost, "/api/v1/venues/{id}/turns/{turn_id}/cancel", "Free a turn's stall (not once it started)", "mall")), h.cancelTurn)
	huma.Register(api, secured(op("allocate", http.MethodPost, "/api/v1/venues/{id}/allocations",
		"Allocate a season's turns by the published rulebook (the operator): started turns kept, a reason for each applicant left out", "mall")), h.allocate)
	huma.Register(api, secured(op("listAllocations", http.MethodGet, "/api/v1/venues/{id}/allocations", "The venue's allocation runs, newest first", "mall")), h.listAllocations)
	huma.Register(api, status(secured(op("checkIn", http.MethodPost, "/api/v1/venues/{id}/checkins",
		"The tenant checks in at its stall today by the stall QR's code (201; a repeat returns the same record with 200)", "mall")), http.StatusCreated), h.checkIn)
	huma.Register(api, secured(op("venueToday", http.MethodGet, "/api/v1/venues/{id}/today",
		"Today's occupancy at the venue: each stall, its tenant and whether it checked in (those who run the venue)", "mall")), h.venueToday)
	huma.Register(api, op("listTenants", http.MethodGet, "/api/v1/venues/{id}/tenants", "Who is at which stall on a day (default today)", "mall"), h.listTenants)
}

// VenueIn is the body of POST /api/v1/venues.
type VenueIn struct {
	Name            string `json:"name" maxLength:"200"`
	ProvinceCode    string `json:"province_code" example:"32"`
	RegencyCode     string `json:"regency_code" example:"32.73"`
	Address         string `json:"address" maxLength:"500"`
	TimeZone        string `json:"time_zone,omitempty" example:"Asia/Jakarta" doc:"Default: the province's zone"`
	OperatorName    string `json:"operator_name,omitempty" maxLength:"200" example:"PT Jaswita Jabar" doc:"Empty: the agency runs it itself"`
	OpeningWeekdays []int  `json:"opening_weekdays,omitempty" maxItems:"7" doc:"ISO weekdays it opens (default every day)"`
	OpensAt         string `json:"opens_at,omitempty" example:"08:00"`
	ClosesAt        string `json:"closes_at,omitempty" example:"22:00"`
}

type venueResp struct{ Body mall.Venue }

func (h *handlers) createVenue(ctx context.Context, in *struct{ Body VenueIn }) (*venueResp, error) {
	b := in.Body
	v, err := h.Mall.CreateVenue(ctx, mall.VenueFields{Name: b.Name, ProvinceCode: b.ProvinceCode, RegencyCode: b.RegencyCode, Address: b.Address,
		TimeZone: b.TimeZone, OperatorName: b.OperatorName, OpeningWeekdays: b.OpeningWeekdays, OpensAt: b.OpensAt, ClosesAt: b.ClosesAt})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &venueResp{Body: v}, nil
}

func (h *handlers) listVenues(ctx context.Context, in *struct {
	Run bool `query:"run" doc:"Only the venues the caller runs (its staff's, its province's)"`
}) (*itemsOf[mall.Venue], error) {
	list, err := h.Mall.Venues(ctx, in.Run)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return items(list), nil
}

func (h *handlers) getVenue(ctx context.Context, in *IDPath) (*venueResp, error) {
	v, err := h.Mall.Venue(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &venueResp{Body: v}, nil
}

func (h *handlers) addVenueStaff(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Email string `json:"email" maxLength:"254"`
	}
}) (*struct{ Body mall.StaffMember }, error) {
	m, err := h.Mall.AddStaff(ctx, in.ID, in.Body.Email)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body mall.StaffMember }{Body: m}, nil
}

func (h *handlers) listVenueStaff(ctx context.Context, in *IDPath) (*itemsOf[mall.StaffMember], error) {
	list, err := h.Mall.Staff(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) removeVenueStaff(ctx context.Context, in *struct {
	ID     int64 `path:"id" minimum:"1"`
	UserID int64 `path:"user_id" minimum:"1"`
}) (*struct{}, error) {
	return nil, h.problem(ctx, h.Mall.RemoveStaff(ctx, in.ID, in.UserID))
}

// StallIn is one stall of the list PUT /api/v1/venues/{id}/stalls sends.
type StallIn struct {
	Code     string `json:"code" maxLength:"20" example:"K-01"`
	Kind     string `json:"kind" enum:"kios,tenda,gerobak,meja"`
	Size     string `json:"size,omitempty" maxLength:"20" example:"3x3"`
	Zone     string `json:"zone,omitempty" maxLength:"20" example:"A"`
	Power    bool   `json:"power,omitempty" doc:"Listrik"`
	Water    bool   `json:"water,omitempty" doc:"Air"`
	Cooking  bool   `json:"cooking,omitempty" doc:"Boleh memasak"`
	Category string `json:"category,omitempty" doc:"A category zone: the stall is for this category only"`
	Status   string `json:"status,omitempty" enum:"active,under_repair" doc:"Default active"`
	X        int    `json:"x,omitempty" minimum:"0" doc:"Position on the site plan"`
	Y        int    `json:"y,omitempty" minimum:"0"`
}

type stallsResp struct{ Body []mall.Stall }

func (h *handlers) listStalls(ctx context.Context, in *IDPath) (*stallsResp, error) {
	list, err := h.Mall.Stalls(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &stallsResp{Body: list}, nil
}

func (h *handlers) setStalls(ctx context.Context, in *struct {
	IDPath
	Body []StallIn `maxItems:"2000"`
}) (*stallsResp, error) {
	list := make([]mall.StallInput, len(in.Body))
	for i, b := range in.Body {
		list[i] = mall.StallInput{Code: b.Code, Kind: b.Kind, Size: b.Size, Zone: b.Zone, Power: b.Power, Water: b.Water, Cooking: b.Cooking,
			Category: b.Category, Status: b.Status, X: b.X, Y: b.Y}
	}
	stalls, err := h.Mall.SetStalls(ctx, in.ID, list)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &stallsResp{Body: stalls}, nil
}

type rulebookResp struct{ Body mall.Rulebook }

func (h *handlers) getRulebook(ctx context.Context, in *IDPath) (*rulebookResp, error) {
	rb, err := h.Mall.CurrentRulebook(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &rulebookResp{Body: rb}, nil
}

func (h *handlers) listRulebookVersions(ctx context.Context, in *IDPath) (*itemsOf[mall.Rulebook], error) {
	list, err := h.Mall.RulebookVersions(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) publishRulebook(ctx context.Context, in *struct {
	IDPath
	Body mall.Rules
}) (*rulebookResp, error) {
	rb, err := h.Mall.PublishRulebook(ctx, in.ID, in.Body)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &rulebookResp{Body: rb}, nil
}

// ApplicationIn is the body of POST /api/v1/venues/{id}/applications.
type ApplicationIn struct {
	UMKMID   int64      `json:"umkm_id" minimum:"1"`
	From     string     `json:"from" example:"2027-01-04"`
	To       string     `json:"to" example:"2027-03-28"`
	Needs    mall.Needs `json:"needs,omitempty"`
	Weekdays []int      `json:"weekdays,omitempty" maxItems:"7" example:"[6,7]" doc:"ISO weekdays it can come (1 Monday … 7 Sunday); empty is any day"`
	Category string     `json:"category,omitempty" doc:"Default: the UMKM's category"`
	Products string     `json:"products,omitempty" maxLength:"1000"`
}

type applicationResp struct{ Body mall.Application }

func (h *handlers) applyForStall(ctx context.Context, in *struct {
	IDPath
	Body ApplicationIn
}) (*applicationResp, error) {
	b := in.Body
	ap, err := h.Mall.Apply(ctx, in.ID, mall.ApplyFields{UMKMID: b.UMKMID, From: b.From, To: b.To, Needs: b.Needs,
		Weekdays: b.Weekdays, Category: b.Category, Products: b.Products})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &applicationResp{Body: ap}, nil
}

func (h *handlers) listMallApplications(ctx context.Context, in *IDPath) (*itemsOf[mall.Application], error) {
	list, err := h.Mall.Applications(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

// ApplicationPath names an application to a venue.
type ApplicationPath struct {
	ID            int64 `path:"id" minimum:"1"`
	ApplicationID int64 `path:"application_id" minimum:"1"`
}

func (h *handlers) getMallApplication(ctx context.Context, in *ApplicationPath) (*applicationResp, error) {
	ap, err := h.Mall.Application(ctx, in.ID, in.ApplicationID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &applicationResp{Body: ap}, nil
}

func (h *handlers) decideMallApplication(ctx context.Context, in *struct {
	ApplicationPath
	Body struct {
		Status string `json:"status" enum:"accepted,rejected"`
		Reason string `json:"reason" maxLength:"500" doc:"Shown to the applicant"`
		Class  string `json:"class,omitempty" enum:"tetap,bergilir,percobaan,tamu" doc:"The tenancy class it is accepted in"`
	}
}) (*applicationResp, error) {
	ap, err := h.Mall.Decide(ctx, in.ID, in.ApplicationID, mall.Decision{Status: in.Body.Status, Reason: in.Body.Reason, Class: in.Body.Class})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &applicationResp{Body: ap}, nil
}

func (h *handlers) scoreMallApplication(ctx context.Context, in *struct {
	ApplicationPath
	Body struct {
		Scores map[string]int `json:"scores" doc:"Criterion key → score 0–5"`
	}
}) (*itemsOf[mall.Score], error) {
	list, err := h.Mall.SetScores(ctx, in.ID, in.ApplicationID, in.Body.Scores)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) listMallScores(ctx context.Context, in *ApplicationPath) (*itemsOf[mall.Score], error) {
	list, err := h.Mall.Scores(ctx, in.ID, in.ApplicationID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) listTurns(ctx context.Context, in *struct {
	ID   int64  `path:"id" minimum:"1"`
	From string `query:"from" example:"2027-01-04" doc:"Default today at the venue"`
	To   string `query:"to" example:"2027-03-28" doc:"Default 30 days after from"`
}) (*itemsOf[mall.Turn], error) {
	list, err := h.Mall.Turns(ctx, in.ID, in.From, in.To)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return items(list), nil
}

type turnResp struct{ Body mall.Turn }

func (h *handlers) addTurn(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Stall         string `json:"stall" maxLength:"20" example:"K-01"`
		ApplicationID int64  `json:"application_id" minimum:"1"`
		From          string `json:"from" example:"2027-01-04"`
		To            string `json:"to" example:"2027-01-10"`
	}
}) (*turnResp, error) {
	b := in.Body
	t, err := h.Mall.AddTurn(ctx, in.ID, mall.TurnFields{Stall: b.Stall, ApplicationID: b.ApplicationID, From: b.From, To: b.To})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &turnResp{Body: t}, nil
}

func (h *handlers) cancelTurn(ctx context.Context, in *struct {
	ID     int64 `path:"id" minimum:"1"`
	TurnID int64 `path:"turn_id" minimum:"1"`
}) (*turnResp, error) {
	t, err := h.Mall.CancelTurn(ctx, in.ID, in.TurnID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &turnResp{Body: t}, nil
}

func (h *handlers) listTenants(ctx context.Context, in *struct {
	ID  int64  `path:"id" minimum:"1"`
	Day string `query:"day" example:"2027-01-09" doc:"Default today at the venue"`
}) (*itemsOf[mall.Tenant], error) {
	list, err := h.Mall.Tenants(ctx, in.ID, in.Day)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return items(list), nil
}

func (h *handlers) allocate(ctx context.Context, in *struct {
	IDPath
	Body struct {
		From string `json:"from" example:"2027-01-04"`
		To   string `json:"to" example:"2027-03-28"`
		Seed int64  `json:"seed,omitempty" minimum:"0" example:"42" doc:"Breaks ties between applicants the rules cannot tell apart (default 0)"`
	}
}) (*struct{ Body mall.Allocation }, error) {
	res, err := h.Mall.Allocate(ctx, in.ID, in.Body.From, in.Body.To, in.Body.Seed)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body mall.Allocation }{Body: res}, nil
}

func (h *handlers) listAllocations(ctx context.Context, in *IDPath) (*itemsOf[mall.AllocationRun], error) {
	list, err := h.Mall.Allocations(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

type checkInResp struct {
	Status int
	Body   mall.CheckIn
}

func (h *handlers) checkIn(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Stall string `json:"stall" maxLength:"20" example:"K-01"`
		Code  string `json:"code" maxLength:"100" doc:"The secret code of the stall's QR"`
	}
}) (*checkInResp, error) {
	c, created, err := h.Mall.CheckIn(ctx, in.ID, in.Body.Stall, in.Body.Code)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return &checkInResp{Status: status, Body: c}, nil
}

func (h *handlers) venueToday(ctx context.Context, in *IDPath) (*struct{ Body mall.Day }, error) {
	d, err := h.Mall.Today(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body mall.Day }{Body: d}, nil
}
