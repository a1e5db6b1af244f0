package api_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
)

// The scope table's rows: every list with who sees which records, and the
// GET routes that are not lists (each with the reason).

func scopeCases() []scopeCase {
	visibleUMKM := func(w *scopeWorld, a scopeActor) []int64 {
		var out []int64
		for _, u := range w.umkm {
			if u.status == "verified" || a.staffOf(u.prov) || (!a.anonymous() && u.owner == a.id) {
				out = append(out, u.id)
			}
		}
		return out
	}
	visibleEvents := func(w *scopeWorld, a scopeActor) []int64 {
		var out []int64
		for _, e := range w.events {
			if e.status != "draft" || a.staffOf(e.prov) {
				out = append(out, e.id)
			}
		}
		return out
	}
	ownPurchases := func(w *scopeWorld, a scopeActor) []int64 {
		if a.anonymous() {
			return nil
		}
		out := []int64{}
		for _, o := range w.orders {
			if o.buyer == a.id {
				out = append(out, o.id)
			}
		}
		return out
	}
	// sellerUMKM is the first verified UMKM of seller A, whose orders list
	// the table runs (its owner, agency 16 and the admin see it all).
	sellerUMKM := func(w *scopeWorld) int64 {
		for _, a := range w.actors {
			if a.name == "sellerA" {
				for _, u := range w.umkm {
					if u.owner == a.id && u.status == "verified" {
						return u.id
					}
				}
			}
		}
		return 0
	}
	umkmOrders := func(w *scopeWorld, a scopeActor) []int64 {
		id := sellerUMKM(w)
		owner, prov := w.umkmOf(id)
		if a.anonymous() || (owner != a.id && !a.staffOf(prov)) {
			return nil
		}
		out := []int64{}
		for _, o := range w.orders {
			if o.umkm == id {
				out = append(out, o.id)
			}
		}
		return out
	}
	// provinceSales are the paid orders behind the sales figures: the
	// admin's all, an agency's where its province sells or buys.
	provinceSales := func(w *scopeWorld, a scopeActor) []int64 {
		if a.anonymous() || (!a.admin() && a.role != platform.RoleAgency) {
			return nil
		}
		out := []int64{}
		for _, o := range w.sales {
			if a.staffOf(o.seller) || a.staffOf(o.buyer) {
				out = append(out, o.id)
			}
		}
		return out
	}
	myGroups := func(w *scopeWorld, a scopeActor) []int64 {
		if a.anonymous() {
			return nil
		}
		out := []int64{}
		for g, members := range w.groups {
			if slices.Contains(members, a.id) {
				out = append(out, g)
			}
		}
		return out
	}
	boothsToSell := func(w *scopeWorld, a scopeActor) []int64 {
		if a.anonymous() {
			return nil
		}
		out := []int64{}
		for _, b := range w.booths {
			if b.eventStatus != "open" && b.eventStatus != "running" {
				continue
			}
			if b.owner == a.id || slices.Contains(b.cashiers, a.id) || a.staffOf(b.prov) {
				out = append(out, b.id)
			}
		}
		return out
	}
	staffOnly := func(list func(w *scopeWorld, a scopeActor) []int64) func(w *scopeWorld, a scopeActor) []int64 {
		return func(w *scopeWorld, a scopeActor) []int64 {
			if a.role != platform.RoleAgency && !a.admin() {
				return nil
			}
			return list(w, a)
		}
	}
	submitted := func(w *scopeWorld, a scopeActor) []int64 {
		out := []int64{}
		for _, u := range w.umkm {
			if u.status == "submitted" && a.staffOf(u.prov) {
				out = append(out, u.id)
			}
		}
		return out
	}
	runs := func(w *scopeWorld, a scopeActor) []int64 {
		out := []int64{}
		for _, e := range w.events {
			if a.staffOf(e.prov) {
				out = append(out, e.id)
			}
		}
		return out
	}
	ownUMKM := func(w *scopeWorld, a scopeActor) []int64 {
		if a.role != platform.RoleSeller && !a.admin() {
			return nil
		}
		out := []int64{}
		for _, u := range w.umkm {
			if u.owner == a.id {
				out = append(out, u.id)
			}
		}
		return out
	}
	allCampaigns := func(w *scopeWorld, a scopeActor) []int64 { return append([]int64{}, w.campaigns...) }
	runningCampaigns := func(w *scopeWorld, a scopeActor) []int64 { return append([]int64{}, w.running...) }
	allVenues := func(w *scopeWorld, a scopeActor) []int64 {
		out := []int64{}
		for _, v := range w.venues {
			out = append(out, v.id)
		}
		return out
	}
	// runsVenue: the venue's staff, its province's agency, an admin.
	runsVenue := func(w *scopeWorld, a scopeActor, venue int64) bool {
		for _, v := range w.venues {
			if v.id == venue {
				return a.staffOf(v.prov) || (!a.anonymous() && slices.Contains(v.staff, a.id))
			}
		}
		return false
	}
	runVenues := func(w *scopeWorld, a scopeActor) []int64 {
		if a.anonymous() {
			return nil
		}
		out := []int64{}
		for _, v := range w.venues {
			if runsVenue(w, a, v.id) {
				out = append(out, v.id)
			}
		}
		return out
	}
	// staffedVenue is the venue with staff (the Jabar one), whose applications the table lists.
	staffedVenue := func(w *scopeWorld) int64 {
		for _, v := range w.venues {
			if len(v.staff) > 0 {
				return v.id
			}
		}
		return 0
	}
	venueApplications := func(w *scopeWorld, a scopeActor) []int64 {
		if a.anonymous() {
			return nil
		}
		venue := staffedVenue(w)
		out := []int64{}
		for _, ap := range w.mallApps {
			if ap.venue == venue && (runsVenue(w, a, venue) || ap.owner == a.id) {
				out = append(out, ap.id)
			}
		}
		return out
	}
	api := func(route, path string, want func(*scopeWorld, scopeActor) []int64) scopeCase {
		return scopeCase{route: route, want: want, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			if strings.Contains(path, "%d") {
				return apiIDs(t, w, a, fmt.Sprintf(path, sellerUMKM(w)))
			}
			return apiIDs(t, w, a, path)
		}}
	}
	page := func(route, path, link string, want func(*scopeWorld, scopeActor) []int64) scopeCase {
		re := regexp.MustCompile(`href="` + link + `"`)
		return scopeCase{route: route, want: want, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			if strings.Contains(path, "%d") {
				return pageIDs(t, w, a, fmt.Sprintf(path, sellerUMKM(w)), re)
			}
			return pageIDs(t, w, a, path, re)
		}}
	}
	adminOnly := func(query string) func(w *scopeWorld, a scopeActor) []int64 {
		return func(w *scopeWorld, a scopeActor) []int64 {
			if !a.admin() {
				return nil
			}
			return queryIDs(w, query)
		}
	}
	// allUserPages walks the admin's accounts list page by page.
	allUserPages := func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
		re := regexp.MustCompile(`href="/admin/pengguna/(\d+)"`)
		next := regexp.MustCompile(`rel="next"`)
		var ids []int64
		for n := 1; n <= 100; n++ {
			status, got := pageIDs(t, w, a, fmt.Sprintf("/admin/pengguna?hal=%d", n), re)
			if status != 200 {
				return status, ids
			}
			ids = append(ids, got...)
			if !next.MatchString(pageBody(t, w, a, fmt.Sprintf("/admin/pengguna?hal=%d", n))) {
				break
			}
		}
		return 200, ids
	}
	return append([]scopeCase{
		api("GET /api/v1/umkm", "/api/v1/umkm?limit=100", visibleUMKM),
		api("GET /api/v1/events", "/api/v1/events", visibleEvents),
		{route: "GET /api/v1/insight/sales", want: provinceSales, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			// Page by page: the demo's year of orders is many pages.
			var ids []int64
			path := "/api/v1/insight/sales"
			for range 200 {
				var out struct {
					Sales []struct {
						OrderID int64 `json:"order_id"`
					} `json:"sales"`
					Before int64 `json:"before"`
				}
				res := w.s.Do("GET", path, a.token, nil, &out)
				if res.StatusCode != 200 {
					return res.StatusCode, nil
				}
				for _, x := range out.Sales {
					ids = append(ids, x.OrderID)
				}
				if out.Before == 0 {
					return 200, ids
				}
				path = fmt.Sprintf("/api/v1/insight/sales?before=%d", out.Before)
			}
			t.Fatal("more than 200 pages of sales")
			return 0, nil
		}},
		// The orders behind the cooperation dashboard's figures, every page
		// of them, over twenty years (the widest period a filter takes).
		{route: "GET /dinas/kerja-sama/pesanan", want: provinceSales, fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			re := regexp.MustCompile(`data-order="(\d+)"`)
			next := regexp.MustCompile(`rel="next" href="([^"]+)"`)
			path := "/dinas/kerja-sama/pesanan?from=2010-01&to=2029-12"
			var ids []int64
			for n := 0; n < 200 && path != ""; n++ {
				status, body := webGet(t, w, a, path)
				if status != 200 {
					return status, ids
				}
				ids = append(ids, pageIDsOf(body, re)...)
				path = ""
				if m := next.FindStringSubmatch(body); m != nil {
					path = html.UnescapeString(m[1])
				}
			}
			return 200, ids
		}},
		api("GET /api/v1/orders", "/api/v1/orders?limit=100", ownPurchases),
		api("GET /api/v1/orders", "/api/v1/orders?limit=100&umkm_id=%d", umkmOrders),
		api("GET /api/v1/groups", "/api/v1/groups", myGroups),
		api("GET /api/v1/campaigns", "/api/v1/campaigns", allCampaigns),
		{route: "GET /api/v1/products", want: func(w *scopeWorld, a scopeActor) []int64 { return listedProducts(w) },
			fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
				return allProductPages(t, w, a)
			}},
		api("GET /api/v1/venues", "/api/v1/venues", allVenues),
		api("GET /api/v1/venues", "/api/v1/venues?run=true", runVenues),
		{route: "GET /api/v1/venues/{id}/applications", want: venueApplications,
			fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
				return apiIDs(t, w, a, fmt.Sprintf("/api/v1/venues/%d/applications", staffedVenue(w)))
			}},
		{route: "GET /api/v1/venues/{id}/invoices", want: venueInvoices(staffedVenue, runsVenue),
			fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
				return apiIDs(t, w, a, fmt.Sprintf("/api/v1/venues/%d/invoices", staffedVenue(w)))
			}},
		page("GET /expo", "/expo", `/expo/(\d+)`, visibleEvents),
		page("GET /pasar", "/pasar", `/pasar/(\d+)`, allVenues),
		page("GET /pengelola/pasar", "/pengelola/pasar", `/pengelola/pasar/(\d+)`, runVenues),
		// Every food programme is public (its configuration and targets are the province's public business).
		page("GET /pangan", "/pangan", `/pangan/(\d+)`, func(w *scopeWorld, a scopeActor) []int64 { return queryIDs(w, `SELECT id FROM pangan_programmes`) }),
		page("GET /dinas/expo", "/dinas/expo", `/dinas/expo/(\d+)`, staffOnly(runs)),
		page("GET /dinas", "/dinas", `/dinas/umkm/(\d+)\?dari=[^"]*`, staffOnly(submitted)),
		// The agency's registry (every page of it) and its exports show what
		// the UMKM list shows: verified ones and the agency's own province.
		{route: "GET /dinas/umkm", want: staffOnly(visibleUMKM), fetch: registryPages},
		// The registry dashboard's counts link the registry of their province:
		// an agency's its own, the admin's every province with UMKM.
		{route: "GET /dinas/statistik", want: staffOnly(func(w *scopeWorld, a scopeActor) []int64 {
			seen := map[int64]bool{}
			out := []int64{}
			for _, u := range w.umkm {
				if p, _ := strconv.ParseInt(u.prov, 10, 64); a.staffOf(u.prov) && !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
			return out
		}), fetch: func(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
			status, body := webGet(t, w, a, "/dinas/statistik")
			seen := map[int64]bool{}
			out := []int64{}
			for _, m := range regexp.MustCompile(`/dinas/umkm\?province=(\d+)`).FindAllStringSubmatch(body, -1) {
				if p, _ := strconv.ParseInt(m[1], 10, 64); !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
			return status, out
		}},
		{route: "GET /dinas/umkm.csv", want: staffOnly(visibleUMKM), fetch: registryExport("csv")},
		{route: "GET /dinas/umkm.xlsx", want: staffOnly(visibleUMKM), fetch: registryExport("xlsx")},
		page("GET /pesanan", "/pesanan", `/pesanan/(\d+)`, ownPurchases),
		page("GET /penjual/umkm/{id}/pesanan", "/penjual/umkm/%d/pesanan", `/pesanan/(\d+)`, umkmOrders),
		page("GET /penjual", "/penjual", `/penjual/umkm/(\d+)`, ownUMKM),
		page("GET /kasir", "/kasir", `/kasir/\d+/(\d+)`, boothsToSell),
		page("GET /kelompok", "/kelompok", `/kelompok/(\d+)`, myGroups),
		page("GET /beli-bareng", "/beli-bareng", `/beli-bareng/(\d+)`, runningCampaigns),
		{route: "GET /admin/pengguna", want: adminOnly(`SELECT id FROM users`), fetch: allUserPages},
		page("GET /admin/pembayaran", "/admin/pembayaran", `/admin/pembayaran\?umkm=(\d+)#bayar`,
			adminOnly(`SELECT umkm_id FROM ledger_entries GROUP BY umkm_id HAVING SUM(amount) <> 0`)),
	}, append(openDataScopeCases(), partnerScopeCases()...)...)
}

// apiSingleRecord are the API's GET routes that return one record (or a
// record's own children behind that record's permission): the
// authorisation matrix and each domain's tests cover them.
var apiSingleRecord = map[string]string{
	"GET /healthz":                                                           "no records",
	"GET /api/v1/regions/provinces":                                          "public reference data",
	"GET /api/v1/regions/provinces/{code}/regencies":                         "public reference data",
	"GET /api/v1/me":                                                         "the caller's own account",
	"GET /api/v1/umkm/{id}":                                                  "one record: TestAuthorizationMatrix",
	"GET /api/v1/umkm/{id}/audit":                                            "one record's log: TestAuthorizationMatrix",
	"GET /api/v1/products/{id}":                                              "one record: TestAuthorizationMatrix",
	"GET /api/v1/campaigns/{id}":                                             "one public record",
	"GET /api/v1/campaigns/{id}/join":                                        "the caller's own participation",
	"GET /api/v1/events/{id}":                                                "one record: drafts hidden (TestExpoFromEventToReport)",
	"GET /api/v1/events/{id}/booths":                                         "an event's children, behind the event (TestExpoFromEventToReport)",
	"GET /api/v1/events/{id}/exhibitors":                                     "an event's children, behind the event (TestExpoFromEventToReport)",
	"GET /api/v1/events/{id}/exhibitors/{exhibitor_id}/products":             "a booth's children, behind the booth",
	"GET /api/v1/events/{id}/exhibitors/{exhibitor_id}/sales":                "a booth's children, its sellers only (TestExhibitorApplicationsAndCashiers)",
	"GET /api/v1/events/{id}/buyers":                                         "an event's children, its organiser only",
	"GET /api/v1/events/{id}/meetings":                                       "an event's children, its organiser only",
	"GET /api/v1/events/{id}/report":                                         "one event's report: organiser, or public once published",
	"GET /api/v1/groups/{id}":                                                "one record: members only",
	"GET /api/v1/groups/{id}/orders":                                         "a group's children, members only",
	"GET /api/v1/group-orders/{id}":                                          "one record: members only",
	"GET /api/v1/cart":                                                       "the caller's own cart",
	"GET /api/v1/insight/flows":                                              "aggregates by province pair: TestInsightFiguresShowEachRoleItsProvinces",
	"GET /api/v1/insight/registry":                                           "a province's aggregates: TestInsightFiguresShowEachRoleItsProvinces",
	"GET /api/v1/orders/{id}":                                                "one record: TestOrderLifecycle",
	"GET /api/v1/umkm/{id}/order-settings":                                   "one UMKM's settings: its owner and agency",
	"GET /api/v1/umkm/{id}/ledger":                                           "one UMKM's ledger: its owner and agency",
	"GET /api/v1/regions/provinces/{code}/money-flow":                        "one province's setting",
	"GET /api/v1/shipping-rates/{scope}":                                     "one rate table",
	"GET /api/v1/payments/{id}":                                              "one record: its payer",
	"GET /api/v1/venues/{id}":                                                "one public record",
	"GET /api/v1/venues/{id}/staff":                                          "a venue's children, those who run it (TestMallStaffAreAppointedByTheProvince)",
	"GET /api/v1/venues/{id}/stalls":                                         "a venue's children, public",
	"GET /api/v1/venues/{id}/rulebook":                                       "a venue's rulebook, public",
	"GET /api/v1/venues/{id}/rulebook/versions":                              "a venue's rulebook versions, public",
	"GET /api/v1/venues/{id}/applications/{application_id}":                  "one record: its UMKM's owner and the operator (TestMallApplicationsAndTheirScope)",
	"GET /api/v1/venues/{id}/applications/{application_id}/scores":           "one application's scores: the operator, blind (TestMallCurationIsBlindUntilDecided)",
	"GET /api/v1/venues/{id}/turns":                                          "a venue's public schedule",
	"GET /api/v1/venues/{id}/tenants":                                        "a venue's public site plan of the day",
	"GET /api/v1/venues/{id}/today":                                          "a venue's day, those who run it (TestMallCheckInByTheStallQR)",
	"GET /api/v1/venues/{id}/released":                                       "stalls released today and their waiting lists, those who run the venue (TestMallReleasedStallGoesToTheWaitingList)",
	"GET /api/v1/venues/{id}/allocations":                                    "a venue's runs, those who run it (TestMallAllocationBySeason)",
	"GET /api/v1/venues/{id}/report":                                         "a venue's report, those who run it (TestMallReport)",
	"GET /api/v1/venues/{id}/invoices/{invoice_id}":                          "one record: its tenant and those who run the venue (TestMallInvoicesPaymentsAndTheirScope)",
	"GET /api/v1/venues/{id}/payment":                                        "a venue's payment setting, those who run it (TestMallInvoicesPaymentsAndTheirScope)",
	"GET /api/v1/venues/{id}/sales":                                          "a venue's stall sales (UUID ids): all to those who run it, its own to a tenant (TestMallStallSalesOverHTTP, TestStallSalesVoidAndScope)",
	"GET /api/v1/food-programmes":                                            "every programme: public configuration",
	"GET /api/v1/food-programmes/{id}":                                       "one public programme",
	"GET /api/v1/food-programmes/{id}/households":                            "households under HouseholdScope: the agency its province, an officer its villages, masked (TestFoodHouseholdsNIKAndScope, every role)",
	"GET /api/v1/food-programmes/{id}/households/{household_id}":             "one record with the NIK: the agency and the village's officers (TestFoodHouseholdsNIKAndScope)",
	"GET /api/v1/food-programmes/{id}/indicators":                            "aggregates: province and regency public, district and village to the agency and the area's officers (TestFoodIndicatorsEqualTheRecords)",
	"GET /api/v1/food-programmes/{id}/officers":                              "a programme's officers, its agency (TestFoodHouseholdsNIKAndScope)",
	"GET /api/v1/food-programmes/{id}/groups":                                "groups under GroupScope: the agency its province, an officer its villages (TestFoodAidScopeOfEveryRole, every role)",
	"GET /api/v1/food-programmes/{id}/deliveries":                            "deliveries under DeliveryScope: the agency its province, an officer its villages, a sponsor's staff its own masked (TestFoodAidScopeOfEveryRole, every role)",
	"GET /api/v1/food-programmes/{id}/deliveries/{delivery_id}/proof/{kind}": "one delivery's proof image: the agency and the village's officers, not sponsors (TestFoodPhotosOnlyToWhoWorksOnTheVillage)",
	"GET /api/v1/food-programmes/{id}/plots/{plot_id}/photo":                 "one plot's photo: the agency and the village's officers (TestFoodPhotosOnlyToWhoWorksOnTheVillage)",
	"GET /api/v1/food-programmes/{id}/deliveries.csv":                        "the BAST register, the agency only, NIK masked (TestFoodBASTRegisterExport)",
	"GET /api/v1/food-programmes/{id}/deliveries.xlsx":                       "the BAST register, the agency only, NIK masked (TestFoodBASTRegisterExport)",
	"GET /api/v1/food-programmes/{id}/households/{household_id}/plots":       "one household's plots, behind the household: the agency and the village's officers (TestFoodAidScopeOfEveryRole)",
	"GET /api/v1/food-programmes/{id}/households/{household_id}/aid":         "one household's aid, behind the household: the agency and the village's officers (TestFoodAidScopeOfEveryRole)",
	"GET /api/v1/food-programmes/{id}/sponsors/{sponsor_id}/report":          "one sponsor's report: its staff and the agency, masked (TestFoodAidScopeOfEveryRole)",
	"GET /api/v1/food-programmes/{id}/aid-survival":                          "aggregates of aid: the agency, or a sponsor's staff for its own (TestFoodAidScopeOfEveryRole)",
	"GET /api/v1/partners/{id}/members":                                      "a partner's staff, behind ViewPartner (TestPartnersAreMadeByTheAdminAndSeeOnlyTheirOwn)",
	"GET /api/v1/partners/{id}/portfolio":                                    "aggregate of the partner's loans, behind ViewPartner (TestRepaymentsMoveTheLoanBetweenClasses)",
	"GET /api/v1/partners/{id}/programmes":                                   "a partner's programmes; stages reached under account.ConsentedTo (TestProgrammesAndTrainingNeedConsent)",
	"GET /api/v1/partners/{id}/trainings":                                    "a partner's training; attendance under account.ConsentedTo (TestProgrammesAndTrainingNeedConsent)",
	"GET /api/v1/umkm/{id}/partners":                                         "one UMKM's consents, its owner only (GiveConsent)",
	"GET /api/v1/loans/{id}":                                                 "one loan: its partner's staff and the admin, others 404 (TestConsentDecidesWhatAPartnerSeesAndLoansOutliveIt)",
	"GET /api/openapi.json":                                                  "the API's description",
	"GET /api/openapi.yaml":                                                  "the API's description",
	"GET /api/openapi-3.0.json":                                              "the API's description",
	"GET /api/openapi-3.0.yaml":                                              "the API's description",
	"GET /api/docs":                                                          "the API's description",
	"GET /api/3/action/package_show":                                         "one open dataset's metadata, public: every role the same (TestCKANClientHarvestsTheCatalogue)",
}

// webNotAList are the web UI's GET routes that show one record, a form,
// or the caller's own things: single-record tests and the crawler cover them.
var webNotAList = map[string]string{
	"GET /dinas/kerja-sama":                                "the cooperation dashboard: aggregates by province pair from the sales roll-ups under the actor's scope (an agency's where its province sells or buys: TestCoopDashboardShowsEachAgencyItsPairs); the orders behind its figures are GET /dinas/kerja-sama/pesanan in the table",
	"GET /kerja-sama":                                      "the cooperation's public totals by province pair, pairs under 5 orders withheld, every role the same (TestCoopPublicShowsTotalsOnly)",
	"GET /static/":                                         "files",
	"GET /{$}":                                             "the home page shows public products, campaigns and expos (covered by their lists)",
	"GET /produk/{id}":                                     "one product",
	"GET /umkm/{id}":                                       "one store",
	"GET /tentang":                                         "static text",
	"GET /bahasa":                                          "language switch",
	"GET /masuk":                                           "form",
	"GET /daftar":                                          "form",
	"GET /lupa-sandi":                                      "form (an email to send a reset link to)",
	"GET /atur-sandi/{token}":                              "form for one reset link, its holder",
	"GET /penjual/umkm/baru":                               "form",
	"GET /penjual/umkm/{id}":                               "one UMKM, its owner",
	"GET /penjual/umkm/{id}/ubah":                          "form for one UMKM",
	"GET /penjual/umkm/{id}/produk/baru":                   "form",
	"GET /penjual/produk/{id}":                             "one product, its owner",
	"GET /beli-bareng/{id}":                                "one campaign",
	"GET /penjual/produk/{id}/beli-bareng":                 "form",
	"GET /kelompok/{id}":                                   "one group, its members",
	"GET /gabung/{token}":                                  "one invitation",
	"GET /kelompok/pesanan/{id}":                           "one group order, its members",
	"GET /kelompok/pesanan/{id}/ringkasan":                 "one group order, its members",
	"GET /expo/{id}":                                       "one event (its exhibitors are the event's children)",
	"GET /expo/{id}/laporan":                               "one event's report",
	"GET /expo/{id}/laporan.csv":                           "one event's report",
	"GET /expo/{id}/laporan.xlsx":                          "one event's report",
	"GET /dinas/expo/{id}":                                 "one event, its organiser",
	"GET /kasir/sw.js":                                     "file",
	"GET /kasir/{event}/{exhibitor}":                       "one booth, its sellers",
	"GET /kasir/pasar/{venue}/{code}":                      "one stall's cashier, its tenant (TestStallCashierPage)",
	"GET /keranjang":                                       "the caller's own cart",
	"GET /bayar/{id}":                                      "one payment, its payer",
	"GET /bayar/{id}/qris.png":                             "one payment's QR image, its payer only",
	"GET /pesanan/{id}":                                    "one order: TestOrderLifecycle",
	"GET /dinas/pengaturan":                                "one province's settings",
	"GET /dinas/umkm/{id}":                                 "one UMKM under review",
	"GET /cari":                                            "search: public products only, covered by GET /api/v1/products",
	"GET /admin":                                           "the admin's dashboard: links and one total (AdminDesk, TestAdminPagesRefuseOtherRoles)",
	"GET /admin/pengguna/{id}":                             "one account, the admin only (TestAdminPagesRefuseOtherRoles)",
	"GET /pasar/{id}":                                      "one venue, public; a seller's own applications come from the scoped GET /api/v1/venues/{id}/applications (TestMallRunFromTheWebPages)",
	"GET /pasar/{id}/lapak/{code}":                         "one stall, public; its check-in form only to the tenant (TestMallRunFromTheWebPages)",
	"GET /pengelola/pasar/{id}":                            "one venue, those who run it; its applications as GET /api/v1/venues/{id}/applications (TestMallRunFromTheWebPages)",
	"GET /pengelola/pasar/{id}/laporan":                    "one venue's report, those who run it (TestMallReport, TestMallRunFromTheWebPages)",
	"GET /pengelola/pasar/{id}/laporan.csv":                "one venue's report",
	"GET /pengelola/pasar/{id}/laporan.xlsx":               "one venue's report",
	"GET /pengelola/pasar/{id}/qr":                         "one venue's stall QR sheet, those who run it (TestMallRunFromTheWebPages)",
	"GET /petugas/pangan":                                  "the caller's own assignments: its villages' households under HouseholdScope, NIK masked (TestFieldOfficerListAndVisitForm)",
	"GET /petugas/sw.js":                                   "file",
	"GET /petugas/pangan/{id}/rumah/{household}/kunjungan": "one household's visit form, its village's officers and the agency (TestFieldOfficerListAndVisitForm)",
	"GET /petugas/pangan/{id}/stiker":                      "one village's sticker sheet, its officers and the agency; no name, no NIK (TestHouseholdStickers)",
	"GET /pangan/{id}/stiker/{code}":                       "one sticker: the visit form for its officers, nothing personal for anyone else (TestHouseholdStickers)",
	"GET /pangan/{id}":                                     "one programme's province figures, public aggregates (TestPanganDashboardShowsTheIndicators)",
	"GET /pangan/{id}/wilayah/{code}":                      "one area's figures and its .csv/.xlsx: regencies public, districts and villages to the agency and the area's officers (TestPanganPagesByRole)",
	"GET /pengelola/pangan/baru":                           "a form, the agency (TestPanganAdoptAndStartFromThePages)",
	"GET /pengelola/pangan/{id}":                           "one programme's agency page; its households under HouseholdScope as GET /api/v1/food-programmes/{id}/households, masked (TestPanganHouseholdsAndNIK, TestPanganPagesByRole)",
	"GET /pengelola/pangan/{id}/rumah/{hid}":               "one household with its NIK, the agency and the village's officers (TestPanganHouseholdsAndNIK)",
	"GET /pengelola/pangan/{id}/konfigurasi":               "one programme's configuration form, its agency (TestPanganConfigurationForm)",
	"GET /pengelola/pangan/{id}/bukti/{delivery}/{kind}":   "one delivery's proof image: the agency and the village's officers, not sponsors (TestHouseholdPlotsFromThePage, TestHouseholdAidFromThePage, TestHouseholdAidRefusedToStrangers)",
	"GET /pengelola/pangan/{id}/lahan/{plot}/foto":         "one plot's photo: the agency and the village's officers (TestHouseholdPlotsFromThePage, TestHouseholdAidFromThePage, TestHouseholdAidRefusedToStrangers)",
	"GET /pengelola/pangan/{id}/kelompok/{gid}":            "one group, the agency and its village's officers; its members masked (TestPanganGroupPage)",
	"GET /pangan/{id}/sponsor/{sid}":                       "one sponsor's report, its staff and the agency; recipients as initials (TestPanganSponsorReport)",
	"GET /mitra/pinjaman/{id}":                             "one loan with its schedule: its partner's staff and the admin, others 404 (TestPartnerLoanPageAndRepayment)",
	"GET /mitra/{partner}/{file}":                          "one partner's exports, the desk's own reads (PartnerRecords, ConsentedTo) as files, no NIK or phone (TestPartnerLoanPageAndRepayment)",
	"GET /penjual/umkm/{id}/mitra":                         "one UMKM's consents, its owner (TestPartnerLoanPageAndRepayment)",
	"GET /mitra":                                           "the partner's desk: PartnerDesk, its own partner's loans (PartnerRecords) and consented UMKM (ConsentedTo) as the partner API lists (TestPartnerDeskShowsOwnPortfolio)",
	"GET /pangan/{id}/sponsor/{sid}/penyerahan.csv":        "one sponsor's deliveries, as its report (TestPanganSponsorReport)",
	"GET /data/{dataset}":                                  "one open dataset and its .csv/.json: public aggregates, small cells withheld, every role the same (its rows as GET /api/3/action/datastore_search in the table; TestOpenDataFilesAgainstAReaderWhoSubtracts)",
}

// queryIDs runs a query of ids on the world's database.
func queryIDs(w *scopeWorld, query string) []int64 {
	rows, err := w.s.App.DB.Reader().Query(context.Background(), query)
	if err != nil {
		panic(err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			panic(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		panic(err)
	}
	return out
}

// pageBody fetches a web page as an actor and returns its body.
func pageBody(t *testing.T, w *scopeWorld, a scopeActor, path string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", w.s.URL+path, nil)
	if a.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "gerai_session", Value: a.cookie})
	}
	return string(w.s.Send(req, nil).Body)
}

// pageIDsOf are the ids re's first group finds in a page.
func pageIDsOf(body string, re *regexp.Regexp) []int64 {
	var ids []int64
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	return ids
}
