package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/api"
	"github.com/gerai-id/gerai/internal/opendata"
)

// Open data in the scope table: public, so every role sees exactly the
// same — every dataset of the catalogue, and every published row of a
// dataset as the catalogue itself publishes it (a row is identified by a
// hash of its cells, withheld ones empty).

func ckanGETRoutes() []string {
	var out []string
	for _, r := range api.CKANRoutes() {
		if strings.HasPrefix(r, "GET ") {
			out = append(out, r)
		}
	}
	return out
}

// datasetIDs are the catalogue's datasets as ids (their place, from 1).
func datasetIDs(w *scopeWorld, names ...string) []int64 {
	var out []int64
	for i, d := range w.s.App.OpenData.Datasets() {
		for _, n := range names {
			if n == d.Name {
				out = append(out, int64(i+1))
			}
		}
	}
	return out
}

func allDatasets(w *scopeWorld, a scopeActor) []int64 {
	var names []string
	for _, d := range w.s.App.OpenData.Datasets() {
		names = append(names, d.Name)
	}
	return datasetIDs(w, names...)
}

// rowID identifies a published row by its cells.
func rowID(cells ...any) int64 {
	h := fnv.New64a()
	for _, c := range cells {
		if f, ok := c.(float64); ok {
			c = int64(f)
		}
		fmt.Fprintf(h, "%v|", c)
	}
	return int64(h.Sum64() >> 1)
}

func publishedRows(w *scopeWorld, a scopeActor) []int64 {
	d, _ := w.s.App.OpenData.Dataset(opendata.NameVerifiedUMKM)
	rows, err := w.s.App.OpenData.Rows(context.Background(), d)
	if err != nil {
		panic(err)
	}
	out := []int64{}
	for _, r := range rows {
		out = append(out, rowID(r.Values(d)...))
	}
	return out
}

func openDataScopeCases() []scopeCase {
	dataLink := regexp.MustCompile(`href="/data/([a-z0-9-]+)"`)
	return []scopeCase{
		{route: "GET /data", want: allDatasets, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			body := pageBody(t, w, a, "/data")
			var names []string
			for _, m := range dataLink.FindAllStringSubmatch(body, -1) {
				names = append(names, m[1])
			}
			return 200, datasetIDs(w, names...)
		}},
		{route: "GET /api/3/action/package_list", want: allDatasets, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			var out struct{ Result []string }
			res := w.s.Do("GET", "/api/3/action/package_list", a.token, nil, &out)
			return res.StatusCode, datasetIDs(w, out.Result...)
		}},
		{route: "GET /api/3/action/datastore_search", want: publishedRows, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			var out struct {
				Result struct {
					Fields  []opendata.Field
					Records []map[string]any
				}
			}
			req, _ := http.NewRequest("GET", w.s.URL+"/api/3/action/datastore_search?limit=32000&resource_id="+opendata.NameVerifiedUMKM, nil)
			if a.token != "" {
				req.Header.Set("Authorization", "Bearer "+a.token)
			}
			res := w.s.Send(req, nil)
			if err := json.Unmarshal(res.Body, &out); err != nil {
				t.Fatalf("datastore_search: %s", res.Body)
			}
			ids := []int64{}
			for _, r := range out.Result.Records {
				var cells []any
				for _, f := range out.Result.Fields[1:] { // after _id
					cells = append(cells, r[f.ID])
				}
				ids = append(ids, rowID(cells...))
			}
			if len(ids) == 0 {
				t.Errorf("datastore_search as %s: no rows: the world publishes nothing to compare", a.name)
			}
			return res.StatusCode, ids
		}},
	}
}
