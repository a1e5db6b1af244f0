package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/testutil"
)

// TestPanganHouseholdListPagesBothWays: the agency's list of 109
// households goes forward 50 at a time and back again to the same pages,
// the first without a link back.
func TestPanganHouseholdListPagesBothWays(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPanganWorld(t, s)
		agency := s.MustToken("dinas16@x.id")
		for i := 1; i <= 105; i++ {
			if res := s.Do("POST", w.api("/households"), agency, map[string]any{"head_name": fmt.Sprintf("Warga %03d", i),
				"nik": fmt.Sprintf("160401520385%04d", 100+i), "village_code": pgKembangAyun, "members": 3, "poverty_status": "miskin"}, nil); res.StatusCode != 201 {
				t.Fatalf("household %d: %d %s", i, res.StatusCode, res.Body)
			}
		}
		b := loggedIn(t, s, "dinas16@x.id")
		row := regexp.MustCompile(`<a href="/pengelola/pangan/\d+/rumah/(\d+)">`)
		link := func(body, rel string) string {
			m := regexp.MustCompile(`<a rel="` + rel + `" href="([^"]+)"`).FindStringSubmatch(body)
			if m == nil {
				return ""
			}
			return strings.ReplaceAll(m[1], "&amp;", "&")
		}
		type page struct{ first, last, n int }
		read := func(path string) (page, string) {
			code, body := b.get(path)
			if code != 200 {
				t.Fatalf("%s: %d", path, code)
			}
			ids := row.FindAllStringSubmatch(body, -1)
			var p page
			p.n = len(ids)
			if p.n > 0 {
				fmt.Sscan(ids[0][1], &p.first)
				fmt.Sscan(ids[p.n-1][1], &p.last)
			}
			return p, body
		}
		p1, body := read(w.web("/pengelola/pangan/%d"))
		if p1.n != 50 || link(body, "prev") != "" {
			t.Fatalf("first page: %+v, a link back %q", p1, link(body, "prev"))
		}
		p2, body2 := read(link(body, "next"))
		p3, body3 := read(link(body2, "next"))
		if p2.n != 50 || p3.n != 9 || p2.first <= p1.last || p3.first <= p2.last || link(body3, "next") != "" {
			t.Fatalf("pages forward: %+v %+v %+v", p1, p2, p3)
		}
		back2, bodyBack2 := read(link(body3, "prev"))
		if back2 != p2 {
			t.Errorf("back from the third page: %+v, want the second %+v", back2, p2)
		}
		back1, bodyBack1 := read(link(bodyBack2, "prev"))
		if back1 != p1 || link(bodyBack1, "prev") != "" || strings.Contains(bodyBack1, ">Halaman pertama<") {
			t.Errorf("back from the second page: %+v, want the first %+v without links back", back1, p1)
		}
		if again, _ := read(link(bodyBack1, "next")); again != p2 {
			t.Errorf("forward again: %+v, want %+v", again, p2)
		}
	})
}
