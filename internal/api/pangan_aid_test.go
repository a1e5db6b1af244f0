package api_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// aidWorld is GSMP with two sponsors (Bank Sumsel Babel, Bank Mandiri),
// each with one staff account, two packages, the food world's officers
// (penyuluh: Kembang Ayun and Gunung Meraksa; pendamping: Kembang Ayun and
// Mariana) and three households: Siti (Kembang Ayun), Rahmat (Gunung
// Meraksa), Yanti (Mariana). Its users' emails are its own, so it lives
// beside a shop.
type aidWorld struct {
	*foodWorld
	sponsorA, sponsorB  string // staff tokens
	bsb, mandiri        int64  // sponsor ids
	phase               int64
	siti, rahmat, yanti pangan.Household
	bodies              [][]byte // every answer, for the NIK check
	mu                  sync.Mutex
	niks                []string
}

const (
	nikSiti   = "1604015203850001"
	nikRahmat = "1604010507800002"
	nikYanti  = "1607014408900003"
)

func newAidWorld(t *testing.T, s *testutil.Server) *aidWorld {
	t.Helper()
	s.MustUser("dinas16@aid.id", platform.RoleAgency, "16")
	s.MustUser("dinas32@aid.id", platform.RoleAgency, "32")
	fw := &foodWorld{s: s, agency16: s.MustToken("dinas16@aid.id"), agency32: s.MustToken("dinas32@aid.id")}
	fw.officerID = s.MustUser("penyuluh@aid.id", platform.RoleBuyer, "").ID
	fw.officer2ID = s.MustUser("pendamping@aid.id", platform.RoleSeller, "").ID
	s.MustUser("orang@aid.id", platform.RoleBuyer, "")
	s.MustUser("csr@banksumselbabel.id", platform.RoleBuyer, "")
	s.MustUser("csr@bankmandiri.id", platform.RoleSeller, "")
	fw.officer, fw.officer2, fw.stranger = s.MustToken("penyuluh@aid.id"), s.MustToken("pendamping@aid.id"), s.MustToken("orang@aid.id")
	w := &aidWorld{foodWorld: fw, sponsorA: s.MustToken("csr@banksumselbabel.id"), sponsorB: s.MustToken("csr@bankmandiri.id"),
		niks: []string{nikSiti, nikRahmat, nikYanti}}
	var p pangan.Programme
	if res := s.Do("POST", "/api/v1/food-programmes", fw.agency16, map[string]any{"name": "Gerakan Sumsel Mandiri Pangan", "province_code": "16", "start_year": 2021,
		"commodities": []map[string]any{{"code": "cabai", "name": "Cabai", "unit": "kg", "price": 40000}, {"code": "telur", "name": "Telur ayam", "unit": "butir", "price": 2000}},
		"targets":     []map[string]any{{"regency_code": "16.04", "households": 9450}, {"regency_code": "16.07", "households": 7625}},
		"packages": []map[string]any{
			{"code": "bsb", "name": "Paket Bank Sumsel Babel", "items": []map[string]any{{"name": "Ayam petelur", "quantity": 8, "unit": "ekor"}, {"name": "Benih lele", "quantity": 300, "unit": "ekor"}}},
			{"code": "drum", "name": "Drum budikdamber", "items": []map[string]any{{"name": "Drum", "quantity": 1, "unit": "buah"}}}},
		"sponsors": []map[string]any{{"name": "Bank Sumsel Babel", "kind": "bank_csr"}, {"name": "Bank Mandiri", "kind": "bumn"}},
		"phases":   []map[string]any{{"name": "Tahap 1", "segment": "household"}},
	}, &p); res.StatusCode != 201 {
		t.Fatalf("create programme: %d %s", res.StatusCode, res.Body)
	}
	fw.programme = p.ID
	w.bsb, w.mandiri, w.phase = p.Sponsors[0].ID, p.Sponsors[1].ID, p.Phases[0].ID
	fw.assign(t, fw.officerID, kembangAyun, gunungMeraksa)
	fw.assign(t, fw.officer2ID, kembangAyun, mariana)
	for _, st := range []struct {
		sponsor int64
		email   string
	}{{w.bsb, "csr@banksumselbabel.id"}, {w.mandiri, "csr@bankmandiri.id"}} {
		if res := s.Do("POST", w.path("/sponsors/%d/staff", st.sponsor), fw.agency16, map[string]any{"email": st.email}, nil); res.StatusCode != 201 {
			t.Fatalf("sponsor staff: %d %s", res.StatusCode, res.Body)
		}
	}
	w.siti = fw.household(t, fw.agency16, "Siti Aminah", nikSiti, kembangAyun)
	w.rahmat = fw.household(t, fw.agency16, "Rahmat Hidayat", nikRahmat, gunungMeraksa)
	w.yanti = fw.household(t, fw.agency16, "Yanti Susanti", nikYanti, mariana)
	return w
}

// do is Server.Do keeping the answer for the NIK check.
func (w *aidWorld) do(method, path, tok string, body, out any) testutil.Response {
	res := w.s.Do(method, path, tok, body, out)
	w.keep(res.Body)
	return res
}

func (w *aidWorld) keep(b []byte) {
	w.mu.Lock()
	w.bodies = append(w.bodies, b)
	w.mu.Unlock()
}

// noNIK fails when any answer kept holds a whole NIK.
func (w *aidWorld) noNIK(t *testing.T) {
	t.Helper()
	for _, b := range w.bodies {
		for _, nik := range w.niks {
			if bytes.Contains(b, []byte(nik)) {
				t.Errorf("an answer holds the NIK %s: %.300s", nik, b)
			}
		}
	}
}

func deliveryBody(w *aidWorld, sponsor, household int64, extra map[string]any) map[string]any {
	b := map[string]any{"package_code": "bsb", "sponsor_id": sponsor, "phase_id": w.phase, "household_id": household,
		"delivered_at": time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339), "recipient_name": "Siti Aminah", "lat": -3.7928, "lng": 103.5402}
	for k, v := range extra {
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
	}
	return b
}

// deliver posts a delivery with an Idempotency-Key.
func (w *aidWorld) deliver(t *testing.T, tok, key string, body map[string]any) (testutil.Response, pangan.Delivery) {
	t.Helper()
	req, _ := http.NewRequest("POST", w.s.URL+w.path("/deliveries"), strings.NewReader(toJSON(body)))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	var d pangan.Delivery
	res := w.s.Send(req, &d)
	w.keep(res.Body)
	return res, d
}

func (w *aidWorld) mustDeliver(t *testing.T, key string, body map[string]any) pangan.Delivery {
	t.Helper()
	res, d := w.deliver(t, w.agency16, key, body)
	if res.StatusCode != 201 {
		t.Fatalf("deliver %s: %d %s", key, res.StatusCode, res.Body)
	}
	return d
}

// testPNG is a w×h image, as the phone's signature pad or camera makes.
func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		m.Set(x, h/2, color.NRGBA{0, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload posts a multipart form of files (field → bytes) and text fields.
func (w *aidWorld) upload(t *testing.T, tok, path string, files map[string][]byte, fields map[string]string, out any) testutil.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, data := range files {
		fw, _ := mw.CreateFormFile(name, name+".png")
		fw.Write(data)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", w.s.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res := w.s.Send(req, out)
	w.keep(res.Body)
	return res
}

func ids[T any](list []T, id func(T) int64) string {
	var out []string
	for _, x := range list {
		out = append(out, fmt.Sprint(id(x)))
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestFoodAidScopeOfEveryRole(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newAidWorld(t, s)
		type role struct{ who, tok string }
		roles := []role{{"agency 16", w.agency16}, {"agency 32", w.agency32}, {"penyuluh", w.officer}, {"pendamping", w.officer2},
			{"sponsor A", w.sponsorA}, {"sponsor B", w.sponsorB}, {"a stranger", w.stranger}, {"anonymous", ""}}

		// Groups: the agency anywhere in its province, an officer in its villages.
		var kwt, dasawisma pangan.FoodGroup
		if res := w.do("POST", w.path("/groups"), w.agency16, map[string]any{"kind": "kwt", "name": "KWT Melati", "village_code": kembangAyun}, &kwt); res.StatusCode != 201 {
			t.Fatalf("KWT: %d %s", res.StatusCode, res.Body)
		}
		if res := w.do("POST", w.path("/groups"), w.officer, map[string]any{"kind": "dasawisma", "name": "Dasawisma Mawar", "village_code": gunungMeraksa}, &dasawisma); res.StatusCode != 201 {
			t.Fatalf("dasawisma: %d %s", res.StatusCode, res.Body)
		}
		for _, c := range []struct {
			r       role
			village string
			want    int
		}{{roles[1], kembangAyun, 403}, {roles[2], mariana, 403}, {roles[4], kembangAyun, 403}, {roles[6], kembangAyun, 403}, {roles[7], kembangAyun, 401},
			{roles[0], "16.04.01.9999", 422}, {roles[0], "32.73.01.1001", 422}} {
			res := w.do("POST", w.path("/groups"), c.r.tok, map[string]any{"kind": "kwt", "name": "KWT Lain", "village_code": c.village}, nil)
			if res.StatusCode != c.want || (c.want == 422 && !hasField(problemFields(t, res.Body), "body.village_code")) {
				t.Errorf("a group in %s by %s: %d %s, want %d", c.village, c.r.who, res.StatusCode, res.Body, c.want)
			}
		}
		wantGroups := map[string]string{"agency 16": ids([]int64{kwt.ID, dasawisma.ID}, func(x int64) int64 { return x }),
			"penyuluh": ids([]int64{kwt.ID, dasawisma.ID}, func(x int64) int64 { return x }), "pendamping": fmt.Sprint(kwt.ID)}
		for _, r := range roles {
			var out struct{ Items []pangan.FoodGroup }
			res := w.do("GET", w.path("/groups"), r.tok, nil, &out)
			want := 200
			if r.tok == "" {
				want = 401
			}
			if got := ids(out.Items, func(g pangan.FoodGroup) int64 { return g.ID }); res.StatusCode != want || got != wantGroups[r.who] {
				t.Errorf("groups as %s: %d [%s], want %d [%s]", r.who, res.StatusCode, got, want, wantGroups[r.who])
			}
		}
		// Members: an officer of both villages; another village's household is a field error.
		for _, c := range []struct {
			who, tok         string
			group, household int64
			want             int
		}{
			{"pendamping, a group outside its villages", w.officer2, dasawisma.ID, w.rahmat.ID, 403},
			{"penyuluh, Mariana's household", w.officer, kwt.ID, w.yanti.ID, 422},
			{"sponsor A", w.sponsorA, kwt.ID, w.siti.ID, 403},
			{"anonymous", "", kwt.ID, w.siti.ID, 401},
			{"penyuluh", w.officer, dasawisma.ID, w.rahmat.ID, 200},
		} {
			var h pangan.Household
			res := w.do("POST", w.path("/groups/%d/members", c.group), c.tok, map[string]any{"household_id": c.household}, &h)
			if res.StatusCode != c.want || (c.want == 200 && h.GroupID != dasawisma.ID) || (c.want == 422 && !hasField(problemFields(t, res.Body), "body.household_id")) {
				t.Errorf("member by %s: %d %s, want %d", c.who, res.StatusCode, res.Body, c.want)
			}
		}
		if n := countRows(t, s, fmt.Sprintf(`SELECT COUNT(*) FROM pangan_households WHERE group_id = %d`, dasawisma.ID)); n != 1 {
			t.Errorf("%d members of the dasawisma, want Rahmat", n)
		}

		// Plots, and the bad input with the field named.
		var plot pangan.Plot
		if res := w.do("POST", w.path("/households/%d/plots", w.siti.ID), w.officer, map[string]any{"kind": "pekarangan", "size_m2": 24, "lat": -3.79, "lng": 103.54}, &plot); res.StatusCode != 201 || plot.SizeM2 != 24 || plot.VillageCode != kembangAyun {
			t.Fatalf("plot: %d %s", res.StatusCode, res.Body)
		}
		var jabar pangan.Programme
		w.do("POST", w.path("/adopt"), w.agency32, map[string]any{"name": "Gerakan Jabar Mandiri Pangan"}, &jabar)
		var elsewhere pangan.Household
		if res := w.do("POST", fmt.Sprintf("/api/v1/food-programmes/%d/households", jabar.ID), w.agency32, map[string]any{"head_name": "Ujang", "nik": "3273010101800001",
			"village_code": "32.73.01.1001", "members": 3, "poverty_status": "miskin"}, &elsewhere); res.StatusCode != 201 {
			t.Fatalf("Jabar household: %d %s", res.StatusCode, res.Body)
		}
		w.niks = append(w.niks, "3273010101800001")
		for _, c := range []struct {
			name, tok string
			household int64
			body      map[string]any
			want      int
			field     string
		}{
			{"size 0", w.agency16, w.siti.ID, map[string]any{"kind": "kolam", "size_m2": 0}, 422, "size_m2"},
			{"over 10 ha", w.agency16, w.siti.ID, map[string]any{"kind": "kolam", "size_m2": 100001}, 422, "size_m2"},
			{"a point in Singapore's sea", w.agency16, w.siti.ID, map[string]any{"kind": "kolam", "size_m2": 4, "lat": 1.3, "lng": 94}, 422, "lng"},
			{"a point in the Philippines", w.agency16, w.siti.ID, map[string]any{"kind": "kolam", "size_m2": 4, "lat": 14.6, "lng": 121}, 422, "lat"},
			{"a kind that is not one", w.agency16, w.siti.ID, map[string]any{"kind": "sawah", "size_m2": 4}, 422, "kind"},
			{"a household of another programme", w.agency16, elsewhere.ID, map[string]any{"kind": "kolam", "size_m2": 4}, 422, "household_id"},
			{"pendamping, Rahmat's plot", w.officer2, w.rahmat.ID, map[string]any{"kind": "kolam", "size_m2": 4}, 403, ""},
			{"sponsor A", w.sponsorA, w.siti.ID, map[string]any{"kind": "kolam", "size_m2": 4}, 403, ""},
			{"agency 32", w.agency32, w.siti.ID, map[string]any{"kind": "kolam", "size_m2": 4}, 403, ""},
			{"anonymous", "", w.siti.ID, map[string]any{"kind": "kolam", "size_m2": 4}, 401, ""},
		} {
			res := w.do("POST", w.path("/households/%d/plots", c.household), c.tok, c.body, nil)
			if res.StatusCode != c.want || (c.field != "" && !hasField(problemFields(t, res.Body), "body."+c.field)) {
				t.Errorf("plot, %s: %d %s, want %d on %s", c.name, res.StatusCode, res.Body, c.want, c.field)
			}
		}
		if res := w.do("POST", w.path("/groups/%d/plots", kwt.ID), w.officer2, map[string]any{"kind": "lahan_sempit", "size_m2": 200}, nil); res.StatusCode != 201 {
			t.Errorf("the KWT's demonstration plot: %d %s", res.StatusCode, res.Body)
		}
		// A plot's photo: authorised before the body is read, then stored.
		photo := testPNG(t, 200, 150)
		for _, c := range []struct {
			r    role
			want int
		}{{roles[3], 200}, {roles[1], 403}, {roles[4], 403}, {roles[7], 401}} {
			var got pangan.Plot
			res := w.upload(t, c.r.tok, w.path("/plots/%d/photo", plot.ID), map[string][]byte{"photo": photo}, nil, &got)
			if res.StatusCode != c.want || (c.want == 200 && !strings.HasSuffix(got.PhotoKey, "/large.jpg")) {
				t.Errorf("plot photo by %s: %d %s", c.r.who, res.StatusCode, res.Body)
			}
		}
		if res := w.upload(t, w.agency16, w.path("/plots/%d/photo", plot.ID), map[string][]byte{"photo": []byte("bukan gambar")}, nil, nil); res.StatusCode != 422 ||
			!hasField(problemFields(t, res.Body), "body.photo") {
			t.Errorf("a plot photo that is not an image: %d %s", res.StatusCode, res.Body)
		}

		// Deliveries: Bank Sumsel Babel to Siti and Yanti, Bank Mandiri to Rahmat.
		dSiti := w.mustDeliver(t, "bsb-siti", deliveryBody(w, w.bsb, w.siti.ID, nil))
		dYanti := w.mustDeliver(t, "bsb-yanti", deliveryBody(w, w.bsb, w.yanti.ID, map[string]any{"recipient_name": "Yanti Susanti"}))
		res, dRahmat := w.deliver(t, w.officer, "mandiri-rahmat", deliveryBody(w, w.mandiri, w.rahmat.ID, map[string]any{"package_code": "drum", "recipient_name": "Rahmat Hidayat"}))
		if res.StatusCode != 201 {
			t.Fatalf("the officer records Rahmat's drum: %d %s", res.StatusCode, res.Body)
		}
		for _, c := range []struct {
			r    role
			want int
		}{{roles[1], 403}, {roles[3], 403}, {roles[4], 403}, {roles[5], 403}, {roles[6], 403}, {roles[7], 401}} {
			if res, _ := w.deliver(t, c.r.tok, "x-"+c.r.who, deliveryBody(w, w.bsb, w.rahmat.ID, nil)); res.StatusCode != c.want {
				t.Errorf("a delivery to Rahmat by %s: %d %s, want %d", c.r.who, res.StatusCode, res.Body, c.want)
			}
		}
		all := ids([]int64{dSiti.ID, dYanti.ID, dRahmat.ID}, func(x int64) int64 { return x })
		wantDeliveries := map[string]string{"agency 16": all, "penyuluh": ids([]int64{dSiti.ID, dRahmat.ID}, func(x int64) int64 { return x }),
			"pendamping": ids([]int64{dSiti.ID, dYanti.ID}, func(x int64) int64 { return x }),
			"sponsor A":  ids([]int64{dSiti.ID, dYanti.ID}, func(x int64) int64 { return x }), "sponsor B": fmt.Sprint(dRahmat.ID)}
		for _, r := range roles {
			var out struct{ Items []pangan.Delivery }
			res := w.do("GET", w.path("/deliveries"), r.tok, nil, &out)
			want := 200
			if r.tok == "" {
				want = 401
			}
			if got := ids(out.Items, func(d pangan.Delivery) int64 { return d.ID }); res.StatusCode != want || got != wantDeliveries[r.who] {
				t.Errorf("deliveries as %s: %d [%s], want %d [%s]", r.who, res.StatusCode, got, want, wantDeliveries[r.who])
			}
			sponsor := strings.HasPrefix(r.who, "sponsor")
			for _, d := range out.Items {
				if sponsor && (strings.Contains(d.HeadName, "Aminah") || strings.Contains(d.RecipientName, "Susanti") || d.PhotoKey != "") {
					t.Errorf("a sponsor sees %q / %q / %q whole", d.HeadName, d.RecipientName, d.PhotoKey)
				}
				if !sponsor && r.who != "agency 32" && d.HouseholdID == w.siti.ID && d.HeadName != "Siti Aminah" {
					t.Errorf("%s sees Siti's delivery as %q", r.who, d.HeadName)
				}
			}
		}
		var bsbOnly struct{ Items []pangan.Delivery }
		w.do("GET", w.path("/deliveries?sponsor_id=%d", w.mandiri), w.sponsorA, nil, &bsbOnly)
		if len(bsbOnly.Items) != 0 {
			t.Errorf("sponsor A filtering on sponsor B's id sees %d deliveries", len(bsbOnly.Items))
		}

		// A household's plots and aid: the agency and its village's officers.
		for _, c := range []struct {
			r    role
			want int
		}{{roles[0], 200}, {roles[2], 200}, {roles[3], 200}, {roles[1], 403}, {roles[4], 403}, {roles[5], 403}, {roles[6], 403}, {roles[7], 401}} {
			var plots struct{ Items []pangan.Plot }
			var aid struct{ Items []pangan.Delivery }
			r1 := w.do("GET", w.path("/households/%d/plots", w.siti.ID), c.r.tok, nil, &plots)
			r2 := w.do("GET", w.path("/households/%d/aid", w.siti.ID), c.r.tok, nil, &aid)
			if r1.StatusCode != c.want || r2.StatusCode != c.want || (c.want == 200 && (len(plots.Items) != 1 || len(aid.Items) != 1 || len(aid.Items[0].Items) != 2)) {
				t.Errorf("Siti's plots and aid as %s: %d %d %s", c.r.who, r1.StatusCode, r2.StatusCode, r2.Body)
			}
		}
		if res := w.do("GET", w.path("/households/%d/plots", w.rahmat.ID), w.officer2, nil, nil); res.StatusCode != 403 {
			t.Errorf("pendamping reads Rahmat's plots: %d", res.StatusCode)
		}

		// The sponsor's report: its own staff and the agency; never the other sponsor's.
		for _, c := range []struct {
			r       role
			sponsor int64
			want    int
		}{{roles[4], w.bsb, 200}, {roles[5], w.mandiri, 200}, {roles[0], w.bsb, 200}, {roles[0], w.mandiri, 200},
			{roles[4], w.mandiri, 403}, {roles[5], w.bsb, 403}, {roles[1], w.bsb, 403}, {roles[2], w.bsb, 403}, {roles[3], w.bsb, 403},
			{roles[6], w.bsb, 403}, {roles[7], w.bsb, 401}} {
			var r pangan.SponsorReport
			res := w.do("GET", w.path("/sponsors/%d/report", c.sponsor), c.r.tok, nil, &r)
			if res.StatusCode != c.want {
				t.Errorf("sponsor %d's report as %s: %d %s, want %d", c.sponsor, c.r.who, res.StatusCode, res.Body, c.want)
				continue
			}
			if c.want != 200 {
				continue
			}
			want := ids([]int64{dSiti.ID, dYanti.ID}, func(x int64) int64 { return x })
			if c.sponsor == w.mandiri {
				want = fmt.Sprint(dRahmat.ID)
			}
			if got := ids(r.Recent, func(d pangan.Delivery) int64 { return d.ID }); got != want || bytes.Contains(res.Body, []byte("Aminah")) || bytes.Contains(res.Body, []byte("Hidayat")) {
				t.Errorf("sponsor %d's report as %s lists [%s] (want [%s]) or a whole name: %s", c.sponsor, c.r.who, got, want, res.Body)
			}
		}
		for _, c := range []struct {
			r     role
			query string
			want  int
		}{{roles[0], "", 200}, {roles[4], fmt.Sprintf("?sponsor_id=%d", w.bsb), 200}, {roles[4], fmt.Sprintf("?sponsor_id=%d", w.mandiri), 403},
			{roles[4], "", 403}, {roles[2], "", 403}, {roles[1], "", 403}, {roles[6], "", 403}, {roles[7], "", 401}} {
			if res := w.do("GET", w.path("/aid-survival%s", c.query), c.r.tok, nil, nil); res.StatusCode != c.want {
				t.Errorf("aid survival%s as %s: %d, want %d", c.query, c.r.who, res.StatusCode, c.want)
			}
		}
		// The sponsors' accounts: the agency adds them, nobody else.
		for _, r := range []role{roles[1], roles[2], roles[4], roles[6], roles[7]} {
			want := 403
			if r.tok == "" {
				want = 401
			}
			if res := w.do("POST", w.path("/sponsors/%d/staff", w.bsb), r.tok, map[string]any{"email": "orang@aid.id"}, nil); res.StatusCode != want {
				t.Errorf("%s adds sponsor staff: %d, want %d", r.who, res.StatusCode, want)
			}
		}
		w.noNIK(t)
	})
}
