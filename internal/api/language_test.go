package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/gerai-id/gerai/internal/testutil"
)

// An API client that asks for English gets its problems in English, field
// messages included; one that does not gets Bahasa Indonesia.
func TestProblemsInTheAcceptedLanguage(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		send := func(method, path, lang string, body any) apiProblem {
			t.Helper()
			var rd *bytes.Reader
			if body != nil {
				b, _ := json.Marshal(body)
				rd = bytes.NewReader(b)
			} else {
				rd = bytes.NewReader(nil)
			}
			req, _ := http.NewRequest(method, s.URL+path, rd)
			req.Header.Set("Content-Type", "application/json")
			if lang != "" {
				req.Header.Set("Accept-Language", lang)
			}
			return mustProblem(t, s.Send(req, nil), 400, 401, 404, 422)
		}
		for _, tc := range []struct {
			method, path string
			body         any
			id, en       string
		}{
			{"GET", "/api/v1/tidak-ada", nil, "Alamat API tidak dikenal: /api/v1/tidak-ada", "Unknown API address: /api/v1/tidak-ada"},
			{"POST", "/api/v1/sessions", map[string]string{"email": "siapa@contoh.id", "password": "salah-sekali-ya"}, "Email atau kata sandi salah", "Wrong email or password"},
		} {
			if got := send(tc.method, tc.path, "", tc.body).Detail; got != tc.id {
				t.Errorf("%s %s without Accept-Language: detail %q, want %q", tc.method, tc.path, got, tc.id)
			}
			if got := send(tc.method, tc.path, "en-GB,en;q=0.9,id;q=0.5", tc.body).Detail; got != tc.en {
				t.Errorf("%s %s in English: detail %q, want %q", tc.method, tc.path, got, tc.en)
			}
		}
		p := send("GET", "/api/v1/products?province=99", "en", nil)
		if len(p.Errors) == 0 || p.Errors[0].Message != "Unknown province" {
			t.Errorf("field error in English: %+v", p.Errors)
		}
		p = send("GET", "/api/v1/products?province=99", "id", nil)
		if len(p.Errors) == 0 || p.Errors[0].Message != "Provinsi tidak dikenal" {
			t.Errorf("field error in Indonesian: %+v", p.Errors)
		}
	})
}
