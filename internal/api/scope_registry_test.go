package api_test

import (
	"bytes"
	"html"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/gerai-id/gerai/internal/tabular"
)

var (
	registryRow  = regexp.MustCompile(`href="/dinas/umkm/(\d+)"`)
	registryNext = regexp.MustCompile(`href="(/dinas/umkm\?[^"]*)" rel="next"`)
)

// registryPages browses the agency's registry page after page.
func registryPages(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
	t.Helper()
	var ids []int64
	path := "/dinas/umkm"
	for range 100 {
		status, body := webGet(t, w, a, path)
		if status != 200 {
			return status, ids
		}
		for _, m := range registryRow.FindAllStringSubmatch(body, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			ids = append(ids, id)
		}
		m := registryNext.FindStringSubmatch(body)
		if m == nil {
			return 200, ids
		}
		path = html.UnescapeString(m[1])
	}
	t.Fatal("more than 100 pages in the registry")
	return 0, nil
}

// registryExport downloads the registry's export and reads its ID column.
func registryExport(format string) func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
	return func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
		t.Helper()
		status, body := webGet(t, w, a, "/dinas/umkm."+format)
		if status != 200 {
			return status, nil
		}
		rows, err := tabular.Read(bytes.NewReader([]byte(body)), format, tabular.Limits{})
		if err != nil {
			t.Fatalf("export %s as %s: %v", format, a.name, err)
		}
		var ids []int64
		for i, r := range rows {
			if i == 0 || len(r.Cells) == 0 {
				continue // the header
			}
			id, err := strconv.ParseInt(r.Cells[0], 10, 64)
			if err != nil {
				t.Fatalf("export %s row %d: id %q", format, i, r.Cells[0])
			}
			ids = append(ids, id)
		}
		return 200, ids
	}
}

// webGet fetches a web path as the actor, without following redirects.
func webGet(t *testing.T, w *scopeWorld, a scopeActor, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", w.s.URL+path, nil)
	if a.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "gerai_session", Value: a.cookie})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		t.Errorf("GET %s as %s: %d", path, a.name, res.StatusCode)
	}
	return res.StatusCode, string(body)
}
