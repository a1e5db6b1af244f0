package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gerai-id/gerai/internal/mall"
)

// registerMallFees adds a venue's fees: the operator's static QRIS, the
// invoices of a period, their payments (cash, or the invoice's dynamic
// QRIS confirmed by staff) and voiding.
func (h *handlers) registerMallFees(api huma.API, op func(id, method, path, summary string, tags ...string) huma.Operation) {
	secured := func(o huma.Operation) huma.Operation { o.Security = bearer; return o }
	status := func(o huma.Operation, code int) huma.Operation { o.DefaultStatus = code; return o }
	huma.Register(api, secured(op("getVenuePayment", http.MethodGet, "/api/v1/venues/{id}/payment", "The operator's static QRIS the venue's fees are paid to (those who run the venue)", "mall")), h.getVenuePayment)
	huma.Register(api, secured(op("setVenuePayment", http.MethodPut, "/api/v1/venues/{id}/payment",
		"Set the operator's static QRIS (checked: well formed, CRC, static); each invoice's dynamic QRIS is built from it", "mall")), h.setVenuePayment)
	huma.Register(api, secured(op("issueInvoices", http.MethodPost, "/api/v1/venues/{id}/invoices",
		"Invoice a period by the rulebook's fees: one invoice per tenant, idempotent per period (a rerun returns the same invoices)", "mall")), h.issueInvoices)
	huma.Register(api, secured(op("listInvoices", http.MethodGet, "/api/v1/venues/{id}/invoices", "Invoices: all to those who run the venue, its own to a tenant", "mall")), h.listInvoices)
	huma.Register(api, secured(op("getInvoice", http.MethodGet, "/api/v1/venues/{id}/invoices/{invoice_id}",
		"One invoice with its lines, payments, arrears and the dynamic QRIS of what is still owed", "mall")), h.getInvoice)
	huma.Register(api, status(secured(op("payInvoice", http.MethodPost, "/api/v1/venues/{id}/invoices/{invoice_id}/payments",
		"Record a payment (staff): cash, or a QRIS payment seen in the operator's account; the same Idempotency-Key returns the first payment with 200", "mall")), http.StatusCreated), h.payInvoice)
	huma.Register(api, secured(op("voidInvoice", http.MethodPost, "/api/v1/venues/{id}/invoices/{invoice_id}/void",
		"Void an open invoice nothing was paid of; its period may then be invoiced again", "mall")), h.voidInvoice)
}

type venuePaymentResp struct{ Body mall.VenuePayment }

func (h *handlers) getVenuePayment(ctx context.Context, in *IDPath) (*venuePaymentResp, error) {
	p, err := h.Mall.VenuePaymentOf(ctx, in.ID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &venuePaymentResp{Body: p}, nil
}

func (h *handlers) setVenuePayment(ctx context.Context, in *struct {
	IDPath
	Body struct {
		StaticQRIS string `json:"static_qris" maxLength:"512" doc:"The operator's static QRIS payload (empty: cash only)"`
	}
}) (*venuePaymentResp, error) {
	p, err := h.Mall.SetVenuePayment(ctx, in.ID, in.Body.StaticQRIS)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &venuePaymentResp{Body: p}, nil
}

func (h *handlers) issueInvoices(ctx context.Context, in *struct {
	IDPath
	Body struct {
		From string `json:"from" example:"2027-01-01"`
		To   string `json:"to" example:"2027-01-31"`
	}
}) (*itemsOf[mall.Invoice], error) {
	list, err := h.Mall.Invoice(ctx, in.ID, in.Body.From, in.Body.To)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return items(list), nil
}

func (h *handlers) listInvoices(ctx context.Context, in *struct {
	ID      int64  `path:"id" minimum:"1"`
	Status  string `query:"status" enum:"open,paid,void," doc:"Only invoices of this status"`
	UMKMID  int64  `query:"umkm_id" minimum:"0" doc:"Only this tenant's invoices"`
	Arrears bool   `query:"arrears" doc:"Only open invoices past due"`
}) (*itemsOf[mall.Invoice], error) {
	list, err := h.Mall.Invoices(ctx, in.ID, mall.InvoiceFilter{Status: in.Status, UMKMID: in.UMKMID, Arrears: in.Arrears})
	if err != nil {
		return nil, h.problemIn(ctx, "query", err)
	}
	return items(list), nil
}

// InvoicePath names an invoice of a venue.
type InvoicePath struct {
	ID        int64 `path:"id" minimum:"1"`
	InvoiceID int64 `path:"invoice_id" minimum:"1"`
}

type invoiceResp struct{ Body mall.Invoice }

func (h *handlers) getInvoice(ctx context.Context, in *InvoicePath) (*invoiceResp, error) {
	inv, err := h.Mall.InvoiceOf(ctx, in.ID, in.InvoiceID)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &invoiceResp{Body: inv}, nil
}

type invoicePaymentResp struct {
	Status int
	Body   mall.Payment
}

func (h *handlers) payInvoice(ctx context.Context, in *struct {
	InvoicePath
	IdempotencyKey string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"200" doc:"Required: a retry with the same key and body returns the first payment"`
	Body           struct {
		Amount    int64  `json:"amount" minimum:"1" example:"150000"`
		Method    string `json:"method" enum:"cash,qris"`
		Reference string `json:"reference,omitempty" maxLength:"100" doc:"A receipt number, or the QRIS transaction's reference"`
	}
}) (*invoicePaymentResp, error) {
	p, err := h.Mall.PayInvoice(ctx, in.ID, in.InvoiceID, mall.PaymentFields{Amount: in.Body.Amount, Method: in.Body.Method, Reference: in.Body.Reference},
		in.IdempotencyKey)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	status := http.StatusCreated
	if p.Replayed {
		status = http.StatusOK
	}
	return &invoicePaymentResp{Status: status, Body: p}, nil
}

func (h *handlers) voidInvoice(ctx context.Context, in *struct {
	InvoicePath
	Body struct {
		Reason string `json:"reason" maxLength:"500"`
	}
}) (*invoiceResp, error) {
	inv, err := h.Mall.VoidInvoice(ctx, in.ID, in.InvoiceID, in.Body.Reason)
	if err != nil {
		return nil, h.problem(ctx, err)
	}
	return &invoiceResp{Body: inv}, nil
}
