package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/testutil"
)

// coopSales makes the cooperation's sales through the API and folds them:
// three orders from a Palembang UMKM to a buyer in Bandung (Sumsel →
// Jabar), one from a Bandung UMKM to a buyer in Palembang (Jabar →
// Sumsel), one from a Surabaya UMKM to a buyer in Denpasar (Jawa Timur →
// Bali), and the accounts that look at them.
func coopSales(t *testing.T, s *testutil.Server) {
	t.Helper()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	s.MustUser("dinas35@x.id", platform.RoleAgency, "35")
	s.MustUser("admin@x.id", platform.RoleAdmin, "")
	for _, e := range []string{"siti@x.id", "asep@x.id", "joko@x.id"} {
		s.MustUser(e, platform.RoleSeller, "")
	}
	s.MustUser("ani@x.id", platform.RoleBuyer, "")
	_, kemplang := s.MustUMKM("siti@x.id", "dinas16@x.id", "Kemplang Bu Siti", "1671000000001", "16.71", 25_000)
	_, batik := s.MustUMKM("asep@x.id", "dinas32@x.id", "Batik Asep", "3273000000001", "32.73", 150_000)
	_, sambal := s.MustUMKM("joko@x.id", "dinas35@x.id", "Sambal Cak Joko", "3578000000001", "35.78", 40_000)
	for _, q := range []int64{2, 4, 6} {
		s.MustPaidOrder("ani@x.id", kemplang, q, "32.73")
	}
	s.MustPaidOrder("ani@x.id", batik, 1, "16.71")
	s.MustPaidOrder("ani@x.id", sambal, 3, "51.71")
	if _, err := s.App.Sales.Fold(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// webGet fetches a page as the account email ("" anonymous), following no
// redirect.
func webGet(t *testing.T, s *testutil.Server, email, path string) (int, string) {
	t.Helper()
	return webGetAs(t, s, email, "rahasia-123", path)
}

func webGetAs(t *testing.T, s *testutil.Server, email, password, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+path, nil)
	if email != "" {
		u, err := s.App.Accounts.Authenticate(context.Background(), email, password, "")
		if err != nil {
			t.Fatal(err)
		}
		cookie, _, err := s.App.Accounts.CreateSession(context.Background(), u.ID, "web")
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(&http.Cookie{Name: "gerai_session", Value: cookie})
	}
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return res.StatusCode, b.String()
}

var pairLink = regexp.MustCompile(`<a class="coop-pair" href="([^"]+)" data-pair="16-32">.*?<strong class="coop-amount">([^<]+)</strong>\s*<span>([^<]+)</span>`)

// TestCoopDashboardShowsEachAgencyItsPairs: the Sumsel agency sees the
// Sumsel → Jabar pair (Rp300.000 in three orders) and not Jawa Timur →
// Bali; the Jabar agency sees the same pair; the admin sees every pair;
// a seller and a buyer are refused; a wrong month is told beside its
// field; the orders page behind the figure lists exactly its three orders;
// another province's pair is refused with a message and shows nothing.
func TestCoopDashboardShowsEachAgencyItsPairs(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		coopSales(t, s)
		top := func(email string) (href, amount, orders, body string) {
			t.Helper()
			status, body := webGet(t, s, email, "/dinas/kerja-sama")
			if status != 200 {
				t.Fatalf("%s: /dinas/kerja-sama %d", email, status)
			}
			m := pairLink.FindStringSubmatch(strings.ReplaceAll(body, "\n", " "))
			if m == nil {
				t.Fatalf("%s: no Sumsel → Jabar figure in %s", email, body)
			}
			return html.UnescapeString(m[1]), m[2], m[3], body
		}
		href, amount, orders, body := top("dinas16@x.id")
		if amount != "Rp300.000" || orders != "3 pesanan" {
			t.Errorf("Sumsel's agency: Sumsel → Jabar %q in %q, want Rp300.000 in 3 pesanan", amount, orders)
		}
		if strings.Contains(body, "Jawa Timur") || strings.Contains(body, "Bali") || strings.Contains(body, "Sambal Cak Joko") {
			t.Error("Sumsel's agency sees the Jawa Timur → Bali pair")
		}
		if !strings.Contains(body, "Cakupan: <strong>Sumatera Selatan</strong>") || !strings.Contains(body, "Dicetak ") {
			t.Error("the page does not say its scope (Sumatera Selatan) and the date it was printed")
		}
		if _, amount32, orders32, body32 := top("dinas32@x.id"); amount32 != amount || orders32 != orders || strings.Contains(body32, "Jawa Timur") {
			t.Errorf("Jabar's agency: Sumsel → Jabar %q in %q (or sees Jawa Timur), want the same as Sumsel's", amount32, orders32)
		}
		if _, _, _, bodyAdmin := top("admin@x.id"); !strings.Contains(bodyAdmin, "Jawa Timur") || !strings.Contains(bodyAdmin, "semua provinsi") {
			t.Error("the admin does not see the Jawa Timur → Bali pair across all provinces")
		}
		// Jawa Timur's agency: its own pair in the matrix, the pair on top
		// outside its area (no figure, no link).
		status, body35 := webGet(t, s, "dinas35@x.id", "/dinas/kerja-sama")
		if status != 200 || !strings.Contains(body35, "Di luar wilayah Anda") || strings.Contains(body35, `data-pair="16-32"`) ||
			!strings.Contains(body35, "Bali") || strings.Contains(body35, "Kota Palembang") {
			t.Errorf("Jawa Timur's agency: %d, want its own pair and Sumsel ↔ Jabar outside its area", status)
		}
		for _, who := range []string{"siti@x.id", "ani@x.id"} {
			if status, _ := webGet(t, s, who, "/dinas/kerja-sama"); status != 403 {
				t.Errorf("%s: /dinas/kerja-sama %d, want 403", who, status)
			}
			if status, _ := webGet(t, s, who, href); status != 403 {
				t.Errorf("%s: the orders behind the figure %d, want 403", who, status)
			}
		}
		if status, _ := webGet(t, s, "", "/dinas/kerja-sama"); status != http.StatusSeeOther {
			t.Errorf("anonymous: /dinas/kerja-sama %d, want a redirect to log in", status)
		}

		status, bad := webGet(t, s, "dinas16@x.id", "/dinas/kerja-sama?from=2026-13&to=2026-12")
		if status != 422 || !regexp.MustCompile(`id="e-from">[^<]*TTTT-BB`).MatchString(bad) {
			t.Errorf("month 13: %d, want 422 with the error beside the from field", status)
		}
		if status, bad := webGet(t, s, "dinas16@x.id", "/dinas/kerja-sama?from=2026-06&to=2026-01"); status != 422 || !strings.Contains(bad, `id="e-to"`) {
			t.Errorf("to before from: %d, want 422 with the error beside the to field", status)
		}

		status, list := webGet(t, s, "dinas16@x.id", href)
		if status != 200 {
			t.Fatalf("the orders behind the figure: %d", status)
		}
		if n := strings.Count(list, "data-order="); n != 3 || !strings.Contains(list, "Kemplang Bu Siti") || strings.Contains(list, "Batik Asep") {
			t.Errorf("the orders behind Sumsel → Jabar: %d listed, want exactly the 3 of Kemplang Bu Siti", n)
		}
		if status, list := webGet(t, s, "dinas32@x.id", href); status != 200 || strings.Count(list, "data-order=") != 3 {
			t.Errorf("Jabar's agency: the orders behind the pair %d", status)
		}
		status, other := webGet(t, s, "dinas16@x.id", "/dinas/kerja-sama/pesanan?seller=35&buyer=51")
		if status != 403 || !strings.Contains(other, "di luar wilayah Anda") || strings.Contains(other, "Sambal Cak Joko") {
			t.Errorf("Sumsel's agency asking for Jawa Timur → Bali: %d, want 403 with a message and no order", status)
		}
		if status, list := webGet(t, s, "admin@x.id", "/dinas/kerja-sama/pesanan?seller=35&buyer=51"); status != 200 || strings.Count(list, "data-order=") != 1 {
			t.Errorf("the admin: Jawa Timur → Bali's orders %d", status)
		}
		if status, _ := webGet(t, s, "dinas16@x.id", "/dinas/kerja-sama/pesanan?kind=lain"); status != 422 {
			t.Errorf("an unknown kind: %d, want 422", status)
		}
		if status, _ := webGet(t, s, "dinas16@x.id", "/dinas/kerja-sama/pesanan?before=x"); status != 422 {
			t.Errorf("a wrong page: %d, want 422", status)
		}
		// Beli bareng and group orders: none here; the ordinary orders are all five.
		if !strings.Contains(body, "Pesanan biasa") {
			t.Error("the dashboard does not show the kinds of order")
		}
	})
}

// TestCoopPublicShowsTotalsOnly: anyone reads the cooperation's totals at
// /kerja-sama, each pair of fewer than five orders withheld and marked,
// no UMKM named; a wrong month is told beside its field.
func TestCoopPublicShowsTotalsOnly(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		coopSales(t, s)
		status, body := webGet(t, s, "", "/kerja-sama")
		if status != 200 {
			t.Fatalf("/kerja-sama: %d", status)
		}
		if !strings.Contains(body, "disembunyikan") || strings.Contains(body, "Kemplang Bu Siti") || strings.Contains(body, "Rp300") {
			t.Error("the public page does not withhold the pairs of fewer than 5 orders")
		}
		if !strings.Contains(body, `href="/kerja-sama"`) {
			t.Error("the footer does not link the public cooperation page")
		}
		if status, body := webGet(t, s, "", "/kerja-sama?from=2026-00"); status != 422 || !strings.Contains(body, `id="e-from"`) {
			t.Errorf("month 00: %d, want 422 beside the field", status)
		}
	})
}

// TestCoopDashboardHeadlinesFromTheModules: on the demo, the Sumsel agency's
// dashboard carries the expos it runs (Sumsel Expo 2022 in August 2022,
// with its transactions) and its food programme, not Jabar's mall; the
// Jabar agency's carries the mall; each links to the module's report.
func TestCoopDashboardHeadlinesFromTheModules(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		if err := seed.Demo(context.Background(), s.App); err != nil {
			t.Fatal(err)
		}
		get := func(email, path string) string {
			t.Helper()
			status, body := webGetAs(t, s, email, seed.DemoPassword, path)
			if status != 200 {
				t.Fatalf("%s %s: %d", email, path, status)
			}
			return body
		}
		sumsel := get("dinas.sumsel@gerai.id", "/dinas/kerja-sama")
		if !strings.Contains(sumsel, "Bazar UMKM Sumsel di Palembang") || !regexp.MustCompile(`href="/pangan/\d+\?dari=`).MatchString(sumsel) ||
			strings.Contains(sumsel, "Pasar Kreatif Jawa Barat") {
			t.Error("the Sumsel agency's dashboard lacks its running expo or its food programme, or shows Jabar's mall")
		}
		expo := get("dinas.sumsel@gerai.id", "/dinas/kerja-sama?from=2022-08&to=2022-08")
		if !regexp.MustCompile(`href="/expo/\d+/laporan">Sumsel Expo 2022</a>: Rp[0-9]+(,[0-9])? (juta|miliar)`).MatchString(expo) {
			t.Error("August 2022 does not show Sumsel Expo 2022's transactions")
		}
		jabar := get("dinas.jabar@gerai.id", "/dinas/kerja-sama")
		if !regexp.MustCompile(`href="/pengelola/pasar/\d+/laporan\?dari=[0-9-]+&amp;sampai=[0-9-]+">Pasar Kreatif Jawa Barat</a>`).MatchString(jabar) {
			t.Error("the Jabar agency's dashboard lacks the demo mall's sales")
		}
		if admin := get("admin@gerai.id", "/dinas/kerja-sama"); !strings.Contains(admin, "Pasar Kreatif Jawa Barat") || !strings.Contains(admin, "Bazar UMKM Sumsel") {
			t.Error("the admin's dashboard lacks a province's modules")
		}
	})
}
