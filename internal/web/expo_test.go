package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestAgencyRunsAnExpoInTheBrowser(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	tok := s.MustToken("siti@x.id")
	var u struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": "Kemplang Cek Siti", "owner_name": "Siti", "nib": "1671000000009",
		"regency_code": "16.71", "category": "kuliner"}, &u)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil)

	b := loggedIn(t, s, "dinas16@x.id")
	form := url.Values{"csrf_token": {b.csrf}, "name": {"Sumsel Expo 2022"}, "host_province_code": {"32"}, "city": {"Bandung"},
		"venue": {"Cihampelas Walk"}, "starts_on": {"2022-08-14"}, "ends_on": {"2022-08-12"}, "time_zone": {"Asia/Jakarta"}}
	code, _, page := b.post("/dinas/expo", form)
	if code != 422 || !strings.Contains(page, `id="e-ends_on"`) {
		t.Fatalf("an event ending before it starts: %d, want 422 with the error beside the end date", code)
	}
	form.Set("starts_on", "2022-08-12")
	form.Set("ends_on", "2022-08-14")
	code, loc, _ := b.post("/dinas/expo", form)
	if code != 303 || !strings.HasPrefix(loc, "/dinas/expo/") {
		t.Fatalf("create: %d %s", code, loc)
	}
	manage := loc
	if code, _, _ := b.post(manage+"/booth", url.Values{"csrf_token": {b.csrf}, "booths": {"A-01 3x3\nA-02,3x3\nB-01"}}); code != 303 {
		t.Fatalf("booth list: %d", code)
	}
	if code, _, _ := b.post(manage+"/peserta", url.Values{"csrf_token": {b.csrf}, "kind": {"umkm"}, "umkm_id": {fmt.Sprint(u.ID)}, "booth": {"A-01"}}); code != 303 {
		t.Fatalf("add UMKM: %d", code)
	}
	code, _, page = b.post(manage+"/peserta", url.Values{"csrf_token": {b.csrf}, "kind": {"institution"}, "name": {"Bank Sumsel Babel"}, "booth": {"A-01"}})
	if code != 409 || !strings.Contains(page, "sudah dipakai") {
		t.Fatalf("a booth given twice: %d, want 409 with the message", code)
	}
	b.post(manage+"/peserta", url.Values{"csrf_token": {b.csrf}, "kind": {"institution"}, "name": {"Bank Sumsel Babel"}, "booth": {"A-02"}})
	for _, st := range []string{"open", "running"} {
		b.post(manage+"/status", url.Values{"csrf_token": {b.csrf}, "status": {st}})
	}
	id := strings.TrimPrefix(manage, "/dinas/expo/")
	// The other province's agency cannot run it.
	other := loggedIn(t, s, "dinas32@x.id")
	if code, _ := other.get(manage); code != 403 {
		t.Errorf("another province's agency opens the manage page: %d, want 403", code)
	}
	if code, _, _ := b.post(manage+"/pembeli", url.Values{"csrf_token": {b.csrf}, "company": {"Hotel Braga"}, "name": {"Dodi"}, "kind": {"hotel"}}); code != 303 {
		t.Fatalf("add buyer: %d", code)
	}
	var buyer, exhibitor int64
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT id FROM matching_buyers`).Scan(&buyer)
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT id FROM exhibitors WHERE umkm_id IS NOT NULL`).Scan(&exhibitor)
	meet := url.Values{"csrf_token": {b.csrf}, "buyer_id": {fmt.Sprint(buyer)}, "exhibitor_id": {fmt.Sprint(exhibitor)}, "starts_at": {"2022-08-12T10:00"}, "minutes": {"30"}}
	if code, _, _ := b.post(manage+"/pertemuan", meet); code != 303 {
		t.Fatalf("schedule: %d", code)
	}
	meet.Set("starts_at", "2022-08-12T10:15")
	if code, _, page := b.post(manage+"/pertemuan", meet); code != 409 || !strings.Contains(page, "pertemuan lain") {
		t.Errorf("an overlapping meeting: %d, want 409 with the reason", code)
	}
	var meeting int64
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT id FROM meetings`).Scan(&meeting)
	b.post(fmt.Sprintf("%s/pertemuan/%d/hasil", manage, meeting), url.Values{"csrf_token": {b.csrf}, "outcome": {"deal"}, "value": {"Rp1.200.000.000"}})
	b.post(manage+"/pengunjung", url.Values{"csrf_token": {b.csrf}, "day": {"2022-08-12"}, "visitors": {"2500"}})
	b.post(manage+"/status", url.Values{"csrf_token": {b.csrf}, "status": {"publish"}})

	// The public sees the event, its booth map and the published report.
	visitor := newBrowser(t, s)
	_, page = visitor.get("/expo/" + id)
	for _, want := range []string{"Sumsel Expo 2022", "Kemplang Cek Siti", "Kota Palembang", `class="booth-map"`, "Laporan transaksi"} {
		if !strings.Contains(page, want) {
			t.Errorf("event page lacks %q", want)
		}
	}
	code, page = visitor.get("/expo/" + id + "/laporan")
	if code != 200 || !strings.Contains(page, "Rp1,2 miliar") || !strings.Contains(page, `class="chart"`) {
		t.Errorf("report page: %d, want the Rp1,2 miliar matching deal and the chart", code)
	}
	if code, _ := visitor.get("/expo/" + id + "/laporan.xlsx"); code != 200 {
		t.Errorf("XLSX download: %d", code)
	}
}
