package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestFailedAPILoginsAreLimitedWithRetryAfter(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		login := func(email, password string) *http.Response {
			body, _ := json.Marshal(map[string]string{"email": email, "password": password})
			res, err := http.Post(s.URL+"/api/v1/sessions", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		for i := range 10 {
			res := login("siti@x.id", "tebakan-salah")
			res.Body.Close()
			if res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: %d, want 401", i+1, res.StatusCode)
			}
		}
		res := login("siti@x.id", "rahasia-123")
		defer res.Body.Close()
		var p apiProblem
		json.NewDecoder(res.Body).Decode(&p)
		wait, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Content-Type") != "application/problem+json" ||
			p.Status != 429 || !strings.HasPrefix(p.Detail, "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ") ||
			err != nil || wait < 1 || wait > 60 {
			t.Fatalf("login after ten failures: %d %s Retry-After %q %+v; want a 429 problem waiting at most 60 s",
				res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Retry-After"), p)
		}
	})
}

// Tests and benchmarks make many accounts from one address and log them
// all in: successes are never counted against it.
func TestRegistrationsAndSuccessfulLoginsAreNotLimited(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	for i := range 15 {
		email := fmt.Sprintf("pembeli%d@x.id", i)
		if res := s.Do("POST", "/api/v1/accounts", "", map[string]string{"email": email, "password": "pempek-kapal-selam", "name": "Pembeli", "role": "buyer"}, nil); res.StatusCode != 201 {
			t.Fatalf("registration %d: %d %s", i+1, res.StatusCode, res.Body)
		}
		for range 2 {
			if res := s.Do("POST", "/api/v1/sessions", "", map[string]string{"email": email, "password": "pempek-kapal-selam"}, nil); res.StatusCode != 201 {
				t.Fatalf("login %d: %d %s", i+1, res.StatusCode, res.Body)
			}
		}
	}
}

func TestAPIRegistrationRefusesWeakPasswords(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	for password, want := range map[string]string{
		"iloveyou":    "Kata sandi ini termasuk yang paling sering dipakai dan mudah ditebak: pilih yang lain",
		"Ani@Kopi.ID": "Kata sandi tidak boleh sama dengan email",
	} {
		res := s.Do("POST", "/api/v1/accounts", "", map[string]string{"email": "ani@kopi.id", "password": password, "name": "Ani", "role": "buyer"}, nil)
		var p apiProblem
		json.Unmarshal(res.Body, &p)
		if res.StatusCode != 422 || len(p.Errors) != 1 || p.Errors[0].Location != "body.password" || p.Errors[0].Message != want {
			t.Errorf("registration with %q: %d %s, want 422 %q at body.password", password, res.StatusCode, res.Body, want)
		}
	}
}
