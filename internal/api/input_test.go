package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// ---- helpers shared by the api_test files ----

// apiProblem is an RFC 9457 problem+json body as huma writes it.
type apiProblem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Errors []struct {
		Message  string `json:"message"`
		Location string `json:"location"`
	} `json:"errors"`
}

// locations lists the locations of the problem's field errors.
func (p apiProblem) locations() []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.Location)
	}
	return out
}

// hasLocation reports whether the problem names loc (e.g. "body.nib"). A
// missing required property is reported by huma on its parent ("body") with a
// message naming the property; that also counts.
func (p apiProblem) hasLocation(loc string) bool {
	if slices.Contains(p.locations(), loc) {
		return true
	}
	parent, field, ok := strings.Cut(loc, ".")
	if !ok {
		return false
	}
	for _, e := range p.Errors {
		if e.Location == parent && strings.Contains(e.Message, "required property "+field) {
			return true
		}
	}
	return false
}

// mustProblem checks that res is a problem+json answer with one of the wanted
// statuses and a status, title and detail, and returns it decoded.
func mustProblem(t *testing.T, res testutil.Response, want ...int) apiProblem {
	t.Helper()
	if !slices.Contains(want, res.StatusCode) {
		t.Fatalf("status %d, want one of %v; body: %s", res.StatusCode, want, res.Body)
	}
	if !strings.HasPrefix(res.ContentType, "application/problem+json") {
		t.Errorf("Content-Type %q, want application/problem+json; body: %s", res.ContentType, res.Body)
	}
	var p apiProblem
	if err := json.Unmarshal(res.Body, &p); err != nil {
		t.Fatalf("problem body is not JSON: %v: %s", err, res.Body)
	}
	if p.Status != res.StatusCode {
		t.Errorf("problem status %d differs from HTTP status %d", p.Status, res.StatusCode)
	}
	if p.Title == "" || p.Detail == "" {
		t.Errorf("problem lacks title or detail: %s", res.Body)
	}
	return p
}

// mustStatus fails the test unless res has one of the wanted statuses; error
// answers must also be problem+json.
func mustStatus(t *testing.T, res testutil.Response, want ...int) {
	t.Helper()
	if !slices.Contains(want, res.StatusCode) {
		t.Fatalf("status %d, want one of %v; body: %s", res.StatusCode, want, res.Body)
	}
	if res.StatusCode >= 400 {
		mustProblem(t, res, res.StatusCode)
	}
}

// tableCounts counts the rows of the tables a request could change.
func tableCounts(t *testing.T, s *testutil.Server) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"users", "umkm", "products", "product_photos", "audit_log"} {
		var n int
		if err := s.App.DB.Reader().QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

func assertSameCounts(t *testing.T, before, after map[string]int) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s rows: %d before, %d after: a refused request changed data", k, v, after[k])
		}
	}
}

// umkmBody is a valid body for POST /api/v1/umkm.
func umkmBody(name, nib, regency string) map[string]any {
	return map[string]any{"name": name, "owner_name": "Ibu Sari", "nib": nib, "regency_code": regency,
		"category": "kriya", "description": "Usaha keluarga", "whatsapp": "0812-3456-7890",
		"capital": 50_000_000, "turnover": 300_000_000}
}

// productBody is a valid body for POST /api/v1/products.
func productBody(umkmID int64, name, description, category string, price int64, halal bool) map[string]any {
	return map[string]any{"umkm_id": umkmID, "name": name, "description": description, "category": category,
		"price": price, "stock": 10, "weight_grams": 500, "halal": halal}
}

type umkmJSON struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	NIB          string `json:"nib"`
	ProvinceCode string `json:"province_code"`
	RegencyCode  string `json:"regency_code"`
	Description  string `json:"description"`
	WhatsApp     string `json:"whatsapp"`
	Status       string `json:"status"`
	RejectReason string `json:"reject_reason"`
}

type photoJSON struct {
	ID       int64  `json:"id"`
	ThumbURL string `json:"thumb_url"`
	LargeURL string `json:"large_url"`
}

type productJSON struct {
	ID          int64       `json:"id"`
	UMKMID      int64       `json:"umkm_id"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Price       int64       `json:"price"`
	Status      string      `json:"status"`
	Listed      bool        `json:"listed"`
	Photos      []photoJSON `json:"photos"`
}

type productPage struct {
	Items      []productJSON `json:"items"`
	NextCursor string        `json:"next_cursor"`
	PrevCursor string        `json:"prev_cursor"`
	Count      int           `json:"count"`
	CountMore  bool          `json:"count_more"`
	Suggestion string        `json:"suggestion"`
	Corrected  bool          `json:"corrected"`
}

type umkmPage struct {
	Items      []umkmJSON `json:"items"`
	NextCursor string     `json:"next_cursor"`
}

func mustCreateUMKM(t *testing.T, s *testutil.Server, token string, body map[string]any) umkmJSON {
	t.Helper()
	var u umkmJSON
	res := s.Do("POST", "/api/v1/umkm", token, body, &u)
	if res.StatusCode != 201 || u.ID == 0 {
		t.Fatalf("create UMKM: status %d: %s", res.StatusCode, res.Body)
	}
	return u
}

func mustCreateProduct(t *testing.T, s *testutil.Server, token string, body map[string]any) productJSON {
	t.Helper()
	var p productJSON
	res := s.Do("POST", "/api/v1/products", token, body, &p)
	if res.StatusCode != 201 || p.ID == 0 {
		t.Fatalf("create product: status %d: %s", res.StatusCode, res.Body)
	}
	return p
}

// mustTransition posts to /api/v1/umkm/{id}/{action} and requires 200.
func mustTransition(t *testing.T, s *testutil.Server, token string, id int64, action string, body any) umkmJSON {
	t.Helper()
	var u umkmJSON
	res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/%s", id, action), token, body, &u)
	if res.StatusCode != 200 {
		t.Fatalf("%s UMKM %d: status %d: %s", action, id, res.StatusCode, res.Body)
	}
	return u
}

// pngImage encodes a w×h PNG.
func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// uploadPhoto posts data as the multipart field "photo" to path.
func uploadPhoto(t *testing.T, s *testutil.Server, token, path, filename string, data []byte, out any) testutil.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("photo", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", s.URL+path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.Send(req, out)
}

func productIDs(items []productJSON) []int64 {
	ids := []int64{}
	for _, p := range items {
		ids = append(ids, p.ID)
	}
	slices.Sort(ids)
	return ids
}

func sortedIDs(ids ...int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// search runs GET /api/v1/products with params and requires 200.
func search(t *testing.T, s *testutil.Server, token string, params url.Values) productPage {
	t.Helper()
	var page productPage
	res := s.Do("GET", "/api/v1/products?"+params.Encode(), token, nil, &page)
	if res.StatusCode != 200 {
		t.Fatalf("search %s: status %d: %s", params.Encode(), res.StatusCode, res.Body)
	}
	return page
}

// ---- input validation ----

// TestBadInputIsRefusedClearly sends wrong input to every writing endpoint:
// each gets a 4xx problem+json naming the field, and nothing is stored.
func TestBadInputIsRefusedClearly(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@contoh.id", platform.RoleSeller, "")
		s.MustUser("dinas16@contoh.id", platform.RoleAgency, "16")
		seller := s.MustToken("penjual@contoh.id")
		agency := s.MustToken("dinas16@contoh.id")

		own := mustCreateUMKM(t, s, seller, umkmBody("Songket Sari", "1234567890123", "16.71"))
		prod := mustCreateProduct(t, s, seller, productBody(own.ID, "Kain Songket", "Songket lepus", "fesyen", 1_500_000, false))
		queued := mustCreateUMKM(t, s, seller, umkmBody("Pempek Sari", "1234567890124", "16.71"))
		mustTransition(t, s, seller, queued.ID, "submit", nil)

		umkmWith := func(k string, v any) map[string]any {
			b := umkmBody("Usaha Baru", "9999999999999", "16.71")
			b[k] = v
			return b
		}
		productWith := func(k string, v any) map[string]any {
			b := productBody(own.ID, "Produk Baru", "", "fesyen", 10_000, false)
			b[k] = v
			return b
		}
		validUMKM, _ := json.Marshal(umkmBody("Usaha Baru", "9999999999999", "16.71"))

		cases := []struct {
			name     string
			token    string
			method   string
			path     string
			body     any
			status   []int
			location string // a field error that must be reported; "" when none is required
		}{
			{"malformed JSON body", seller, "POST", "/api/v1/umkm", `{"name": "Usaha", "nib": `, []int{400, 422}, ""},
			{"JSON that is not an object", seller, "POST", "/api/v1/umkm", `["Usaha"]`, []int{400, 422}, ""},
			{"unknown field in UMKM body", seller, "POST", "/api/v1/umkm", umkmWith("pemilik_rahasia", "x"), []int{422}, "body.pemilik_rahasia"},
			{"capital of the wrong type", seller, "POST", "/api/v1/umkm", umkmWith("capital", "lima juta"), []int{422}, "body.capital"},
			{"NIB of 12 digits", seller, "POST", "/api/v1/umkm", umkmWith("nib", "123456789012"), []int{422}, "body.nib"},
			{"NIB with letters", seller, "POST", "/api/v1/umkm", umkmWith("nib", "12345678901AB"), []int{422}, "body.nib"},
			{"NIB of 14 digits", seller, "POST", "/api/v1/umkm", umkmWith("nib", "12345678901234"), []int{422}, "body.nib"},
			{"unknown regency 16.98", seller, "POST", "/api/v1/umkm", umkmWith("regency_code", "16.98"), []int{422}, "body.regency_code"},
			{"province_code not matching the regency", seller, "POST", "/api/v1/umkm", umkmWith("province_code", "32"), []int{422}, "body.province_code"},
			{"invalid WhatsApp number", seller, "POST", "/api/v1/umkm", umkmWith("whatsapp", "12-34"), []int{422}, "body.whatsapp"},
			{"UMKM category not in the list", seller, "POST", "/api/v1/umkm", umkmWith("category", "otomotif"), []int{422}, "body.category"},
			{"capital above Rp10 miliar is not a UMKM", seller, "POST", "/api/v1/umkm", umkmWith("capital", int64(10_000_000_001)), []int{422}, "body.capital"},
			{"turnover above Rp50 miliar is not a UMKM", seller, "POST", "/api/v1/umkm", umkmWith("turnover", int64(50_000_000_001)), []int{422}, "body.turnover"},
			{"negative capital", seller, "POST", "/api/v1/umkm", umkmWith("capital", -1), []int{422}, "body.capital"},
			{"empty UMKM name", seller, "POST", "/api/v1/umkm", umkmWith("name", ""), []int{422}, "body.name"},
			{"blank UMKM name", seller, "POST", "/api/v1/umkm", umkmWith("name", "   "), []int{422}, "body.name"},
			{"duplicate NIB", seller, "POST", "/api/v1/umkm", umkmWith("nib", own.NIB), []int{409}, "body.nib"},
			{"UMKM without login", "", "POST", "/api/v1/umkm", string(validUMKM), []int{401}, ""},
			{"PATCH UMKM with a NIB of 12 digits", seller, "PATCH", fmt.Sprintf("/api/v1/umkm/%d", own.ID), map[string]any{"nib": "123456789012"}, []int{422}, "body.nib"},
			{"PATCH UMKM to another UMKM's NIB", seller, "PATCH", fmt.Sprintf("/api/v1/umkm/%d", own.ID), map[string]any{"nib": queued.NIB}, []int{409}, "body.nib"},
			{"PATCH UMKM to unknown regency", seller, "PATCH", fmt.Sprintf("/api/v1/umkm/%d", own.ID), map[string]any{"regency_code": "16.98"}, []int{422}, "body.regency_code"},

			{"negative price", seller, "POST", "/api/v1/products", productWith("price", -500), []int{422}, "body.price"},
			{"price with a fraction 1500.5", seller, "POST", "/api/v1/products", productWith("price", 1500.5), []int{422}, "body.price"},
			{"price as a string", seller, "POST", "/api/v1/products", productWith("price", "1500"), []int{422}, "body.price"},
			{"product category not in the list", seller, "POST", "/api/v1/products", productWith("category", "otomotif"), []int{422}, "body.category"},
			{"empty product name", seller, "POST", "/api/v1/products", productWith("name", ""), []int{422}, "body.name"},
			{"unknown field in product body", seller, "POST", "/api/v1/products", productWith("diskon", 10), []int{422}, "body.diskon"},
			{"product for a UMKM that does not exist", seller, "POST", "/api/v1/products", productWith("umkm_id", 987654), []int{404, 422}, ""},
			{"PATCH product with negative stock", seller, "PATCH", fmt.Sprintf("/api/v1/products/%d", prod.ID), map[string]any{"stock": -1}, []int{422}, "body.stock"},
			{"PATCH product with unknown status", seller, "PATCH", fmt.Sprintf("/api/v1/products/%d", prod.ID), map[string]any{"status": "dijual"}, []int{422}, "body.status"},

			{"reject without reason", agency, "POST", fmt.Sprintf("/api/v1/umkm/%d/reject", queued.ID), map[string]any{}, []int{422}, "body.reason"},
			{"reject with a blank reason", agency, "POST", fmt.Sprintf("/api/v1/umkm/%d/reject", queued.ID), map[string]any{"reason": "   "}, []int{422}, "body.reason"},
			{"submit twice", seller, "POST", fmt.Sprintf("/api/v1/umkm/%d/submit", queued.ID), nil, []int{409}, ""},
			{"verify a draft", agency, "POST", fmt.Sprintf("/api/v1/umkm/%d/verify", own.ID), nil, []int{409}, ""},
			{"UMKM id that is not a number", seller, "GET", "/api/v1/umkm/abc", nil, []int{422, 400}, ""},

			{"duplicate account email", "", "POST", "/api/v1/accounts", map[string]any{"email": "PENJUAL@contoh.id", "password": "rahasia-456", "name": "Lagi", "role": "buyer"}, []int{409}, "body.email"},
			{"self-registration as admin", "", "POST", "/api/v1/accounts", map[string]any{"email": "bos@contoh.id", "password": "rahasia-456", "name": "Bos", "role": "admin"}, []int{422}, "body.role"},
			{"self-registration as agency", "", "POST", "/api/v1/accounts", map[string]any{"email": "dinas@contoh.id", "password": "rahasia-456", "name": "Dinas", "role": "agency"}, []int{422}, "body.role"},
			{"account with a short password", "", "POST", "/api/v1/accounts", map[string]any{"email": "baru@contoh.id", "password": "pendek", "name": "Baru", "role": "buyer"}, []int{422}, "body.password"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := tableCounts(t, s)
				var ownBefore, queuedBefore umkmJSON
				s.Do("GET", fmt.Sprintf("/api/v1/umkm/%d", own.ID), seller, nil, &ownBefore)
				s.Do("GET", fmt.Sprintf("/api/v1/umkm/%d", queued.ID), seller, nil, &queuedBefore)

				res := s.Do(c.method, c.path, c.token, c.body, nil)
				p := mustProblem(t, res, c.status...)
				if c.location != "" && !p.hasLocation(c.location) {
					t.Errorf("errors name %v, want %s; body: %s", p.locations(), c.location, res.Body)
				}
				for _, e := range p.Errors {
					if e.Message == "" {
						t.Errorf("field error at %s has no message", e.Location)
					}
				}

				assertSameCounts(t, before, tableCounts(t, s))
				var ownAfter, queuedAfter umkmJSON
				s.Do("GET", fmt.Sprintf("/api/v1/umkm/%d", own.ID), seller, nil, &ownAfter)
				s.Do("GET", fmt.Sprintf("/api/v1/umkm/%d", queued.ID), seller, nil, &queuedAfter)
				if ownAfter != ownBefore || queuedAfter != queuedBefore {
					t.Errorf("a refused request changed a UMKM:\n%+v → %+v\n%+v → %+v", ownBefore, ownAfter, queuedBefore, queuedAfter)
				}
			})
		}

		t.Run("login with a wrong password reads like an unknown email", func(t *testing.T) {
			wrong := mustProblem(t, s.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "penjual@contoh.id", "password": "salah-sekali"}, nil), 401)
			unknown := mustProblem(t, s.Do("POST", "/api/v1/sessions", "", map[string]string{"email": "siapa@contoh.id", "password": "salah-sekali"}, nil), 401)
			if wrong.Detail != unknown.Detail || wrong.Title != unknown.Title {
				t.Errorf("wrong password says %q/%q, unknown email %q/%q: the answer reveals which emails exist",
					wrong.Title, wrong.Detail, unknown.Title, unknown.Detail)
			}
		})
	})
}

// TestPhotoUploads checks that uploads are checked before anything is stored.
func TestPhotoUploads(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@contoh.id", platform.RoleSeller, "")
		seller := s.MustToken("penjual@contoh.id")
		u := mustCreateUMKM(t, s, seller, umkmBody("Songket Sari", "1234567890123", "16.71"))
		p := mustCreateProduct(t, s, seller, productBody(u.ID, "Kain Songket", "", "fesyen", 1_500_000, false))
		path := fmt.Sprintf("/api/v1/products/%d/photos", p.ID)

		photoCount := func() int {
			var got productJSON
			if res := s.Do("GET", fmt.Sprintf("/api/v1/products/%d", p.ID), seller, nil, &got); res.StatusCode != 200 {
				t.Fatalf("get product: %d %s", res.StatusCode, res.Body)
			}
			return len(got.Photos)
		}

		t.Run("upload above 10 MB is refused with a 4xx", func(t *testing.T) {
			before := tableCounts(t, s)
			big := make([]byte, 11<<20)
			copy(big, pngImage(t, 200, 150))
			res := uploadPhoto(t, s, seller, path, "besar.png", big, nil)
			// 413 is the right answer; 400/422 still refuse it for what it is.
			// 401/403/404 would mean the upload was refused for another reason.
			if res.StatusCode != 413 {
				t.Logf("oversized upload answered %d rather than 413", res.StatusCode)
			}
			mustProblem(t, res, 400, 413, 422)
			if n := photoCount(); n != 0 {
				t.Errorf("product has %d photos after a refused upload", n)
			}
			assertSameCounts(t, before, tableCounts(t, s))
		})

		t.Run("text file named x.jpg is refused in Indonesian", func(t *testing.T) {
			before := tableCounts(t, s)
			res := uploadPhoto(t, s, seller, path, "x.jpg", []byte(strings.Repeat("ini bukan foto, hanya teks biasa\n", 50)), nil)
			prob := mustProblem(t, res, 400, 415, 422)
			msg := prob.Detail
			for _, e := range prob.Errors {
				msg += " " + e.Message
			}
			if !strings.Contains(strings.ToLower(msg), "gambar") {
				t.Errorf("message %q does not say the file is not an image (gambar)", msg)
			}
			if n := photoCount(); n != 0 {
				t.Errorf("product has %d photos after a refused upload", n)
			}
			assertSameCounts(t, before, tableCounts(t, s))
		})

		t.Run("upload without the photo field is refused", func(t *testing.T) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("caption", "tanpa foto")
			mw.Close()
			req, _ := http.NewRequest("POST", s.URL+path, &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Authorization", "Bearer "+seller)
			res := s.Send(req, nil)
			mustProblem(t, res, 400, 422)
			if n := photoCount(); n != 0 {
				t.Errorf("product has %d photos after a refused upload", n)
			}
		})

		t.Run("small PNG becomes a photo with a JPEG thumbnail", func(t *testing.T) {
			var got productJSON
			res := uploadPhoto(t, s, seller, path, "songket.png", pngImage(t, 200, 150), &got)
			if res.StatusCode != 201 {
				t.Fatalf("status %d, want 201: %s", res.StatusCode, res.Body)
			}
			if len(got.Photos) != 1 {
				t.Fatalf("answer has %d photos, want 1: %s", len(got.Photos), res.Body)
			}
			for _, u := range []string{got.Photos[0].ThumbURL, got.Photos[0].LargeURL} {
				req, _ := http.NewRequest("GET", s.URL+u, nil)
				img := s.Send(req, nil)
				if img.StatusCode != 200 || img.ContentType != "image/jpeg" {
					t.Fatalf("GET %s: status %d, Content-Type %q; want 200 image/jpeg", u, img.StatusCode, img.ContentType)
				}
				if _, format, err := image.DecodeConfig(bytes.NewReader(img.Body)); err != nil || format != "jpeg" {
					t.Errorf("GET %s is not a JPEG: format %q, %v", u, format, err)
				}
			}
			if n := photoCount(); n != 1 {
				t.Errorf("product has %d photos, want 1", n)
			}
		})
	})
}

// TestSearchQueryErrors checks the query parameters of the two list endpoints.
func TestSearchQueryErrors(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		cases := []struct {
			name     string
			path     string
			location string
		}{
			{"min_price that is not a number", "/api/v1/products?min_price=abc", "query.min_price"},
			{"max_price with a fraction", "/api/v1/products?max_price=1500.5", "query.max_price"},
			{"negative min_price", "/api/v1/products?min_price=-1", "query.min_price"},
			{"min_price above max_price", "/api/v1/products?min_price=50000&max_price=1000", "query.max_price"},
			{"unknown province 99", "/api/v1/products?province=99", "query.province"},
			{"unknown regency 16.98", "/api/v1/products?regency=16.98", "query.regency"},
			{"unknown category", "/api/v1/products?category=otomotif", "query.category"},
			{"halal that is not true or false", "/api/v1/products?halal=mungkin", "query.halal"},
			{"unknown sort", "/api/v1/products?q=kopi&sort=murah", "query.sort"},
			{"limit 500", "/api/v1/products?limit=500", "query.limit"},
			{"negative limit", "/api/v1/products?limit=-1", "query.limit"},
			{"bad product cursor", "/api/v1/products?cursor=bukan-kursor!!", ""},
			{"product cursor of valid base64 but not JSON", "/api/v1/products?cursor=aGFsbw", ""},
			{"product cursor with a tier that does not exist", "/api/v1/products?q=songket&cursor=" + cursorOf(`{"t":9}`), ""},
			{"product cursor with a negative id", "/api/v1/products?cursor=" + cursorOf(`{"a":-5}`), ""},
			{"bad UMKM cursor", "/api/v1/umkm?cursor=bukan-kursor!!", ""},
			{"UMKM list of unknown province", "/api/v1/umkm?province=99", "query.province"},
			{"UMKM list of unknown status", "/api/v1/umkm?status=aktif", "query.status"},
			{"UMKM list limit 500", "/api/v1/umkm?limit=500", "query.limit"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res := s.Do("GET", c.path, "", nil, nil)
				p := mustProblem(t, res, 400, 422)
				if c.location != "" && !p.hasLocation(c.location) {
					t.Errorf("errors name %v, want %s; body: %s", p.locations(), c.location, res.Body)
				}
			})
		}
	})
}

func cursorOf(raw string) string { return base64.RawURLEncoding.EncodeToString([]byte(raw)) }

// TestSearchFindsWhatBuyersMean checks stemming and each filter on a small catalogue.
func TestSearchFindsWhatBuyersMean(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("palembang@contoh.id", platform.RoleSeller, "")
		s.MustUser("bandung@contoh.id", platform.RoleSeller, "")
		s.MustUser("belum@contoh.id", platform.RoleSeller, "")
		s.MustUser("admin@contoh.id", platform.RoleAdmin, "")
		plg := s.MustToken("palembang@contoh.id")
		bdg := s.MustToken("bandung@contoh.id")
		belum := s.MustToken("belum@contoh.id")
		admin := s.MustToken("admin@contoh.id")

		uPlg := mustCreateUMKM(t, s, plg, umkmBody("Rumah Songket Palembang", "1600000000001", "16.71"))
		uPrabu := mustCreateUMKM(t, s, plg, umkmBody("Dapur Prabumulih", "1600000000002", "16.74"))
		uBdg := mustCreateUMKM(t, s, bdg, umkmBody("Saung Rotan Bandung", "3200000000001", "32.73"))
		uBelum := mustCreateUMKM(t, s, belum, umkmBody("Tenun Belum Terverifikasi", "1600000000003", "16.71"))
		for _, u := range []umkmJSON{uPlg, uPrabu, uBdg} {
			tok := plg
			if u.ID == uBdg.ID {
				tok = bdg
			}
			mustTransition(t, s, tok, u.ID, "submit", nil)
			mustTransition(t, s, admin, u.ID, "verify", nil)
		}
		mustTransition(t, s, belum, uBelum.ID, "submit", nil)

		songket := mustCreateProduct(t, s, plg, productBody(uPlg.ID, "Kain Songket Lepus", "Songket ditenun tangan dengan benang emas", "fesyen", 1_500_000, false))
		pempek := mustCreateProduct(t, s, plg, productBody(uPrabu.ID, "Pempek Kapal Selam", "Ikan tenggiri segar", "kuliner", 50_000, true))
		rotan := mustCreateProduct(t, s, bdg, productBody(uBdg.ID, "Keranjang Anyaman", "Hasil kerajinan rotan dari Bandung", "kriya", 250_000, false))
		keripik := mustCreateProduct(t, s, bdg, productBody(uBdg.ID, "Keripik Tempe", "Camilan gurih", "kuliner", 15_000, true))
		draft := productBody(uPlg.ID, "Selendang Tenun", "Ditenun tangan, belum dijual", "fesyen", 700_000, false)
		draft["status"] = "draft"
		mustCreateProduct(t, s, plg, draft)
		hidden := mustCreateProduct(t, s, belum, productBody(uBelum.ID, "Sarung Tenun", "Ditenun tangan", "fesyen", 400_000, false))

		cases := []struct {
			name   string
			params url.Values
			want   []int64
		}{
			{"menenun finds what is described as ditenun", url.Values{"q": {"menenun"}}, []int64{songket.ID}},
			{"perajin finds what is described as kerajinan", url.Values{"q": {"perajin"}}, []int64{rotan.ID}},
			{"q matches the name too", url.Values{"q": {"pempek"}}, []int64{pempek.ID}},
			{"a word nobody uses finds nothing", url.Values{"q": {"komputer"}}, []int64{}},
			{"browse without filters lists every listed product", url.Values{}, []int64{songket.ID, pempek.ID, rotan.ID, keripik.ID}},
			{"province 16 only", url.Values{"province": {"16"}}, []int64{songket.ID, pempek.ID}},
			{"province 32 only", url.Values{"province": {"32"}}, []int64{rotan.ID, keripik.ID}},
			{"regency 16.74 only", url.Values{"regency": {"16.74"}}, []int64{pempek.ID}},
			{"regency 32.73 only", url.Values{"regency": {"32.73"}}, []int64{rotan.ID, keripik.ID}},
			{"category kuliner only", url.Values{"category": {"kuliner"}}, []int64{pempek.ID, keripik.ID}},
			{"halal true only", url.Values{"halal": {"true"}}, []int64{pempek.ID, keripik.ID}},
			{"halal false only", url.Values{"halal": {"false"}}, []int64{songket.ID, rotan.ID}},
			{"min_price 250000 includes the boundary", url.Values{"min_price": {"250000"}}, []int64{songket.ID, rotan.ID}},
			{"max_price 50000 includes the boundary", url.Values{"max_price": {"50000"}}, []int64{pempek.ID, keripik.ID}},
			{"price between 20000 and 300000", url.Values{"min_price": {"20000"}, "max_price": {"300000"}}, []int64{pempek.ID, rotan.ID}},
			{"filters combine: kuliner in province 32", url.Values{"category": {"kuliner"}, "province": {"32"}}, []int64{keripik.ID}},
			{"filters combine with text: tenun in province 32", url.Values{"q": {"tenun"}, "province": {"32"}}, []int64{}},
			{"umkm_id narrows to one seller", url.Values{"umkm_id": {strconv.FormatInt(uBdg.ID, 10)}}, []int64{rotan.ID, keripik.ID}},
			{"unverified UMKM's product is not found by its own words", url.Values{"q": {"sarung"}}, []int64{}},
			{"words across product and seller's place", url.Values{"q": {"pempek prabumulih"}}, []int64{pempek.ID}},
			{"a province's name", url.Values{"q": {"keripik jawa barat"}}, []int64{keripik.ID}},
			{"a variant spelling", url.Values{"q": {"kripik"}}, []int64{keripik.ID}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, tok := range []string{"", belum} {
					page := search(t, s, tok, c.params)
					if got := productIDs(page.Items); !slices.Equal(got, sortedIDs(c.want...)) {
						t.Errorf("got ids %v, want %v", got, sortedIDs(c.want...))
					}
					for _, p := range page.Items {
						if !p.Listed || p.Status != "active" {
							t.Errorf("search shows product %d with status %s, listed %v", p.ID, p.Status, p.Listed)
						}
					}
				}
			})
		}

		t.Run("sorted by price, counted, and a typo corrected", func(t *testing.T) {
			page := search(t, s, "", url.Values{"sort": {"price_desc"}})
			var got []int64
			for _, p := range page.Items {
				got = append(got, p.ID)
			}
			if !slices.Equal(got, []int64{songket.ID, rotan.ID, pempek.ID, keripik.ID}) || page.Count != 4 || page.CountMore {
				t.Errorf("sort=price_desc: %v (count %d), want dearest first", got, page.Count)
			}
			page = search(t, s, "", url.Values{"q": {"pmpek"}})
			if got := productIDs(page.Items); !slices.Equal(got, []int64{pempek.ID}) || page.Suggestion != "pempek" || !page.Corrected {
				t.Errorf("q=pmpek: %v, suggestion %q corrected %v; want pempek's results", got, page.Suggestion, page.Corrected)
			}
		})

		t.Run("the unverified UMKM's product stays unlisted", func(t *testing.T) {
			var p productJSON
			if res := s.Do("GET", fmt.Sprintf("/api/v1/products/%d", hidden.ID), belum, nil, &p); res.StatusCode != 200 {
				t.Fatalf("owner cannot read own product: %d %s", res.StatusCode, res.Body)
			}
			if p.Listed {
				t.Errorf("product of a submitted UMKM is listed")
			}
			mustProblem(t, s.Do("GET", fmt.Sprintf("/api/v1/products/%d", hidden.ID), "", nil, nil), 404)
		})
	})
}

// TestSearchPagination walks 45 listed products in pages of 20.
func TestSearchPagination(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		s.MustUser("penjual@contoh.id", platform.RoleSeller, "")
		s.MustUser("admin@contoh.id", platform.RoleAdmin, "")
		seller := s.MustToken("penjual@contoh.id")
		admin := s.MustToken("admin@contoh.id")
		u := mustCreateUMKM(t, s, seller, umkmBody("Batik Sari", "1234567890123", "16.71"))
		mustTransition(t, s, seller, u.ID, "submit", nil)
		mustTransition(t, s, admin, u.ID, "verify", nil)
		all := map[int64]bool{}
		for i := range 45 {
			p := mustCreateProduct(t, s, seller, productBody(u.ID, fmt.Sprintf("Kain Batik Motif %d", i+1),
				"Batik tulis pewarna alami", "fesyen", int64(100_000+i*1000), false))
			all[p.ID] = true
		}

		for _, c := range []struct {
			name   string
			params url.Values
		}{
			{"text query batik", url.Values{"q": {"batik"}}},
			{"browsing without q", url.Values{}},
		} {
			t.Run(c.name, func(t *testing.T) {
				seen := map[int64]bool{}
				var sizes []int
				var pages [][]int64
				cursor, last := "", ""
				for page := 0; page < 5; page++ {
					params := url.Values{"limit": {"20"}}
					for k, v := range c.params {
						params[k] = v
					}
					if cursor != "" {
						params.Set("cursor", cursor)
					}
					res := search(t, s, "", params)
					sizes = append(sizes, len(res.Items))
					if res.Count != len(all) || res.CountMore || (cursor == "") != (res.PrevCursor == "") {
						t.Errorf("page %d: count %d, prev_cursor %q", page+1, res.Count, res.PrevCursor)
					}
					pages = append(pages, productIDs(res.Items))
					for i, p := range res.Items {
						if seen[p.ID] {
							t.Errorf("product %d appears on two pages", p.ID)
						}
						seen[p.ID] = true
						if c.params.Get("q") == "" && i > 0 && p.ID > res.Items[i-1].ID {
							t.Errorf("browsing is not newest first: %d after %d", p.ID, res.Items[i-1].ID)
						}
					}
					last, cursor = cursor, res.NextCursor
					if cursor == "" {
						break
					}
				}
				if !slices.Equal(sizes, []int{20, 20, 5}) {
					t.Errorf("page sizes %v, want [20 20 5] ending with an empty next_cursor", sizes)
				}
				// Back from the last page by prev_cursor: the same pages.
				params := url.Values{"limit": {"20"}, "cursor": {last}}
				for k, v := range c.params {
					params[k] = v
				}
				res := search(t, s, "", params)
				for i := len(pages) - 2; i >= 0; i-- {
					params.Set("cursor", res.PrevCursor)
					res = search(t, s, "", params)
					if got := productIDs(res.Items); !slices.Equal(got, pages[i]) {
						t.Errorf("back to page %d: %v, want %v", i+1, got, pages[i])
					}
				}
				if res.PrevCursor != "" {
					t.Error("back on the first page, prev_cursor is still set")
				}
				if len(seen) != len(all) {
					t.Errorf("pages held %d distinct products, want %d", len(seen), len(all))
				}
				for id := range all {
					if !seen[id] {
						t.Errorf("product %d never shown", id)
					}
				}
			})
		}

		t.Run("exactly one full page has no next cursor", func(t *testing.T) {
			res := search(t, s, "", url.Values{"limit": {"45"}})
			if len(res.Items) != 45 || res.NextCursor != "" {
				t.Errorf("limit=45 over 45 products: %d items, next_cursor %q; want 45 and none", len(res.Items), res.NextCursor)
			}
		})
	})
}
