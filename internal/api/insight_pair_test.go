package api_test

import (
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestInsightSalesRefusesAnotherProvincesPair: an agency asking for the
// orders between two other provinces is refused (403 problem+json, with
// the reason), not answered with an empty list that reads as no sales; a
// pair its province is part of, and the admin, are answered.
func TestInsightSalesRefusesAnotherProvincesPair(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas31@x.id", platform.RoleAgency, "31")
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("admin@x.id", platform.RoleAdmin, "")
		const pair = "/api/v1/insight/sales?seller_province=16&buyer_province=32"
		r := s.Do("GET", pair, s.MustToken("dinas31@x.id"), nil, nil)
		if r.StatusCode != 403 || !strings.Contains(r.ContentType, "problem+json") || !strings.Contains(string(r.Body), "Sales between two other provinces") &&
			!strings.Contains(string(r.Body), "dua provinsi lain") {
			t.Errorf("Jakarta's agency asking for Sumsel → Jabar: %d %s %s, want 403 problem+json with the reason", r.StatusCode, r.ContentType, r.Body)
		}
		if r := s.Do("GET", pair, s.MustToken("dinas16@x.id"), nil, nil); r.StatusCode != 200 {
			t.Errorf("Sumsel's agency asking for Sumsel → Jabar: %d", r.StatusCode)
		}
		if r := s.Do("GET", pair, s.MustToken("admin@x.id"), nil, nil); r.StatusCode != 200 {
			t.Errorf("the admin asking for Sumsel → Jabar: %d", r.StatusCode)
		}
		if r := s.Do("GET", "/api/v1/insight/sales?seller_province=16", s.MustToken("dinas31@x.id"), nil, nil); r.StatusCode != 200 {
			t.Errorf("Jakarta's agency asking for what Sumsel sold (to Jakarta): %d, want 200", r.StatusCode)
		}
	})
}
