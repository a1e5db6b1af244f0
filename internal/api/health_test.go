package api_test

import (
	"encoding/json"
	"testing"

	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestHealthRoleAndLag: the load balancer's check says what database the
// process uses and, without replication, tells no lag; a database that
// does not answer takes the process out (503, problem+json).
func TestHealthRoleAndLag(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		res := s.Do("GET", "/healthz", "", nil, nil)
		if res.StatusCode != 200 {
			t.Fatalf("GET /healthz: %d %s", res.StatusCode, res.Body)
		}
		var h map[string]any
		if err := json.Unmarshal(res.Body, &h); err != nil {
			t.Fatal(err)
		}
		wantRole := "sqlite"
		if s.App.DB.Dialect == sqldb.Postgres {
			wantRole = "primary" // the test cluster has no replica
		}
		if h["status"] != "ok" || h["database"] != string(s.App.DB.Dialect) || h["role"] != wantRole {
			t.Errorf("GET /healthz = %s, want status ok, database %s, role %s", res.Body, s.App.DB.Dialect, wantRole)
		}
		if lag, ok := h["replication_lag_seconds"]; ok {
			t.Errorf("replication_lag_seconds = %v with no replication, want it absent", lag)
		}

		s.App.DB.Close()
		mustProblem(t, s.Do("GET", "/healthz", "", nil, nil), 503)
	})
}
