package api_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
)

// The partner institutions' lists in the scope table: the demo's PT Pusri
// and Bank Sumsel Babel, each with its staff among the actors. The rules
// in plain words: the admin sees every partner and its records; a
// partner's staff its own partner, the UMKM that consented to it (not
// withdrawn) and its own loans; the agency the UMKM of its province that
// several partners foster; nobody else any of it.

// scopePartner is one partner's ground truth.
type scopePartner struct {
	id       int64
	name     string
	staff    []int64
	fostered []int64 // active consents
	loans    []int64
}

func loadPartnerWorld(t *testing.T, w *scopeWorld) {
	t.Helper()
	ctx := context.Background()
	db := w.s.App.DB.Reader()
	scan := func(query string, each func(r interface{ Scan(...any) error }) error) {
		t.Helper()
		rows, err := db.Query(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	byID := map[int64]*scopePartner{}
	scan(`SELECT id, name FROM partners ORDER BY id`, func(r interface{ Scan(...any) error }) error {
		p := &scopePartner{}
		err := r.Scan(&p.id, &p.name)
		byID[p.id] = p
		w.partners = append(w.partners, p)
		return err
	})
	scan(`SELECT partner_id, user_id FROM partner_members`, func(r interface{ Scan(...any) error }) error {
		var p, u int64
		err := r.Scan(&p, &u)
		byID[p].staff = append(byID[p].staff, u)
		return err
	})
	scan(`SELECT partner_id, umkm_id FROM partner_consents WHERE withdrawn_at IS NULL`, func(r interface{ Scan(...any) error }) error {
		var p, u int64
		err := r.Scan(&p, &u)
		byID[p].fostered = append(byID[p].fostered, u)
		return err
	})
	scan(`SELECT partner_id, id FROM partner_loans`, func(r interface{ Scan(...any) error }) error {
		var p, l int64
		err := r.Scan(&p, &l)
		byID[p].loans = append(byID[p].loans, l)
		return err
	})
	if len(w.partners) < 2 {
		t.Fatalf("the demo has %d partners, want PT Pusri and Bank Sumsel Babel", len(w.partners))
	}
	for _, p := range w.partners {
		if len(p.staff) == 0 || len(p.fostered) == 0 || len(p.loans) == 0 {
			t.Fatalf("demo partner %s: %d staff, %d fostered, %d loans; the table needs some of each", p.name, len(p.staff), len(p.fostered), len(p.loans))
		}
	}
}

// worksFor reports whether the actor is one of the partner's staff.
func (p *scopePartner) worksFor(a scopeActor) bool {
	return a.role == platform.RolePartner && slices.Contains(p.staff, a.id)
}

func partnerScopeCases() []scopeCase {
	first := func(w *scopeWorld) *scopePartner { return w.partners[0] }
	// ofPartner lists what the admin and the partner's own staff may see.
	ofPartner := func(list func(p *scopePartner) []int64) func(w *scopeWorld, a scopeActor) []int64 {
		return func(w *scopeWorld, a scopeActor) []int64 {
			p := first(w)
			if a.admin() || p.worksFor(a) {
				return append([]int64{}, list(p)...)
			}
			return nil
		}
	}
	return []scopeCase{
		{route: "GET /api/v1/partners", fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			return apiIDs(t, w, a, "/api/v1/partners")
		}, want: func(w *scopeWorld, a scopeActor) []int64 {
			var out []int64
			for _, p := range w.partners {
				if a.admin() || p.worksFor(a) {
					out = append(out, p.id)
				}
			}
			if a.role != platform.RoleAdmin && a.role != platform.RolePartner {
				return nil
			}
			return out
		}},
		{route: "GET /api/v1/partners/{id}/umkm", fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			return apiIDs(t, w, a, fmt.Sprintf("/api/v1/partners/%d/umkm", first(w).id))
		}, want: ofPartner(func(p *scopePartner) []int64 { return p.fostered })},
		{route: "GET /api/v1/partners/{id}/loans", fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			return apiIDs(t, w, a, fmt.Sprintf("/api/v1/partners/%d/loans", first(w).id))
		}, want: ofPartner(func(p *scopePartner) []int64 { return p.loans })},
		{route: "GET /api/v1/partners/shared-umkm", want: sharedUMKM, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			return apiIDs(t, w, a, "/api/v1/partners/shared-umkm")
		}},
		// The web pages of the same lists.
		{route: "GET /dinas/mitra", want: sharedUMKM, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			return pageIDs(t, w, a, "/dinas/mitra", regexp.MustCompile(`href="/dinas/umkm/(\d+)"`))
		}},
		{route: "GET /admin/mitra", fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			return pageIDs(t, w, a, "/admin/mitra", regexp.MustCompile(`<section id="mitra-(\d+)"`))
		}, want: func(w *scopeWorld, a scopeActor) []int64 {
			if !a.admin() {
				return nil
			}
			var out []int64
			for _, p := range w.partners {
				out = append(out, p.id)
			}
			return out
		}},
	}
}

// sharedUMKM are the UMKM with active consents to two partners or more:
// every one to the admin, its province's to an agency, to nobody else.
func sharedUMKM(w *scopeWorld, a scopeActor) []int64 {
	if !a.admin() && a.role != platform.RoleAgency {
		return nil
	}
	partners := map[int64]int{}
	for _, p := range w.partners {
		for _, u := range p.fostered {
			partners[u]++
		}
	}
	out := []int64{}
	for _, u := range w.umkm {
		if partners[u.id] >= 2 && a.staffOf(u.prov) {
			out = append(out, u.id)
		}
	}
	return out
}
