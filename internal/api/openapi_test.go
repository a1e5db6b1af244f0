package api_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

type openAPIParam struct {
	Name     string `json:"name"`
	In       string `json:"in"`
	Required bool   `json:"required"`
}

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]struct {
		OperationID string                `json:"operationId"`
		Parameters  []openAPIParam        `json:"parameters"`
		Security    []map[string][]string `json:"security"`
	} `json:"paths"`
}

// documentedRoutes is every route the API must document, as registered in routes.go.
var documentedRoutes = []struct{ method, path string }{
	{"GET", "/api/v1/food-programmes/{id}/deliveries/{delivery_id}/proof/{kind}"},
	{"GET", "/api/v1/food-programmes/{id}/plots/{plot_id}/photo"},
	{"GET", "/healthz"},
	{"GET", "/api/v1/regions/provinces"},
	{"GET", "/api/v1/regions/provinces/{code}/regencies"},
	{"POST", "/api/v1/accounts"},
	{"POST", "/api/v1/sessions"},
	{"DELETE", "/api/v1/sessions"},
	{"GET", "/api/v1/me"},
	{"POST", "/api/v1/umkm"},
	{"GET", "/api/v1/umkm"},
	{"GET", "/api/v1/umkm/{id}"},
	{"PATCH", "/api/v1/umkm/{id}"},
	{"POST", "/api/v1/umkm/{id}/submit"},
	{"POST", "/api/v1/umkm/{id}/verify"},
	{"POST", "/api/v1/umkm/{id}/reject"},
	{"POST", "/api/v1/umkm/{id}/logo"},
	{"GET", "/api/v1/umkm/{id}/audit"},
	{"POST", "/api/v1/products"},
	{"GET", "/api/v1/products"},
	{"GET", "/api/v1/products/{id}"},
	{"PATCH", "/api/v1/products/{id}"},
	{"DELETE", "/api/v1/products/{id}"},
	{"POST", "/api/v1/products/{id}/photos"},
	{"DELETE", "/api/v1/products/{id}/photos/{photo_id}"},
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	res := s.Do("GET", "/api/openapi.json", "", nil, nil)
	if res.StatusCode != 200 || !strings.HasPrefix(res.ContentType, "application/") || !strings.Contains(res.ContentType, "json") {
		t.Fatalf("GET /api/openapi.json: %d %q", res.StatusCode, res.ContentType)
	}
	var doc openAPIDoc
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi version %q, want 3.1.x", doc.OpenAPI)
	}
	for _, r := range documentedRoutes {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			op, ok := doc.Paths[r.path][strings.ToLower(r.method)]
			if !ok {
				t.Fatalf("%s %s is not in the document's paths", r.method, r.path)
			}
			if op.OperationID == "" {
				t.Errorf("no operationId")
			}
			// Every {param} of the path must be a declared, required path
			// parameter, or clients generated from the document cannot call it.
			for _, m := range pathParam.FindAllStringSubmatch(r.path, -1) {
				declared := slices.Contains(op.Parameters, openAPIParam{Name: m[1], In: "path", Required: true})
				if !declared {
					t.Errorf("path parameter %q is not declared (parameters: %+v)", m[1], op.Parameters)
				}
			}
		})
	}
	t.Run("writes need a bearer token in the document", func(t *testing.T) {
		for _, r := range documentedRoutes {
			if r.method == "GET" || r.path == "/api/v1/accounts" || r.path == "/api/v1/sessions" && r.method == "POST" {
				continue
			}
			if op := doc.Paths[r.path][strings.ToLower(r.method)]; len(op.Security) == 0 {
				t.Errorf("%s %s documents no security", r.method, r.path)
			}
		}
	})
	t.Run("unknown API path is a problem+json 404", func(t *testing.T) {
		mustProblem(t, s.Do("GET", "/api/v1/tidak-ada", "", nil, nil), 404)
	})
}

func TestRegions(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	type region struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}

	t.Run("38 provinces including Sumatera Selatan", func(t *testing.T) {
		var provinces []region
		if res := s.Do("GET", "/api/v1/regions/provinces", "", nil, &provinces); res.StatusCode != 200 {
			t.Fatalf("status %d: %s", res.StatusCode, res.Body)
		}
		if len(provinces) != 38 {
			t.Errorf("%d provinces, want 38", len(provinces))
		}
		if !slices.Contains(provinces, region{"16", "Sumatera Selatan"}) {
			t.Errorf("no {16 Sumatera Selatan} among %v", provinces)
		}
		seen := map[string]bool{}
		for _, p := range provinces {
			if seen[p.Code] || p.Name == "" {
				t.Errorf("duplicate or unnamed province %+v", p)
			}
			seen[p.Code] = true
		}
	})
	t.Run("regencies of 16 include Kota Palembang and nothing of another province", func(t *testing.T) {
		var regencies []region
		if res := s.Do("GET", "/api/v1/regions/provinces/16/regencies", "", nil, &regencies); res.StatusCode != 200 {
			t.Fatalf("status %d: %s", res.StatusCode, res.Body)
		}
		if !slices.Contains(regencies, region{"16.71", "Kota Palembang"}) {
			t.Errorf("no {16.71 Kota Palembang} among %v", regencies)
		}
		for _, r := range regencies {
			if !strings.HasPrefix(r.Code, "16.") {
				t.Errorf("regency %+v is not in province 16", r)
			}
		}
	})
	for _, code := range []string{"99", "16.71", "abc"} {
		t.Run("regencies of unknown province "+code+" is a 404", func(t *testing.T) {
			p := mustProblem(t, s.Do("GET", "/api/v1/regions/provinces/"+code+"/regencies", "", nil, nil), 404)
			if !strings.Contains(p.Detail, code) {
				t.Errorf("detail %q does not name the province %s", p.Detail, code)
			}
		})
	}
	t.Run("health check answers", func(t *testing.T) {
		var h struct{ Status, Database string }
		if res := s.Do("GET", "/healthz", "", nil, &h); res.StatusCode != 200 || h.Status != "ok" || h.Database != "sqlite" {
			t.Errorf("GET /healthz: %d %s", res.StatusCode, res.Body)
		}
	})
}
