package web

import (
	"html/template"
	"net/http"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/partner"
)

// The partner's desk (/mitra): for each partner the actor works for (its
// own for staff, every one for the admin) the portfolio by class with a
// bar chart, the fostered UMKM with their stage, and the loans with their
// class and days late, all from the partner service under the actor's scope.

type partnerDesk struct {
	partner.Partner
	Portfolio partner.Portfolio
	Chart     template.HTML
	Fostered  []partner.Fostered
	Loans     []partner.Loan
}

type partnerDeskPage struct {
	Page
	Partners []partnerDesk
}

func (s *server) partnerHome(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	if err := requireDesk(r, account.PartnerDesk); err != nil {
		return err
	}
	ctx := r.Context()
	list, err := s.Partners.Partners(ctx)
	if err != nil {
		return err
	}
	p := &partnerDeskPage{Page: s.pageT(r, "title_partner_desk")}
	for _, pt := range list {
		d := partnerDesk{Partner: pt}
		if d.Loans, err = s.Partners.Loans(ctx, pt.ID); err != nil {
			return err
		}
		d.Portfolio = partner.Summarize(d.Loans, s.Partners.Today())
		var bars []chartBar
		for _, c := range d.Portfolio.ByClass {
			bars = append(bars, chartBar{Label: p.T("loan_class_" + c.Class), Value: c.Outstanding, Text: p.RpShort(c.Outstanding)})
		}
		d.Chart = horizontalBars(bars, p.T("partner_portfolio_chart"))
		if d.Fostered, err = s.Partners.FosteredUMKM(ctx, pt.ID); err != nil {
			return err
		}
		p.Partners = append(p.Partners, d)
	}
	s.render(w, r, http.StatusOK, "partner_desk", p)
	return nil
}
