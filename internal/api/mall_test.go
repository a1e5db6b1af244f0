package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// mallWorld is a shop (a Sumsel UMKM and a Jabar UMKM, both verified) plus
// two venues of Jawa Barat: the Pasar Kreatif run by a BUMD whose staff
// account is staffA, and a second venue with its own staff account staffB.
type mallWorld struct {
	*shop
	agency16, agency32 string
	staffA, staffB     string
	staffAID           int64
	venue, venueB      int64
}

func newMallWorld(t *testing.T, s *testutil.Server) *mallWorld {
	t.Helper()
	w := &mallWorld{shop: newShop(t, s, 100)}
	w.agency16, w.agency32 = s.MustToken("dinas16@x.id"), s.MustToken("dinas32@x.id")
	w.staffAID = s.MustUser("petugas@jaswita.id", platform.RoleBuyer, "").ID
	s.MustUser("petugas@pasar-b.id", platform.RoleBuyer, "")
	w.staffA, w.staffB = s.MustToken("petugas@jaswita.id"), s.MustToken("petugas@pasar-b.id")
	w.venue = w.mustVenue(t, "Pasar Kreatif Jawa Barat", "PT Jaswita Jabar", "petugas@jaswita.id")
	w.venueB = w.mustVenue(t, "Pasar UMKM Cimahi", "Perumda Cimahi", "petugas@pasar-b.id")
	return w
}

func (w *mallWorld) mustVenue(t *testing.T, name, operator, staff string) int64 {
	t.Helper()
	var v mall.Venue
	if res := w.s.Do("POST", "/api/v1/venues", w.agency32, map[string]any{"name": name, "province_code": "32", "regency_code": "32.73",
		"address": "Jl. Pahlawan No. 70, Bandung", "time_zone": "Asia/Jakarta", "operator_name": operator}, &v); res.StatusCode != 201 || v.ID == 0 {
		t.Fatalf("create venue: %d %s", res.StatusCode, res.Body)
	}
	if res := w.s.Do("POST", fmt.Sprintf("/api/v1/venues/%d/staff", v.ID), w.agency32, map[string]any{"email": staff}, nil); res.StatusCode != 200 {
		t.Fatalf("add staff: %d %s", res.StatusCode, res.Body)
	}
	return v.ID
}

func (w *mallWorld) path(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/venues/%d", w.venue) + fmt.Sprintf(format, args...)
}

func hasField(fields map[string]string, want string) bool {
	_, ok := fields[want]
	return ok
}

var kiosks = []map[string]any{
	{"code": "K-01", "kind": "kios", "size": "3x3", "zone": "A", "power": true, "water": false, "cooking": false},
	{"code": "K-02", "kind": "kios", "size": "3x3", "zone": "A", "power": true, "water": true, "cooking": true},
	{"code": "G-01", "kind": "gerobak", "size": "1x2", "zone": "B", "power": false, "water": false, "cooking": true},
}

var jabarRules = map[string]any{"turn_days": 7, "max_turns_per_umkm": 4, "category_caps": map[string]any{"kuliner": 0.4},
	"min_per_regency": 1, "guest_quota": 0.1, "no_show_minutes": 60}

func TestMallVenueStallsAndRulebook(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		venueBody := func(prov, regency, tz string) map[string]any {
			return map[string]any{"name": "Pasar X", "province_code": prov, "regency_code": regency, "address": "Jl. X", "time_zone": tz, "operator_name": "BUMD X"}
		}
		for _, c := range []struct {
			name, tok string
			body      map[string]any
			want      int
			field     string
		}{
			{"another province's agency", w.agency16, venueBody("32", "32.73", "Asia/Jakarta"), 403, ""},
			{"a seller", w.sellerA, venueBody("32", "32.73", "Asia/Jakarta"), 403, ""},
			{"the venue's own staff", w.staffA, venueBody("32", "32.73", "Asia/Jakarta"), 403, ""},
			{"anonymous", "", venueBody("32", "32.73", "Asia/Jakarta"), 401, ""},
			{"a regency of another province", w.agency32, venueBody("32", "16.71", "Asia/Jakarta"), 422, "body.regency_code"},
			{"a time zone abroad", w.agency32, venueBody("32", "32.73", "Europe/Paris"), 422, "body.time_zone"},
		} {
			res := s.Do("POST", "/api/v1/venues", c.tok, c.body, nil)
			if res.StatusCode != c.want || res.ContentType != "application/problem+json" {
				t.Errorf("create venue, %s: %d %s, want %d", c.name, res.StatusCode, res.Body, c.want)
			}
			if c.field != "" && !hasField(problemFields(t, res.Body), c.field) {
				t.Errorf("create venue, %s: %s does not name %s", c.name, res.Body, c.field)
			}
		}
		if n := w.count(t, `SELECT COUNT(*) FROM venues`); n != 2 {
			t.Fatalf("%d venues after refused requests, want 2", n)
		}
		var v mall.Venue
		if res := s.Do("GET", w.path(""), "", nil, &v); res.StatusCode != 200 || v.OperatorName != "PT Jaswita Jabar" || v.OperatorID == 0 ||
			len(v.OpeningWeekdays) != 7 || v.TimeZone != "Asia/Jakarta" {
			t.Errorf("the public venue: %d %s", res.StatusCode, res.Body)
		}

		// Stalls: the operator's staff enters them; others may not.
		var stalls []mall.Stall
		if res := s.Do("PUT", w.path("/stalls"), w.staffA, kiosks, &stalls); res.StatusCode != 200 || len(stalls) != 3 ||
			stalls[0].Code != "G-01" || !stalls[0].Cooking || stalls[1].Code != "K-01" || !stalls[1].Power || stalls[1].Status != "active" {
			t.Fatalf("put stalls: %d %s", res.StatusCode, res.Body)
		}
		for _, c := range []struct {
			name, tok string
			want      int
		}{{"staff of another venue", w.staffB, 403}, {"another province's agency", w.agency16, 403}, {"a seller", w.sellerA, 403}} {
			if res := s.Do("PUT", w.path("/stalls"), c.tok, kiosks[:1], nil); res.StatusCode != c.want {
				t.Errorf("put stalls as %s: %d, want %d", c.name, res.StatusCode, c.want)
			}
		}
		if res := s.Do("PUT", w.path("/stalls"), w.agency32, kiosks, nil); res.StatusCode != 200 {
			t.Errorf("the province's agency puts stalls: %d %s", res.StatusCode, res.Body)
		}
		for _, c := range []struct {
			name  string
			bad   map[string]any
			field string
		}{
			{"a repeated code", map[string]any{"code": "k-01", "kind": "meja"}, "body[1].code"},
			{"an unknown kind", map[string]any{"code": "M-01", "kind": "lapak"}, "body[1].kind"},
			{"an unknown category zone", map[string]any{"code": "M-01", "kind": "meja", "category": "mainan"}, "body[1].category"},
			{"a code with a space", map[string]any{"code": "M 01", "kind": "meja"}, "body[1].code"},
		} {
			res := s.Do("PUT", w.path("/stalls"), w.staffA, []map[string]any{kiosks[0], c.bad}, nil)
			if res.StatusCode != 422 || !hasField(problemFields(t, res.Body), c.field) {
				t.Errorf("%s: %d %s, want 422 naming %s", c.name, res.StatusCode, res.Body, c.field)
			}
		}
		if res := s.Do("GET", w.path("/stalls"), "", nil, &stalls); res.StatusCode != 200 || len(stalls) != 3 {
			t.Errorf("stalls after a refused list: %d %s, want the 3 of before", res.StatusCode, res.Body)
		}

		// Rulebook: each publication is a version; impossible rules change nothing.
		var rb mall.Rulebook
		if res := s.Do("PUT", w.path("/rulebook"), w.staffA, jabarRules, &rb); res.StatusCode != 200 || rb.Version != 1 {
			t.Fatalf("publish rulebook: %d %s", res.StatusCode, res.Body)
		}
		second := map[string]any{"turn_days": 2, "max_turns_per_umkm": 6, "category_caps": map[string]any{"kuliner": 0.5, "kriya": 0.3},
			"min_per_regency": 1, "guest_quota": 0.15, "no_show_minutes": 45, "categories": []string{"kuliner", "kriya", "fesyen"}}
		if res := s.Do("PUT", w.path("/rulebook"), w.staffA, second, &rb); res.StatusCode != 200 || rb.Version != 2 {
			t.Fatalf("second rulebook: %d %s", res.StatusCode, res.Body)
		}
		for _, c := range []struct {
			name   string
			rules  map[string]any
			fields []string
		}{
			{"a share above one", map[string]any{"turn_days": 7, "category_caps": map[string]any{"kuliner": 1.4}, "guest_quota": -0.1},
				[]string{"body.category_caps.kuliner", "body.guest_quota"}},
			{"a cap on a category the venue does not take", map[string]any{"turn_days": 7, "category_caps": map[string]any{"jasa": 0.2},
				"categories": []string{"kuliner"}}, []string{"body.category_caps.jasa", "body.categories"}},
			{"every category capped at nothing", map[string]any{"turn_days": 7, "min_per_regency": 1, "categories": []string{"kuliner"},
				"category_caps": map[string]any{"kuliner": 0}}, []string{"body.category_caps", "body.min_per_regency"}},
			{"a threshold without a rubric", map[string]any{"turn_days": 7, "rubric_threshold": 3}, []string{"body.rubric_threshold", "body.rubric"}},
			{"no turn length", map[string]any{"turn_days": 0}, []string{"body.turn_days"}},
		} {
			res := s.Do("PUT", w.path("/rulebook"), w.staffA, c.rules, nil)
			got := problemFields(t, res.Body)
			if res.StatusCode != 422 {
				t.Errorf("%s: %d %s, want 422", c.name, res.StatusCode, res.Body)
			}
			for _, f := range c.fields {
				if !hasField(got, f) {
					t.Errorf("%s: %s does not name %s", c.name, res.Body, f)
				}
			}
		}
		res := s.Do("PUT", w.path("/rulebook"), w.staffA, map[string]any{"turn_days": 7, "category_caps": map[string]any{"jasa": 0.2},
			"categories": []string{"kuliner"}}, nil)
		if !strings.Contains(string(res.Body), "category_caps, categories") {
			t.Errorf("conflicting rules: %s does not name both rules in its message", res.Body)
		}
		req, _ := http.NewRequest("PUT", s.URL+w.path("/rulebook"), strings.NewReader(`{"turn_days":7,"category_caps":{"jasa":0.2},"categories":["kuliner"]}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+w.staffA)
		req.Header.Set("Accept-Language", "en")
		if res := s.Send(req, nil); !strings.Contains(string(res.Body), "Rules that cannot hold together: category_caps, categories") ||
			!strings.Contains(string(res.Body), "Category jasa is capped (category_caps) but not taken") {
			t.Errorf("conflicting rules in English: %s", res.Body)
		}
		if res := s.Do("PUT", w.path("/rulebook"), w.staffB, jabarRules, nil); res.StatusCode != 403 {
			t.Errorf("staff of another venue publishes rules: %d, want 403", res.StatusCode)
		}
		if res := s.Do("GET", w.path("/rulebook"), "", nil, &rb); res.StatusCode != 200 || rb.Version != 2 || rb.TurnDays != 2 ||
			rb.CategoryCaps["kriya"] != 0.3 || len(rb.Categories) != 3 {
			t.Errorf("the rulebook in force: %d %s, want version 2", res.StatusCode, res.Body)
		}
		var versions struct{ Items []mall.Rulebook }
		if res := s.Do("GET", w.path("/rulebook/versions"), "", nil, &versions); res.StatusCode != 200 || len(versions.Items) != 2 ||
			versions.Items[1].Version != 1 || versions.Items[1].TurnDays != 7 || versions.Items[1].NoShowMinutes != 60 {
			t.Errorf("rulebook versions: %d %s", res.StatusCode, res.Body)
		}
		// Every staff change is in the audit log: the venue, its staff, the stalls (twice), the rulebooks (twice).
		if n := w.count(t, fmt.Sprintf(`SELECT COUNT(*) FROM audit_log WHERE entity = 'venue' AND entity_id = %d`, w.venue)); n != 6 {
			t.Errorf("%d audit entries of the venue, want 6", n)
		}
	})
}

func TestMallStaffAreAppointedByTheProvince(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		s.MustUser("baru@jaswita.id", platform.RoleBuyer, "")
		for _, c := range []struct {
			name, tok string
			want      int
		}{{"the venue's staff", w.staffA, 403}, {"another province's agency", w.agency16, 403}, {"a seller", w.sellerA, 403}} {
			if res := s.Do("POST", w.path("/staff"), c.tok, map[string]any{"email": "baru@jaswita.id"}, nil); res.StatusCode != c.want {
				t.Errorf("%s appoints staff: %d, want %d", c.name, res.StatusCode, c.want)
			}
		}
		if res := s.Do("POST", w.path("/staff"), w.agency32, map[string]any{"email": "nobody@x.id"}, nil); res.StatusCode != 422 {
			t.Errorf("an unknown email: %d, want 422", res.StatusCode)
		}
		var staff struct{ Items []mall.StaffMember }
		if res := s.Do("GET", w.path("/staff"), w.staffA, nil, &staff); res.StatusCode != 200 || len(staff.Items) != 1 || staff.Items[0].UserID != w.staffAID {
			t.Errorf("staff list: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("GET", w.path("/staff"), w.staffB, nil, nil); res.StatusCode != 403 {
			t.Errorf("staff of another venue read the list: %d, want 403", res.StatusCode)
		}
		var mine struct{ Items []mall.Venue }
		if res := s.Do("GET", "/api/v1/venues?run=true", w.staffA, nil, &mine); res.StatusCode != 200 || len(mine.Items) != 1 || mine.Items[0].ID != w.venue {
			t.Errorf("the venues staff A runs: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("DELETE", fmt.Sprintf("/api/v1/venues/%d/staff/%d", w.venue, w.staffAID), w.agency32, nil, nil); res.StatusCode != 204 {
			t.Fatalf("remove staff: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("PUT", w.path("/stalls"), w.staffA, kiosks, nil); res.StatusCode != 403 {
			t.Errorf("removed staff still put stalls: %d, want 403", res.StatusCode)
		}
	})
}
