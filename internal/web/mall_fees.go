package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/mall"
)

// Fees in the UI (decision 0025): the operator invoices a period and
// records payments (cash, or QRIS it received) beside each invoice; a
// tenant sees its invoices on the venue's page with the QRIS to pay the
// operator. A payment form carries its own idempotency key, made when the
// page is drawn: pressing twice, or resending, pays once.

// tenantInvoice is an invoice as its tenant sees it: with the QRIS to pay.
type tenantInvoice struct {
	mall.Invoice
	QR template.HTML
}

// myInvoices are the actor's invoices at the venue (the service scopes
// the list to the tenant's own), with the QRIS of each open one.
func (s *server) myInvoices(r *http.Request, venueID int64) ([]tenantInvoice, error) {
	list, err := s.Mall.Invoices(r.Context(), venueID, mall.InvoiceFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]tenantInvoice, 0, len(list))
	for _, inv := range list {
		ti := tenantInvoice{Invoice: inv}
		if inv.Status == mall.InvoiceOpen {
			full, err := s.Mall.InvoiceOf(r.Context(), venueID, inv.ID)
			if err != nil {
				return nil, err
			}
			if full.QRIS != "" {
				if ti.QR, err = qrSVG(full.QRIS, "QRIS "+inv.Number); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, ti)
	}
	return out, nil
}

func (s *server) mallInvoice(r *http.Request, id int64, f *Form, next url.Values) error {
	_, err := s.Mall.Invoice(r.Context(), id, f.Values["invoice_from"], f.Values["invoice_to"])
	if err == nil {
		next.Set("tagihan_dari", f.Values["invoice_from"])
		next.Set("tagihan_sampai", f.Values["invoice_to"])
	}
	if err != nil && f.SetError(err) {
		// The service names the period "from"/"to"; this form's fields are
		// invoice_from/invoice_to (the allocation's form on the same page has from/to).
		f.moveErrors(map[string]string{"from": "invoice_from", "to": "invoice_to"})
		return nil
	}
	return err
}

func (s *server) mallPay(r *http.Request, id int64, f *Form, _ url.Values) error {
	invoiceID, err := pathID(r, "invoice")
	if err != nil {
		return err
	}
	f.Values["invoice"] = strconv.FormatInt(invoiceID, 10)
	amount, ok := idn.ParseRupiah(f.Values["amount"])
	if !ok || amount <= 0 {
		f.Fail("amount", "amount_invalid")
		return nil
	}
	_, err = s.Mall.PayInvoice(r.Context(), id, invoiceID, mall.PaymentFields{Amount: amount, Method: f.Values["method"], Reference: f.Values["reference"]}, f.Values["key"])
	return err
}

func (s *server) mallSetQRIS(r *http.Request, id int64, f *Form, _ url.Values) error {
	_, err := s.Mall.SetVenuePayment(r.Context(), id, f.Values["static_qris"])
	return err
}
