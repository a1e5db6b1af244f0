package api_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// foodWorld is GSMP in Sumatera Selatan with two officers: penyuluh for
// two villages of Tanjungsakti Pumu (Lahat), pendamping for one of them
// and one in Banyuasin.
type foodWorld struct {
	s                     *testutil.Server
	agency16, agency32    string
	officer, officer2     string
	stranger              string
	programme             int64
	officerID, officer2ID int64
}

const (
	kembangAyun   = "16.04.01.2001" // Tanjungsakti Pumu, Lahat
	gunungMeraksa = "16.04.01.2002"
	lahatTengah   = "16.04.10.1031" // another kecamatan of Lahat
	mariana       = "16.07.01.1016" // Banyuasin
)

func newFoodWorld(t *testing.T, s *testutil.Server) *foodWorld {
	t.Helper()
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@x.id", platform.RoleAgency, "32")
	w := &foodWorld{s: s, agency16: s.MustToken("dinas16@x.id"), agency32: s.MustToken("dinas32@x.id")}
	w.officerID = s.MustUser("penyuluh@x.id", platform.RoleBuyer, "").ID
	w.officer2ID = s.MustUser("pendamping@x.id", platform.RoleSeller, "").ID
	s.MustUser("orang@x.id", platform.RoleBuyer, "")
	w.officer, w.officer2, w.stranger = s.MustToken("penyuluh@x.id"), s.MustToken("pendamping@x.id"), s.MustToken("orang@x.id")
	var p pangan.Programme
	if res := s.Do("POST", "/api/v1/food-programmes", w.agency16, map[string]any{"name": "Gerakan Sumsel Mandiri Pangan", "province_code": "16", "start_year": 2021,
		"commodities": []map[string]any{{"code": "cabai", "name": "Cabai", "unit": "kg", "price": 40000}, {"code": "telur", "name": "Telur ayam", "unit": "butir", "price": 2000},
			{"code": "lele", "name": "Lele", "unit": "kg", "price": 25000}},
		"prices":   []map[string]any{{"commodity": "cabai", "regency_code": "16.07", "price": 45000}},
		"targets":  []map[string]any{{"regency_code": "16.04", "households": 9450}, {"regency_code": "16.08", "households": 7800}, {"regency_code": "16.07", "households": 7625}},
		"packages": []map[string]any{{"code": "bsb", "name": "Paket Bank Sumsel Babel", "items": []map[string]any{{"name": "Ayam petelur", "quantity": 8, "unit": "ekor"}, {"name": "Benih lele", "quantity": 300, "unit": "ekor"}}}},
		"sponsors": []map[string]any{{"name": "Bank Sumsel Babel", "kind": "bank_csr"}},
		"phases":   []map[string]any{{"name": "Tahap 1", "segment": "household"}},
	}, &p); res.StatusCode != 201 || p.ID == 0 {
		t.Fatalf("create programme: %d %s", res.StatusCode, res.Body)
	}
	w.programme = p.ID
	w.assign(t, w.officerID, kembangAyun, gunungMeraksa)
	w.assign(t, w.officer2ID, kembangAyun, mariana)
	return w
}

func (w *foodWorld) path(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/food-programmes/%d", w.programme) + fmt.Sprintf(format, args...)
}

func (w *foodWorld) assign(t *testing.T, user int64, villages ...string) {
	t.Helper()
	if res := w.s.Do("POST", w.path("/officers"), w.agency16, map[string]any{"user_id": user, "village_codes": villages}, nil); res.StatusCode != 201 {
		t.Fatalf("assign officer: %d %s", res.StatusCode, res.Body)
	}
}

func (w *foodWorld) household(t *testing.T, tok, name, nik, village string) pangan.Household {
	t.Helper()
	var h pangan.Household
	if res := w.s.Do("POST", w.path("/households"), tok, map[string]any{"head_name": name, "nik": nik, "village_code": village,
		"phone": "0812 7000 1234", "members": 4, "poverty_status": "miskin", "poverty_source": "DTKS 2023"}, &h); res.StatusCode != 201 {
		t.Fatalf("household %s: %d %s", name, res.StatusCode, res.Body)
	}
	return h
}

func (w *foodWorld) sync(t *testing.T, tok string, visits ...map[string]any) (int, pangan.VisitSyncResult, []byte) {
	t.Helper()
	var out pangan.VisitSyncResult
	res := w.s.Do("POST", w.path("/visits/sync"), tok, map[string]any{"visits": visits}, &out)
	return res.StatusCode, out, res.Body
}

func visit(household int64, base int, production ...map[string]any) map[string]any {
	return map[string]any{"id": uuid.NewString(), "household_id": household, "visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339),
		"base_version": base, "production": production}
}

func harvest(commodity string, quantity float64, use string) map[string]any {
	return map[string]any{"commodity": commodity, "quantity": quantity, "use": use}
}

func TestFoodHouseholdsNIKAndScope(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newFoodWorld(t, s)
		siti := w.household(t, w.agency16, "Siti Aminah", "1604015203850001", kembangAyun)
		if siti.NIK != "" || siti.Phone != "" || siti.NIKMasked != "160401********01" || strings.Contains(fmt.Sprint(siti), "52038500") {
			t.Errorf("the answer to a registration shows %q / %q, want the NIK masked only", siti.NIK, siti.NIKMasked)
		}
		w.household(t, w.officer, "Rahmat Hidayat", "1604010507800002", gunungMeraksa)
		w.household(t, w.officer2, "Yanti Susanti", "1607014408900003", mariana)
		w.household(t, w.agency16, "Dedi Kurniawan", "1604100101750004", lahatTengah)

		for _, c := range []struct {
			name, tok, nik, village string
			field                   string
			want                    int
		}{
			{"a NIK of 15 digits", w.agency16, "160401520385000", kembangAyun, "nik", 422},
			{"the same NIK again", w.agency16, "1604015203850001", kembangAyun, "nik", 422},
			{"a village that does not exist", w.agency16, "1604015203850009", "16.04.01.9999", "village_code", 422},
			{"a village of another province", w.agency16, "1604015203850009", "32.73.01.1001", "village_code", 422},
			{"an officer outside its villages", w.officer, "1604015203850009", lahatTengah, "", 403},
			{"another province's agency", w.agency32, "1604015203850009", kembangAyun, "", 403},
			{"a stranger", w.stranger, "1604015203850009", kembangAyun, "", 403},
			{"anonymous", "", "1604015203850009", kembangAyun, "", 401},
		} {
			res := s.Do("POST", w.path("/households"), c.tok, map[string]any{"head_name": "X", "nik": c.nik, "village_code": c.village,
				"members": 3, "poverty_status": "miskin"}, nil)
			if res.StatusCode != c.want || (c.field != "" && !hasField(problemFields(t, res.Body), "body."+c.field)) {
				t.Errorf("%s: %d %s, want %d on %s", c.name, res.StatusCode, res.Body, c.want, c.field)
			}
		}
		if n := countRows(t, s, `SELECT COUNT(*) FROM pangan_households`); n != 4 {
			t.Errorf("%d households stored, want the 4 valid ones", n)
		}

		list := func(tok, query string) (int, []pangan.Household) {
			var out struct{ Items []pangan.Household }
			res := s.Do("GET", w.path("/households%s", query), tok, nil, &out)
			return res.StatusCode, out.Items
		}
		names := func(hs []pangan.Household) string {
			var n []string
			for _, h := range hs {
				n = append(n, h.HeadName)
				if h.NIK != "" || !strings.Contains(h.NIKMasked, "********") || h.Phone != "" || strings.Contains(h.PhoneMasked, "7000") {
					t.Errorf("the list shows %s's NIK %q or phone %q whole", h.HeadName, h.NIK, h.Phone)
				}
			}
			return strings.Join(n, ", ")
		}
		for _, c := range []struct {
			who, tok, query, want string
			code                  int
		}{
			{"the agency", w.agency16, "", "Siti Aminah, Rahmat Hidayat, Yanti Susanti, Dedi Kurniawan", 200},
			{"the agency, one regency", w.agency16, "?village=16.04", "Siti Aminah, Rahmat Hidayat, Dedi Kurniawan", 200},
			{"the agency, one village", w.agency16, "?village=" + kembangAyun, "Siti Aminah", 200},
			{"penyuluh (two Lahat villages)", w.officer, "", "Siti Aminah, Rahmat Hidayat", 200},
			{"pendamping (Kembang Ayun, Mariana)", w.officer2, "", "Siti Aminah, Yanti Susanti", 200},
			{"another province's agency", w.agency32, "", "", 200},
			{"a stranger", w.stranger, "", "", 200},
			{"anonymous", "", "", "", 401},
		} {
			code, hs := list(c.tok, c.query)
			if code != c.code || names(hs) != c.want {
				t.Errorf("households as %s: %d [%s], want %d [%s]", c.who, code, names(hs), c.code, c.want)
			}
		}
		// Pages: two at a time, all of the agency's once.
		var seen []string
		cursor := ""
		for range 5 {
			var page struct {
				Items      []pangan.Household
				NextCursor string `json:"next_cursor"`
			}
			s.Do("GET", w.path("/households?limit=2&cursor=%s", cursor), w.agency16, nil, &page)
			seen = append(seen, names(page.Items))
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if got := strings.Join(seen, ", "); got != "Siti Aminah, Rahmat Hidayat, Yanti Susanti, Dedi Kurniawan" {
			t.Errorf("paged: %s", got)
		}

		// The whole NIK: the household's own record, to its agency and its village's officers.
		for _, c := range []struct {
			who, tok string
			want     int
		}{{"the agency", w.agency16, 200}, {"penyuluh", w.officer, 200}, {"pendamping", w.officer2, 200},
			{"another province's agency", w.agency32, 403}, {"a stranger", w.stranger, 403}, {"anonymous", "", 401}} {
			var h pangan.Household
			res := s.Do("GET", w.path("/households/%d", siti.ID), c.tok, nil, &h)
			if res.StatusCode != c.want || (c.want == 200 && (h.NIK != "1604015203850001" || h.Phone != "+6281270001234")) {
				t.Errorf("Siti's record as %s: %d nik %q phone %q", c.who, res.StatusCode, h.NIK, h.Phone)
			}
		}
		for _, c := range []struct {
			who, tok string
			want     int
		}{{"the agency", w.agency16, 200}, {"an officer", w.officer, 403}, {"another province's agency", w.agency32, 403}, {"anonymous", "", 401}} {
			var out struct{ Items []pangan.Officer }
			if res := s.Do("GET", w.path("/officers"), c.tok, nil, &out); res.StatusCode != c.want || (c.want == 200 && len(out.Items) != 2) {
				t.Errorf("officers as %s: %d %s", c.who, res.StatusCode, res.Body)
			}
		}
		if n := countRows(t, s, `SELECT COUNT(*) FROM audit_log WHERE action = 'add_household' AND after_json LIKE '%1604015203850001%'`); n != 0 {
			t.Errorf("the audit log holds a NIK")
		}
	})
}

func TestFoodVisitsSyncOnceAndConflicts(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newFoodWorld(t, s)
		siti := w.household(t, w.agency16, "Siti Aminah", "1604015203850001", kembangAyun)
		dedi := w.household(t, w.agency16, "Dedi Kurniawan", "1604100101750004", lahatTengah)

		first := visit(siti.ID, 0, harvest("cabai", 2.5, "home"), harvest("telur", 30, "sold"))
		second := visit(siti.ID, 1, harvest("cabai", 1, "given")) // the same phone's next visit: base 0 + its own one
		code, res, body := w.sync(t, w.officer, first, second)
		if code != 200 || res.Accepted != 2 || res.Duplicates != 0 || len(res.Conflicts) != 0 || len(res.Rejected) != 0 {
			t.Fatalf("first sync: %d %s", code, body)
		}
		if _, res, body = w.sync(t, w.officer, first, second); res.Accepted != 0 || res.Duplicates != 2 {
			t.Errorf("the same queue again: %s, want 2 duplicates", body)
		}
		if n := countRows(t, s, `SELECT COUNT(*) FROM pangan_production`); n != 3 {
			t.Errorf("%d production records, want 3", n)
		}

		// Pendamping was offline on version 0 too: its visit is a conflict, stored when resolved.
		offline := visit(siti.ID, 0, harvest("cabai", 4, "home"))
		_, res, body = w.sync(t, w.officer2, offline)
		if res.Accepted != 0 || len(res.Conflicts) != 1 || res.Conflicts[0].CurrentVersion != 2 || res.Conflicts[0].LatestBy == "" {
			t.Fatalf("an edit from a stale version: %s, want a conflict naming the latest visit", body)
		}
		if n := countRows(t, s, `SELECT COUNT(*) FROM pangan_visits`); n != 2 {
			t.Errorf("the conflicting visit was stored: %d visits", n)
		}
		offline["resolved"] = true
		if _, res, body = w.sync(t, w.officer2, offline); res.Accepted != 1 {
			t.Errorf("the resolved visit: %s", body)
		}

		// Two phones at once on the same version: one is stored, the other is a conflict.
		a, b := visit(siti.ID, 3), visit(siti.ID, 3)
		var wg sync.WaitGroup
		results := make([]pangan.VisitSyncResult, 2)
		for i, pair := range []struct {
			tok string
			v   map[string]any
		}{{w.officer, a}, {w.officer2, b}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i], _ = w.sync(t, pair.tok, pair.v)
			}()
		}
		wg.Wait()
		if results[0].Accepted+results[1].Accepted != 1 || len(results[0].Conflicts)+len(results[1].Conflicts) != 1 {
			t.Errorf("concurrent visits on one version: %+v", results)
		}

		// Refused on their own, with their reason; the good one in the batch is stored.
		bad := []map[string]any{
			visit(dedi.ID, 0), // outside penyuluh's villages
			visit(siti.ID, 4, harvest("durian", 1, "home")),    // no such commodity
			visit(siti.ID, 4, harvest("cabai", -1, "home")),    // negative
			visit(siti.ID, 4, harvest("cabai", 10000, "home")), // 10 tonnes from a yard
			{"id": "not-a-uuid", "household_id": siti.ID, "visited_at": time.Now().Format(time.RFC3339), "base_version": 4},
		}
		_, res, body = w.sync(t, w.officer, append(bad, visit(siti.ID, 4, harvest("lele", 3, "sold")))...)
		fields := map[string]string{}
		for _, r := range res.Rejected {
			fields[r.Errors[0].Field] = r.Reason
		}
		if res.Accepted != 1 || len(res.Rejected) != 5 || fields["household_id"] == "" || fields["production[0].commodity"] == "" ||
			fields["production[0].quantity"] == "" || fields["id"] == "" {
			t.Errorf("a batch with bad visits: %s", body)
		}
		// The 10 tonnes again, confirmed: stored and flagged for review.
		tonnes := visit(siti.ID, 5, harvest("cabai", 10000, "home"))
		tonnes["confirm"] = true
		if _, res, body = w.sync(t, w.officer, tonnes); res.Accepted != 1 || res.Flagged != 1 {
			t.Errorf("a confirmed unusual quantity: %s", body)
		}
		if n := countRows(t, s, `SELECT COUNT(*) FROM pangan_production WHERE flagged = TRUE`); n != 1 {
			t.Errorf("%d flagged records, want 1", n)
		}
		if code, _, _ := w.sync(t, "", visit(siti.ID, 6)); code != 401 {
			t.Errorf("anonymous sync: %d", code)
		}
	})
}

func TestFoodIndicatorsEqualTheRecords(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newFoodWorld(t, s)
		siti := w.household(t, w.agency16, "Siti Aminah", "1604015203850001", kembangAyun)
		rahmat := w.household(t, w.agency16, "Rahmat Hidayat", "1604010507800002", gunungMeraksa)
		yanti := w.household(t, w.agency16, "Yanti Susanti", "1607014408900003", mariana)
		w.household(t, w.agency16, "Dedi Kurniawan", "1604100101750004", lahatTengah) // not visited yet
		w.sync(t, w.officer, visit(siti.ID, 0, harvest("cabai", 2.5, "home"), harvest("telur", 30, "sold")),
			visit(rahmat.ID, 0, harvest("lele", 4, "home")), visit(siti.ID, 1, harvest("cabai", 1, "given")))
		w.sync(t, w.officer2, visit(yanti.ID, 0, harvest("cabai", 2, "home"))) // Banyuasin's price: Rp45.000

		get := func(tok, query string) (int, pangan.Indicators) {
			var in pangan.Indicators
			res := s.Do("GET", w.path("/indicators%s", query), tok, nil, &in)
			return res.StatusCode, in
		}
		// Every level's figures against the raw records, summed here.
		for _, area := range []string{"16", "16.04", "16.04.01", kembangAyun, gunungMeraksa, "16.07", mariana, "16.04.10"} {
			_, in := get(w.agency16, "?code="+area)
			var value, home, sold, given, reached int64
			col := map[int]string{0: "province_code", 1: "regency_code", 2: "district_code", 3: "village_code"}[strings.Count(area, ".")]
			if err := s.App.DB.Reader().QueryRow(t.Context(), `SELECT COALESCE(SUM(p.value), 0),
				COALESCE(SUM(CASE WHEN p.use = 'home' THEN p.value ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN p.use = 'sold' THEN p.value ELSE 0 END), 0),
				COALESCE(SUM(CASE WHEN p.use = 'given' THEN p.value ELSE 0 END), 0)
				FROM pangan_production p JOIN pangan_households h ON h.id = p.household_id WHERE h.`+col+` = ?`, area).Scan(&value, &home, &sold, &given); err != nil {
				t.Fatal(err)
			}
			reached = countRows(t, s, `SELECT COUNT(*) FROM pangan_households WHERE reached_at IS NOT NULL AND `+col+` = '`+area+`'`)
			if in.Value != value || in.Home != home || in.Sold != sold || in.Given != given || in.Reached != reached {
				t.Errorf("%s: roll-up %+v, records value %d home %d sold %d given %d reached %d", area, in.Figures, value, home, sold, given, reached)
			}
		}
		code, prov := get("", "?level=province")
		if code != 200 || prov.Target != 9450+7800+7625 || prov.Registered != 4 || prov.Reached != 3 ||
			prov.Value != 100000+60000+40000+100000+90000 || prov.Home != 100000+100000+90000 || len(prov.Children) != 3 {
			t.Errorf("the province, public: %d %+v", code, prov)
		}
		// Siti ate Rp100.000 (her second visit gave away), Rahmat Rp100.000, Yanti Rp90.000 at Banyuasin's price.
		// The quartiles are rounded to the nearest Rp5.000 (these values are round); the mean is exact.
		if sv := prov.Saving; sv == nil || sv.Households != 3 || sv.P25 != 90000 || sv.Median != 100000 || sv.P75 != 100000 || sv.Mean != 96666 {
			t.Errorf("the province's saving of the month: %+v, want 3 households, Rp90.000 / Rp100.000 / Rp100.000, mean Rp96.666", prov.Saving)
		}
		// Siti ate Rp100.000 of chilli, Rahmat Rp100.000 of catfish; Dedi has no record.
		if _, lahat := get("", "?level=regency&code=16.04"); lahat.Saving == nil || lahat.Saving.Households != 2 || lahat.Saving.Median != 100000 || lahat.Saving.Mean != 100000 {
			t.Errorf("Lahat's saving of the month: %+v, want 2 households at Rp100.000", lahat.Saving)
		}
		if _, lahat := get("", "?level=regency&code=16.04"); lahat.Target != 9450 || lahat.Reached != 2 || len(lahat.Children) != 1 {
			t.Errorf("Lahat: %+v", lahat)
		}
		for _, c := range []struct {
			who, tok, query string
			want            int
		}{
			{"anonymous, a district", "", "?code=16.04.01", 401},
			{"a stranger, a village", w.stranger, "?code=" + kembangAyun, 403},
			{"penyuluh, its village", w.officer, "?code=" + kembangAyun, 200},
			{"penyuluh, its district", w.officer, "?code=16.04.01", 200},
			{"penyuluh, another district", w.officer, "?code=16.04.10", 403},
			{"a level that is not the code's", w.agency16, "?level=district&code=16.04", 422},
			{"an area of another province", w.agency16, "?code=32.73", 422},
		} {
			if code, _ := get(c.tok, c.query); code != c.want {
				t.Errorf("indicators as %s: %d, want %d", c.who, code, c.want)
			}
		}
	})
}

func TestFoodProgrammeAdoptedByAnotherProvince(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newFoodWorld(t, s)
		w.household(t, w.agency16, "Siti Aminah", "1604015203850001", kembangAyun)
		for _, c := range []struct {
			who, tok string
			want     int
		}{{"the programme's own agency", w.agency16, 409}, {"a stranger", w.stranger, 403}, {"anonymous", "", 401}} {
			if res := s.Do("POST", w.path("/adopt"), c.tok, map[string]any{"name": "Salinan"}, nil); res.StatusCode != c.want {
				t.Errorf("adopt by %s: %d %s, want %d", c.who, res.StatusCode, res.Body, c.want)
			}
		}
		var jabar pangan.Programme
		if res := s.Do("POST", w.path("/adopt"), w.agency32, map[string]any{"name": "Gerakan Jabar Mandiri Pangan"}, &jabar); res.StatusCode != 201 {
			t.Fatalf("adopt: %d %s", res.StatusCode, res.Body)
		}
		if jabar.ProvinceCode != "32" || jabar.AdoptedFrom != w.programme || len(jabar.Commodities) != 3 || len(jabar.Packages) != 1 ||
			len(jabar.Packages[0].Items) != 2 || len(jabar.Phases) != 1 || len(jabar.Sponsors) != 0 || len(jabar.Targets) != 0 || len(jabar.Prices) != 0 {
			t.Errorf("the adopted programme: %+v", jabar)
		}
		if n := countRows(t, s, fmt.Sprintf(`SELECT COUNT(*) FROM pangan_households WHERE programme_id = %d`, jabar.ID)); n != 0 {
			t.Errorf("adoption copied %d households", n)
		}
		if res := s.Do("POST", w.path("/adopt"), w.agency32, map[string]any{"name": "Gerakan Jabar Mandiri Pangan"}, nil); res.StatusCode != 422 {
			t.Errorf("the same name again: %d", res.StatusCode)
		}
	})
}

func countRows(t *testing.T, s *testutil.Server, q string) int64 {
	t.Helper()
	var n int64
	if err := s.App.DB.Reader().QueryRow(t.Context(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
