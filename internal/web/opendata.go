package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/opendata"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// The open data catalogue (issue 13, decision 0033): /data lists the
// datasets with their metadata, /data/{name} shows one with a preview of
// its rows (withheld cells marked) filtered by province and year, and
// /data/{name}.csv and .json are its files (the rows the CKAN API at
// /api/3/action serves). Open data is public: every role sees the same,
// so nothing here asks who the reader is.

// openDataPreviewRows is how many rows a dataset page shows at a time.
const openDataPreviewRows = 100

type openDataItem struct {
	Name string
	opendata.Metadata
}

type openDataListPage struct {
	Page
	Datasets []openDataItem
	// Examples are calls of the CKAN API, as a harvester makes them.
	Examples []string
}

func (s *server) openDataList(w http.ResponseWriter, r *http.Request) error {
	p := &openDataListPage{Page: s.pageT(r, "title_opendata"), Examples: []string{"/api/3/action/package_show?id=" + opendata.NameVerifiedUMKM,
		"/api/3/action/datastore_search?resource_id=" + opendata.NameVerifiedUMKM + `&filters={"kode_wilayah":"16","tahun":2026}&limit=100&offset=0`}}
	for _, d := range s.OpenData.Datasets() {
		p.Datasets = append(p.Datasets, openDataItem{Name: d.Name, Metadata: d.Metadata(p.Lang)})
	}
	s.render(w, r, http.StatusOK, "data_list", p)
	return nil
}

type openDataPage struct {
	Page
	Name     string
	Meta     opendata.Metadata
	Fields   []opendata.Field
	Class    string // the dimension's column, "" without one
	dim      *opendata.Dimension
	Rows     []opendata.Row
	Total    int
	Filter   Form
	Province []region.Province
	Years    []int
	// Query carries the filter to the files and the pages ("provinsi=16&tahun=2026"), "" for all.
	Query      string
	Prev, Next string
	From       int
	ResourceID string
}

// Withheld tells whether a row's figure is withheld.
func (p *openDataPage) Withheld(r opendata.Row) bool { return r.Data == nil }

// Datum is a published row's figure, as the reader's language writes numbers.
func (p *openDataPage) Datum(r opendata.Row) string {
	if r.Data == nil {
		return ""
	}
	return p.Num(*r.Data)
}

// ClassName is the dimension's column as the reader reads it.
func (p *openDataPage) ClassName() string {
	if p.dim == nil || p.dim.Label == "" {
		return p.Class
	}
	return p.T(p.dim.Label)
}

// ClassLabel is a class value as the reader reads it (the data's own
// value where the catalogue has no word for it).
func (p *openDataPage) ClassLabel(v string) string {
	switch {
	case p.dim == nil:
		return v
	case v == p.dim.Total:
		return p.T("total")
	case p.dim.Labels != "" && i18n.Has(p.Lang, p.dim.Labels+v):
		return p.T(p.dim.Labels + v)
	}
	return v
}

// Q is the filter's query for a link ("?provinsi=…"), or "".
func (p *openDataPage) Q() string {
	if p.Query == "" {
		return ""
	}
	return "?" + p.Query
}

// openDataHandler serves /data/{name}, and its files at {name}.csv and {name}.json.
func (s *server) openDataHandler(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("dataset")
	for _, ext := range []string{".csv", ".json"} {
		if n, ok := strings.CutSuffix(name, ext); ok {
			return s.openDataFile(w, r, n, ext[1:])
		}
	}
	d, ok := s.OpenData.Dataset(name)
	if !ok {
		return notFound()
	}
	p := &openDataPage{Filter: NewForm(r), Name: d.Name, Fields: d.Fields(), ResourceID: d.ResourceID()}
	p.Page = s.page(r, "")
	p.Meta = d.Metadata(p.Lang)
	p.Title = p.Meta.Title
	if d.Dimension != nil {
		p.Class, p.dim = d.Dimension.Column, d.Dimension
	}
	all, err := s.OpenData.Rows(r.Context(), d)
	if err != nil {
		return err
	}
	provinces, years := map[string]bool{}, map[int]bool{}
	for _, row := range all {
		provinces[row.KodeWilayah[:min(2, len(row.KodeWilayah))]] = true
		years[row.Tahun] = true
	}
	for _, pr := range region.Provinces() {
		if provinces[pr.Code] {
			p.Province = append(p.Province, pr)
		}
	}
	for y := range years {
		p.Years = append(p.Years, y)
	}
	slices.Sort(p.Years)
	q, query := s.openDataQuery(r, &p.Filter)
	p.Query = query
	rows, err := opendata.Select(d, all, q)
	if err != nil {
		return err
	}
	p.Total = len(rows)
	page := 1
	if v := r.FormValue("hal"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 && (n-1)*openDataPreviewRows < max(p.Total, 1) {
			page = n
		}
	}
	p.From = (page - 1) * openDataPreviewRows
	p.Rows = rows[p.From:min(p.Total, p.From+openDataPreviewRows)]
	link := func(n int) string {
		v, _ := url.ParseQuery(query)
		v.Set("hal", strconv.Itoa(n))
		return "/data/" + d.Name + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if p.From+openDataPreviewRows < p.Total {
		p.Next = link(page + 1)
	}
	s.render(w, r, http.StatusOK, "data_set", p)
	return nil
}

// openDataQuery reads the filter (provinsi, tahun) into a Query and the
// query string that carries it; a value that is not one marks its field
// and filters nothing.
func (s *server) openDataQuery(r *http.Request, f *Form) (opendata.Query, string) {
	var q opendata.Query
	v := url.Values{}
	prov, year := strings.TrimSpace(r.FormValue("provinsi")), strings.TrimSpace(r.FormValue("tahun"))
	f.Values["provinsi"], f.Values["tahun"] = prov, year
	if prov != "" {
		if _, ok := region.ProvinceByCode(prov); ok {
			q.Province = prov
			v.Set("provinsi", prov)
		} else {
			f.Fail("provinsi", "opendata_province_invalid")
		}
	}
	if year != "" {
		if n, err := strconv.Atoi(year); err == nil && n >= 1900 && n <= 9999 {
			q.Filters = map[string][]string{"tahun": {strconv.Itoa(n)}}
			v.Set("tahun", strconv.Itoa(n))
		} else {
			f.Fail("tahun", "opendata_year_invalid")
		}
	}
	return q, v.Encode()
}

// openDataFile writes a dataset (filtered as its page) as CSV or JSON.
func (s *server) openDataFile(w http.ResponseWriter, r *http.Request, name, format string) error {
	d, ok := s.OpenData.Dataset(name)
	if !ok {
		return notFound()
	}
	f := NewForm(r)
	q, _ := s.openDataQuery(r, &f)
	if len(f.Errors) > 0 {
		return platform.Errorf(platform.KindInvalid, "Filter provinsi atau tahun tidak valid")
	}
	all, err := s.OpenData.Rows(r.Context(), d)
	if err != nil {
		return err
	}
	rows, err := opendata.Select(d, all, q)
	if err != nil {
		return err
	}
	attachment(w, d.Name, format)
	if format == "csv" {
		return opendata.WriteCSV(w, d, rows)
	}
	return opendata.WriteJSON(w, d, rows, s.OpenData.Now())
}
