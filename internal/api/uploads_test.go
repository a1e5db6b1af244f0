package api_test

import (
	"bytes"
	"crypto/rand"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

type countingBody struct {
	r io.Reader
	n int64
}

func (c *countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestUploadsAreAuthorisedBeforeTheBodyIsRead: huma would read and parse
// the whole multipart body before the handler; the policy answers first.
func TestUploadsAreAuthorisedBeforeTheBodyIsRead(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("sari@contoh.id", platform.RoleSeller, "")
	s.MustUser("budi@contoh.id", platform.RoleSeller, "")
	s.MustUser("dinas16@contoh.id", platform.RoleAgency, "16")
	owner := s.MustToken("sari@contoh.id")
	u := mustCreateUMKM(t, s, owner, umkmBody("Songket Sari", "1234567890123", "16.71"))
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), owner, nil, nil)
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@contoh.id"), nil, nil)
	p := mustCreateProduct(t, s, owner, productBody(u.ID, "Kain Songket", "", "fesyen", 1_500_000, false))
	file := make([]byte, 4<<20)
	rand.Read(file)
	other := s.MustToken("budi@contoh.id")
	for _, c := range []struct {
		who, token, path string
		want             int
	}{
		{"anonymous, logo", "", fmt.Sprintf("/api/v1/umkm/%d/logo", u.ID), 401},
		{"another seller, logo", other, fmt.Sprintf("/api/v1/umkm/%d/logo", u.ID), 403},
		{"anonymous, photo", "", fmt.Sprintf("/api/v1/products/%d/photos", p.ID), 401},
		{"another seller, photo", other, fmt.Sprintf("/api/v1/products/%d/photos", p.ID), 403},
		{"the owner, photo", owner, fmt.Sprintf("/api/v1/products/%d/photos", p.ID), 422}, // read, and not an image
	} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("photo", "foto.png")
		fw.Write(file)
		mw.Close()
		cb := &countingBody{r: &body}
		req := httptest.NewRequest("POST", c.path, cb)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		rec := httptest.NewRecorder()
		s.Config.Handler.ServeHTTP(rec, req)
		read := cb.n > 128<<10
		if rec.Code != c.want || read != (c.want == 422) {
			t.Errorf("%s: %d after reading %d bytes, want %d (body read: %v)", c.who, rec.Code, cb.n, c.want, c.want == 422)
		}
	}
}

// TestCapitalAndTurnoverArePrivate: a verified UMKM is public, its capital
// and turnover are not.
func TestCapitalAndTurnoverArePrivate(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("sari@contoh.id", platform.RoleSeller, "")
		s.MustUser("budi@contoh.id", platform.RoleSeller, "")
		s.MustUser("pembeli@contoh.id", platform.RoleBuyer, "")
		s.MustUser("dinas16@contoh.id", platform.RoleAgency, "16")
		s.MustUser("dinas32@contoh.id", platform.RoleAgency, "32")
		s.MustUser("admin@contoh.id", platform.RoleAdmin, "")
		owner := s.MustToken("sari@contoh.id")
		u := mustCreateUMKM(t, s, owner, umkmBody("Songket Sari", "1234567890123", "16.71"))
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), owner, nil, nil)
		if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), s.MustToken("dinas16@contoh.id"), nil, nil); res.StatusCode != 200 {
			t.Fatalf("verify: %d %s", res.StatusCode, res.Body)
		}
		for _, c := range []struct {
			who, token string
			private    bool
		}{
			{"anonymous", "", false}, {"a buyer", s.MustToken("pembeli@contoh.id"), false},
			{"another seller", s.MustToken("budi@contoh.id"), false}, {"another province's agency", s.MustToken("dinas32@contoh.id"), false},
			{"the owner", owner, true}, {"the agency of province 16", s.MustToken("dinas16@contoh.id"), true},
			{"an admin", s.MustToken("admin@contoh.id"), true},
		} {
			var one map[string]any
			if res := s.Do("GET", fmt.Sprintf("/api/v1/umkm/%d", u.ID), c.token, nil, &one); res.StatusCode != 200 {
				t.Fatalf("%s reads the UMKM: %d", c.who, res.StatusCode)
			}
			var list struct{ Items []map[string]any }
			s.Do("GET", "/api/v1/umkm?province=16", c.token, nil, &list)
			var inList map[string]any
			for _, it := range list.Items {
				if it["id"] == json.Number(fmt.Sprint(u.ID)) || it["id"] == float64(u.ID) {
					inList = it
				}
			}
			if inList == nil {
				t.Fatalf("%s does not see the verified UMKM in the list", c.who)
			}
			for where, body := range map[string]map[string]any{"GET one": one, "the list": inList} {
				_, capital := body["capital"]
				_, turnover := body["turnover"]
				if capital != c.private || turnover != c.private {
					t.Errorf("%s, %s: capital shown %v, turnover shown %v; want %v", c.who, where, capital, turnover, c.private)
				}
				if c.private && body["capital"] != float64(50_000_000) {
					t.Errorf("%s, %s: capital = %v, want 50000000", c.who, where, body["capital"])
				}
			}
		}
	})
}

// TestReportExportsDoNotRunFormulas: names typed by people reach the CSV
// and XLSX exports as text a spreadsheet will not run.
func TestReportExportsDoNotRunFormulas(t *testing.T) {
	s := testutil.NewServer(t, "sqlite")
	s.MustUser("dinas16@x.id", platform.RoleAgency, "16")
	agency := s.MustToken("dinas16@x.id")
	var e struct{ ID int64 }
	if res := s.Do("POST", "/api/v1/events", agency, map[string]any{"name": "@Sumsel Expo 2022", "host_province_code": "16",
		"city": "Palembang", "venue": "PSCC", "starts_on": "2022-08-12", "ends_on": "2022-08-14", "time_zone": "Asia/Jakarta"}, &e); res.StatusCode != 201 {
		t.Fatalf("create event: %d %s", res.StatusCode, res.Body)
	}
	path := fmt.Sprintf("/api/v1/events/%d", e.ID)
	const name = `=HYPERLINK("http://x")`
	var x struct{ ID int64 }
	if res := s.Do("POST", path+"/exhibitors", agency, map[string]any{"kind": "institution", "name": name}, &x); res.StatusCode != 201 {
		t.Fatalf("add exhibitor: %d %s", res.StatusCode, res.Body)
	}
	for _, st := range []string{"open", "running"} {
		s.Do("POST", path+"/status", agency, map[string]any{"status": st}, nil)
	}
	at := time.Date(2022, 8, 12, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	if res := s.Do("POST", path+"/sales/sync", agency, map[string]any{"exhibitor_id": x.ID,
		"sales": []map[string]any{sale("3f1d6c2e-0b7a-4c39-9f7e-1a2b3c4d5e01", at, "cash", map[string]any{"name": "Kartu", "quantity": 1, "price": 5000})}}, nil); res.StatusCode != 200 {
		t.Fatalf("sync: %d %s", res.StatusCode, res.Body)
	}

	res := s.Do("GET", path+"/report?format=csv", agency, nil, nil)
	rows, err := csv.NewReader(bytes.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, res.Body)
	}
	var cells []string
	for _, r := range rows {
		cells = append(cells, r...)
	}
	res = s.Do("GET", path+"/report?format=xlsx", agency, nil, nil)
	f, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatalf("XLSX: %v", err)
	}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			cells = append(cells, r...)
		}
	}
	var named, event int
	for _, c := range cells {
		if strings.ContainsAny(c[:min(len(c), 1)], "=+-@\t\r") {
			t.Errorf("an exported cell begins %q: %q", c[:1], c)
		}
		if c == "'"+name {
			named++
		}
		if c == "'@Sumsel Expo 2022" {
			event++
		}
	}
	if named < 2 || event < 2 {
		t.Errorf("the exhibitor's name appears neutralised %d times, the event's %d; want each in both exports", named, event)
	}
}
