package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/partner"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Partners around the desk: the admin's list of partner institutions
// (/admin/mitra: create one, name its staff), the agency's UMKM fostered by
// several partners (/dinas/mitra, its province), and the seller's consent
// page (/penjual/umkm/{id}/mitra: give or withdraw consent to each partner).

type adminPartnersPage struct {
	Page
	Partners []adminPartner
	Kinds    []string
	Form     Form
	// Member is the add-staff form; MemberOf the partner it was posted for.
	Member   Form
	MemberOf int64
}

type adminPartner struct {
	partner.Partner
	Members []partner.Member
}

func (s *server) adminPartners(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	p, err := s.adminPartnersView(r, NewForm(r), NewForm(r), 0)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "partner_admin", p)
	return nil
}

func (s *server) adminPartnersView(r *http.Request, f, member Form, memberOf int64) (*adminPartnersPage, error) {
	list, err := s.Partners.Partners(r.Context())
	if err != nil {
		return nil, err
	}
	p := &adminPartnersPage{Page: s.pageT(r, "title_partner_admin"), Kinds: partner.Kinds, Form: f, Member: member, MemberOf: memberOf}
	for _, pt := range list {
		ap := adminPartner{Partner: pt}
		if ap.Members, err = s.Partners.Members(r.Context(), pt.ID); err != nil {
			return nil, err
		}
		p.Partners = append(p.Partners, ap)
	}
	return p, nil
}

// adminPartnerCreate adds a partner institution (name, kind).
func (s *server) adminPartnerCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	f := FormFromRequest(r, "name", "kind")
	done, err := runSection(w, r, "/admin/mitra", "baru", &f, func(url.Values) error {
		_, err := s.Partners.CreatePartner(r.Context(), partner.PartnerFields{Name: f.Values["name"], Kind: f.Values["kind"]})
		return err
	})
	if done || err != nil {
		return err
	}
	p, err := s.adminPartnersView(r, f, NewForm(r), 0)
	if err != nil {
		return err
	}
	s.render(w, r, f.Status(), "partner_admin", p)
	return nil
}

// adminPartnerMember names an account (by its email) staff of a partner.
func (s *server) adminPartnerMember(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.AdminDesk); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Partners.Partner(r.Context(), id); err != nil {
		return err
	}
	f := FormFromRequest(r, "email")
	done, err := runSection(w, r, "/admin/mitra", fmt.Sprintf("mitra-%d", id), &f, func(url.Values) error {
		_, err := s.Partners.AddMemberByEmail(r.Context(), id, f.Values["email"])
		if err != nil && f.SetError(err) {
			f.moveErrors(map[string]string{"user_id": "email"})
			return nil
		}
		return err
	})
	if done || err != nil {
		return err
	}
	p, err := s.adminPartnersView(r, NewForm(r), f, id)
	if err != nil {
		return err
	}
	s.render(w, r, f.Status(), "partner_admin", p)
	return nil
}

type agencyPartnersPage struct {
	Page
	Shared []partner.SharedUMKM
}

// agencyPartners lists the UMKM of the agency's province (all, for the
// admin) fostered by several partners.
func (s *server) agencyPartners(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	list, err := s.Partners.FosteredBySeveral(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "partner_agency", &agencyPartnersPage{Page: s.pageT(r, "title_partner_agency"), Shared: list})
	return nil
}

type umkmPartnersPage struct {
	Page
	UMKM     umkm.UMKM
	Partners []consentRow
	History  []partner.Consent
	Error    string
}

// consentRow is a partner with the UMKM's consent to it, if active.
type consentRow struct {
	partner.Partner
	Active *partner.Consent
}

// umkmPartners is the seller's consent page: every partner institution,
// whether the UMKM consents to it, and the consents' history.
func (s *server) umkmPartners(w http.ResponseWriter, r *http.Request) error {
	if !requireLogin(w, r) {
		return nil
	}
	p, err := s.umkmPartnersView(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "umkm_partners", p)
	return nil
}

func (s *server) umkmPartnersView(r *http.Request) (*umkmPartnersPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	consents, err := s.Partners.ConsentsOf(r.Context(), id) // its owner alone
	if err != nil {
		return nil, err
	}
	u, err := s.UMKM.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	all, err := s.Partners.AllPartners(r.Context())
	if err != nil {
		return nil, err
	}
	p := &umkmPartnersPage{Page: s.pageT(r, "title_umkm_partners", u.Name), UMKM: u, History: consents}
	for _, pt := range all {
		row := consentRow{Partner: pt}
		for i := range consents {
			if consents[i].PartnerID == pt.ID && consents[i].Active() {
				row.Active = &consents[i]
			}
		}
		p.Partners = append(p.Partners, row)
	}
	return p, nil
}

// umkmConsent gives (give=1) or withdraws (give=0) the UMKM's consent to
// the partner in the path; its owner alone, checked before the form is read.
func (s *server) umkmConsent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	partnerID, err := pathID(r, "partner")
	if err != nil {
		return err
	}
	if _, err := s.Partners.ConsentsOf(r.Context(), id); err != nil {
		return err
	}
	if r.PostFormValue("give") == "1" {
		_, err = s.Partners.GiveConsent(r.Context(), id, partnerID)
	} else {
		err = s.Partners.WithdrawConsent(r.Context(), id, partnerID)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/penjual/umkm/"+strconv.FormatInt(id, 10)+"/mitra#mitra-"+strconv.FormatInt(partnerID, 10), http.StatusSeeOther)
	return nil
}
