package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestInsightFiguresShowEachRoleItsProvinces: the cooperation's flows and
// the registry's figures as each role — the admin every province, an
// agency the sales where its province sells or buys and its own registry
// only, nobody else anything — and a UMKM whose recorded sales passed the
// mikro ceiling listed as moved up a class.
func TestInsightFiguresShowEachRoleItsProvinces(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 10)
		s.MustUser("dinas31@x.id", platform.RoleAgency, "31")
		s.MustUser("admin@x.id", platform.RoleAdmin, "")
		// Palembang's kemplang hampers and Bandung's batik, both to a buyer in
		// Bandung; 8,100 hampers are Rp2,025 miliar: past the mikro ceiling.
		var hamper struct{ ID int64 }
		if r := s.Do("POST", "/api/v1/products", sh.sellerA, map[string]any{"umkm_id": sh.umkmA, "name": "Parsel Kemplang Lebaran",
			"category": "kuliner", "price": 250_000, "stock": 10_000, "weight_grams": 2000}, &hamper); r.StatusCode != 201 {
			t.Fatalf("product: %d %s", r.StatusCode, r.Body)
		}
		big := checkoutBody(map[int64]int64{hamper.ID: 8_100}, "pickup")
		big["payment_provider"] = "transfer" // above what a gateway takes: a bank transfer the seller confirms
		var res checkoutResp
		if r := sh.checkout(t, "k1", big, &res); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		if r := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", res.Orders[0].ID), sh.sellerA, map[string]any{"to": "dibayar"}, nil); r.StatusCode != 200 {
			t.Fatalf("confirm the transfer: %d %s", r.StatusCode, r.Body)
		}
		if r := sh.checkout(t, "k3", checkoutBody(map[int64]int64{sh.batik: 1}, "pickup"), &res); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		if r := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", res.Payments[0].ID), sh.buyer, nil, nil); r.StatusCode != 200 {
			t.Fatalf("pay: %d %s", r.StatusCode, r.Body)
		}
		// An unpaid order counts nothing.
		if r := sh.checkout(t, "k2", checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup"), nil); r.StatusCode != 201 {
			t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
		}
		if _, err := s.App.Sales.Fold(t.Context()); err != nil {
			t.Fatal(err)
		}

		type flows struct {
			Flows []struct {
				SellerProvince string `json:"seller_province"`
				BuyerProvince  string `json:"buyer_province"`
				Month          string `json:"month"`
				Orders, Amount int64
			} `json:"flows"`
		}
		pairs := func(tok string) (int, string) {
			var out flows
			r := s.Do("GET", "/api/v1/insight/flows", tok, nil, &out)
			var got []string
			for _, f := range out.Flows {
				got = append(got, fmt.Sprintf("%s→%s %d %d", f.SellerProvince, f.BuyerProvince, f.Orders, f.Amount))
			}
			return r.StatusCode, strings.Join(got, ", ")
		}
		kemplang, batik := "16→32 1 2025000000", "32→32 1 150000"
		for _, c := range []struct {
			who    string
			status int
			want   string
		}{
			{"admin@x.id", 200, kemplang + ", " + batik},
			{"dinas16@x.id", 200, kemplang},
			{"dinas32@x.id", 200, kemplang + ", " + batik},
			{"dinas31@x.id", 200, ""},
			{"siti@x.id", 403, ""},
			{"ani@x.id", 403, ""},
			{"", 401, ""},
		} {
			tok := ""
			if c.who != "" {
				tok = s.MustToken(c.who)
			}
			if status, got := pairs(tok); status != c.status || got != c.want {
				t.Errorf("%s: flows %d [%s], want %d [%s]", c.who, status, got, c.status, c.want)
			}
		}
		admin := s.MustToken("admin@x.id")
		r := s.Do("GET", "/api/v1/insight/flows?from=2026-13", admin, nil, nil)
		if r.StatusCode != 422 || !strings.Contains(r.ContentType, "problem+json") || !strings.Contains(string(r.Body), "from") {
			t.Errorf("a month 13: %d %s %s, want 422 problem+json on from", r.StatusCode, r.ContentType, r.Body)
		}
		if r := s.Do("GET", "/api/v1/insight/flows?from=1900-01&to=2026-12", admin, nil, nil); r.StatusCode != 422 || !strings.Contains(string(r.Body), "20") {
			t.Errorf("a 127-year range: %d %s, want 422 (at most 20 years)", r.StatusCode, r.Body)
		}

		type registry struct {
			ByRegency []struct {
				RegencyCode string `json:"regency_code"`
				Scale       string
				Status      string
				Count       int64
			} `json:"by_regency"`
			Backlog            int64  `json:"backlog"`
			MedianDaysToVerify *int64 `json:"median_days_to_verify"`
			MovedUp            []struct {
				UMKMID        int64  `json:"umkm_id"`
				DeclaredScale string `json:"declared_scale"`
				Scale         string `json:"scale"`
				Turnover      int64  `json:"turnover"`
			} `json:"moved_up"`
		}
		var reg registry
		if r := s.Do("GET", "/api/v1/insight/registry", s.MustToken("dinas16@x.id"), nil, &reg); r.StatusCode != 200 {
			t.Fatalf("agency's registry: %d %s", r.StatusCode, r.Body)
		}
		if len(reg.ByRegency) != 1 || reg.ByRegency[0].RegencyCode != "16.71" || reg.ByRegency[0].Count != 1 ||
			reg.ByRegency[0].Status != "verified" || reg.Backlog != 0 || reg.MedianDaysToVerify == nil || *reg.MedianDaysToVerify != 0 {
			t.Errorf("Sumsel's registry: %+v, want its one verified UMKM in 16.71, verified the day it was sent", reg)
		}
		if len(reg.MovedUp) != 1 || reg.MovedUp[0].UMKMID != sh.umkmA || reg.MovedUp[0].DeclaredScale != "mikro" ||
			reg.MovedUp[0].Scale != "kecil" || reg.MovedUp[0].Turnover != 2_025_000_000 {
			t.Errorf("moved up: %+v, want the kemplang UMKM from mikro to kecil on Rp2,025 miliar", reg.MovedUp)
		}
		for _, c := range []struct {
			who, path string
			status    int
		}{
			{"dinas16@x.id", "/api/v1/insight/registry?province=32", 403},
			{"dinas32@x.id", "/api/v1/insight/registry?province=32", 200},
			{"admin@x.id", "/api/v1/insight/registry?province=16", 200},
			{"admin@x.id", "/api/v1/insight/registry", 200},
			{"siti@x.id", "/api/v1/insight/registry?province=16", 403},
			{"ani@x.id", "/api/v1/insight/registry", 403},
		} {
			var out registry
			if r := s.Do("GET", c.path, s.MustToken(c.who), nil, &out); r.StatusCode != c.status {
				t.Errorf("%s %s: %d, want %d", c.who, c.path, r.StatusCode, c.status)
			}
		}
		var all registry
		s.Do("GET", "/api/v1/insight/registry", admin, nil, &all)
		if len(all.ByRegency) != 2 || len(all.MovedUp) != 1 {
			t.Errorf("the admin's registry: %+v, want both provinces' UMKM and the one moved up", all)
		}
	})
}
