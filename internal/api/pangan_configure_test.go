package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/testutil"
)

// configOf is a programme's configuration as the PUT body takes it.
func configOf(t *testing.T, p pangan.Programme) map[string]any {
	t.Helper()
	b, _ := json.Marshal(p)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "province_code", "adopted_from", "created_at"} {
		delete(m, k)
	}
	return m
}

// TestFoodConfigureProgramme: the agency changes its running programme's
// configuration as a whole (a sponsor joining, a phase, a regency price, a
// target, a new commodity); what the records use stays as they recorded
// it; another province's agency, a field officer and a buyer change nothing.
func TestFoodConfigureProgramme(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newAidWorld(t, s)
		var p pangan.Programme
		s.Do("GET", w.path(""), "", nil, &p)
		w.mustDeliver(t, "cfg-1", deliveryBody(w, w.bsb, w.siti.ID, nil))
		if code, res, body := w.sync(t, w.officer, visit(w.siti.ID, 0, harvest("cabai", 2, "home"))); code != 200 || res.Accepted != 1 {
			t.Fatalf("sync: %d %s", code, body)
		}

		put := func(tok string, body map[string]any) (int, pangan.Programme, string) {
			var out pangan.Programme
			res := s.Do("PUT", w.path("/configuration"), tok, body, &out)
			return res.StatusCode, out, string(res.Body)
		}
		cfg := configOf(t, p)
		cfg["sponsors"] = append(cfg["sponsors"].([]any), map[string]any{"name": "PT Pusri", "kind": "bumn"})
		cfg["phases"] = append(cfg["phases"].([]any), map[string]any{"name": "Tahap 2 KWT", "segment": "kwt"})
		cfg["commodities"] = append(cfg["commodities"].([]any), map[string]any{"code": "kangkung", "name": "Kangkung", "unit": "kg", "price": 8000})
		cfg["prices"] = []any{map[string]any{"commodity": "cabai", "regency_code": "16.04", "price": 38000}}
		cfg["targets"] = append(cfg["targets"].([]any), map[string]any{"regency_code": "16.08", "households": 7800})
		for _, c := range []struct {
			name, tok string
			want      int
		}{{"anonymous", "", 401}, {"a buyer", w.stranger, 403}, {"the village's officer", w.officer, 403}, {"Jawa Barat's agency", w.agency32, 403}} {
			if code, _, body := put(c.tok, cfg); code != c.want {
				t.Errorf("%s: %d %s, want %d", c.name, code, body, c.want)
			}
		}
		code, got, body := put(w.agency16, cfg)
		if code != 200 || len(got.Sponsors) != 3 || len(got.Phases) != 2 || len(got.Commodities) != 3 || len(got.Targets) != 3 || len(got.Prices) != 1 {
			t.Fatalf("configure: %d %s", code, body)
		}
		lahat, _ := got.Commodity("cabai")
		if got.PriceIn(lahat, "16.04") != 38000 || got.PriceIn(lahat, "16.07") != 40000 {
			t.Errorf("cabai costs %d in Lahat and %d in Banyuasin, want 38000 and the province's 40000", got.PriceIn(lahat, "16.04"), got.PriceIn(lahat, "16.07"))
		}
		var in pangan.Indicators
		s.Do("GET", w.path("/indicators?level=province"), "", nil, &in)
		if in.Target != 9450+7625+7800 {
			t.Errorf("the province's target %d after adding OKU Timur's 7,800, want %d", in.Target, 9450+7625+7800)
		}
		// The harvest's value stays at the price of its day.
		if in.Home != 80000 {
			t.Errorf("value eaten at home %d, want the Rp80.000 recorded at Rp40.000/kg", in.Home)
		}

		before := countRows(t, s, `SELECT COUNT(*) FROM audit_log WHERE action = 'configure_programme'`)
		for _, c := range []struct {
			name, field string
			change      func(map[string]any)
		}{
			{"removing a commodity with harvests", "commodities", func(m map[string]any) {
				m["commodities"] = m["commodities"].([]any)[1:] // cabai out
				m["prices"] = []any{}
			}},
			{"a new unit for a commodity with harvests", "commodities[0].unit", func(m map[string]any) {
				m["commodities"].([]any)[0].(map[string]any)["unit"] = "ekor"
			}},
			{"other items in a package already given", "packages[0].items", func(m map[string]any) {
				m["packages"].([]any)[0].(map[string]any)["items"] = []any{map[string]any{"name": "Ayam petelur", "quantity": 10, "unit": "ekor"}}
			}},
			{"removing a sponsor with deliveries", "sponsors", func(m map[string]any) { m["sponsors"] = m["sponsors"].([]any)[1:] }},
			{"a target outside the province", "targets[3].regency_code", func(m map[string]any) {
				m["targets"] = append(m["targets"].([]any), map[string]any{"regency_code": "32.73", "households": 10})
			}},
		} {
			bad := configOf(t, got)
			bad["name"] = "Nama yang tidak boleh tersimpan"
			c.change(bad)
			code, _, body := put(w.agency16, bad)
			if code != 422 || !strings.Contains(body, `"`+c.field+`"`) && !strings.Contains(body, `body.`+c.field) {
				t.Errorf("%s: %d %s, want 422 on %s", c.name, code, body, c.field)
			}
		}
		var now pangan.Programme
		s.Do("GET", w.path(""), "", nil, &now)
		if now.Name != got.Name || len(now.Commodities) != 3 || len(now.Sponsors) != 3 {
			t.Errorf("a refused configuration changed the programme: %+v", now)
		}
		if after := countRows(t, s, `SELECT COUNT(*) FROM audit_log WHERE action = 'configure_programme'`); after != before {
			t.Errorf("refused configurations audited: %d → %d", before, after)
		}
		// What no record uses may go: PT Pusri, the second phase, kangkung, the drum package.
		cfg = configOf(t, got)
		cfg["sponsors"], cfg["phases"] = cfg["sponsors"].([]any)[:2], cfg["phases"].([]any)[:1]
		cfg["commodities"], cfg["packages"] = cfg["commodities"].([]any)[:2], cfg["packages"].([]any)[:1]
		if code, got, body := put(w.agency16, cfg); code != 200 || len(got.Sponsors) != 2 || len(got.Phases) != 1 || len(got.Commodities) != 2 || len(got.Packages) != 1 {
			t.Errorf("removing unused pieces: %d %s", code, body)
		}
	})
}

// TestFoodAdoptedProgrammeSetsItsOwn: the province adopting a programme
// sets what the copy leaves out (targets, sponsors) for itself.
func TestFoodAdoptedProgrammeSetsItsOwn(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newFoodWorld(t, s)
		var jabar pangan.Programme
		if res := s.Do("POST", w.path("/adopt"), w.agency32, map[string]any{"name": "Jabar Mandiri Pangan"}, &jabar); res.StatusCode != 201 {
			t.Fatalf("adopt: %d %s", res.StatusCode, res.Body)
		}
		cfg := configOf(t, jabar)
		cfg["targets"] = []any{map[string]any{"regency_code": "32.73", "households": 5000}}
		cfg["sponsors"] = []any{map[string]any{"name": "Bank BJB", "kind": "bank_csr"}}
		var got pangan.Programme
		res := s.Do("PUT", fmt.Sprintf("/api/v1/food-programmes/%d/configuration", jabar.ID), w.agency32, cfg, &got)
		if res.StatusCode != 200 || len(got.Targets) != 1 || got.Targets[0].Households != 5000 || len(got.Sponsors) != 1 {
			t.Fatalf("configure the adopted programme: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("PUT", fmt.Sprintf("/api/v1/food-programmes/%d/configuration", jabar.ID), w.agency16, cfg, nil); res.StatusCode != 403 {
			t.Errorf("Sumsel's agency configures Jabar's programme: %d", res.StatusCode)
		}
		var source pangan.Programme
		s.Do("GET", w.path(""), "", nil, &source)
		if len(source.Targets) != 3 || len(source.Sponsors) != 1 || source.Sponsors[0].Name != "Bank Sumsel Babel" {
			t.Errorf("the source programme changed: %+v", source)
		}
	})
}
