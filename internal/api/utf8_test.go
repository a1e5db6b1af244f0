package api_test

import (
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestJSONWithInvalidUTF8IsRefused: a JSON body that is not UTF-8 is
// malformed JSON (RFC 8259), refused like any other, and stores nothing;
// encoding/json alone would store U+FFFD in place of the bytes.
func TestJSONWithInvalidUTF8IsRefused(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@contoh.id", platform.RoleSeller, "")
		seller := s.MustToken("penjual@contoh.id")
		before := tableCounts(t, s)
		body := "{\"name\":\"Usaha \xff\xfe\",\"owner_name\":\"Ibu Sari\",\"nib\":\"9999999999999\",\"regency_code\":\"16.71\",\"category\":\"kriya\"}"
		p := mustProblem(t, s.Do("POST", "/api/v1/umkm", seller, body, nil), 400, 422)
		if !p.hasLocation("body") {
			t.Errorf("problem names %v, want body", p.locations())
		}
		assertSameCounts(t, before, tableCounts(t, s))
	})
}
