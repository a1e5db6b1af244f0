package web

import (
	"net/http"
	"strconv"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/umkm"
)

type agencyPage struct {
	Page
	Queue    []umkm.QueueCount
	Total    int
	Regency  string
	Waiting  []umkm.UMKM
	Province region.Province
	Stats    umkm.Stats
}

func (s *server) agencyDashboard(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	actor := platform.ActorFrom(r.Context())
	queue, err := s.UMKM.VerificationQueue(r.Context())
	if err != nil {
		return err
	}
	p := &agencyPage{Page: s.page(r, "Dasbor Dinas — Gerai"), Queue: queue, Regency: r.URL.Query().Get("regency")}
	p.Province, _ = region.ProvinceByCode(actor.ProvinceCode)
	for _, q := range queue {
		p.Total += q.Count
	}
	// The actor's scope limits the submitted UMKM to those it verifies.
	page, err := s.UMKM.List(r.Context(), umkm.Filter{Status: umkm.StatusSubmitted, RegencyCode: p.Regency, Limit: 100})
	if err != nil {
		return err
	}
	p.Waiting = page.Items
	if p.Stats, err = s.UMKM.RegistryStats(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "agency", p)
	return nil
}

type reviewPage struct {
	Page
	UMKM     umkm.UMKM
	Products []catalog.Product
	Audit    []audit.Entry
	Form     Form
}

func (s *server) reviewPage(r *http.Request, id int64, f Form) (*reviewPage, error) {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return nil, err
	}
	u, err := s.UMKM.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	trail, err := s.UMKM.AuditTrail(r.Context(), id)
	if err != nil {
		return nil, err
	}
	products, err := s.Catalog.ListForUMKM(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &reviewPage{Page: s.page(r, u.Name+" — Verifikasi"), UMKM: u, Products: products, Audit: trail, Form: f}, nil
}

func (s *server) agencyReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.reviewPage(r, id, NewForm())
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "review", p)
	return nil
}

func (s *server) agencyVerify(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.UMKM.Verify(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/dinas?regency="+u.RegencyCode, http.StatusSeeOther)
	return nil
}

func (s *server) agencyReject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := FormFromRequest(r, "reason")
	u, err := s.UMKM.Reject(r.Context(), id, f.Values["reason"])
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		p, perr := s.reviewPage(r, id, f)
		if perr != nil {
			return perr
		}
		s.render(w, r, f.Status(), "review", p)
		return nil
	}
	http.Redirect(w, r, "/dinas?regency="+u.RegencyCode+"#"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
