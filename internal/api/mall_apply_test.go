package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/testutil"
)

// open gives the world's venue its stalls and a rulebook, so that it takes applications.
func (w *mallWorld) open(t *testing.T, rules map[string]any) {
	t.Helper()
	if res := w.s.Do("PUT", w.path("/stalls"), w.staffA, kiosks, nil); res.StatusCode != 200 {
		t.Fatalf("put stalls: %d %s", res.StatusCode, res.Body)
	}
	if res := w.s.Do("PUT", w.path("/rulebook"), w.staffA, rules, nil); res.StatusCode != 200 {
		t.Fatalf("publish rulebook: %d %s", res.StatusCode, res.Body)
	}
}

func (w *mallWorld) apply(t *testing.T, tok string, umkmID int64, from, to string, weekdays ...int) mall.Application {
	t.Helper()
	var ap mall.Application
	if res := w.s.Do("POST", w.path("/applications"), tok, map[string]any{"umkm_id": umkmID, "from": from, "to": to,
		"needs": map[string]any{"power": true, "water": false, "cooking": false}, "weekdays": weekdays}, &ap); res.StatusCode != 201 || ap.ID == 0 {
		t.Fatalf("apply: %d %s", res.StatusCode, res.Body)
	}
	return ap
}

func TestMallApplicationsAndTheirScope(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		body := func(umkmID int64, from, to string, extra map[string]any) map[string]any {
			b := map[string]any{"umkm_id": umkmID, "from": from, "to": to, "needs": map[string]any{"power": true, "water": false, "cooking": false}, "weekdays": []int{6, 7}}
			for k, v := range extra {
				b[k] = v
			}
			return b
		}
		if res := s.Do("POST", w.path("/applications"), w.sellerA, body(w.umkmA, "2027-01-04", "2027-03-28", nil), nil); res.StatusCode != 409 {
			t.Errorf("applying before any rulebook: %d %s, want 409", res.StatusCode, res.Body)
		}
		w.open(t, map[string]any{"turn_days": 7, "max_turns_per_umkm": 4, "category_caps": map[string]any{"kuliner": 0.4},
			"min_per_regency": 1, "guest_quota": 0.1, "no_show_minutes": 60, "categories": []string{"kuliner", "kriya"}})

		// The Sumsel UMKM applies to a Jabar venue as a guest; the Jabar one as a rotating tenant.
		guest := w.apply(t, w.sellerA, w.umkmA, "2027-01-04", "2027-03-28", 6, 7)
		local := w.apply(t, w.seller2, w.umkmB, "2027-01-04", "2027-03-28", 6, 7)
		if guest.Class != mall.ClassTamu || guest.Status != mall.Submitted || guest.RegencyCode != "16.71" || guest.Category != "kuliner" ||
			!guest.Needs.Power || len(guest.Weekdays) != 2 || local.Class != mall.ClassBergilir {
			t.Errorf("applications: guest %+v, local %+v", guest, local)
		}

		var draft struct{ ID int64 }
		if res := s.Do("POST", "/api/v1/umkm", w.sellerA, map[string]any{"name": "Draf Pindang", "owner_name": "Siti", "nib": "1671000000055",
			"regency_code": "16.71", "category": "kuliner", "whatsapp": "081234567891"}, &draft); res.StatusCode != 201 {
			t.Fatalf("draft UMKM: %d %s", res.StatusCode, res.Body)
		}
		past := time.Now().AddDate(0, 0, -3).Format(time.DateOnly)
		for _, c := range []struct {
			name, tok string
			body      map[string]any
			want      int
			field     string
		}{
			{"another seller's UMKM", w.sellerA, body(w.umkmB, "2027-04-03", "2027-06-27", nil), 403, ""},
			{"the agency for a UMKM", w.agency32, body(w.umkmB, "2027-04-03", "2027-06-27", nil), 403, ""},
			{"a UMKM not yet verified", w.sellerA, body(draft.ID, "2027-04-03", "2027-06-27", nil), 422, "body.umkm_id"},
			{"a category the venue does not take", w.seller2, body(w.umkmB, "2027-04-03", "2027-06-27", map[string]any{"category": "fesyen"}), 422, "body.category"},
			{"an overlapping season", w.seller2, body(w.umkmB, "2027-03-01", "2027-05-30", nil), 409, "body.from"},
			{"a season that ends before it starts", w.seller2, body(w.umkmB, "2027-06-27", "2027-04-03", nil), 422, "body.to"},
			{"a season that began", w.seller2, body(w.umkmB, past, "2027-06-27", nil), 422, "body.from"},
			{"a weekday that is none", w.seller2, body(w.umkmB, "2027-04-03", "2027-06-27", map[string]any{"weekdays": []int{8}}), 422, "body.weekdays"},
			{"anonymous", "", body(w.umkmB, "2027-04-03", "2027-06-27", nil), 401, ""},
		} {
			res := s.Do("POST", w.path("/applications"), c.tok, c.body, nil)
			if res.StatusCode != c.want || res.ContentType != "application/problem+json" {
				t.Errorf("%s: %d %s, want %d", c.name, res.StatusCode, res.Body, c.want)
			} else if c.field != "" && !hasField(problemFields(t, res.Body), c.field) {
				t.Errorf("%s: %s does not name %s", c.name, res.Body, c.field)
			}
		}
		if n := w.count(t, `SELECT COUNT(*) FROM mall_applications`); n != 2 {
			t.Fatalf("%d applications after refused ones, want 2", n)
		}

		// A venue that opens Friday to Sunday refuses a UMKM that comes on weekdays only.
		var weekend mall.Venue
		s.Do("POST", "/api/v1/venues", w.agency32, map[string]any{"name": "Pasar Akhir Pekan", "province_code": "32", "regency_code": "32.73",
			"address": "Jl. Dago", "opening_weekdays": []int{5, 6, 7}}, &weekend)
		s.Do("PUT", fmt.Sprintf("/api/v1/venues/%d/rulebook", weekend.ID), w.agency32, map[string]any{"turn_days": 1}, nil)
		res := s.Do("POST", fmt.Sprintf("/api/v1/venues/%d/applications", weekend.ID), w.seller2, body(w.umkmB, "2027-04-03", "2027-06-27",
			map[string]any{"weekdays": []int{1, 2}}), nil)
		if res.StatusCode != 422 || !hasField(problemFields(t, res.Body), "body.weekdays") {
			t.Errorf("weekdays the venue is closed: %d %s", res.StatusCode, res.Body)
		}

		// Who sees which applications.
		ids := func(tok string) (int, []int64) {
			var out struct{ Items []mall.Application }
			res := s.Do("GET", w.path("/applications"), tok, nil, &out)
			var got []int64
			for _, ap := range out.Items {
				got = append(got, ap.ID)
			}
			return res.StatusCode, got
		}
		for _, c := range []struct {
			name, tok string
			want      []int64
		}{
			{"the venue's staff", w.staffA, []int64{guest.ID, local.ID}},
			{"the province's agency", w.agency32, []int64{guest.ID, local.ID}},
			{"the guest's seller", w.sellerA, []int64{guest.ID}},
			{"the local seller", w.seller2, []int64{local.ID}},
			{"the guest's own agency", w.agency16, nil},
			{"staff of another venue", w.staffB, nil},
			{"a buyer", w.buyer, nil},
		} {
			status, got := ids(c.tok)
			if status != 200 || fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("applications as %s: %d %v, want %v", c.name, status, got, c.want)
			}
		}
		if status, _ := ids(""); status != 401 {
			t.Errorf("applications as anonymous: %d, want 401", status)
		}
		if res := s.Do("GET", w.path("/applications/%d", local.ID), w.sellerA, nil, nil); res.StatusCode != 404 {
			t.Errorf("a seller reads another's application: %d, want 404", res.StatusCode)
		}
		if res := s.Do("GET", w.path("/applications/%d", local.ID), w.seller2, nil, nil); res.StatusCode != 200 {
			t.Errorf("a seller reads its own application: %d", res.StatusCode)
		}
	})
}

func TestMallCurationIsBlindUntilDecided(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		w.open(t, map[string]any{"turn_days": 7, "rubric_threshold": 2, "rubric": []map[string]any{
			{"key": "produk_lokal", "label": "Produk lokal daerah", "weight": 2}, {"key": "kemasan", "label": "Kemasan", "weight": 1}}})
		ap := w.apply(t, w.seller2, w.umkmB, "2027-01-04", "2027-03-28")
		score := func(tok string, scores map[string]any) (int, []byte) {
			res := s.Do("PUT", w.path("/applications/%d/scores", ap.ID), tok, map[string]any{"scores": scores}, nil)
			return res.StatusCode, res.Body
		}
		if st, b := score(w.staffA, map[string]any{"produk_lokal": 4, "kemasan": 3}); st != 200 {
			t.Fatalf("staff scores: %d %s", st, b)
		}
		if st, b := score(w.agency32, map[string]any{"produk_lokal": 2, "kemasan": 2}); st != 200 {
			t.Fatalf("agency scores: %d %s", st, b)
		}
		for _, c := range []struct {
			name, tok string
			scores    map[string]any
			want      int
			field     string
		}{
			{"a criterion not in the rubric", w.staffA, map[string]any{"rasa": 3}, 422, "body.scores.rasa"},
			{"a score above five", w.staffA, map[string]any{"kemasan": 9}, 422, "body.scores.kemasan"},
			{"the applicant", w.seller2, map[string]any{"kemasan": 5}, 403, ""},
			{"staff of another venue", w.staffB, map[string]any{"kemasan": 5}, 403, ""},
		} {
			st, b := score(c.tok, c.scores)
			if st != c.want || (c.field != "" && !hasField(problemFields(t, b), c.field)) {
				t.Errorf("%s: %d %s, want %d %s", c.name, st, b, c.want, c.field)
			}
		}
		scores := func(tok string) []mall.Score {
			var out struct{ Items []mall.Score }
			if res := s.Do("GET", w.path("/applications/%d/scores", ap.ID), tok, nil, &out); res.StatusCode != 200 {
				t.Fatalf("scores: %d %s", res.StatusCode, res.Body)
			}
			return out.Items
		}
		for _, sc := range scores(w.staffA) {
			if sc.CuratorID != w.staffAID {
				t.Errorf("before the decision staff A sees another curator's score %+v", sc)
			}
		}
		if n := len(scores(w.agency32)); n != 2 {
			t.Errorf("the agency sees %d scores before the decision, want its own 2", n)
		}

		if res := s.Do("POST", w.path("/applications/%d/decision", ap.ID), w.staffA, map[string]any{"status": "accepted", "reason": ""}, nil); res.StatusCode != 422 ||
			!hasField(problemFields(t, res.Body), "body.reason") {
			t.Errorf("a decision without a reason: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("POST", w.path("/applications/%d/decision", ap.ID), w.staffB, map[string]any{"status": "accepted", "reason": "Bagus"}, nil); res.StatusCode != 403 {
			t.Errorf("staff of another venue decides: %d, want 403", res.StatusCode)
		}
		var decided mall.Application
		if res := s.Do("POST", w.path("/applications/%d/decision", ap.ID), w.staffA, map[string]any{"status": "accepted",
			"reason": "Produk lokal Bandung, kemasan rapi", "class": "percobaan"}, &decided); res.StatusCode != 200 ||
			decided.Status != mall.Accepted || decided.Class != mall.ClassPercobaan {
			t.Fatalf("decide: %d %s", res.StatusCode, res.Body)
		}
		if n := len(scores(w.staffA)); n != 4 {
			t.Errorf("after the decision staff A sees %d scores, want all 4", n)
		}
		if st, _ := score(w.staffA, map[string]any{"kemasan": 5}); st != 409 {
			t.Errorf("scoring a decided application: %d, want 409", st)
		}
		var seen mall.Application
		if res := s.Do("GET", w.path("/applications/%d", ap.ID), w.seller2, nil, &seen); res.StatusCode != 200 ||
			seen.DecisionReason != "Produk lokal Bandung, kemasan rapi" {
			t.Errorf("the applicant reads its decision: %d %s", res.StatusCode, res.Body)
		}
		if n := w.count(t, fmt.Sprintf(`SELECT COUNT(*) FROM audit_log WHERE entity = 'mall_application' AND entity_id = %d`, ap.ID)); n != 4 {
			t.Errorf("%d audit entries of the application (apply, two scorings, the decision), want 4", n)
		}
	})
}
