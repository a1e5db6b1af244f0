package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// submittedUMKM registers and submits a UMKM of the seller's, returning its id.
func submittedUMKM(t *testing.T, s *testutil.Server, tok, name, nib, regency, scale string, turnover int64) int64 {
	t.Helper()
	var u struct{ ID int64 }
	if res := s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": name, "owner_name": "Bu Lina", "nib": nib,
		"regency_code": regency, "category": "kuliner", "turnover": turnover, "whatsapp": "0812-3456-7890",
		"address": "=HYPERLINK(\"http://x\")"}, &u); res.StatusCode != 201 {
		t.Fatalf("create %s: %d %s", name, res.StatusCode, res.Body)
	}
	if res := s.Do("POST", "/api/v1/umkm/"+itoa(u.ID)+"/submit", tok, nil, nil); res.StatusCode != 200 {
		t.Fatalf("submit %s: %d %s", name, res.StatusCode, res.Body)
	}
	return u.ID
}

// TestOfficerReturnsToTheQueueWithTheNextUMKM: after verifying or
// rejecting, the officer is back on the queue of the same regency filter,
// told what was decided (from the record) and offered the next UMKM.
func TestOfficerReturnsToTheQueueWithTheNextUMKM(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@x.id", platform.RoleSeller, "")
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
		tok := s.MustToken("penjual@x.id")
		first := submittedUMKM(t, s, tok, "Pempek Cek Lina", "1602000000001", "16.02", "", 1_500_000_000)
		second := submittedUMKM(t, s, tok, "Kerupuk Kemplang Bu Ros", "1602000000002", "16.02", "", 1_500_000_000)
		submittedUMKM(t, s, tok, "Tenun Songket Palembang", "1671000000003", "16.71", "", 1_500_000_000)
		bandung := submittedUMKM(t, s, tok, "Batik Bandung", "3273000000004", "32.73", "", 1_500_000_000)

		b := loginAs(t, s, "dinas16@x.id")
		_, queue := b.get("/dinas?regency=16.02")
		if !strings.Contains(queue, `href="/dinas/umkm/`+itoa(first)+`?dari=16.02"`) {
			t.Fatalf("the queue of OKI does not link the review with its filter:\n%s", queue)
		}
		if code, _ := b.get("/dinas/umkm/" + itoa(second) + "?dari=16.02"); code != 200 {
			t.Fatalf("review: %d", code)
		}
		code, loc, _ := b.post("/dinas/umkm/"+itoa(second)+"/verifikasi", url.Values{"csrf_token": {b.csrf}, "from_regency": {"16.02"}})
		if code != 303 || !strings.HasPrefix(loc, "/dinas?") {
			t.Fatalf("verify: %d → %q", code, loc)
		}
		_, back := b.get(loc)
		if !strings.Contains(back, "UMKM terverifikasi") || !strings.Contains(back, "Kerupuk Kemplang Bu Ros") {
			t.Errorf("no confirmation of the verification on the queue")
		}
		next := regexp.MustCompile(`Berikutnya: <a class="btn" href="/dinas/umkm/(\d+)\?dari=16.02">Pempek Cek Lina</a>`)
		if !next.MatchString(back) {
			t.Errorf("the queue does not offer the next UMKM of OKI")
		}

		// Rejecting the last one of OKI: confirmed, and the queue says it is empty.
		b.get("/dinas/umkm/" + itoa(first) + "?dari=16.02")
		code, loc, _ = b.post("/dinas/umkm/"+itoa(first)+"/tolak", url.Values{"csrf_token": {b.csrf}, "from_regency": {"16.02"},
			"reason": {"NIB tidak cocok dengan nama usaha"}})
		if code != 303 {
			t.Fatalf("reject: %d", code)
		}
		_, back = b.get(loc)
		if !strings.Contains(back, "UMKM ditolak") || !strings.Contains(back, "Pempek Cek Lina") || !strings.Contains(back, "Tidak ada lagi UMKM") {
			t.Errorf("no confirmation of the rejection, or the empty queue is not said")
		}

		// The confirmation comes from the record: another province's
		// private UMKM, or a made-up text, shows nothing.
		_, other := b.get("/dinas?done=" + itoa(bandung))
		if strings.Contains(other, "Batik Bandung") || strings.Contains(other, `id="done"`) {
			t.Errorf("the queue confirms a UMKM of another province")
		}
		_, forged := b.get("/dinas?done=%3Cb%3EUMKM%20terverifikasi%3C%2Fb%3E")
		if strings.Contains(forged, `id="done"`) {
			t.Errorf("the queue shows a confirmation from the URL's text")
		}
	})
}

// TestAgencyBrowsesAndExportsItsRegistry: the registry is searched and
// filtered, and its export holds the same rows, the WhatsApp number masked
// and text cells that cannot run as formulas.
func TestAgencyBrowsesAndExportsItsRegistry(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@x.id", platform.RoleSeller, "")
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("pembeli@x.id", platform.RoleBuyer, "")
		tok := s.MustToken("penjual@x.id")
		pempek := submittedUMKM(t, s, tok, "Pempek Cek Lina", "1602000000001", "16.02", "", 1_500_000_000)
		submittedUMKM(t, s, tok, "Kerupuk Kemplang Bu Ros", "1671000000002", "16.71", "", 1_500_000_000)
		submittedUMKM(t, s, tok, "Batik Bandung", "3273000000004", "32.73", "", 1_500_000_000)
		if res := s.Do("POST", "/api/v1/umkm/"+itoa(pempek)+"/verify", s.MustToken("dinas16@x.id"), nil, nil); res.StatusCode != 200 {
			t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
		}

		b := loginAs(t, s, "dinas16@x.id")
		_, dash := b.get("/dinas")
		if !strings.Contains(dash, `href="/dinas/umkm"`) {
			t.Errorf("the dashboard does not link the registry")
		}
		_, all := b.get("/dinas/umkm")
		if !strings.Contains(all, "Pempek Cek Lina") || !strings.Contains(all, "Kerupuk Kemplang Bu Ros") {
			t.Errorf("the registry lacks the province's UMKM")
		}
		if strings.Contains(all, "Batik Bandung") {
			t.Errorf("the registry shows another province's unverified UMKM")
		}
		if strings.Contains(all, "0812-3456-7890") || strings.Contains(all, "+6281234567890") || !strings.Contains(all, "62812****7890") {
			t.Errorf("the registry shows WhatsApp numbers unmasked:\n%s", all)
		}
		_, verified := b.get("/dinas/umkm?status=verified&regency=16.02&scale=mikro&category=kuliner")
		if !strings.Contains(verified, "Pempek Cek Lina") || strings.Contains(verified, "Kerupuk Kemplang") {
			t.Errorf("the status/regency/scale/category filter does not filter")
		}
		_, found := b.get("/dinas/umkm?q=kemplang")
		if !strings.Contains(found, "Kerupuk Kemplang Bu Ros") || strings.Contains(found, "Pempek Cek Lina") {
			t.Errorf("the text search does not find kemplang alone")
		}
		if !strings.Contains(found, `href="/dinas/umkm.csv?q=kemplang"`) {
			t.Errorf("the export link does not keep the filter")
		}
		if code, _ := b.get("/dinas/umkm?regency=99.99"); code != 422 {
			t.Errorf("an unknown regency: %d, want 422", code)
		}

		code, csv := b.get("/dinas/umkm.csv?q=kemplang")
		if code != 200 {
			t.Fatalf("csv: %d", code)
		}
		if !strings.Contains(csv, "Kerupuk Kemplang Bu Ros") || strings.Contains(csv, "Pempek Cek Lina") {
			t.Errorf("the export does not hold the filtered rows:\n%s", csv)
		}
		if strings.Contains(csv, "0812-3456-7890") || strings.Contains(csv, "6281234567890") || !strings.Contains(csv, "+62812****7890") {
			t.Errorf("the export shows the WhatsApp number unmasked:\n%s", csv)
		}
		if !strings.Contains(csv, `'=HYPERLINK`) {
			t.Errorf("a formula in a text cell is not neutralised:\n%s", csv)
		}
		if code, xlsx := b.get("/dinas/umkm.xlsx"); code != 200 || !strings.HasPrefix(xlsx, "PK") {
			t.Errorf("xlsx: %d", code)
		}

		buyer := loginAs(t, s, "pembeli@x.id")
		for _, p := range []string{"/dinas/umkm", "/dinas/umkm.csv", "/dinas/umkm.xlsx"} {
			if code, _ := buyer.get(p); code != 403 {
				t.Errorf("a buyer opens %s: %d", p, code)
			}
		}
	})
}
