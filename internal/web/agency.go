package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
	// Done is the UMKM just verified or rejected (?done=ID), read from the
	// record, and Next the first one still waiting in the same filter.
	Done *umkm.UMKM
	Next *umkm.UMKM
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
	p := &agencyPage{Page: s.pageT(r, "title_agency"), Queue: queue, Regency: r.URL.Query().Get("regency")}
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
	if id, err := strconv.ParseInt(r.URL.Query().Get("done"), 10, 64); err == nil && id > 0 {
		// Get applies the actor's view: an id it may not see shows nothing.
		if u, err := s.UMKM.Get(r.Context(), id); err == nil && (u.Status == umkm.StatusVerified || u.Status == umkm.StatusRejected) {
			p.Done = &u
		}
	}
	if len(p.Waiting) > 0 {
		p.Next = &p.Waiting[0]
	}
	if p.Stats, err = s.UMKM.RegistryStats(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "agency", p)
	return nil
}

type reviewPage struct {
	Page
	// FromQueue and From are the queue filter the review was opened from.
	FromQueue bool
	From      string
	UMKM      umkm.UMKM
	Products  []catalog.Product
	Audit     []audit.Entry
	Form      Form
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
	p := &reviewPage{Page: s.pageT(r, "title_review", u.Name), UMKM: u, Products: products, Audit: trail, Form: f}
	p.From, p.FromQueue = queueFilter(r)
	return p, nil
}

func (s *server) agencyReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.reviewPage(r, id, NewForm(r))
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
	http.Redirect(w, r, queueAfter(r, u), http.StatusSeeOther)
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
	http.Redirect(w, r, queueAfter(r, u), http.StatusSeeOther)
	return nil
}

// queueAfter is where the officer goes after deciding on u: the queue in
// the regency filter it came from (the review form carries it; u's own
// regency otherwise), with the decision confirmed from the record.
func queueAfter(r *http.Request, u umkm.UMKM) string {
	q := url.Values{}
	regency, ok := queueFilter(r)
	if !ok {
		regency = u.RegencyCode
	}
	if regency != "" {
		q.Set("regency", regency)
	}
	q.Set("done", strconv.FormatInt(u.ID, 10))
	return "/dinas?" + q.Encode() + "#done"
}

// queueFilter is the queue's regency filter the review was opened from:
// ?dari= on the review page, from_regency in its forms ("" for all
// regencies); ok is false when the review was not opened from the queue.
// An unknown code means all regencies.
func queueFilter(r *http.Request) (regency string, ok bool) {
	r.FormValue("from_regency") // parses the form
	v, ok := r.PostForm["from_regency"]
	if !ok {
		v, ok = r.URL.Query()["dari"]
	}
	if !ok {
		return "", false
	}
	regency = strings.TrimSpace(v[0])
	if _, known := region.RegencyByCode(regency); !known {
		regency = ""
	}
	return regency, true
}
