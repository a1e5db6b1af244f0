package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// pempekShop opens a verified pempek shop in Palembang with n products,
// "Pempek 01" (Rp10.000) to "Pempek n", dearer and newer one by one.
func pempekShop(t *testing.T, s *testutil.Server, n int) {
	t.Helper()
	s.MustUser("lina@x.id", platform.RoleSeller, "")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	seller := s.MustToken("lina@x.id")
	var u struct{ ID int64 }
	s.Do("POST", "/api/v1/umkm", seller, map[string]any{"name": "Dapur Cek Lina", "owner_name": "Lina",
		"nib": "1671000000001", "regency_code": "16.71", "category": "kuliner"}, &u)
	for i := 1; i <= n; i++ {
		if res := s.Do("POST", "/api/v1/products", seller, map[string]any{"umkm_id": u.ID, "name": fmt.Sprintf("Pempek %02d", i),
			"category": "kuliner", "price": 10_000 * i, "stock": 5, "weight_grams": 400}, nil); res.StatusCode != http.StatusCreated {
			t.Fatalf("product %d: %d %s", i, res.StatusCode, res.Body)
		}
	}
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), seller, nil, nil)
	if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@x.id"), nil, nil); res.StatusCode != http.StatusOK {
		t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
	}
}

var cardName = regexp.MustCompile(`<div class="name">([^<]+)</div>`)

func cardNames(body string) []string {
	var out []string
	for _, m := range cardName.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func link(t *testing.T, body, rel string) string {
	t.Helper()
	m := regexp.MustCompile(`href="([^"]+)" rel="` + rel + `"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func TestSearchPageCountsPagesBothWaysAndSorts(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		pempekShop(t, s, 25)
		b := newBrowser(t, s)
		status, first := b.get("/cari?q=pempek+palembang")
		if status != http.StatusOK || !strings.Contains(first, "25 produk") || len(cardNames(first)) != 20 {
			t.Fatalf("pempek palembang: %d, %d cards, count shown: %v", status, len(cardNames(first)), strings.Contains(first, "25 produk"))
		}
		if link(t, first, "prev") != "" || link(t, first, "next") == "" {
			t.Fatal("the first page should link forward only")
		}
		_, second := b.get(link(t, first, "next"))
		if got := cardNames(second); len(got) != 5 || got[0] != "Pempek 05" || !strings.Contains(second, "Halaman sebelumnya") {
			t.Fatalf("second page: %v", got)
		}
		_, back := b.get(link(t, second, "prev"))
		if got, want := cardNames(back), cardNames(first); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("back from the second page: %v, want the first %v", got, want)
		}

		// Cheapest first: the option stays chosen, and the cheapest leads.
		_, cheap := b.get("/cari?q=pempek&sort=price_asc")
		if got := cardNames(cheap); len(got) == 0 || got[0] != "Pempek 01" || !strings.Contains(cheap, `<option value="price_asc" selected>Harga terendah</option>`) {
			t.Errorf("sort=price_asc: %v", got)
		}
		_, dear := b.get("/cari?q=pempek&sort=price_desc")
		if got := cardNames(dear); len(got) == 0 || got[0] != "Pempek 25" {
			t.Errorf("sort=price_desc: %v", got)
		}
		// A sort the form does not offer: the error sits beside the select.
		status, bad := b.get("/cari?q=pempek&sort=murah")
		if status != http.StatusUnprocessableEntity || !regexp.MustCompile(`(?s)<select name="sort"[^>]*aria-invalid="true".*?<span class="error" id="e-sort">Urutan harus`).MatchString(bad) {
			t.Errorf("sort=murah: %d, error beside the select: %v", status, strings.Contains(bad, `id="e-sort"`))
		}

		// A typo: the suggestion's results, said so, with a link to it.
		_, typo := b.get("/cari?q=pmpek")
		if !strings.Contains(typo, "Tidak ada hasil untuk “pmpek”.") || !strings.Contains(typo, `Menampilkan hasil untuk <a href="/cari?q=pempek"><strong>pempek</strong></a>`) ||
			len(cardNames(typo)) != 20 {
			t.Errorf("pmpek: no suggestion shown with its results")
		}
		if next, _ := url.Parse(link(t, typo, "next")); next == nil || next.Query().Get("q") != "pempek" {
			t.Errorf("pmpek: the next page %q does not ask for the suggestion", next)
		}

		// In English, with plurals.
		b.get("/bahasa?l=en&next=%2F")
		_, en := b.get("/cari?q=pempek+palembang")
		_, one := b.get("/cari?q=pempek&max_price=10000")
		if !strings.Contains(en, "25 products") || !strings.Contains(en, "Sort by") || !strings.Contains(one, "1 product<") {
			t.Errorf("English: 25 products %v, Sort by %v, 1 product %v", strings.Contains(en, "25 products"), strings.Contains(en, "Sort by"), strings.Contains(one, "1 product<"))
		}
		_, typo = b.get("/cari?q=pmpek")
		if !strings.Contains(typo, "Showing results for") {
			t.Error("English: no 'Showing results for'")
		}
	})
}
