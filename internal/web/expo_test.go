package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

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
	// The list may also come as a spreadsheet, with a header row.
	x := excelize.NewFile()
	for i, row := range [][]string{{"Kode booth", "Ukuran"}, {"C-01", "4x4"}, {"C-02", "4x4"}} {
		x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &row)
	}
	var xlsx bytes.Buffer
	x.Write(&xlsx)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", b.csrf)
	fw, _ := mw.CreateFormFile("booths_file", "booth.xlsx")
	fw.Write(xlsx.Bytes())
	mw.Close()
	req, _ := http.NewRequest("POST", s.URL+manage+"/booth", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if res, err := b.c.Do(req); err != nil || res.StatusCode != 303 {
		t.Fatalf("booth list from XLSX: %v %v", res, err)
	}
	var booths int
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM booths WHERE size = '4x4'`).Scan(&booths)
	if booths != 2 {
		t.Errorf("%d booths from the spreadsheet, want 2 (header skipped)", booths)
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
	// Its organiser sees one report button, not one as the public and one as the organiser.
	if _, page := b.get("/expo/" + id); strings.Count(page, `href="/expo/`+id+`/laporan"`) != 1 {
		t.Errorf("the organiser's event page has %d report buttons, want 1", strings.Count(page, `href="/expo/`+id+`/laporan"`))
	}
	code, page = visitor.get("/expo/" + id + "/laporan")
	if code != 200 || !strings.Contains(page, "Rp1,2 miliar") || !strings.Contains(page, `class="chart"`) {
		t.Errorf("report page: %d, want the Rp1,2 miliar matching deal and the chart", code)
	}
	if code, _ := visitor.get("/expo/" + id + "/laporan.xlsx"); code != 200 {
		t.Errorf("XLSX download: %d", code)
	}
}

func TestCashierPageIsForItsBoothOnly(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("siti@x.id", platform.RoleSeller, "")
	s.MustUser("rina@x.id", platform.RoleSeller, "")
	agency := s.MustToken("dinas16@x.id")
	var e, x struct{ ID int64 }
	s.Do("POST", "/api/v1/events", agency, map[string]any{"name": "Expo", "host_province_code": "32", "city": "Bandung", "venue": "V",
		"starts_on": "2022-08-12", "ends_on": "2022-08-14"}, &e)
	s.Do("POST", fmt.Sprintf("/api/v1/events/%d/status", e.ID), agency, map[string]any{"status": "running"}, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/events/%d/exhibitors", e.ID), agency, map[string]any{"kind": "institution", "name": "Kriya Sriwijaya", "booth": "A-01"}, &x)
	s.Do("POST", fmt.Sprintf("/api/v1/events/%d/exhibitors/%d/cashiers", e.ID, x.ID), agency, map[string]any{"email": "siti@x.id"}, nil)
	page := fmt.Sprintf("/kasir/%d/%d", e.ID, x.ID)

	siti := loggedIn(t, s, "siti@x.id")
	if code, body := siti.get(page); code != 200 || !strings.Contains(body, "Kriya Sriwijaya") {
		t.Fatalf("the booth's cashier opens its page: %d", code)
	} else if _, nojs, _ := strings.Cut(body, `id="kasir-nojs"`); !strings.Contains(nojs, "QRIS: UMKM ini belum mendaftarkan QRIS statis") {
		t.Errorf("the plain form of a booth without a static QRIS does not say QRIS cannot be made")
	}
	rina := loggedIn(t, s, "rina@x.id")
	if code, _ := rina.get(page); code != 403 {
		t.Errorf("another seller opens the booth's cashier page: %d, want 403", code)
	}
	// The plain form (no JavaScript) records a sale, with its errors beside the fields.
	code, _, body := siti.post(page+"/jual", url.Values{"csrf_token": {siti.csrf}, "name": {"Songket"}, "price": {"dua juta"}, "quantity": {"1"}, "payment_method": {"cash"}})
	if code != 422 || !strings.Contains(body, `id="e-price"`) {
		t.Errorf("a price in words: %d, want 422 with the error beside the price", code)
	}
	// A price with cents is refused, not rounded.
	if code, _, body := siti.post(page+"/jual", url.Values{"csrf_token": {siti.csrf}, "name": {"Songket"}, "price": {"5,5"}, "quantity": {"1"}, "payment_method": {"cash"}}); code != 422 || !strings.Contains(body, `id="e-price"`) {
		t.Errorf("a price of 5,5: %d, want 422 with the error beside the price", code)
	}
	// Typed the Indonesian way, the price is Rp2.000.000 (idn.ParseRupiah).
	if code, _, _ := siti.post(page+"/jual", url.Values{"csrf_token": {siti.csrf}, "name": {"Songket"}, "price": {"Rp 2.000.000"}, "quantity": {"1"}, "payment_method": {"card"}}); code != 303 {
		t.Errorf("a sale by the plain form: %d, want 303", code)
	}
	var total int64
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT COALESCE(SUM(total), 0) FROM expo_sales`).Scan(&total)
	if total != 2000000 {
		t.Errorf("a price typed as Rp 2.000.000 stored as Rp%d", total)
	}
	// Cash received: too little is refused beside the field; enough shows
	// the change once the sale is saved.
	cash := func(received string) url.Values {
		return url.Values{"csrf_token": {siti.csrf}, "name": {"Tanjak"}, "price": {"25.000"}, "quantity": {"2"}, "payment_method": {"cash"}, "received": {received}}
	}
	if code, _, body := siti.post(page+"/jual", cash("40.000")); code != 422 || !strings.Contains(body, `id="e-received"`) || !strings.Contains(body, "kurang dari total belanja (Rp50.000)") {
		t.Errorf("Rp40.000 received for Rp50.000: %d, want 422 with the error beside the cash received", code)
	}
	code, loc, _ := siti.post(page+"/jual", cash("Rp 60.000"))
	if code != 303 {
		t.Fatalf("a cash sale with Rp60.000 received: %d, want 303", code)
	}
	if _, body := siti.get(loc); !strings.Contains(body, `Kembalian: <strong>Rp10.000</strong>`) {
		t.Errorf("the change of Rp60.000 on Rp50.000 is not shown after the sale (%s)", loc)
	}
	if code, _, _ := rina.post(page+"/jual", url.Values{"csrf_token": {rina.csrf}, "name": {"X"}, "price": {"1"}, "quantity": {"1"}, "payment_method": {"cash"}}); code != 403 {
		t.Errorf("another seller records a sale at this booth: %d, want 403", code)
	}
	var n int
	s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM expo_sales`).Scan(&n)
	if n != 2 {
		t.Errorf("%d sales stored, want 2", n)
	}
}
