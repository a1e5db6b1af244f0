package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/partner"
)

// registerLoans adds the partners' PUMK loans: granting with the schedule,
// repayments (one by one or imported), a loan's days late and class, the
// list and the portfolio by class with its portfolio at risk.
func (h *handlers) registerLoans(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	status := func(o huma.Operation, code int) huma.Operation { o.DefaultStatus = code; return o }
	huma.Register(api, status(secured(op("createLoan", http.MethodPost, "/api/v1/partners/{id}/loans",
		"Lend to a consenting UMKM under the PUMK rules (its staff): up to Rp250 juta, 1–36 months, 3% a year; the same Idempotency-Key returns the first loan with 200", "loans")),
		http.StatusCreated), h.createLoan)
	huma.Register(api, secured(op("listLoans", http.MethodGet, "/api/v1/partners/{id}/loans", "The partner's loans with today's days late and class (its staff, the admin)", "loans")), h.listLoans)
	huma.Register(api, secured(op("getPortfolio", http.MethodGet, "/api/v1/partners/{id}/portfolio",
		"Outstanding by collectibility class and the portfolio at risk (PAR30), today (WIB)", "loans")), h.getPortfolio)
	huma.Register(api, secured(op("getLoan", http.MethodGet, "/api/v1/loans/{id}", "One loan with its schedule, repayments, days late and class today (WIB)", "loans")), h.getLoan)
	huma.Register(api, status(secured(op("recordRepayment", http.MethodPost, "/api/v1/loans/{id}/repayments",
		"Record a repayment (its partner's staff); above what is owed: 422, nothing written; the same Idempotency-Key returns the first with 200", "loans")),
		http.StatusCreated), h.recordRepayment)
	imp := secured(op("importRepayments", http.MethodPost, "/api/v1/partners/{id}/repayments/import",
		"Import repayments from XLSX or CSV (multipart field 'file'; columns loan id, paid_on, amount): all rows or none, errors by row", "loans"))
	imp.MaxBodyBytes = 10<<20 + 64<<10
	imp.Middlewares = append(imp.Middlewares, h.authorizeFirst(api, h.mayImportRepayments))
	huma.Register(api, imp, h.importRepayments)
}

// mayImportRepayments authorises an import before its file is read.
func (h *handlers) mayImportRepayments(ctx context.Context, id int64) error {
	return h.Partners.CheckManageLoans(ctx, id)
}

// LoanIn is the body of POST /api/v1/partners/{id}/loans.
type LoanIn struct {
	UMKMID      int64  `json:"umkm_id" minimum:"1"`
	Principal   int64  `json:"principal" example:"50000000" doc:"Rupiah, 1 to 250,000,000"`
	TenorMonths int    `json:"tenor_months" example:"24" doc:"1 to 36"`
	StartOn     string `json:"start_on" example:"2026-01-15" doc:"YYYY-MM-DD; instalments fall due monthly on its day"`
}

type loanResp struct {
	Status int
	Body   partner.Loan
}

func (h *handlers) createLoan(ctx context.Context, in *struct {
	IDPath
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"200" doc:"A retry with the same key and body returns the first loan"`
	Body           LoanIn
}) (*loanResp, error) {
	l, err := h.Partners.CreateLoan(ctx, in.ID, partner.LoanFields{UMKMID: in.Body.UMKMID, Principal: in.Body.Principal,
		TenorMonths: in.Body.TenorMonths, StartOn: in.Body.StartOn}, in.IdempotencyKey)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	status := http.StatusCreated
	if l.Replayed {
		status = http.StatusOK
	}
	return &loanResp{Status: status, Body: l}, nil
}

func (h *handlers) listLoans(ctx context.Context, in *IDPath) (*itemsOf[partner.Loan], error) {
	list, err := h.Partners.Loans(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	for i := range list { // the list is a summary: schedules and repayments on the loan's own page
		list[i].Schedule, list[i].Repayments = nil, nil
	}
	return items(list), nil
}

type portfolioResp struct{ Body partner.Portfolio }

func (h *handlers) getPortfolio(ctx context.Context, in *IDPath) (*portfolioResp, error) {
	p, err := h.Partners.PortfolioOf(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &portfolioResp{Body: p}, nil
}

func (h *handlers) getLoan(ctx context.Context, in *IDPath) (*loanResp, error) {
	l, err := h.Partners.Loan(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &loanResp{Status: http.StatusOK, Body: l}, nil
}

type repaymentResp struct {
	Status int
	Body   partner.Repayment
}

func (h *handlers) recordRepayment(ctx context.Context, in *struct {
	IDPath
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"200" doc:"A retry with the same key and body returns the first repayment"`
	Body           struct {
		PaidOn string `json:"paid_on" example:"2026-03-15"`
		Amount int64  `json:"amount" example:"2200000"`
	}
}) (*repaymentResp, error) {
	r, err := h.Partners.Repay(ctx, in.ID, partner.RepaymentFields{PaidOn: in.Body.PaidOn, Amount: in.Body.Amount}, in.IdempotencyKey)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	status := http.StatusCreated
	if r.Replayed {
		status = http.StatusOK
	}
	return &repaymentResp{Status: status, Body: r}, nil
}

type repaymentFileForm struct {
	File huma.FormFile `form:"file" required:"true" contentType:"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,application/octet-stream"`
}

type importResp struct{ Body partner.ImportResult }

func (h *handlers) importRepayments(ctx context.Context, in *struct {
	IDPath
	RawBody huma.MultipartFormFiles[repaymentFileForm]
}) (*importResp, error) {
	f := in.RawBody.Data().File
	defer f.Close()
	format := "xlsx"
	if f.ContentType == "text/csv" || strings.HasSuffix(strings.ToLower(f.Filename), ".csv") {
		format = "csv"
	}
	res, err := h.Partners.ImportRepayments(ctx, in.ID, f, format)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &importResp{Body: res}, nil
}
