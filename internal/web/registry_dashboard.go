package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/report"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The registry dashboard, /dinas/statistik (issue 13): the province's UMKM
// by regency, scale, category and status from the registry's roll-up, the
// verification backlog, registrations by month, the shares with NIB, halal
// and QRIS, and the UMKM whose recorded sales moved them up a class. An
// agency sees its own province; the admin any, chosen by a form (all by
// default). It prints as one A4 page.

// registryArea is one row of the dashboard's table: a regency (or, for the
// admin's all provinces, a province) with its counts.
type registryArea struct {
	Code, Name string
	// Link is the /dinas/umkm filter of the area ("regency=16.71"), ""
	// where the list has no filter for it.
	Link     string
	Total    int64
	ByStatus map[string]int64
	ByScale  map[string]int64 // verified UMKM only
}

// registryCategory is the counts of one category.
type registryCategory struct {
	Category string
	Total    int64
	Verified int64
}

type registryDashPage struct {
	Page
	Form      Form
	Provinces []region.Province
	// Admin chooses the province; an agency's is fixed.
	Admin bool
	// Scope names what the figures cover (a province, or all).
	Scope    string
	Report   report.Registry
	Areas    []registryArea
	Sum      registryArea
	ByCat    []registryCategory
	Statuses []string
	Scales   []string
	// Filter is the /dinas/umkm filter every link starts from.
	Filter     string
	AreaChart  template.HTML
	MonthChart template.HTML
}

// Share writes part of whole as a percentage ("—" without a whole).
func (p registryDashPage) Share(part, whole int64) string {
	if whole <= 0 {
		return "—"
	}
	return p.Percent(float64(part) / float64(whole))
}

// Link is the /dinas/umkm list of the page's scope with more filters
// ("status", "submitted", "scale", "mikro"); filters with an empty value
// are left out.
func (p registryDashPage) Link(kv ...string) string {
	q, _ := url.ParseQuery(p.Filter)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			continue
		}
		if kv[i] == "area" {
			if area, err := url.ParseQuery(kv[i+1]); err == nil {
				for k, v := range area {
					q[k] = v
				}
			}
			continue
		}
		q.Set(kv[i], kv[i+1])
	}
	if len(q) == 0 {
		return "/dinas/umkm"
	}
	return "/dinas/umkm?" + q.Encode()
}

func (s *server) registryDashboard(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	actor := platform.ActorFrom(r.Context())
	p := &registryDashPage{Page: s.pageT(r, "registry_title"), Form: NewForm(r), Admin: actor.Role == platform.RoleAdmin,
		Statuses: []string{string(umkm.StatusVerified), string(umkm.StatusSubmitted), string(umkm.StatusRejected), string(umkm.StatusDraft)},
		Scales:   []string{string(umkm.ScaleMikro), string(umkm.ScaleKecil), string(umkm.ScaleMenengah)}}
	province := r.URL.Query().Get("province")
	p.Form.Values["province"] = province
	if p.Admin {
		p.Provinces = region.Provinces()
	}
	if province != "" {
		if _, ok := region.ProvinceByCode(province); !ok {
			p.Form.Fail("province", "registry_bad_province")
			p.Form.MarkInvalid()
			p.Scope = p.T("registry_scope_none")
			s.render(w, r, http.StatusBadRequest, "registry_dash", p)
			return nil
		}
	}
	// The report refuses an agency another province's figures (forbidden)
	// and gives one asking for none its own.
	rep, err := s.Report.Registry(r.Context(), province)
	if err != nil {
		return err
	}
	p.Report = rep
	province = rep.ProvinceCode
	if province != "" {
		p.Scope = p.Tf("registry_scope_province", provinceName(province))
		p.Filter = url.Values{"province": {province}}.Encode()
	} else {
		p.Scope = p.T("registry_scope_all")
	}
	p.tabulate(province)
	s.render(w, r, http.StatusOK, "registry_dash", p)
	return nil
}

// tabulate sums the report's counts by area (regencies of a province, or
// provinces for all) and by category, and draws the charts.
func (p *registryDashPage) tabulate(province string) {
	areas := map[string]*registryArea{}
	cats := map[string]*registryCategory{}
	p.Sum = registryArea{ByStatus: map[string]int64{}, ByScale: map[string]int64{}}
	for _, c := range p.Report.ByRegency {
		code := c.RegencyCode
		if province == "" {
			code = region.ParentOf(c.RegencyCode)
		}
		a := areas[code]
		if a == nil {
			a = &registryArea{Code: code, ByStatus: map[string]int64{}, ByScale: map[string]int64{}}
			if province == "" {
				a.Name, a.Link = provinceName(code), url.Values{"province": {code}}.Encode()
			} else {
				a.Name, a.Link = region.Label(code), url.Values{"regency": {code}}.Encode()
			}
			areas[code] = a
		}
		for _, x := range []*registryArea{a, &p.Sum} {
			x.Total += c.Count
			x.ByStatus[c.Status] += c.Count
			if c.Status == string(umkm.StatusVerified) {
				x.ByScale[c.Scale] += c.Count
			}
		}
		k := cats[c.Category]
		if k == nil {
			k = &registryCategory{Category: c.Category}
			cats[c.Category] = k
		}
		k.Total += c.Count
		if c.Status == string(umkm.StatusVerified) {
			k.Verified += c.Count
		}
	}
	for _, a := range areas {
		p.Areas = append(p.Areas, *a)
	}
	// Largest first: the print keeps the top rows.
	sort.Slice(p.Areas, func(i, j int) bool {
		if p.Areas[i].Total != p.Areas[j].Total {
			return p.Areas[i].Total > p.Areas[j].Total
		}
		return p.Areas[i].Code < p.Areas[j].Code
	})
	for _, k := range cats {
		p.ByCat = append(p.ByCat, *k)
	}
	sort.Slice(p.ByCat, func(i, j int) bool {
		if p.ByCat[i].Total != p.ByCat[j].Total {
			return p.ByCat[i].Total > p.ByCat[j].Total
		}
		return p.ByCat[i].Category < p.ByCat[j].Category
	})
	var bars []chartBar
	for i, a := range p.Areas {
		if i == 12 {
			break
		}
		v := a.ByStatus[string(umkm.StatusVerified)]
		bars = append(bars, chartBar{Label: a.Name, Value: v, Whole: a.Total,
			Text: p.Num(v) + " / " + p.Num(a.Total)})
	}
	p.AreaChart = horizontalBars(bars, p.T("registry_chart_areas"))
	var cols []chartColumn
	for _, m := range p.Report.NewByMonth {
		cols = append(cols, chartColumn{Label: m.Month[5:], Title: p.Month(m.Month) + ": " + p.Num(m.Count),
			Parts: []int64{m.Count}, Top: p.Num(m.Count)})
	}
	p.MonthChart = stackedColumns(cols, []string{"#1f6f43"}, p.T("registry_chart_months"))
}
