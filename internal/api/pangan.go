package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/pangan"
)

// registerPangan adds the household food programmes (issue 12): the
// programme and its adoption, households, field officers, the offline
// visits' sync and the indicators.
func (h *handlers) registerPangan(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	created := func(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusCreated; return o }
	huma.Register(api, created(secured(op("createFoodProgramme", http.MethodPost, "/api/v1/food-programmes",
		"Start a province's food programme with its configuration (the agency of that province, or an admin)", "pangan"))), h.createFoodProgramme)
	huma.Register(api, op("listFoodProgrammes", http.MethodGet, "/api/v1/food-programmes", "Every food programme, by province", "pangan"), h.listFoodProgrammes)
	huma.Register(api, op("getFoodProgramme", http.MethodGet, "/api/v1/food-programmes/{id}", "One programme and its configuration", "pangan"), h.getFoodProgramme)
	huma.Register(api, secured(op("configureFoodProgramme", http.MethodPut, "/api/v1/food-programmes/{id}/configuration",
		"Set a programme's whole configuration (its agency, or an admin): what records use cannot be removed, a commodity with harvests keeps its unit, a package given keeps its items", "pangan")), h.configureFoodProgramme)
	huma.Register(api, created(secured(op("adoptFoodProgramme", http.MethodPost, "/api/v1/food-programmes/{id}/adopt",
		"Adopt a programme in the caller's province (its agency): commodities, aid package types and phases copied, no households", "pangan"))), h.adoptFoodProgramme)
	huma.Register(api, created(secured(op("addHousehold", http.MethodPost, "/api/v1/food-programmes/{id}/households",
		"Register a household (the agency, or an officer of its village); the answer shows the NIK masked", "pangan"))), h.addHousehold)
	huma.Register(api, secured(op("listHouseholds", http.MethodGet, "/api/v1/food-programmes/{id}/households",
		"Households in the caller's scope (the agency: its province; an officer: its villages), NIK and phone masked", "pangan")), h.listHouseholds)
	huma.Register(api, secured(op("getHousehold", http.MethodGet, "/api/v1/food-programmes/{id}/households/{household_id}",
		"One household with its whole NIK and phone: the agency and the officers of its village only", "pangan")), h.getHousehold)
	huma.Register(api, created(secured(op("assignOfficer", http.MethodPost, "/api/v1/food-programmes/{id}/officers",
		"Make an account the programme's field officer for villages (the agency)", "pangan"))), h.assignOfficer)
	huma.Register(api, secured(op("listOfficers", http.MethodGet, "/api/v1/food-programmes/{id}/officers", "The programme's field officers and their villages (the agency)", "pangan")), h.listOfficers)
	huma.Register(api, secured(op("syncVisits", http.MethodPost, "/api/v1/food-programmes/{id}/visits/sync",
		"A field officer's queued visits: each stored once by its device-made id; a visit on a household version moved on by someone else is a conflict to resolve", "pangan")), h.syncVisits)
	huma.Register(api, op("foodIndicators", http.MethodGet, "/api/v1/food-programmes/{id}/indicators",
		"An area's figures from the records (province and regency public; district and village to the agency and the area's officers)", "pangan"), h.foodIndicators)
}

// FoodProgrammeIn is the body of POST /api/v1/food-programmes.
type FoodProgrammeIn struct {
	Name         string               `json:"name" maxLength:"200" example:"Gerakan Sumsel Mandiri Pangan"`
	ProvinceCode string               `json:"province_code" example:"16"`
	StartYear    int                  `json:"start_year" example:"2021"`
	Commodities  []pangan.Commodity   `json:"commodities" maxItems:"200"`
	Prices       []pangan.Price       `json:"prices,omitempty" maxItems:"10000"`
	Targets      []pangan.Target      `json:"targets,omitempty" maxItems:"100"`
	Packages     []pangan.PackageType `json:"packages,omitempty" maxItems:"100"`
	Sponsors     []pangan.Sponsor     `json:"sponsors,omitempty" maxItems:"100"`
	Phases       []pangan.Phase       `json:"phases,omitempty" maxItems:"50"`
}

type foodProgrammeResp struct{ Body pangan.Programme }

func (h *handlers) createFoodProgramme(ctx context.Context, in *struct{ Body FoodProgrammeIn }) (*foodProgrammeResp, error) {
	b := in.Body
	p, err := h.Pangan.CreateProgramme(ctx, pangan.ProgrammeFields{Name: b.Name, ProvinceCode: b.ProvinceCode, StartYear: b.StartYear,
		Commodities: b.Commodities, Prices: b.Prices, Targets: b.Targets, Packages: b.Packages, Sponsors: b.Sponsors, Phases: b.Phases})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &foodProgrammeResp{Body: p}, nil
}

func (h *handlers) listFoodProgrammes(ctx context.Context, _ *struct{}) (*itemsOf[pangan.Programme], error) {
	list, err := h.Pangan.Programmes(ctx)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) getFoodProgramme(ctx context.Context, in *IDPath) (*foodProgrammeResp, error) {
	p, err := h.Pangan.Programme(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &foodProgrammeResp{Body: p}, nil
}

// FoodConfigurationIn is the body of PUT /api/v1/food-programmes/{id}/configuration:
// the whole configuration as it should be (the province stays).
type FoodConfigurationIn struct {
	Name        string               `json:"name" maxLength:"200"`
	StartYear   int                  `json:"start_year" example:"2021"`
	Commodities []pangan.Commodity   `json:"commodities" maxItems:"200"`
	Prices      []pangan.Price       `json:"prices" maxItems:"10000"`
	Targets     []pangan.Target      `json:"targets" maxItems:"100"`
	Packages    []pangan.PackageType `json:"packages" maxItems:"100"`
	Sponsors    []pangan.Sponsor     `json:"sponsors" maxItems:"100"`
	Phases      []pangan.Phase       `json:"phases" maxItems:"50"`
}

func (h *handlers) configureFoodProgramme(ctx context.Context, in *struct {
	IDPath
	Body FoodConfigurationIn
}) (*foodProgrammeResp, error) {
	b := in.Body
	p, err := h.Pangan.Configure(ctx, in.ID, pangan.ProgrammeFields{Name: b.Name, StartYear: b.StartYear, Commodities: b.Commodities,
		Prices: b.Prices, Targets: b.Targets, Packages: b.Packages, Sponsors: b.Sponsors, Phases: b.Phases})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &foodProgrammeResp{Body: p}, nil
}

func (h *handlers) adoptFoodProgramme(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Name string `json:"name" maxLength:"200" example:"Gerakan Jabar Mandiri Pangan"`
	}
}) (*foodProgrammeResp, error) {
	p, err := h.Pangan.Adopt(ctx, in.ID, in.Body.Name)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &foodProgrammeResp{Body: p}, nil
}

// HouseholdIn is the body of POST /api/v1/food-programmes/{id}/households.
type HouseholdIn struct {
	HeadName      string `json:"head_name" maxLength:"200"`
	NIK           string `json:"nik" maxLength:"16" example:"1604015203850001"`
	VillageCode   string `json:"village_code" example:"16.04.01.2001"`
	Address       string `json:"address,omitempty" maxLength:"500"`
	Phone         string `json:"phone,omitempty" maxLength:"20"`
	Members       int    `json:"members" example:"4"`
	PovertyStatus string `json:"poverty_status" enum:"sangat_miskin,miskin,rentan,tidak_miskin"`
	PovertySource string `json:"poverty_source,omitempty" maxLength:"200" example:"DTKS 2023"`
	GroupID       int64  `json:"group_id,omitempty"`
}

type householdResp struct{ Body pangan.Household }

func (h *handlers) addHousehold(ctx context.Context, in *struct {
	IDPath
	Body HouseholdIn
}) (*householdResp, error) {
	b := in.Body
	hh, err := h.Pangan.AddHousehold(ctx, in.ID, pangan.HouseholdFields{HeadName: b.HeadName, NIK: b.NIK, VillageCode: b.VillageCode,
		Address: b.Address, Phone: b.Phone, Members: b.Members, PovertyStatus: b.PovertyStatus, PovertySource: b.PovertySource, GroupID: b.GroupID})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	hh.NIK, hh.Phone = "", "" // least exposure: the sender knows them; the answer shows them masked
	return &householdResp{Body: hh}, nil
}

func (h *handlers) listHouseholds(ctx context.Context, in *struct {
	IDPath
	Village string `query:"village" doc:"A village, district, regency or province code"`
	Limit   int    `query:"limit" minimum:"0" maximum:"200"`
	Cursor  string `query:"cursor"`
}) (*struct {
	Body struct {
		Items      []pangan.Household `json:"items"`
		NextCursor string             `json:"next_cursor" doc:"Continues after this page; empty on the last"`
	}
}, error) {
	list, next, err := h.Pangan.Households(ctx, in.ID, pangan.HouseholdFilter{Area: in.Village, Limit: in.Limit, Cursor: in.Cursor})
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	out := &struct {
		Body struct {
			Items      []pangan.Household `json:"items"`
			NextCursor string             `json:"next_cursor" doc:"Continues after this page; empty on the last"`
		}
	}{}
	out.Body.Items, out.Body.NextCursor = list, next
	if out.Body.Items == nil {
		out.Body.Items = []pangan.Household{}
	}
	return out, nil
}

func (h *handlers) getHousehold(ctx context.Context, in *struct {
	IDPath
	HouseholdID int64 `path:"household_id" minimum:"1"`
}) (*householdResp, error) {
	hh, err := h.Pangan.Household(ctx, in.ID, in.HouseholdID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &householdResp{Body: hh}, nil
}

func (h *handlers) assignOfficer(ctx context.Context, in *struct {
	IDPath
	Body struct {
		UserID       int64    `json:"user_id" minimum:"1"`
		VillageCodes []string `json:"village_codes" maxItems:"500"`
	}
}) (*struct{ Body pangan.Officer }, error) {
	o, err := h.Pangan.AssignOfficer(ctx, in.ID, in.Body.UserID, in.Body.VillageCodes)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body pangan.Officer }{Body: o}, nil
}

func (h *handlers) listOfficers(ctx context.Context, in *IDPath) (*itemsOf[pangan.Officer], error) {
	list, err := h.Pangan.Officers(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) syncVisits(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Visits []pangan.VisitIn `json:"visits" maxItems:"500"`
	}
}) (*struct{ Body pangan.VisitSyncResult }, error) {
	res, err := h.Pangan.SyncVisits(ctx, in.ID, in.Body.Visits)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &struct{ Body pangan.VisitSyncResult }{Body: res}, nil
}

func (h *handlers) foodIndicators(ctx context.Context, in *struct {
	IDPath
	Level string `query:"level" enum:"province,regency,district,village" doc:"Checked against the code's form"`
	Code  string `query:"code" doc:"The area's Kemendagri code; default the programme's province"`
	From  string `query:"from" doc:"First month, YYYY-MM"`
	To    string `query:"to" doc:"Last month, YYYY-MM"`
}) (*struct{ Body pangan.Indicators }, error) {
	ind, err := h.Pangan.Indicators(ctx, in.ID, in.Level, in.Code, in.From, in.To)
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return &struct{ Body pangan.Indicators }{Body: ind}, nil
}
