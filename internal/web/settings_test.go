package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

func loggedIn(t *testing.T, s *testutil.Server, email string) *browser {
	t.Helper()
	b := newBrowser(t, s)
	b.get("/masuk")
	if code, _, _ := b.post("/masuk", url.Values{"email": {email}, "password": {"rahasia-123"}, "csrf_token": {b.csrf}}); code != 303 {
		t.Fatalf("login %s: %d", email, code)
	}
	b.get("/")
	return b
}

func rates(t *testing.T, s *testutil.Server, scope string) map[string]map[string]int64 {
	t.Helper()
	var out map[string]map[string]int64
	if res := s.Do("GET", "/api/v1/shipping-rates/"+scope, "", nil, &out); res.StatusCode != 200 {
		t.Fatalf("rates %s: %d", scope, res.StatusCode)
	}
	return out
}

func rateForm(csrf string, firsts ...string) url.Values {
	v := url.Values{"csrf_token": {csrf}}
	for i, z := range []string{"same_regency", "same_province", "other_province"} {
		v.Set(z+"_first", firsts[i])
		v.Set(z+"_next", "5000")
	}
	return v
}

func TestSellerEditsItsCourierRates(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	var u struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", s.MustToken("siti@x.id"), map[string]any{"name": "Pempek Cek Lina", "owner_name": "Lina",
		"nib": "1671000000009", "regency_code": "16.71", "category": "kuliner"}, &u)
	b := loggedIn(t, s, "siti@x.id")
	scope := fmt.Sprintf("umkm:%d", u.ID)
	before := rates(t, s, scope)

	code, _, page := b.post(fmt.Sprintf("/penjual/umkm/%d/ongkir", u.ID), rateForm(b.csrf, "9000", "dua puluh ribu", "30000"))
	if code != 422 || !strings.Contains(page, `id="e-same_province_first"`) || !strings.Contains(page, "Isi tarif dengan angka rupiah") {
		t.Fatalf("a rate in words: status %d, want 422 with the error beside the field", code)
	}
	if got := rates(t, s, scope); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatalf("a refused form changed the rates: %v", got)
	}

	if code, loc, _ := b.post(fmt.Sprintf("/penjual/umkm/%d/ongkir", u.ID), rateForm(b.csrf, "9000", "Rp12.000", "30000")); code != 303 || !strings.HasSuffix(loc, "#ongkir") {
		t.Fatalf("save rates: %d %s", code, loc)
	}
	got := rates(t, s, scope)
	if got["same_regency"]["first_kg"] != 9000 || got["same_province"]["first_kg"] != 12000 || got["other_province"]["next_kg"] != 5000 {
		t.Fatalf("saved rates = %v", got)
	}
	if _, page := b.get(fmt.Sprintf("/penjual/umkm/%d", u.ID)); !strings.Contains(page, `value="12000"`) {
		t.Fatal("the manage page does not show the saved rate")
	}

	// Another seller cannot write this UMKM's table.
	s.MustUser("rina@x.id", platform.RoleSeller, "")
	other := loggedIn(t, s, "rina@x.id")
	if code, _, _ := other.post(fmt.Sprintf("/penjual/umkm/%d/ongkir", u.ID), rateForm(other.csrf, "1", "1", "1")); code != 403 && code != 404 {
		t.Fatalf("another seller's post: %d, want 403 or 404", code)
	}
	if rates(t, s, scope)["same_regency"]["first_kg"] != 9000 {
		t.Fatal("another seller changed the rates")
	}
}

func TestProvinceSettingsPage(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("admin@x.id", platform.RoleAdmin, "")
	s.MustUser("budi@x.id", platform.RoleBuyer, "")

	agency := loggedIn(t, s, "dinas16@x.id")
	code, page := agency.get("/dinas/pengaturan")
	if code != 200 || !strings.Contains(page, "Sumatera Selatan") || !strings.Contains(page, "Hanya operator (admin)") {
		t.Fatalf("agency settings page: %d", code)
	}
	// An agency officer always works on its own province, whatever it asks for.
	if code, _, _ := agency.post("/dinas/pengaturan/ongkir?province=32", rateForm(agency.csrf, "11000", "16000", "26000")); code != 303 {
		t.Fatalf("agency saves rates: %d", code)
	}
	if rates(t, s, "province:16")["same_regency"]["first_kg"] != 11000 {
		t.Fatal("agency rates not saved for its province")
	}
	if rates(t, s, "province:32")["same_regency"]["first_kg"] == 11000 {
		t.Fatal("an agency officer changed another province's rates")
	}
	if code, _, _ := agency.post("/dinas/pengaturan/alur", url.Values{"csrf_token": {agency.csrf}, "money_flow": {"direct"}}); code != 403 {
		t.Fatalf("agency changes the money flow: %d, want 403", code)
	}

	buyer := loggedIn(t, s, "budi@x.id")
	if code, _ := buyer.get("/dinas/pengaturan"); code != 403 {
		t.Fatalf("buyer on the settings page: %d, want 403", code)
	}

	admin := loggedIn(t, s, "admin@x.id")
	if code, _, page := admin.post("/dinas/pengaturan/alur?province=16", url.Values{"csrf_token": {admin.csrf}, "money_flow": {"barter"}}); code != 422 || !strings.Contains(page, "Pilih salah satu alur uang") {
		t.Fatalf("unknown money flow: %d", code)
	}
	if code, _, _ := admin.post("/dinas/pengaturan/alur?province=16", url.Values{"csrf_token": {admin.csrf}, "money_flow": {"direct"}}); code != 303 {
		t.Fatalf("admin sets the money flow: %d", code)
	}
	var flow struct {
		MoneyFlow string `json:"money_flow"`
	}
	s.Do("GET", "/api/v1/regions/provinces/16/money-flow", "", nil, &flow)
	if flow.MoneyFlow != "direct" {
		t.Fatalf("money flow = %q, want direct", flow.MoneyFlow)
	}
	if _, page := admin.get("/dinas/pengaturan?province=16"); !strings.Contains(page, `value="direct" checked`) {
		t.Fatal("the page does not show the chosen flow")
	}
}

func TestSellerSetsWholesalePricesShownOnTheProductPage(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	tok := s.MustToken("siti@x.id")
	var u, p struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Pempek Cek Lina", "owner_name": "Lina", "nib": "1671000000009",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": "Pempek Lenjer", "category": "kuliner",
		"price": 30000, "stock": 100, "weight_grams": 500}, &p)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil)
	b := loggedIn(t, s, "siti@x.id")
	path := fmt.Sprintf("/penjual/produk/%d/grosir", p.ID)
	code, _, page := b.post(path, url.Values{"csrf_token": {b.csrf}, "g0_min": {"10"}, "g0_price": {"27000"}, "g1_min": {"50"}, "g1_price": {"28000"}})
	if code != 422 || !strings.Contains(page, `id="e-g1_price"`) || !strings.Contains(page, "lebih murah") {
		t.Fatalf("a dearer second tier: %d, want 422 with the error beside its price", code)
	}
	if _, page := b.get(fmt.Sprintf("/produk/%d", p.ID)); strings.Contains(page, "Harga grosir") {
		t.Fatal("a refused form left wholesale prices on the product page")
	}
	if code, _, _ := b.post(path, url.Values{"csrf_token": {b.csrf}, "g0_min": {"10"}, "g0_price": {"27000"}, "g1_min": {"50"}, "g1_price": {"25000"}}); code != 303 {
		t.Fatalf("save wholesale prices: %d", code)
	}
	_, page = newBrowser(t, s).get(fmt.Sprintf("/produk/%d", p.ID))
	for _, want := range []string{"Harga grosir", "Rp27.000", "Rp25.000", "50 unit"} {
		if !strings.Contains(page, want) {
			t.Errorf("the product page lacks %q", want)
		}
	}
}

func TestSellerChangesCampaignTiersUntilSomeoneJoins(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	tok := s.MustToken("siti@x.id")
	var u, p, c struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Pempek Cek Lina", "owner_name": "Lina", "nib": "1671000000009",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": "Pempek Lenjer", "category": "kuliner",
		"price": 30000, "stock": 100, "weight_grams": 500}, &p)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil)
	s.Do("POST", "/api/v1/campaigns", tok, map[string]any{"product_id": p.ID, "tiers": []map[string]any{{"min_quantity": 1, "price": 29000}},
		"min_total": 5, "per_person_limit": 5, "stock": 20, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &c)
	path := fmt.Sprintf("/beli-bareng/%d", c.ID)

	b := loggedIn(t, s, "siti@x.id")
	code, _, page := b.post(path+"/tingkat", url.Values{"csrf_token": {b.csrf}, "t0_min": {"1"}, "t0_price": {"29000"}, "t1_min": {"10"}, "t1_price": {"30000"}})
	if code != 422 || !strings.Contains(page, `id="e-t1_price"`) {
		t.Fatalf("a dearer second tier: %d, want 422 beside its price", code)
	}
	if code, _, _ := b.post(path+"/tingkat", url.Values{"csrf_token": {b.csrf}, "t0_min": {"1"}, "t0_price": {"29000"}, "t1_min": {"10"}, "t1_price": {"26000"}}); code != 303 {
		t.Fatalf("change tiers: %d", code)
	}
	if _, page := newBrowser(t, s).get(path); !strings.Contains(page, "Rp26.000") {
		t.Fatal("the campaign page does not show the new tier")
	}

	if res := s.Do("POST", fmt.Sprintf("/api/v1/campaigns/%d/join", c.ID), s.MustToken("ani@x.id"), map[string]any{"quantity": 1, "payment_provider": "transfer"}, nil); res.StatusCode != 201 {
		t.Fatalf("join: %d %s", res.StatusCode, res.Body)
	}
	if _, page := b.get(path); strings.Contains(page, "/tingkat") {
		t.Error("the tier form is still offered after someone joined")
	}
	if code, _, _ := b.post(path+"/tingkat", url.Values{"csrf_token": {b.csrf}, "t0_min": {"1"}, "t0_price": {"20000"}}); code != 422 && code != 409 {
		t.Errorf("changing tiers after a join: %d, want a refusal", code)
	}
}

func TestJoiningACampaignByCourierNeedsAnAddress(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	tok := s.MustToken("siti@x.id")
	var u, p, c struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Pempek Cek Lina", "owner_name": "Lina", "nib": "1671000000009",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": u.ID, "name": "Pempek Lenjer", "category": "kuliner",
		"price": 30000, "stock": 100, "weight_grams": 500}, &p)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil)
	s.Do("POST", "/api/v1/campaigns", tok, map[string]any{"product_id": p.ID, "tiers": []map[string]any{{"min_quantity": 1, "price": 28000}},
		"min_total": 5, "per_person_limit": 5, "stock": 20, "deadline": time.Now().Add(time.Hour).Format(time.RFC3339)}, &c)
	b := loggedIn(t, s, "ani@x.id")
	path := fmt.Sprintf("/beli-bareng/%d/ikut", c.ID)
	code, _, page := b.post(path, url.Values{"csrf_token": {b.csrf}, "quantity": {"2"}, "payment": {"transfer"}, "delivery": {"courier"}, "name": {"Ani"}, "phone": {"0813-1111-2222"}})
	if code != 422 || !strings.Contains(page, `id="e-street"`) || !strings.Contains(page, "Pilih kabupaten/kota") {
		t.Fatalf("courier without an address: %d, want 422 with errors beside street and regency", code)
	}
	var n int
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM campaign_participants`).Scan(&n)
	if n != 0 {
		t.Fatalf("a refused join left %d participants", n)
	}
	join := url.Values{"csrf_token": {b.csrf}, "quantity": {"2"}, "payment": {"transfer"}, "delivery": {"courier"},
		"name": {"Ani"}, "phone": {"0813-1111-2222"}, "street": {"Jl. Braga 1"}, "regency_code": {"32.73"}, "quote": {"1"}}
	_, _, quoted := b.post(path, join)
	join.Del("quote")
	addShownPrices(join, quoted)
	code, loc, _ := b.post(path, join)
	if code != 303 || !strings.HasPrefix(loc, "/pesanan/") {
		t.Fatalf("join by courier: %d %s", code, loc)
	}
	var method string
	var shipping int64
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT delivery_method, shipping_cost FROM orders WHERE campaign_id = ?`, c.ID).Scan(&method, &shipping)
	if method != "courier" || shipping <= 0 {
		t.Errorf("the join's order: %s with shipping %d, want courier with a delivery cost", method, shipping)
	}
}
