package api_test

import (
	"testing"

	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestMissingReferenceIsAClientError: a write that refers to a row no
// pre-check looked for (here the acting account itself, gone since its
// session was read) is refused with a 4xx and a message, not a 500.
func TestMissingReferenceIsAClientError(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		ctx := platform.WithActor(t.Context(), platform.Actor{UserID: 424242, Role: platform.RoleBuyer})
		_, err := s.App.Orders.CreateGroup(ctx, "PKK RW 05 Coblong")
		if status := httpx.Status(platform.ErrorKind(err)); status != 409 {
			t.Fatalf("a group made by an account that is not there: %v, status %d, want 409", err, status)
		}
		if n := (&shop{s: s}).count(t, `SELECT COUNT(*) FROM user_groups`); n != 0 {
			t.Errorf("%d groups stored, want none", n)
		}
	})
}
