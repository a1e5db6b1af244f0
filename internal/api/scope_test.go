package api_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/web"
)

// The scope table: every list and report of the API and the web UI, run as
// every role on the demo data (plus a draft per seller and a draft expo per
// agency), compared with what the rules in plain words allow. The rules
// are written here again, row by row in Go, on purpose: they are the
// oracle the SQL made from account.Scope must agree with.
//
// Every GET route must be in one of the tables below, so a new list cannot
// be added without saying who sees what.

// scopeActor is one role of the table.
type scopeActor struct {
	name   string
	id     int64
	role   platform.Role
	prov   string
	token  string // API bearer token
	cookie string // web session
}

func (a scopeActor) anonymous() bool { return a.id == 0 }
func (a scopeActor) admin() bool     { return a.role == platform.RoleAdmin }

// staffOf reports whether the actor is an agency of province p or an admin.
func (a scopeActor) staffOf(p string) bool {
	return a.admin() || (a.role == platform.RoleAgency && a.prov != "" && a.prov == p)
}

// scopeWorld is the ground truth, read straight from the tables.
type scopeWorld struct {
	s      *testutil.Server
	actors []scopeActor
	umkm   []struct {
		id, owner    int64
		status, prov string
	}
	events []struct {
		id           int64
		status, prov string
	}
	orders []struct{ id, buyer, umkm int64 }
	// sales are the paid orders, with the seller's and the buyer's province.
	sales []struct {
		id            int64
		seller, buyer string
	}
	groups map[int64][]int64 // group → members
	booths []struct {
		id, event, owner int64
		eventStatus      string
		prov             string
		cashiers         []int64
	}
	campaigns []int64
	running   []int64 // the campaigns still taking joins (the beli-bareng page lists those)
	venues    []struct {
		id    int64
		prov  string
		staff []int64
	}
	mallApps []struct{ id, venue, owner int64 }
	partners []*scopePartner
}

func (w *scopeWorld) umkmOf(id int64) (owner int64, prov string) {
	for _, u := range w.umkm {
		if u.id == id {
			return u.owner, u.prov
		}
	}
	return 0, ""
}

func newScopeWorld(t *testing.T, s *testutil.Server) *scopeWorld {
	t.Helper()
	ctx := context.Background()
	if err := seed.Demo(ctx, s.App); err != nil {
		t.Fatal(err)
	}
	w := &scopeWorld{s: s, groups: map[int64][]int64{}}
	w.actors = []scopeActor{{name: "anonymous"}}
	for _, a := range []struct{ name, email string }{
		{"sellerA", "penjual@gerai.id"}, {"sellerB", "euis.kelom@demo.gerai.id"},
		{"agency16", "dinas.sumsel@gerai.id"}, {"agency32", "dinas.jabar@gerai.id"},
		{"admin", "admin@gerai.id"}, {"buyer", "pembeli@gerai.id"},
		{"partnerPusri", "mitra@gerai.id"}, {"partnerBank", "mitra.bank@gerai.id"},
	} {
		var out struct{ Token string }
		if res := s.Do("POST", "/api/v1/sessions", "", map[string]string{"email": a.email, "password": seed.DemoPassword}, &out); res.StatusCode != 201 {
			t.Fatalf("login %s: %d %s", a.email, res.StatusCode, res.Body)
		}
		u, err := s.App.Accounts.Authenticate(ctx, a.email, seed.DemoPassword, "")
		if err != nil {
			t.Fatal(err)
		}
		cookie, _, err := s.App.Accounts.CreateSession(ctx, u.ID, "web")
		if err != nil {
			t.Fatal(err)
		}
		w.actors = append(w.actors, scopeActor{name: a.name, id: u.ID, role: u.Role, prov: u.ProvinceCode, token: out.Token, cookie: cookie})
	}
	byName := map[string]scopeActor{}
	for _, a := range w.actors {
		byName[a.name] = a
	}

	// What the demo lacks: a draft of each seller in its own province, a
	// draft expo of each agency, a running expo of agency 16 where seller
	// A has a booth with the buyer as its cashier, and an order by the
	// buyer from each seller.
	mustCreateUMKM(t, s, byName["sellerA"].token, umkmBody("Draf Songket Lingkup A", "1671000000091", "16.71"))
	mustCreateUMKM(t, s, byName["sellerB"].token, umkmBody("Draf Rotan Lingkup B", "3273000000092", "32.73"))
	for _, ag := range []string{"agency16", "agency32"} {
		a := byName[ag]
		ctxA := platform.WithActor(ctx, platform.Actor{UserID: a.id, Role: a.role, ProvinceCode: a.prov})
		if _, err := s.App.Expo.CreateEvent(ctxA, expo.EventFields{Name: "Draf pameran " + ag, HostProvince: "16", City: "Palembang",
			Venue: "Gedung Serbaguna", StartsOn: "2027-03-01", EndsOn: "2027-03-03"}); err != nil {
			t.Fatal(err)
		}
	}
	{
		a := byName["agency16"]
		ctxA := platform.WithActor(ctx, platform.Actor{UserID: a.id, Role: a.role, ProvinceCode: a.prov})
		e, err := s.App.Expo.CreateEvent(ctxA, expo.EventFields{Name: "Bazar UMKM Palembang", HostProvince: "16", City: "Palembang",
			Venue: "Benteng Kuto Besak", StartsOn: "2027-04-01", EndsOn: "2027-04-03"})
		if err != nil {
			t.Fatal(err)
		}
		var umkmA int64
		if err := s.App.DB.Reader().QueryRow(ctx, `SELECT id FROM umkm WHERE owner_id = ? AND status = 'verified' ORDER BY id LIMIT 1`,
			byName["sellerA"].id).Scan(&umkmA); err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Expo.SetBooths(ctxA, e.ID, []expo.BoothInput{{Code: "A-01", Size: "3x3"}, {Code: "A-02", Size: "3x3"}}); err != nil {
			t.Fatal(err)
		}
		x, err := s.App.Expo.AddExhibitor(ctxA, e.ID, expo.NewExhibitor{Kind: "umkm", UMKMID: umkmA, Booth: "A-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Expo.AddExhibitor(ctxA, e.ID, expo.NewExhibitor{Kind: "institution", Name: "Bank Sumsel Babel", Booth: "A-02"}); err != nil {
			t.Fatal(err)
		}
		if err := s.App.Expo.AddCashier(ctxA, e.ID, x.ID, "pembeli@gerai.id"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Expo.SetStatus(ctxA, e.ID, expo.Running); err != nil {
			t.Fatal(err)
		}
	}
	mallScopeWorld(t, s, byName)
	feeScopeWorld(t, s, byName)
	for _, seller := range []string{"sellerA", "sellerB"} {
		var product int64
		if err := s.App.DB.Reader().QueryRow(ctx, `SELECT p.id FROM products p JOIN umkm u ON u.id = p.umkm_id
			WHERE u.owner_id = ? AND p.listed AND p.stock > 0 ORDER BY p.id LIMIT 1`, byName[seller].id).Scan(&product); err != nil {
			t.Fatalf("a product of %s: %v", seller, err)
		}
		req, _ := http.NewRequest("POST", s.URL+"/api/v1/checkout", strings.NewReader(toJSON(checkoutBody(map[int64]int64{product: 1}, "pickup"))))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+byName["buyer"].token)
		req.Header.Set("Idempotency-Key", "scope-"+seller)
		var placed checkoutResp
		if res := s.Send(req, &placed); res.StatusCode != 201 {
			t.Fatalf("buyer orders from %s: %d %s", seller, res.StatusCode, res.Body)
		}
		// Paid, so that the sales figures count them (folded below).
		if res := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", placed.Payments[0].ID), byName["buyer"].token, nil, nil); res.StatusCode != 200 {
			t.Fatalf("pay the order from %s: %d %s", seller, res.StatusCode, res.Body)
		}
	}
	if _, err := s.App.Sales.Fold(ctx); err != nil {
		t.Fatal(err)
	}

	q := func(query string, scan func(rows interface{ Scan(...any) error }) error) {
		t.Helper()
		rows, err := s.App.DB.Reader().Query(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	loadPartnerWorld(t, w)
	q(`SELECT id, owner_id, status, province_code FROM umkm`, func(r interface{ Scan(...any) error }) error {
		var u struct {
			id, owner    int64
			status, prov string
		}
		err := r.Scan(&u.id, &u.owner, &u.status, &u.prov)
		w.umkm = append(w.umkm, u)
		return err
	})
	q(`SELECT id, status, organiser_province FROM events`, func(r interface{ Scan(...any) error }) error {
		var e struct {
			id           int64
			status, prov string
		}
		err := r.Scan(&e.id, &e.status, &e.prov)
		w.events = append(w.events, e)
		return err
	})
	q(`SELECT id, buyer_id, umkm_id FROM orders`, func(r interface{ Scan(...any) error }) error {
		var o struct{ id, buyer, umkm int64 }
		err := r.Scan(&o.id, &o.buyer, &o.umkm)
		w.orders = append(w.orders, o)
		return err
	})
	q(`SELECT o.id, u.province_code, o.ship_regency FROM orders o JOIN umkm u ON u.id = o.umkm_id
		WHERE o.status IN ('dibayar','diproses','dikirim','selesai')`, func(r interface{ Scan(...any) error }) error {
		var o struct {
			id            int64
			seller, buyer string
		}
		err := r.Scan(&o.id, &o.seller, &o.buyer)
		o.buyer, _, _ = strings.Cut(o.buyer, ".")
		w.sales = append(w.sales, o)
		return err
	})
	q(`SELECT group_id, user_id FROM group_members`, func(r interface{ Scan(...any) error }) error {
		var g, u int64
		err := r.Scan(&g, &u)
		w.groups[g] = append(w.groups[g], u)
		return err
	})
	q(`SELECT id, status FROM campaigns`, func(r interface{ Scan(...any) error }) error {
		var id int64
		var status string
		err := r.Scan(&id, &status)
		w.campaigns = append(w.campaigns, id)
		if status == "berjalan" {
			w.running = append(w.running, id)
		}
		return err
	})
	staff := map[int64][]int64{}
	q(`SELECT venue_id, user_id FROM venue_staff`, func(r interface{ Scan(...any) error }) error {
		var v, u int64
		err := r.Scan(&v, &u)
		staff[v] = append(staff[v], u)
		return err
	})
	q(`SELECT id, province_code FROM venues`, func(r interface{ Scan(...any) error }) error {
		var v struct {
			id    int64
			prov  string
			staff []int64
		}
		err := r.Scan(&v.id, &v.prov)
		v.staff = staff[v.id]
		w.venues = append(w.venues, v)
		return err
	})
	q(`SELECT ap.id, ap.venue_id, u.owner_id FROM mall_applications ap JOIN umkm u ON u.id = ap.umkm_id`, func(r interface{ Scan(...any) error }) error {
		var ap struct{ id, venue, owner int64 }
		err := r.Scan(&ap.id, &ap.venue, &ap.owner)
		w.mallApps = append(w.mallApps, ap)
		return err
	})
	cashiers := map[int64][]int64{}
	q(`SELECT exhibitor_id, user_id FROM exhibitor_cashiers`, func(r interface{ Scan(...any) error }) error {
		var x, u int64
		err := r.Scan(&x, &u)
		cashiers[x] = append(cashiers[x], u)
		return err
	})
	q(`SELECT x.id, x.event_id, COALESCE(u.owner_id, 0), e.status, e.organiser_province FROM exhibitors x
		JOIN events e ON e.id = x.event_id LEFT JOIN umkm u ON u.id = x.umkm_id WHERE x.status = 'approved'`,
		func(r interface{ Scan(...any) error }) error {
			var b struct {
				id, event, owner int64
				eventStatus      string
				prov             string
				cashiers         []int64
			}
			err := r.Scan(&b.id, &b.event, &b.owner, &b.eventStatus, &b.prov)
			b.cashiers = cashiers[b.id]
			w.booths = append(w.booths, b)
			return err
		})
	return w
}

// scopeCase is one list: how to fetch it as an actor, and which ids the
// rules allow. want returns nil when the actor may not open the list at
// all (any 401/403, or the login page).
type scopeCase struct {
	route string // the route pattern it covers
	fetch func(t *testing.T, w *scopeWorld, a scopeActor) (status int, ids []int64)
	want  func(w *scopeWorld, a scopeActor) []int64
}

func TestEveryListShowsEachRoleExactlyItsScope(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newScopeWorld(t, s)
		cases := scopeCases()
		covered := map[string]bool{}
		for _, c := range cases {
			covered[c.route] = true
		}
		// The CKAN API is not in the OpenAPI description: its own list.
		for _, r := range append(apiGETRoutes(t, s), ckanGETRoutes()...) {
			if !covered[r] && apiSingleRecord[r] == "" {
				t.Errorf("API route %s is neither in the scope table nor a single record: add it", r)
			}
		}
		for _, r := range web.Routes() {
			if strings.HasPrefix(r, "GET ") && !covered[r] && webNotAList[r] == "" {
				t.Errorf("web route %s is neither in the scope table nor a single record: add it", r)
			}
		}

		distinct := map[string]map[string]bool{} // route → the different answers seen
		for _, c := range cases {
			for _, a := range w.actors {
				status, got := c.fetch(t, w, a)
				want := c.want(w, a)
				label := c.route + " as " + a.name
				if want == nil {
					if status == 200 {
						t.Errorf("%s: got 200 with %v, want a refusal", label, got)
					}
					continue
				}
				if status != 200 {
					t.Errorf("%s: status %d, want 200", label, status)
					continue
				}
				slices.Sort(got)
				got = slices.Compact(got)
				want = sortedIDs(want...)
				if !slices.Equal(got, want) {
					t.Errorf("%s:\n got  %v\n want %v", label, got, want)
				}
				if distinct[c.route] == nil {
					distinct[c.route] = map[string]bool{}
				}
				distinct[c.route][fmt.Sprint(want)] = true
			}
		}
		// The demo must make the table bite: private lists differ by role.
		for r, n := range map[string]int{"GET /api/v1/umkm": 5, "GET /api/v1/events": 3, "GET /dinas": 3, "GET /pesanan": 2, "GET /kasir": 3, "GET /api/v1/venues/{id}/applications": 4} {
			if len(distinct[r]) < n {
				t.Errorf("%s: only %d different answers across roles: the world does not tell roles apart", r, len(distinct[r]))
			}
		}
	})
}

// apiGETRoutes lists the API's GET routes from its own OpenAPI description.
func apiGETRoutes(t *testing.T, s *testutil.Server) []string {
	t.Helper()
	var spec struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if res := s.Do("GET", "/api/openapi.json", "", nil, &spec); res.StatusCode != 200 {
		t.Fatalf("openapi: %d", res.StatusCode)
	}
	var out []string
	for p, ops := range spec.Paths {
		if _, ok := ops["get"]; ok {
			out = append(out, "GET "+p)
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d GET routes in the OpenAPI description", len(out))
	}
	slices.Sort(out)
	return out
}

// apiIDs fetches an API list and returns its items' ids.
func apiIDs(t *testing.T, w *scopeWorld, a scopeActor, path string) (int, []int64) {
	t.Helper()
	var out struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	res := w.s.Do("GET", path, a.token, nil, &out)
	var ids []int64
	for _, it := range out.Items {
		ids = append(ids, it.ID)
	}
	return res.StatusCode, ids
}

// pageIDs fetches a web page and returns the ids of the links matching re
// (its first group). The login page (anonymous on a private page) is a refusal.
func pageIDs(t *testing.T, w *scopeWorld, a scopeActor, path string, re *regexp.Regexp) (int, []int64) {
	t.Helper()
	status, body := webGet(t, w, a, path)
	var ids []int64
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	return status, ids
}

// listedProducts are the products search may show anyone: listed ones.
func listedProducts(w *scopeWorld) []int64 {
	ids, err := func() ([]int64, error) {
		rows, err := w.s.App.DB.Reader().Query(context.Background(), `SELECT id FROM products WHERE listed`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			out = append(out, id)
		}
		return out, rows.Err()
	}()
	if err != nil {
		panic(err)
	}
	return ids
}

// allProductPages browses the whole product list page by page.
func allProductPages(t *testing.T, w *scopeWorld, a scopeActor) (int, []int64) {
	t.Helper()
	var ids []int64
	cursor := ""
	for range 100 {
		var out struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		res := w.s.Do("GET", "/api/v1/products?limit=100&cursor="+cursor, a.token, nil, &out)
		if res.StatusCode != 200 {
			return res.StatusCode, ids
		}
		for _, it := range out.Items {
			ids = append(ids, it.ID)
		}
		if out.NextCursor == "" {
			return 200, ids
		}
		cursor = out.NextCursor
	}
	t.Fatal("more than 100 pages of products")
	return 0, nil
}

// mallScopeWorld adds what the demo lacks of the mall: a Jabar venue whose
// operator's staff is the buyer account, with both sellers' UMKM applying,
// and a Sumsel venue with no staff.
func mallScopeWorld(t *testing.T, s *testutil.Server, byName map[string]scopeActor) {
	t.Helper()
	ctx := context.Background()
	actor := func(name string) context.Context {
		a := byName[name]
		return platform.WithActor(ctx, platform.Actor{UserID: a.id, Role: a.role, ProvinceCode: a.prov})
	}
	jabar, err := s.App.Mall.CreateVenue(actor("agency32"), mall.VenueFields{Name: "Pasar Kreatif Jawa Barat", ProvinceCode: "32",
		RegencyCode: "32.73", Address: "Jl. Pahlawan 70, Bandung", OperatorName: "PT Jaswita Jabar"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Mall.CreateVenue(actor("agency16"), mall.VenueFields{Name: "Pasar UMKM Benteng Kuto Besak", ProvinceCode: "16",
		RegencyCode: "16.71", Address: "Jl. Sultan Mahmud Badaruddin, Palembang"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Mall.AddStaff(actor("agency32"), jabar.ID, "pembeli@gerai.id"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Mall.PublishRulebook(actor("agency32"), jabar.ID, mall.Rules{TurnDays: 7, GuestQuota: 0.2}); err != nil {
		t.Fatal(err)
	}
	for _, seller := range []string{"sellerA", "sellerB"} {
		var id int64
		if err := s.App.DB.Reader().QueryRow(ctx, `SELECT id FROM umkm WHERE owner_id = ? AND status = 'verified' ORDER BY id LIMIT 1`,
			byName[seller].id).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Mall.Apply(actor(seller), jabar.ID, mall.ApplyFields{UMKMID: id, From: "2027-01-04", To: "2027-03-28"}); err != nil {
			t.Fatalf("%s applies: %v", seller, err)
		}
	}
}
