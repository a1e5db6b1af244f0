package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// options returns the labels of a select's options.
func options(page, id string) []string {
	sel := regexp.MustCompile(`(?s)<select id="` + id + `"[^>]*>(.*?)</select>`).FindStringSubmatch(page)
	if sel == nil {
		return nil
	}
	var out []string
	for _, m := range regexp.MustCompile(`<option value="[^"]+"[^>]*>([^<]*)</option>`).FindAllStringSubmatch(sel[1], -1) {
		out = append(out, m[1])
	}
	return out
}

// TestExhibitorIsPickedFromListsAndReopeningAsks: the organiser picks a
// verified UMKM of its province (searchable) and a regency from lists, and
// reopening a finished expo needs a tick that it means it.
func TestExhibitorIsPickedFromListsAndReopeningAsks(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		tok := s.MustToken("siti@x.id")
		kemplang := submittedUMKM(t, s, tok, "Kemplang Cek Siti", "1671000000009", "16.71", "", 1_000_000)
		pempek := submittedUMKM(t, s, tok, "Pempek Cek Lina", "1602000000008", "16.02", "", 1_000_000)
		batik := submittedUMKM(t, s, tok, "Batik Bandung", "3273000000007", "32.73", "", 1_000_000)
		submittedUMKM(t, s, tok, "Draf Songket", "1671000000006", "16.71", "", 1_000_000)
		for id, agency := range map[int64]string{kemplang: "dinas16@x.id", pempek: "dinas16@x.id", batik: "dinas32@x.id"} {
			if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", id), s.MustToken(agency), nil, nil); res.StatusCode != 200 {
				t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
			}
		}

		b := loggedIn(t, s, "dinas16@x.id")
		_, loc, _ := b.post("/dinas/expo", url.Values{"csrf_token": {b.csrf}, "name": {"Sumsel Expo 2022"}, "host_province_code": {"16"},
			"city": {"Palembang"}, "venue": {"JSC"}, "starts_on": {"2022-08-12"}, "ends_on": {"2022-08-14"}, "time_zone": {"Asia/Jakarta"}})
		manage := loc
		_, page := b.get(manage)
		umkms := strings.Join(options(page, "f-umkm_id"), "|")
		if !strings.Contains(umkms, "Kemplang Cek Siti") || !strings.Contains(umkms, "Pempek Cek Lina") {
			t.Errorf("the UMKM list lacks the province's verified UMKM: %q", umkms)
		}
		if strings.Contains(umkms, "Batik Bandung") || strings.Contains(umkms, "Draf Songket") {
			t.Errorf("the UMKM list offers another province's or an unverified UMKM: %q", umkms)
		}
		if regencies := strings.Join(options(page, "f-regency_code"), "|"); !strings.Contains(regencies, "Kab. Ogan Komering Ilir") {
			t.Errorf("the regency list lacks OKI: %q", regencies)
		}
		if strings.Contains(page, `name="umkm_id" type="text"`) || strings.Contains(page, `name="regency_code" type="text"`) {
			t.Errorf("the exhibitor form still asks for typed ids or codes")
		}
		_, found := b.get(manage + "?cari_umkm=pempek")
		if got := strings.Join(options(found, "f-umkm_id"), "|"); !strings.Contains(got, "Pempek Cek Lina") || strings.Contains(got, "Kemplang") {
			t.Errorf("searching pempek offers %q", got)
		}

		if code, _, body := b.post(manage+"/peserta", url.Values{"csrf_token": {b.csrf}, "kind": {"umkm"}}); code != 422 || !strings.Contains(body, "Pilih UMKM dari daftar") {
			t.Errorf("a UMKM exhibitor without a UMKM chosen: %d", code)
		}
		if code, _, _ := b.post(manage+"/peserta", url.Values{"csrf_token": {b.csrf}, "kind": {"umkm"}, "umkm_id": {fmt.Sprint(pempek)}}); code != 303 {
			t.Errorf("add the chosen UMKM: %d", code)
		}
		if code, _, _ := b.post(manage+"/peserta", url.Values{"csrf_token": {b.csrf}, "kind": {"regency"}, "name": {"Delegasi OKI"}, "regency_code": {"16.02"}}); code != 303 {
			t.Errorf("add a regency's delegation: %d", code)
		}
		_, page = b.get(manage)
		if !strings.Contains(page, "Delegasi OKI") || !strings.Contains(page, "Pempek Cek Lina") {
			t.Errorf("the exhibitors are not listed")
		}

		for _, st := range []string{"open", "running", "closed"} {
			if code, _, _ := b.post(manage+"/status", url.Values{"csrf_token": {b.csrf}, "status": {st}}); code != 303 {
				t.Fatalf("status %s: %d", st, code)
			}
		}
		_, page = b.get(manage)
		if !strings.Contains(page, `name="confirm" value="1" required`) {
			t.Errorf("reopening a finished expo asks no confirmation")
		}
		code, _, body := b.post(manage+"/status", url.Values{"csrf_token": {b.csrf}, "status": {"running"}})
		if code != 422 || !strings.Contains(body, "yakin membuka kembali") {
			t.Fatalf("reopening without the tick: %d", code)
		}
		if _, page = b.get(manage); !strings.Contains(page, `<span class="badge">Selesai</span>`) {
			t.Errorf("the expo was reopened without the tick")
		}
		if code, _, _ := b.post(manage+"/status", url.Values{"csrf_token": {b.csrf}, "status": {"running"}, "confirm": {"1"}}); code != 303 {
			t.Fatalf("reopening with the tick: %d", code)
		}
		if _, page = b.get(manage); !strings.Contains(page, `<span class="badge">Berlangsung</span>`) {
			t.Errorf("the expo is not running again")
		}
	})
}
