package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestCashierSyncAnswersAsTheAPI: the cashier page's sync and the API's
// sync answer the same error with the same status, as problem+json (the
// page reads every answer as JSON).
func TestCashierSyncAnswersAsTheAPI(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		s.MustUser("rina@x.id", platform.RoleSeller, "")
		agency, siti := s.MustToken("dinas16@x.id"), s.MustToken("siti@x.id")
		var u, e, booth, applied struct{ ID int64 }
		s.Do("POST", "/api/v1/umkm", siti, map[string]any{"name": "Kemplang Cek Siti", "owner_name": "Siti", "nib": "1671000000009",
			"regency_code": "16.71", "category": "kuliner"}, &u)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), siti, nil, nil)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), agency, nil, nil)
		s.Do("POST", "/api/v1/events", agency, map[string]any{"name": "Expo", "host_province_code": "32", "city": "Bandung", "venue": "V",
			"starts_on": "2022-08-12", "ends_on": "2022-08-14"}, &e)
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/status", e.ID), agency, map[string]any{"status": "open"}, nil)
		// Siti's UMKM applied and waits for the agency: not yet a booth that sells.
		if res := s.Do("POST", fmt.Sprintf("/api/v1/events/%d/applications", e.ID), siti, map[string]any{"umkm_id": u.ID}, &applied); res.StatusCode != 201 {
			t.Fatalf("apply: %d %s", res.StatusCode, res.Body)
		}
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/exhibitors", e.ID), agency, map[string]any{"kind": "institution", "name": "Kriya Sriwijaya", "booth": "A-01"}, &booth)
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/exhibitors/%d/cashiers", e.ID, booth.ID), agency, map[string]any{"email": "siti@x.id"}, nil)
		s.Do("POST", fmt.Sprintf("/api/v1/events/%d/status", e.ID), agency, map[string]any{"status": "running"}, nil)

		saleBody := func(exhibitor int64, id string) map[string]any {
			return map[string]any{"exhibitor_id": exhibitor, "sales": []any{map[string]any{"id": id, "sold_at": "2022-08-12T10:00:00+07:00",
				"payment_method": "cash", "items": []any{map[string]any{"name": "Songket", "quantity": 1, "price": 2_000_000}}}}}
		}
		tooMany := saleBody(booth.ID, "3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d0000")
		for range expo.MaxSyncBatch {
			tooMany["sales"] = append(tooMany["sales"].([]any), tooMany["sales"].([]any)[0])
		}
		tooLarge, _ := json.Marshal(map[string]any{"exhibitor_id": booth.ID, "sales": []any{}, "note": strings.Repeat("x", 5<<20)})

		browsers := map[string]*browser{"siti@x.id": loggedIn(t, s, "siti@x.id"), "rina@x.id": loggedIn(t, s, "rina@x.id"), "": newBrowser(t, s)}
		browsers[""].get("/masuk")
		tokens := map[string]string{"siti@x.id": siti, "rina@x.id": s.MustToken("rina@x.id"), "": ""}

		n := 0
		for _, c := range []struct {
			name, who string
			exhibitor int64
			body      any // a map sent as JSON, or raw bytes
			want      int
		}{
			{"a sale by the booth's cashier", "siti@x.id", booth.ID, nil, 200},
			{"more sales than one sync takes", "siti@x.id", booth.ID, tooMany, 422},
			{"another seller", "rina@x.id", booth.ID, nil, 403},
			{"nobody logged in", "", booth.ID, nil, 401},
			{"a booth of no exhibitor", "siti@x.id", booth.ID + 100, nil, 404},
			{"an exhibitor not yet approved", "siti@x.id", applied.ID, nil, 409},
			{"a queue past the size limit", "siti@x.id", booth.ID, tooLarge, 413},
		} {
			answers := map[string]int{}
			for _, via := range []string{"api", "kasir"} {
				body := c.body
				if body == nil {
					n++
					body = saleBody(c.exhibitor, fmt.Sprintf("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d%04d", n))
				}
				raw, ok := body.([]byte)
				if !ok {
					raw, _ = json.Marshal(body)
				}
				var status int
				var ctype, text string
				if via == "api" {
					res := s.Do("POST", fmt.Sprintf("/api/v1/events/%d/sales/sync", e.ID), tokens[c.who], raw, nil)
					status, ctype, text = res.StatusCode, res.ContentType, string(res.Body)
				} else {
					b := browsers[c.who]
					req, _ := http.NewRequest("POST", fmt.Sprintf("%s/kasir/%d/%d/sync", s.URL, e.ID, c.exhibitor), bytes.NewReader(raw))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("X-CSRF-Token", b.csrf)
					res, err := b.c.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					out, _ := io.ReadAll(res.Body)
					res.Body.Close()
					status, ctype, text = res.StatusCode, res.Header.Get("Content-Type"), string(out)
				}
				answers[via] = status
				if status >= 400 && ctype != "application/problem+json" {
					t.Errorf("%s via %s: %d as %q, want problem+json: %.200s", c.name, via, status, ctype, text)
				}
			}
			if answers["api"] != c.want || answers["kasir"] != c.want {
				t.Errorf("%s: API %d, cashier page %d, want %d from both", c.name, answers["api"], answers["kasir"], c.want)
			}
		}

		// The cashier page asks who is sending before it reads the queue, and
		// refuses (not repairs) text that is not UTF-8.
		kasir := func(who string, raw []byte) int {
			b := browsers[who]
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/kasir/%d/%d/sync", s.URL, e.ID, booth.ID), bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", b.csrf)
			res, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode
		}
		garbage := []byte("{bukan json")
		if got := kasir("", garbage); got != 401 {
			t.Errorf("an unreadable queue from nobody: %d, want 401 before it is read", got)
		}
		if got := kasir("rina@x.id", garbage); got != 403 {
			t.Errorf("an unreadable queue from another seller: %d, want 403 before it is read", got)
		}
		count := func() int {
			var n int
			if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT COUNT(*) FROM expo_sales`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		stored := count()
		bad := []byte(`{"sales":[{"id":"3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4dffff","sold_at":"2022-08-12T10:00:00+07:00","payment_method":"cash",` +
			`"items":[{"name":"Songket ` + "\xff" + `","quantity":1,"price":2000000}]}]}`)
		if got := kasir("siti@x.id", bad); got != 400 {
			t.Errorf("a queue that is not UTF-8: %d, want 400", got)
		}
		if count() != stored {
			t.Errorf("a sale was stored from a queue that is not UTF-8")
		}
	})
}
