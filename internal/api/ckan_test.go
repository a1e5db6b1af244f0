package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/testutil"
)

// ckanAnswer is CKAN's envelope of every action.
type ckanAnswer struct {
	Help    string          `json:"help"`
	Success bool            `json:"success"`
	Result  json.RawMessage `json:"result"`
	Error   map[string]any  `json:"error"`
}

type ckanSearch struct {
	ResourceID string            `json:"resource_id"`
	Fields     []opendata.Field  `json:"fields"`
	Records    []map[string]any  `json:"records"`
	Total      int               `json:"total"`
	Limit      int               `json:"limit"`
	Offset     int               `json:"offset"`
	Links      map[string]string `json:"_links"`
}

// ckan calls an action (GET with query, or POST with body) and decodes
// the envelope whatever the status, and the result into out.
func ckan(t *testing.T, s *testutil.Server, method, path string, body any, out any) (int, ckanAnswer) {
	t.Helper()
	res := s.Do(method, path, "", body, nil)
	var a ckanAnswer
	if err := json.Unmarshal(res.Body, &a); err != nil {
		t.Fatalf("%s %s: %d, not CKAN's JSON: %s", method, path, res.StatusCode, res.Body)
	}
	if !strings.HasPrefix(res.ContentType, "application/json") {
		t.Errorf("%s %s: content type %q", method, path, res.ContentType)
	}
	if a.Success != (res.StatusCode == 200) {
		t.Errorf("%s %s: status %d with success %v", method, path, res.StatusCode, a.Success)
	}
	if out != nil && a.Success {
		if err := json.Unmarshal(a.Result, out); err != nil {
			t.Fatalf("%s %s: result %s: %v", method, path, a.Result, err)
		}
	}
	return res.StatusCode, a
}

func ckanSearchOf(t *testing.T, s *testutil.Server, query url.Values) ckanSearch {
	t.Helper()
	var out ckanSearch
	if code, a := ckan(t, s, "GET", "/api/3/action/datastore_search?"+query.Encode(), nil, &out); code != 200 {
		t.Fatalf("datastore_search %v: %d %v", query, code, a.Error)
	}
	return out
}

// TestCKANClientHarvestsTheCatalogue runs what a CKAN harvester does:
// package_list, package_show of each name, then datastore_search on the
// table resource with filters, paging through _links.next; and the
// errors CKAN gives a client that asks wrongly.
func TestCKANClientHarvestsTheCatalogue(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		newOpenDataWorld(t, s)
		var names []string
		code, a := ckan(t, s, "GET", "/api/3/action/package_list", nil, &names)
		if code != 200 || !slices.Equal(names, []string{opendata.NameVerifiedUMKM, opendata.NameHouseholdsReached, opendata.NameB2CSales}) ||
			!strings.HasSuffix(a.Help, "/api/3/action/help_show?name=package_list") {
			t.Fatalf("package_list: %d %v help %q", code, names, a.Help)
		}
		// A CKAN client's API key header is not a Gerai token: ignored, not refused.
		res := s.Send(mustRequest(t, "GET", s.URL+"/api/3/action/package_list", "Authorization", "e3b0c442-ckan-api-key"), nil)
		if res.StatusCode != 200 {
			t.Errorf("package_list with a CKAN API key: %d", res.StatusCode)
		}

		var pkg struct {
			ID, Name, Title, Notes string
			LicenseID              string `json:"license_id"`
			Organization           struct{ Name, Title string }
			Extras                 []struct{ Key, Value string }
			Resources              []struct {
				ID, Name, Format, URL string
				DatastoreActive       bool `json:"datastore_active"`
			}
		}
		if code, a := ckan(t, s, "GET", "/api/3/action/package_show?id="+opendata.NameVerifiedUMKM, nil, &pkg); code != 200 {
			t.Fatalf("package_show: %d %v", code, a.Error)
		}
		extras := map[string]string{}
		for _, e := range pkg.Extras {
			extras[e.Key] = e.Value
		}
		if pkg.Name != opendata.NameVerifiedUMKM || !strings.Contains(pkg.Title, "UMKM Terverifikasi") || pkg.LicenseID != "cc-by" ||
			pkg.Organization.Name != "gerai" || pkg.Notes == "" {
			t.Errorf("package_show: %+v", pkg)
		}
		for _, k := range []string{"konsep", "definisi", "satuan", "klasifikasi", "produsen_data", "frekuensi", "rumus", "sumber", "kode_referensi"} {
			if extras[k] == "" {
				t.Errorf("package_show: no extra %q (Satu Data metadata) in %v", k, extras)
			}
		}
		if len(pkg.Resources) != 2 || !pkg.Resources[0].DatastoreActive || pkg.Resources[0].Format != "CSV" ||
			!strings.HasSuffix(pkg.Resources[0].URL, "/data/"+opendata.NameVerifiedUMKM+".csv") || pkg.Resources[1].Format != "JSON" {
			t.Fatalf("package_show resources: %+v", pkg.Resources)
		}
		// The package's id answers as its name does.
		var again struct{ Name string }
		if code, _ := ckan(t, s, "GET", "/api/3/action/package_show?id="+pkg.ID, nil, &again); code != 200 || again.Name != pkg.Name {
			t.Errorf("package_show by id: %d %q", code, again.Name)
		}

		res0 := pkg.Resources[0].ID
		// Palembang's 2025: 12 mikro, 3 kecil (withheld), no menengah.
		pal := ckanSearchOf(t, s, url.Values{"resource_id": {res0}, "filters": {`{"kode_wilayah":"16.71","tahun":2025}`}})
		if pal.Total != 4 || len(pal.Records) != 4 || pal.ResourceID != res0 || pal.Limit != 100 || pal.Offset != 0 {
			t.Fatalf("Palembang 2025: %+v", pal)
		}
		byScale := map[string]map[string]any{}
		for _, r := range pal.Records {
			byScale[r["skala_usaha"].(string)] = r
		}
		if r := byScale["kecil"]; r["data"] != nil || r["keterangan"] != opendata.Withheld {
			t.Errorf("Palembang's 3 small businesses: %v", r)
		}
		if r := byScale["menengah"]; r["data"] != float64(0) {
			t.Errorf("Palembang's no medium business: %v, want a published 0", r)
		}
		// With the 3 withheld, its total minus its 12 mikro would give them
		// away: the row's smallest other figure, the 12, is withheld too.
		if r := byScale["mikro"]; r["data"] != nil || r["keterangan"] != opendata.Withheld || byScale["semua"]["data"] != float64(15) {
			t.Errorf("Palembang's 12 micro businesses %v beside the withheld 3 and the total %v", r, byScale["semua"])
		}
		wantFields := []string{"_id", "kode_wilayah", "level_wilayah", "nama_wilayah", "judul", "skala_usaha", "satuan", "tahun", "periode", "data", "keterangan"}
		var gotFields []string
		for _, f := range pal.Fields {
			gotFields = append(gotFields, f.ID)
		}
		if !slices.Equal(gotFields, wantFields) {
			t.Errorf("fields %v, want %v", gotFields, wantFields)
		}

		// A filter picking one withheld cell still gets it withheld.
		one := ckanSearchOf(t, s, url.Values{"resource_id": {res0}, "filters": {`{"kode_wilayah":"16.71","skala_usaha":"kecil","tahun":"2025"}`}})
		if one.Total != 1 || one.Records[0]["data"] != nil || one.Records[0]["keterangan"] != opendata.Withheld {
			t.Errorf("the one withheld cell, filtered: %+v", one)
		}

		// Paging: follow _links.next until a short page; the pages are the whole answer.
		all := ckanSearchOf(t, s, url.Values{"resource_id": {res0}, "filters": {`{"tahun":[2025,"2026"]}`}})
		var paged []map[string]any
		next := "/api/3/action/datastore_search?" + url.Values{"resource_id": {res0}, "filters": {`{"tahun":[2025,"2026"]}`}, "limit": {"7"}}.Encode()
		for pages := 0; next != "" && pages < 50; pages++ {
			var page ckanSearch
			if code, a := ckan(t, s, "GET", next, nil, &page); code != 200 {
				t.Fatalf("%s: %d %v", next, code, a.Error)
			}
			if page.Total != all.Total || page.Limit != 7 {
				t.Errorf("%s: total %d limit %d, want %d and 7", next, page.Total, page.Limit, all.Total)
			}
			paged = append(paged, page.Records...)
			next = ""
			if len(page.Records) == 7 {
				next = page.Links["next"]
			}
		}
		if all.Total != len(all.Records) || !equalJSON(paged, all.Records) {
			t.Errorf("paged %d records, unpaged %d (total %d)", len(paged), len(all.Records), all.Total)
		}
		// Sumsel: 3 regencies + the province, 4 rows each, both years; Jabar: 2 rows of 4 in 2026.
		if all.Total != 2*16+2*4 {
			t.Errorf("total %d, want %d", all.Total, 2*16+2*4)
		}
		// An offset past the end is an empty page, not an error.
		if far := ckanSearchOf(t, s, url.Values{"resource_id": {res0}, "offset": {"1000"}}); len(far.Records) != 0 || far.Total != all.Total {
			t.Errorf("offset past the end: %d records, total %d", len(far.Records), far.Total)
		}

		// POST with a JSON body, as CKAN's clients send, answers as GET does.
		var posted ckanSearch
		if code, a := ckan(t, s, "POST", "/api/3/action/datastore_search", map[string]any{"resource_id": res0,
			"filters": map[string]any{"kode_wilayah": "16.71", "tahun": 2025}}, &posted); code != 200 || !equalJSON(posted.Records, pal.Records) {
			t.Errorf("POST datastore_search: %d %v %v", code, a.Error, posted.Records)
		}
		// q finds words in any field; the resource's name is its alias.
		if q := ckanSearchOf(t, s, url.Values{"resource_id": {opendata.NameVerifiedUMKM}, "q": {"bandung mikro"}}); q.Total != 1 || q.Records[0]["data"] != float64(9) {
			t.Errorf("q=bandung mikro: %+v", q)
		}

		for _, c := range []struct {
			name, method, path string
			body               any
			status             int
			kind, field        string
		}{
			{"an unknown resource", "GET", "/api/3/action/datastore_search?resource_id=tidak-ada", nil, 404, "Not Found Error", ""},
			{"no resource", "GET", "/api/3/action/datastore_search", nil, 409, "Validation Error", "resource_id"},
			{"filters that are not JSON", "GET", "/api/3/action/datastore_search?resource_id=" + res0 + "&filters=%7Btahun", nil, 409, "Validation Error", "filters"},
			{"filters that are a list", "GET", "/api/3/action/datastore_search?resource_id=" + res0 + "&filters=%5B1%5D", nil, 409, "Validation Error", "filters"},
			{"a filter on no field", "GET", "/api/3/action/datastore_search?resource_id=" + res0 + `&filters={"npwp":"1"}`, nil, 409, "Validation Error", "filters"},
			{"a negative limit", "GET", "/api/3/action/datastore_search?resource_id=" + res0 + "&limit=-1", nil, 409, "Validation Error", "limit"},
			{"a limit in words", "GET", "/api/3/action/datastore_search?resource_id=" + res0 + "&limit=sepuluh", nil, 409, "Validation Error", "limit"},
			{"a limit above CKAN's ceiling", "GET", "/api/3/action/datastore_search?resource_id=" + res0 + "&limit=32001", nil, 409, "Validation Error", "limit"},
			{"an offset as an object", "POST", "/api/3/action/datastore_search", map[string]any{"resource_id": res0, "offset": map[string]any{}}, 409, "Validation Error", "offset"},
			{"a body that is not an object", "POST", "/api/3/action/datastore_search", "[]", 409, "Validation Error", "body"},
			{"an unknown package", "GET", "/api/3/action/package_show?id=tidak-ada", nil, 404, "Not Found Error", ""},
			{"package_show without id", "GET", "/api/3/action/package_show", nil, 409, "Validation Error", "id"},
			{"an action Gerai does not serve", "GET", "/api/3/action/package_create", nil, 400, "Bad Request", ""},
		} {
			code, a := ckan(t, s, c.method, c.path, c.body, nil)
			if code != c.status || a.Success || a.Error["__type"] != c.kind || a.Error["message"] == "" {
				t.Errorf("%s: %d %v, want %d %q", c.name, code, a.Error, c.status, c.kind)
			}
			if c.field != "" {
				if msgs, ok := a.Error[c.field].([]any); !ok || len(msgs) == 0 {
					t.Errorf("%s: error %v has no messages for %q", c.name, a.Error, c.field)
				}
			}
		}
		// The messages follow Accept-Language.
		req := mustRequest(t, "GET", s.URL+"/api/3/action/datastore_search?resource_id=x&limit=-1", "Accept-Language", "en")
		if res := s.Send(req, nil); res.StatusCode != 409 || !strings.Contains(string(res.Body), "Must be a positive integer") {
			t.Errorf("in English: %d %s", res.StatusCode, res.Body)
		}
	})
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func mustRequest(t *testing.T, method, u string, header ...string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return req
}
