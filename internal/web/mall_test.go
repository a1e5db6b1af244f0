package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// verifiedUMKM registers a UMKM for a seller and has its province's agency verify it.
func verifiedUMKM(t *testing.T, s *testutil.Server, seller, agency, name, nib, regency, category string) int64 {
	t.Helper()
	tok := s.MustToken(seller)
	var u struct{ ID int64 }
	if res := s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": name, "owner_name": "Pemilik", "nib": nib,
		"regency_code": regency, "category": category}, &u); res.StatusCode != 201 {
		t.Fatalf("create UMKM: %d %s", res.StatusCode, res.Body)
	}
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken(agency), nil, nil); res.StatusCode != 200 {
		t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
	}
	return u.ID
}

// The mall from the web pages only: the agency opens a venue and appoints
// the operator's staff, the staff lists the stalls and publishes the
// rulebook, three UMKM apply, the staff decides and allocates the season
// and every applicant reads its outcome; the tenant checks in from its
// stall's QR link; each page refuses whoever may not see it.
func TestMallRunFromTheWebPages(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
		s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
		s.MustUser("petugas@jaswita.id", platform.RoleBuyer, "")
		for _, e := range []string{"asep@x.id", "euis@x.id", "siti@x.id"} {
			s.MustUser(e, platform.RoleSeller, "")
		}
		asep := verifiedUMKM(t, s, "asep@x.id", "dinas32@x.id", "Batagor Asep", "3273000000011", "32.73", "kuliner")
		verifiedUMKM(t, s, "euis@x.id", "dinas32@x.id", "Kelom Geulis Euis", "3206000000012", "32.06", "kriya")
		verifiedUMKM(t, s, "siti@x.id", "dinas16@x.id", "Pempek Cek Siti", "1671000000013", "16.71", "kuliner")

		agency := loggedIn(t, s, "dinas32@x.id")
		code, _, page := agency.post("/pengelola/pasar", url.Values{"csrf_token": {agency.csrf}, "regency_code": {"32.73"}, "address": {"Jl. Pelajar Pejuang 45"}})
		if code != 422 || !strings.Contains(page, `id="e-name"`) {
			t.Fatalf("a venue without a name: %d, want 422 with the error beside the name", code)
		}
		code, loc, _ := agency.post("/pengelola/pasar", url.Values{"csrf_token": {agency.csrf}, "name": {"Pasar Kreatif Jawa Barat"},
			"regency_code": {"32.73"}, "address": {"Jl. Pelajar Pejuang 45"}, "operator_name": {"PT Jaswita Jabar"}, "opens_at": {"10:00"}, "closes_at": {"22:00"}})
		if code != 303 || !strings.HasPrefix(loc, "/pengelola/pasar/") {
			t.Fatalf("create venue: %d %s", code, loc)
		}
		manage := loc
		venue := strings.TrimPrefix(manage, "/pengelola/pasar/")
		if code, _, _ := agency.post(manage+"/staf", url.Values{"csrf_token": {agency.csrf}, "email": {"petugas@jaswita.id"}}); code != 303 {
			t.Fatalf("appoint staff: %d", code)
		}

		staff := loggedIn(t, s, "petugas@jaswita.id")
		if code, body := staff.get("/pengelola/pasar"); code != 200 || !strings.Contains(body, manage) {
			t.Fatalf("the staff's venues: %d, want its venue listed", code)
		}
		code, _, page = staff.post(manage+"/lapak", url.Values{"csrf_token": {staff.csrf}, "stalls": {"K-01, kios, 3x3, A, listrik, , 10, 10\nK-02"}})
		if code != 422 || !strings.Contains(page, "Baris 2") {
			t.Fatalf("a stall line without its kind: %d, want 422 naming the line", code)
		}
		stalls := "K-01, kios, 3x3, A, listrik, , 10, 10\nK-02, kios, 3x3, A, , , 50, 10\nG-01, gerobak, 2x1, B, listrik, , 10, 60\n"
		if code, _, _ := staff.post(manage+"/lapak", url.Values{"csrf_token": {staff.csrf}, "stalls": {stalls}}); code != 303 {
			t.Fatalf("stall list: %d", code)
		}
		rules := url.Values{"csrf_token": {staff.csrf}, "turn_days": {"7"}, "max_turns_per_umkm": {"4"}, "min_per_regency": {"1"},
			"guest_quota": {"10"}, "no_show_minutes": {"60"}, "category_caps": {"kuliner = 140"}, "fee_daily": {"15.000"}}
		code, _, page = staff.post(manage+"/aturan", rules)
		if code != 422 || !strings.Contains(page, `id="e-category_caps"`) {
			t.Fatalf("a cap of 140%%: %d, want 422 beside the caps", code)
		}
		rules.Set("category_caps", "kuliner = 40")
		rules.Set("guest_quota", "50")
		if code, _, _ := staff.post(manage+"/aturan", rules); code != 303 {
			t.Fatalf("publish rulebook: %d", code)
		}
		// A seller reads the fee on the public rulebook before applying, in either language.
		visitor := newBrowser(t, s)
		if _, body := visitor.get("/pasar/" + venue); !strings.Contains(body, "<dt>Retribusi harian</dt><dd>Rp15.000 per hari pasar hadir</dd>") ||
			!strings.Contains(body, "<dd>14 hari setelah akhir periode tagihan</dd>") {
			t.Errorf("the public rulebook does not show the daily fee and when it falls due")
		}
		visitor.get("/bahasa?l=en&next=%2F")
		if _, body := visitor.get("/pasar/" + venue); !strings.Contains(body, "<dt>Daily fee</dt><dd>Rp15,000 per market day present</dd>") ||
			!strings.Contains(body, "<dd>14 days after the end of the billing period</dd>") {
			t.Errorf("the public rulebook in English does not show the daily fee and when it falls due")
		}

		today := time.Now().In(time.FixedZone("WIB", 7*3600)).Format(time.DateOnly)
		end := time.Now().In(time.FixedZone("WIB", 7*3600)).AddDate(0, 0, 27).Format(time.DateOnly)
		apply := func(seller string, needs ...string) (int, string) {
			b := loggedIn(t, s, seller)
			_, body := b.get("/pasar/" + venue)
			m := regexp.MustCompile(`name="umkm_id"><option value="(\d+)"`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s sees no apply form on the venue page", seller)
			}
			form := url.Values{"csrf_token": {b.csrf}, "umkm_id": {m[1]}, "from": {today}, "to": {end}}
			for _, n := range needs {
				k, v, ok := strings.Cut(n, "=")
				if !ok {
					v = "1"
				}
				form.Set(k, v)
			}
			code, _, page := b.post("/pasar/"+venue+"/daftar", form)
			return code, page
		}
		if code, page := apply("asep@x.id", "weekday=9"); code != 422 || !strings.Contains(page, `id="e-weekdays"`) {
			t.Fatalf("a weekday that is not one: %d, want 422 beside the days", code)
		}
		for _, a := range []struct {
			seller string
			needs  []string
		}{{"asep@x.id", []string{"power"}}, {"euis@x.id", nil}, {"siti@x.id", []string{"water"}}} {
			if code, _ := apply(a.seller, a.needs...); code != 303 {
				t.Fatalf("%s applies: %d", a.seller, code)
			}
		}

		_, body := staff.get(manage)
		for _, id := range regexp.MustCompile(`/pengajuan/(\d+)/putusan`).FindAllStringSubmatch(body, -1) {
			if code, _, _ := staff.post(manage+"/pengajuan/"+id[1]+"/putusan", url.Values{"csrf_token": {staff.csrf}, "status": {"accepted"}, "reason": {""}}); code != 422 {
				t.Fatalf("a decision without a reason: %d, want 422", code)
			}
			if code, _, _ := staff.post(manage+"/pengajuan/"+id[1]+"/putusan", url.Values{"csrf_token": {staff.csrf}, "status": {"accepted"}, "reason": {"Produk lokal, lengkap"}}); code != 303 {
				t.Fatalf("accept: %d", code)
			}
		}
		// The allocation redirects to its result (a reload posts nothing again).
		code, loc, _ = staff.post(manage+"/alokasi", url.Values{"csrf_token": {staff.csrf}, "from": {today}, "to": {end}, "seed": {"42"}})
		if code != 303 || !strings.Contains(loc, "?run=") {
			t.Fatalf("allocate: %d → %q, want 303 to the run", code, loc)
		}
		if _, page = staff.get(loc); !strings.Contains(page, "Hasil alokasi") {
			t.Fatalf("the allocation's result is not on %s", loc)
		}
		// No stall has water: Siti's application is left out, with its reason, on the staff's page and on hers.
		if !strings.Contains(page, "Pempek Cek Siti</td><td>Tidak ada lapak dengan fasilitas yang dibutuhkan") {
			t.Errorf("the allocation's result does not give Siti's reason")
		}
		siti := loggedIn(t, s, "siti@x.id")
		if _, body := siti.get("/pasar/" + venue); !strings.Contains(body, "Tidak ada lapak dengan fasilitas yang dibutuhkan") || !strings.Contains(body, "Produk lokal, lengkap") {
			t.Errorf("Siti's venue page does not tell her the decision and why she has no turn")
		}

		var stall, secret string
		if err := s.App.DB.Reader().QueryRow(context.Background(), `SELECT st.code, st.qr_code FROM turns t JOIN stalls st ON st.id = t.stall_id
			WHERE t.umkm_id = ? AND t.from_date <= ? AND ? <= t.to_date AND t.status <> 'cancelled'`, asep, today, today).Scan(&stall, &secret); err != nil {
			t.Fatalf("Asep's turn today: %v", err)
		}
		anon := newBrowser(t, s)
		if code, body := anon.get("/pasar/" + venue); code != 200 || !strings.Contains(body, `class="site-plan"`) || !strings.Contains(body, "Batagor Asep") {
			t.Errorf("the public venue page: %d, want the site plan and today's tenant", code)
		}
		link := fmt.Sprintf("/pasar/%s/lapak/%s?kode=%s", venue, stall, secret)
		if code, body := anon.get(link); code != 200 || !strings.Contains(body, fmt.Sprintf(`href="/umkm/%d"`, asep)) || strings.Contains(body, "/hadir") {
			t.Errorf("a buyer scanning the stall QR: %d, want the store link and no check-in", code)
		}
		if code, body := siti.get(link); code != 200 || strings.Contains(body, "/hadir") {
			t.Errorf("another seller at the stall: %d, want no check-in form", code)
		}
		if code, _, _ := siti.post(fmt.Sprintf("/pasar/%s/lapak/%s/hadir", venue, stall), url.Values{"csrf_token": {siti.csrf}, "kode": {secret}}); code != 403 {
			t.Errorf("another seller checking in at Asep's stall: %d, want 403", code)
		}
		tenant := loggedIn(t, s, "asep@x.id")
		if _, body := tenant.get(link); !strings.Contains(body, "Saya sudah di lapak") {
			t.Fatalf("the tenant's stall page has no check-in button")
		}
		code, _, page = tenant.post(fmt.Sprintf("/pasar/%s/lapak/%s/hadir", venue, stall), url.Values{"csrf_token": {tenant.csrf}, "kode": {"salah"}})
		if code != 422 || !strings.Contains(page, `role="alert"`) {
			t.Errorf("a wrong stall code: %d, want 422 with the message", code)
		}
		if code, _, _ := tenant.post(fmt.Sprintf("/pasar/%s/lapak/%s/hadir", venue, stall), url.Values{"csrf_token": {tenant.csrf}, "kode": {secret}}); code != 303 {
			t.Fatalf("check in: %d", code)
		}
		if _, body := tenant.get(link); !strings.Contains(body, "Anda hadir sejak pukul") {
			t.Errorf("after checking in the stall page does not say so")
		}
		if _, body := staff.get(manage); !strings.Contains(body, "Hadir: 1") {
			t.Errorf("the operator's page does not count the tenant present")
		}

		// The day's fee: invoiced for the one market day Asep came, paid once however often the form is sent.
		code, loc, _ = staff.post(manage+"/tagihan", url.Values{"csrf_token": {staff.csrf}, "invoice_from": {today}, "invoice_to": {today}})
		if code != 303 {
			t.Fatalf("invoice the day: %d", code)
		}
		// Back on the page, the invoicing form keeps the period just invoiced.
		_, body = staff.get(loc)
		if !strings.Contains(body, `name="invoice_from" type="date" value="`+today+`"`) || !strings.Contains(body, `name="invoice_to" type="date" value="`+today+`"`) {
			t.Errorf("after invoicing, the form does not show the period invoiced (%s)", loc)
		}
		m := regexp.MustCompile(`action="(/pengelola/pasar/\d+/tagihan/\d+/bayar)"[^>]*>\s*<input type="hidden" name="csrf_token" value="[^"]*"><input type="hidden" name="key" value="([^"]+)">`).FindStringSubmatch(body)
		if m == nil || !strings.Contains(body, "Rp15.000") {
			t.Fatalf("the operator's page has no open invoice of Rp15.000 with a pay form")
		}
		if _, body := tenant.get("/pasar/" + venue); !strings.Contains(body, "Tagihan retribusi saya") || !strings.Contains(body, "Retribusi harian") {
			t.Errorf("the tenant does not see its invoice on the venue's page")
		}
		for range 2 {
			if code, _, _ := staff.post(m[1], url.Values{"csrf_token": {staff.csrf}, "key": {m[2]}, "amount": {"15000"}, "method": {"cash"}}); code != 303 {
				t.Fatalf("record the payment: %d", code)
			}
		}
		var payments int
		s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM mall_invoice_payments`).Scan(&payments)
		if payments != 1 {
			t.Errorf("%d payments after sending the form twice, want 1", payments)
		}
		if _, body := staff.get(fmt.Sprintf("%s/laporan?dari=%s&sampai=%s", manage, today, today)); !strings.Contains(body, "<dt>Retribusi dibayar</dt><dd>Rp15.000</dd>") {
			t.Errorf("the report does not show the fee paid")
		}

		if code, body := staff.get(manage + "/qr"); code != 200 || strings.Count(body, `aria-label="QR lapak`) != 3 || !strings.Contains(body, secret) {
			t.Errorf("the QR sheet: %d, want one QR per stall", code)
		}
		for who, b := range map[string]*browser{"another seller": siti, "another province's agency": loggedIn(t, s, "dinas16@x.id")} {
			for _, p := range []string{manage, manage + "/qr"} {
				if code, _ := b.get(p); code != 403 {
					t.Errorf("%s GET %s: %d, want 403", who, p, code)
				}
			}
			if code, _, _ := b.post(manage+"/alokasi", url.Values{"csrf_token": {b.csrf}, "from": {today}, "to": {end}, "seed": {"1"}}); code != 403 {
				t.Errorf("%s allocating: %d, want 403", who, code)
			}
		}
		if code, loc := anon.get(manage + "/qr"); code != 303 && code != 401 {
			t.Errorf("anonymous QR sheet: %d %s, want the login", code, loc)
		}
	})
}

// The report page, its files and who may read them.
func TestMallReportPage(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	agency := loggedIn(t, s, "dinas32@x.id")
	_, loc, _ := agency.post("/pengelola/pasar", url.Values{"csrf_token": {agency.csrf}, "name": {"Pasar Kreatif Jawa Barat"},
		"regency_code": {"32.73"}, "address": {"Jl. Pelajar Pejuang 45"}, "opens_at": {"10:00"}, "closes_at": {"22:00"}})
	agency.post(loc+"/lapak", url.Values{"csrf_token": {agency.csrf}, "stalls": {"K-01, kios, 3x3, A\nK-02, kios, 3x3, B\n"}})
	code, body := agency.get(loc + "/laporan?dari=2026-01-01&sampai=2026-01-31")
	if code != 200 || !strings.Contains(body, "Laporan Pasar Kreatif Jawa Barat") || !strings.Contains(body, "<dd>62</dd>") {
		t.Fatalf("report page: %d, want 31 open days × 2 stalls = 62 stall-days", code)
	}
	if code, _ := agency.get(loc + "/laporan?dari=2026-02-01&sampai=2026-01-01"); code != 422 {
		t.Errorf("a period ending before it starts: %d, want 422", code)
	}
	res, err := agency.c.Get(s.URL + loc + "/laporan.csv?dari=2026-01-01&sampai=2026-01-31")
	if err != nil || res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %v %v", res, err)
	}
	res.Body.Close()
	other := loggedIn(t, s, "dinas16@x.id")
	for _, p := range []string{"/laporan", "/laporan.csv", "/laporan.xlsx"} {
		if code, _ := other.get(loc + p); code != 403 {
			t.Errorf("another province's agency GET %s: %d, want 403", p, code)
		}
	}
}
