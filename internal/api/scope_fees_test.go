package api_test

import (
	"context"
	"testing"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// feeScopeWorld gives the scope table invoices: the staffed Jabar venue
// of mallScopeWorld (the newest: the demo has one too) charges a minimum sales share, each applicant gets a
// turn by hand, and the week is invoiced (one invoice per tenant).
func feeScopeWorld(t *testing.T, s *testutil.Server, byName map[string]scopeActor) {
	t.Helper()
	ctx := context.Background()
	a := byName["agency32"]
	agency := platform.WithActor(ctx, platform.Actor{UserID: a.id, Role: a.role, ProvinceCode: a.prov})
	var venue int64
	if err := s.App.DB.Reader().QueryRow(ctx, `SELECT v.id FROM venues v WHERE v.province_code = '32' AND EXISTS (SELECT 1 FROM venue_staff s WHERE s.venue_id = v.id)
		ORDER BY v.id DESC LIMIT 1`).Scan(&venue); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Mall.SetStalls(agency, venue, []mall.StallInput{{Code: "K-01", Kind: "kios"}, {Code: "K-02", Kind: "kios"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Mall.PublishRulebook(agency, venue, mall.Rules{TurnDays: 7, GuestQuota: 0.2,
		FeeRules: mall.FeeRules{SalesShare: &mall.SalesShare{Percent: 5, Min: 10_000}}}); err != nil {
		t.Fatal(err)
	}
	apps, err := s.App.Mall.Applications(agency, venue)
	if err != nil || len(apps) < 2 {
		t.Fatalf("the venue's applications: %v (%v)", apps, err)
	}
	for i, ap := range apps[:2] {
		if _, err := s.App.Mall.AddTurn(agency, venue, mall.TurnFields{Stall: []string{"K-01", "K-02"}[i], ApplicationID: ap.ID,
			From: "2027-01-04", To: "2027-01-10"}); err != nil {
			t.Fatal(err)
		}
	}
	if list, err := s.App.Mall.Invoice(agency, venue, "2027-01-04", "2027-01-10"); err != nil || len(list) != 2 {
		t.Fatalf("invoices of the scope world: %v (%v)", list, err)
	}
}

// venueInvoices is who sees which invoice of a venue: those who run the
// venue all of them, a tenant (its UMKM's owner) its own, read straight
// from the tables.
func venueInvoices(venue func(*scopeWorld) int64, runs func(*scopeWorld, scopeActor, int64) bool) func(*scopeWorld, scopeActor) []int64 {
	return func(w *scopeWorld, a scopeActor) []int64 {
		if a.anonymous() {
			return nil
		}
		v := venue(w)
		rows, err := w.s.App.DB.Reader().Query(context.Background(), `SELECT i.id, u.owner_id FROM mall_invoices i JOIN umkm u ON u.id = i.umkm_id
			WHERE i.venue_id = ? ORDER BY i.id`, v)
		if err != nil {
			panic(err)
		}
		defer rows.Close()
		out := []int64{}
		for rows.Next() {
			var id, owner int64
			if err := rows.Scan(&id, &owner); err != nil {
				panic(err)
			}
			if runs(w, a, v) || owner == a.id {
				out = append(out, id)
			}
		}
		return out
	}
}
