package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/partner"
)

// A loan's page (/mitra/pinjaman/{id}): its schedule, repayments,
// outstanding, days late and class today (WIB), and for the lender's staff
// the repayment form. Another partner's loan does not exist for the actor
// (partner.Service.Loan answers not found).

type partnerLoanPage struct {
	Page
	Loan    partner.Loan
	Partner partner.Partner
	// MayRepay shows the repayment form (the partner's staff).
	MayRepay bool
	Form     Form
	// Key is the repayment form's idempotency key, made when the page is drawn.
	Key string
}

func (s *server) partnerLoan(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	p, err := s.partnerLoanView(r, NewForm(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "partner_loan", p)
	return nil
}

func (s *server) partnerLoanView(r *http.Request, f Form) (*partnerLoanPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	l, err := s.Partners.Loan(r.Context(), id)
	if err != nil {
		return nil, err
	}
	pt, err := s.Partners.Partner(r.Context(), l.PartnerID)
	if err != nil {
		return nil, err
	}
	p := &partnerLoanPage{Page: s.pageT(r, "title_partner_loan", l.UMKMName), Loan: l, Partner: pt,
		MayRepay: s.Partners.CheckManageLoans(r.Context(), l.PartnerID) == nil, Form: f, Key: f.Values["idempotency_key"]}
	if p.Key == "" {
		p.Key = newUUID()
	}
	if f.Values["paid_on"] == "" {
		f.Values["paid_on"] = l.AsOf
	}
	return p, nil
}

// partnerRepay records a repayment from the loan's form. The actor is
// checked before the form is read (another partner's loan is not found);
// an amount above what the loan still owes comes back beside the field and
// nothing is written.
func (s *server) partnerRepay(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.Partners.Loan(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.Partners.CheckManageLoans(r.Context(), l.PartnerID); err != nil {
		return err
	}
	f := FormFromRequest(r, "paid_on", "amount", "idempotency_key")
	page := fmt.Sprintf("/mitra/pinjaman/%d", id)
	done, err := runSection(w, r, page, "angsuran", &f, func(url.Values) error {
		amount, ok := idn.ParseRupiah(f.Values["amount"])
		if !ok {
			f.Fail("amount", "amount_invalid")
			return nil
		}
		_, err := s.Partners.Repay(r.Context(), id, partner.RepaymentFields{PaidOn: f.Values["paid_on"], Amount: amount}, f.Values["idempotency_key"])
		return err
	})
	if done || err != nil {
		return err
	}
	p, err := s.partnerLoanView(r, f)
	if err != nil {
		return err
	}
	s.render(w, r, f.Status(), "partner_loan", p)
	return nil
}
