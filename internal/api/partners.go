package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/partner"
)

// registerPartners adds the partner institutions (mitra binaan): partners
// and their staff (the admin), a UMKM's consent (its owner), the fostered
// UMKM, programmes with stages, training with attendance. Loans are in loans.go.
func (h *handlers) registerPartners(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	status := func(o huma.Operation, code int) huma.Operation { o.DefaultStatus = code; return o }
	huma.Register(api, status(secured(op("createPartner", http.MethodPost, "/api/v1/partners", "Add a partner institution (admin)", "partners")), http.StatusCreated), h.createPartner)
	huma.Register(api, secured(op("listPartners", http.MethodGet, "/api/v1/partners", "Partner institutions: all to the admin, its own to a partner's staff", "partners")), h.listPartners)
	huma.Register(api, status(secured(op("addPartnerMember", http.MethodPost, "/api/v1/partners/{id}/members",
		"Make an account staff of the partner (admin); the account gets the role partner", "partners")), http.StatusCreated), h.addPartnerMember)
	huma.Register(api, secured(op("listPartnerMembers", http.MethodGet, "/api/v1/partners/{id}/members", "The partner's staff (its staff, the admin)", "partners")), h.listPartnerMembers)
	huma.Register(api, status(secured(op("giveConsent", http.MethodPost, "/api/v1/umkm/{id}/partners/{partner_id}",
		"The UMKM's owner consents to be fostered by the partner: it will see the profile and the sales through Gerai", "partners")), http.StatusCreated), h.giveConsent)
	huma.Register(api, status(secured(op("withdrawConsent", http.MethodDelete, "/api/v1/umkm/{id}/partners/{partner_id}",
		"The UMKM's owner withdraws its consent; the partner's loans stay its records", "partners")), http.StatusNoContent), h.withdrawConsent)
	huma.Register(api, secured(op("listConsents", http.MethodGet, "/api/v1/umkm/{id}/partners", "A UMKM's consents, active and withdrawn (its owner)", "partners")), h.listConsents)
	huma.Register(api, secured(op("listFostered", http.MethodGet, "/api/v1/partners/{id}/umkm",
		"The UMKM whose consent to the partner is active, with the last stage reached (its staff, the admin)", "partners")), h.listFostered)
	huma.Register(api, secured(op("listFosteredBySeveral", http.MethodGet, "/api/v1/partners/shared-umkm",
		"UMKM fostered by several partners: the agency its province, the admin all", "partners")), h.listShared)
	huma.Register(api, status(secured(op("createProgramme", http.MethodPost, "/api/v1/partners/{id}/programmes",
		"Add a staged programme (its staff), e.g. Go Modern → Go Digital → Go Online → Go Global", "partners")), http.StatusCreated), h.createProgramme)
	huma.Register(api, secured(op("listProgrammes", http.MethodGet, "/api/v1/partners/{id}/programmes", "The partner's programmes and how many UMKM reached each stage", "partners")), h.listProgrammes)
	huma.Register(api, status(secured(op("recordStage", http.MethodPost, "/api/v1/partners/{id}/stages/{stage_id}/umkm",
		"Record that a fostered UMKM reached a stage on a day (its staff)", "partners")), http.StatusNoContent), h.recordStage)
	huma.Register(api, status(secured(op("createTraining", http.MethodPost, "/api/v1/partners/{id}/trainings", "Add a training event (its staff)", "partners")), http.StatusCreated), h.createTraining)
	huma.Register(api, secured(op("listTrainings", http.MethodGet, "/api/v1/partners/{id}/trainings", "The partner's training events with the consenting UMKM that attended", "partners")), h.listTrainings)
	huma.Register(api, status(secured(op("recordAttendance", http.MethodPost, "/api/v1/partners/{id}/trainings/{training_id}/attendance",
		"Record the fostered UMKM that attended (its staff); all or none", "partners")), http.StatusNoContent), h.recordAttendance)
}

type partnerResp struct{ Body partner.Partner }

func (h *handlers) createPartner(ctx context.Context, in *struct {
	Body struct {
		Name         string `json:"name" maxLength:"200" example:"PT Pupuk Sriwidjaja Palembang"`
		Kind         string `json:"kind" enum:"bank,bumn,association,university,regency"`
		ProvinceCode string `json:"province_code,omitempty" maxLength:"2" example:"16" doc:"The province of its seat; default 16"`
	}
}) (*partnerResp, error) {
	p, err := h.Partners.CreatePartner(ctx, partner.PartnerFields{Name: in.Body.Name, Kind: in.Body.Kind, ProvinceCode: in.Body.ProvinceCode})
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &partnerResp{Body: p}, nil
}

func (h *handlers) listPartners(ctx context.Context, _ *struct{}) (*itemsOf[partner.Partner], error) {
	list, err := h.Partners.Partners(ctx)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

type memberResp struct{ Body partner.Member }

func (h *handlers) addPartnerMember(ctx context.Context, in *struct {
	IDPath
	Body struct {
		UserID int64 `json:"user_id" minimum:"1"`
	}
}) (*memberResp, error) {
	m, err := h.Partners.AddMember(ctx, in.ID, in.Body.UserID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &memberResp{Body: m}, nil
}

func (h *handlers) listPartnerMembers(ctx context.Context, in *IDPath) (*itemsOf[partner.Member], error) {
	list, err := h.Partners.Members(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

// ConsentPath names a UMKM and a partner.
type ConsentPath struct {
	ID        int64 `path:"id" minimum:"1" doc:"The UMKM"`
	PartnerID int64 `path:"partner_id" minimum:"1"`
}

type consentResp struct{ Body partner.Consent }

func (h *handlers) giveConsent(ctx context.Context, in *ConsentPath) (*consentResp, error) {
	c, err := h.Partners.GiveConsent(ctx, in.ID, in.PartnerID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &consentResp{Body: c}, nil
}

func (h *handlers) withdrawConsent(ctx context.Context, in *ConsentPath) (*struct{}, error) {
	return nil, h.problem(ctx, h.Partners.WithdrawConsent(ctx, in.ID, in.PartnerID))
}

func (h *handlers) listConsents(ctx context.Context, in *IDPath) (*itemsOf[partner.Consent], error) {
	list, err := h.Partners.ConsentsOf(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) listFostered(ctx context.Context, in *IDPath) (*itemsOf[partner.Fostered], error) {
	list, err := h.Partners.FosteredUMKM(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) listShared(ctx context.Context, _ *struct{}) (*itemsOf[partner.SharedUMKM], error) {
	list, err := h.Partners.FosteredBySeveral(ctx)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

type programmeResp struct{ Body partner.PartnerProgramme }

func (h *handlers) createProgramme(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Name   string   `json:"name" maxLength:"200" example:"Pembinaan UMKM Naik Kelas"`
		Stages []string `json:"stages" minItems:"1" maxItems:"12" example:"[\"Go Modern\",\"Go Digital\",\"Go Online\",\"Go Global\"]"`
	}
}) (*programmeResp, error) {
	p, err := h.Partners.CreateProgramme(ctx, in.ID, in.Body.Name, in.Body.Stages)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &programmeResp{Body: p}, nil
}

func (h *handlers) listProgrammes(ctx context.Context, in *IDPath) (*itemsOf[partner.PartnerProgramme], error) {
	list, err := h.Partners.Programmes(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) recordStage(ctx context.Context, in *struct {
	ID      int64 `path:"id" minimum:"1"`
	StageID int64 `path:"stage_id" minimum:"1"`
	Body    struct {
		UMKMID    int64  `json:"umkm_id" minimum:"1"`
		ReachedOn string `json:"reached_on" example:"2026-06-30"`
	}
}) (*struct{}, error) {
	return nil, h.problem(ctx, h.Partners.RecordStage(ctx, in.ID, in.StageID, in.Body.UMKMID, in.Body.ReachedOn))
}

type trainingResp struct{ Body partner.Training }

func (h *handlers) createTraining(ctx context.Context, in *struct {
	IDPath
	Body struct {
		Title  string `json:"title" maxLength:"200" example:"Pemasaran digital untuk UMKM"`
		HeldOn string `json:"held_on" example:"2026-08-12"`
		Place  string `json:"place,omitempty" maxLength:"200"`
	}
}) (*trainingResp, error) {
	t, err := h.Partners.CreateTraining(ctx, in.ID, in.Body.Title, in.Body.HeldOn, in.Body.Place)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &trainingResp{Body: t}, nil
}

func (h *handlers) listTrainings(ctx context.Context, in *IDPath) (*itemsOf[partner.Training], error) {
	list, err := h.Partners.Trainings(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) recordAttendance(ctx context.Context, in *struct {
	ID         int64 `path:"id" minimum:"1"`
	TrainingID int64 `path:"training_id" minimum:"1"`
	Body       struct {
		UMKMIDs []int64 `json:"umkm_ids" minItems:"1" maxItems:"500"`
	}
}) (*struct{}, error) {
	return nil, h.problem(ctx, h.Partners.RecordAttendance(ctx, in.ID, in.TrainingID, in.Body.UMKMIDs))
}
