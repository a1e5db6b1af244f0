package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/httpx"
	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/platform"
)

// The CKAN-compatible read API (CKAN Action API v3, decision 0033): a
// provincial CKAN portal, or any CKAN client, harvests the open data
// catalogue with package_list → package_show → datastore_search. These
// routes answer in CKAN's shapes, not huma's (so they are not in the
// OpenAPI document, and CKANRoutes lists them for the scope test), and
// take no bearer token: open data is public, every role sees the same,
// and a CKAN client's "Authorization: <api key>" header is ignored, not
// refused.

// CKAN's datastore_search paging: its default and its ceiling (CKAN's
// ckan.datastore.search.rows_max default).
const (
	ckanDefaultLimit = 100
	ckanMaxLimit     = 32000
)

// ckanActions are the actions served, by name.
var ckanActions = []string{"package_list", "package_show", "datastore_search"}

// CKANRoutes are the CKAN API's routes, for the tests that walk every GET route.
func CKANRoutes() []string {
	var out []string
	for _, a := range ckanActions {
		out = append(out, "GET /api/3/action/"+a, "POST /api/3/action/"+a)
	}
	return out
}

// ckanHandler serves /api/3/action/{action}, GET (parameters in the
// query) and POST (a JSON object in the body, as CKAN's clients send).
func (h *handlers) ckanHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/3/action/{action}", h.ckanAction)
	mux.HandleFunc("/api/3/", func(w http.ResponseWriter, r *http.Request) {
		h.writeCKAN(w, r, "", http.StatusNotFound, ckanError("Not Found Error", "Not found"))
	})
	return httpx.Routed(mux)
}

// ckanParams are an action's parameters: strings from a query, any JSON
// value from a body.
type ckanParams map[string]any

func (h *handlers) ckanAction(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		h.writeCKAN(w, r, action, http.StatusMethodNotAllowed, ckanError("Bad Request", "Method not allowed"))
		return
	}
	params, err := readCKANParams(r)
	if err != nil {
		h.ckanFail(w, r, action, err)
		return
	}
	var result any
	switch action {
	case "package_list":
		result, err = h.packageList()
	case "package_show":
		result, err = h.packageShow(params)
	case "datastore_search":
		result, err = h.datastoreSearch(r, params)
	default:
		h.writeCKAN(w, r, action, http.StatusBadRequest, ckanError("Bad Request", "Bad request - Action name not known: "+action))
		return
	}
	if err != nil {
		h.ckanFail(w, r, action, err)
		return
	}
	h.writeCKAN(w, r, action, http.StatusOK, map[string]any{"success": true, "result": result})
}

// readCKANParams reads the query, and a POST's JSON object over it.
func readCKANParams(r *http.Request) (ckanParams, error) {
	p := ckanParams{}
	for k, v := range r.URL.Query() {
		p[k] = v[len(v)-1]
	}
	if r.Method != http.MethodPost {
		return p, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 64<<10))
	if err != nil {
		return nil, platform.Errorf(platform.KindInvalid, "Isi permintaan terlalu besar (paling banyak 64 KB)")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return p, nil
	}
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return nil, platform.Newf(platform.KindInvalid, "Isi permintaan harus objek JSON").OnField("body")
	}
	for k, v := range obj {
		p[k] = v
	}
	return p, nil
}

func (h *handlers) packageList() ([]string, error) {
	names := []string{}
	for _, d := range h.OpenData.Datasets() {
		names = append(names, d.Name)
	}
	return names, nil
}

// ckanPackage is a dataset as package_show answers (the fields CKAN's
// clients read; CKAN's own has more, all optional to them).
type ckanPackage struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	Title        string         `json:"title"`
	Notes        string         `json:"notes"`
	Type         string         `json:"type"`
	State        string         `json:"state"`
	Private      bool           `json:"private"`
	LicenseID    string         `json:"license_id"`
	LicenseTitle string         `json:"license_title"`
	LicenseURL   string         `json:"license_url"`
	Author       string         `json:"author"`
	Maintainer   string         `json:"maintainer"`
	URL          string         `json:"url"`
	OwnerOrg     string         `json:"owner_org"`
	Organization ckanOrg        `json:"organization"`
	Extras       []ckanExtra    `json:"extras"`
	Resources    []ckanResource `json:"resources"`
	NumResources int            `json:"num_resources"`
	Tags         []ckanTag      `json:"tags"`
	NumTags      int            `json:"num_tags"`
	Groups       []struct{}     `json:"groups"`
}

type ckanOrg struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Title          string `json:"title"`
	Type           string `json:"type"`
	IsOrganization bool   `json:"is_organization"`
	State          string `json:"state"`
}

type ckanExtra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type ckanTag struct {
	Name string `json:"name"`
}

type ckanResource struct {
	ID              string `json:"id"`
	PackageID       string `json:"package_id"`
	Name            string `json:"name"`
	Description     string `json:"description"`
	Format          string `json:"format"`
	Mimetype        string `json:"mimetype"`
	URL             string `json:"url"`
	DatastoreActive bool   `json:"datastore_active"`
	Position        int    `json:"position"`
	State           string `json:"state"`
}

// ckanOrgID is the id of the one organisation that publishes the catalogue.
var ckanOrgID = opendata.UUIDOf("gerai:opendata:organization")

func (h *handlers) packageShow(p ckanParams) (ckanPackage, error) {
	id, err := stringParam(p, "id")
	if err == nil && id == "" {
		id, err = stringParam(p, "name_or_id")
	}
	if err != nil {
		return ckanPackage{}, err
	}
	if id == "" {
		return ckanPackage{}, platform.Newf(platform.KindInvalid, "Wajib diisi").OnField("id")
	}
	var d *opendata.Dataset
	for _, x := range h.OpenData.Datasets() {
		if x.Name == id || x.PackageID() == id {
			d = x
		}
	}
	if d == nil {
		return ckanPackage{}, platform.NotFound("Dataset")
	}
	m := d.Metadata(i18n.Default)
	base := strings.TrimSuffix(h.PublicURL, "/")
	pkg := ckanPackage{ID: d.PackageID(), Name: d.Name, Title: m.Title, Notes: m.Notes, Type: "dataset", State: "active",
		LicenseID: opendata.LicenseID, LicenseTitle: m.License, LicenseURL: m.LicenseURL, Author: m.Producer, Maintainer: m.Producer,
		URL: base + "/data/" + d.Name, OwnerOrg: ckanOrgID,
		Organization: ckanOrg{ID: ckanOrgID, Name: "gerai", Title: i18n.T(i18n.Default, "opendata_organization"), Type: "organization", IsOrganization: true, State: "active"},
		Groups:       []struct{}{},
	}
	for _, kv := range [][2]string{{"konsep", m.Concept}, {"definisi", m.Definition}, {"satuan", m.Unit}, {"klasifikasi", m.Classification},
		{"produsen_data", m.Producer}, {"frekuensi", m.Frequency}, {"rumus", m.Formula}, {"sumber", m.Source},
		{"kode_referensi", m.Reference}, {"tanda_disembunyikan", opendata.Withheld}, {"ambang_sel", strconv.Itoa(opendata.MinCell)}} {
		pkg.Extras = append(pkg.Extras, ckanExtra{Key: kv[0], Value: kv[1]})
	}
	pkg.Resources = []ckanResource{
		{ID: d.ResourceID(), PackageID: pkg.ID, Name: m.Title + " (CSV)", Description: m.Notes, Format: "CSV", Mimetype: "text/csv",
			URL: base + "/data/" + d.Name + ".csv", DatastoreActive: true, Position: 0, State: "active"},
		{ID: d.JSONResourceID(), PackageID: pkg.ID, Name: m.Title + " (JSON)", Description: m.Notes, Format: "JSON", Mimetype: "application/json",
			URL: base + "/data/" + d.Name + ".json", DatastoreActive: false, Position: 1, State: "active"},
	}
	pkg.NumResources = len(pkg.Resources)
	pkg.Tags = []ckanTag{}
	for _, t := range d.Tags {
		pkg.Tags = append(pkg.Tags, ckanTag{Name: t})
	}
	pkg.NumTags = len(pkg.Tags)
	return pkg, nil
}

// stringParam is a parameter that must be a string (or absent: "").
func stringParam(p ckanParams, name string) (string, error) {
	switch v := p[name].(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(v), nil
	}
	return "", platform.Newf(platform.KindInvalid, "Harus berupa teks").OnField(name)
}

// intParam is a non-negative integer parameter, def when absent.
func intParam(p ckanParams, name string, def int) (int, error) {
	var s string
	switch v := p[name].(type) {
	case nil:
		return def, nil
	case string:
		s = strings.TrimSpace(v)
	case json.Number:
		s = v.String()
	default:
		return 0, platform.Newf(platform.KindInvalid, "Bukan bilangan bulat").OnField(name)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, platform.Newf(platform.KindInvalid, "Bukan bilangan bulat").OnField(name)
	}
	if n < 0 {
		return 0, platform.Newf(platform.KindInvalid, "Harus bilangan bulat positif").OnField(name)
	}
	return n, nil
}

// filtersParam is the filters object: a JSON text (GET) or object
// (POST) of field → value or list of values (strings or numbers).
func filtersParam(p ckanParams) (map[string][]string, error) {
	raw := p["filters"]
	if s, ok := raw.(string); ok {
		if strings.TrimSpace(s) == "" {
			return nil, nil
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&raw); err != nil || dec.More() {
			return nil, platform.Newf(platform.KindInvalid, "Tidak dapat membaca JSON").OnField("filters")
		}
	}
	if raw == nil {
		return nil, nil
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, platform.Newf(platform.KindInvalid, "Bukan objek JSON").OnField("filters")
	}
	out := map[string][]string{}
	for k, v := range obj {
		vals, ok := v.([]any)
		if !ok {
			vals = []any{v}
		}
		for _, x := range vals {
			switch x := x.(type) {
			case string:
				out[k] = append(out[k], x)
			case json.Number:
				out[k] = append(out[k], x.String())
			default:
				return nil, platform.Newf(platform.KindInvalid, "Nilai filter harus teks atau angka").OnField("filters")
			}
		}
	}
	return out, nil
}

func (h *handlers) datastoreSearch(r *http.Request, p ckanParams) (any, error) {
	id, err := stringParam(p, "resource_id")
	if err == nil && id == "" {
		id, err = stringParam(p, "id")
	}
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, platform.Newf(platform.KindInvalid, "Wajib diisi").OnField("resource_id")
	}
	var v platform.Validation
	limit, err := intParam(p, "limit", ckanDefaultLimit)
	v.Merge(err)
	offset, err := intParam(p, "offset", 0)
	v.Merge(err)
	filters, err := filtersParam(p)
	v.Merge(err)
	q, err := stringParam(p, "q")
	v.Merge(err)
	v.Check(limit <= ckanMaxLimit, "limit", "Paling banyak %d", platform.Count(ckanMaxLimit))
	if err := v.Err(); err != nil {
		return nil, err
	}
	d, ok := h.OpenData.ByResource(id)
	if !ok {
		return nil, platform.Errorf(platform.KindNotFound, "Sumber data %q tidak ditemukan", id)
	}
	all, err := h.OpenData.Rows(r.Context(), d)
	if err != nil {
		return nil, err
	}
	query := opendata.Query{Filters: filters, Q: q}
	at, err := opendata.Match(d, all, query)
	if err != nil {
		return nil, err
	}
	records := make([]json.RawMessage, 0, min(limit, max(0, len(at)-offset)))
	for i := offset; i < len(at) && i < offset+limit; i++ {
		// _id is the row's place in the whole table: the same under any filter.
		b, err := opendata.MarshalRecord(d, all[at[i]], []opendata.KeyValue{{Key: "_id", Value: at[i] + 1}})
		if err != nil {
			return nil, err
		}
		records = append(records, b)
	}
	fields := append([]opendata.Field{{ID: "_id", Type: "int"}}, d.Fields()...)
	result := map[string]any{"include_total": true, "resource_id": d.ResourceID(), "fields": fields, "records_format": "objects",
		"records": records, "limit": limit, "offset": offset, "total": len(at), "total_was_estimated": false,
		"_links": ckanLinks(d.ResourceID(), p, limit, offset)}
	if filters != nil {
		result["filters"] = filters
	}
	if q != "" {
		result["q"] = q
	}
	return result, nil
}

// ckanLinks are datastore_search's _links: this search from its start,
// and its next page (and its previous one when there is one), as CKAN
// writes them: the action's path with the search's parameters.
func ckanLinks(resourceID string, p ckanParams, limit, offset int) map[string]string {
	args := url.Values{"resource_id": {resourceID}}
	for _, k := range []string{"q", "limit"} {
		if v, ok := p[k]; ok {
			args.Set(k, fmt.Sprint(v))
		}
	}
	if f, ok := p["filters"]; ok {
		if s, isText := f.(string); isText {
			args.Set("filters", s)
		} else if b, err := json.Marshal(f); err == nil {
			args.Set("filters", string(b))
		}
	}
	path := "/api/3/action/datastore_search?"
	links := map[string]string{"start": path + args.Encode()}
	next := url.Values{}
	for k, v := range args {
		next[k] = v
	}
	next.Set("offset", strconv.Itoa(offset+limit))
	links["next"] = path + next.Encode()
	if offset-limit > 0 {
		next.Set("offset", strconv.Itoa(offset-limit))
		links["prev"] = path + next.Encode()
	}
	return links
}

// ckanError is CKAN's error object.
func ckanError(kind, message string) map[string]any {
	return map[string]any{"success": false, "error": map[string]any{"__type": kind, "message": message}}
}

// ckanFail writes err as CKAN does: a validation error is 409 "Validation
// Error" with each bad parameter → its messages (and a message of them
// all), not found is 404 "Not Found Error" with "Not found: …"; anything
// else is logged and a 500 without its text.
func (h *handlers) ckanFail(w http.ResponseWriter, r *http.Request, action string, err error) {
	lang := i18n.FromContext(r.Context())
	var e *platform.Error
	if !errors.As(err, &e) || e.Kind == platform.KindInternal {
		h.Log.ErrorContext(r.Context(), "ckan action", "action", action, "err", err)
		h.writeCKAN(w, r, action, http.StatusInternalServerError, ckanError("Internal Server Error", i18n.ErrorText(lang, err)))
		return
	}
	switch e.Kind {
	case platform.KindNotFound:
		h.writeCKAN(w, r, action, http.StatusNotFound, ckanError("Not Found Error", "Not found: "+i18n.ErrorText(lang, err)))
	case platform.KindInvalid, platform.KindTooLarge:
		body := map[string]any{"__type": "Validation Error"}
		var msgs []string
		for _, f := range i18n.ErrorFields(lang, err) {
			list, _ := body[f.Field].([]string)
			body[f.Field] = append(list, f.Message)
			msgs = append(msgs, f.Field+": "+f.Message)
		}
		if len(msgs) == 0 {
			msgs = append(msgs, i18n.ErrorText(lang, err))
		}
		body["message"] = strings.Join(msgs, "; ")
		h.writeCKAN(w, r, action, http.StatusConflict, map[string]any{"success": false, "error": body})
	default:
		h.writeCKAN(w, r, action, http.StatusBadRequest, ckanError("Bad Request", i18n.ErrorText(lang, err)))
	}
}

// writeCKAN writes a CKAN answer with its "help" link to the action's description.
func (h *handlers) writeCKAN(w http.ResponseWriter, r *http.Request, action string, status int, body map[string]any) {
	if action != "" {
		body["help"] = strings.TrimSuffix(h.PublicURL, "/") + "/api/3/action/help_show?name=" + url.QueryEscape(action)
	}
	b, err := json.Marshal(body)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"success":false,"error":{"__type":"Internal Server Error","message":"encoding"}}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}
