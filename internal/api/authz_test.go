package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// authzWorld is two sellers with a UMKM each in different provinces, the
// agencies of both provinces, an admin, a buyer and an anonymous visitor.
type authzWorld struct {
	t   *testing.T
	s   *testutil.Server
	tok map[string]string // actor name → bearer token ("" for anonymous)
	id  map[string]int64  // actor name → user id

	a, b   umkmJSON    // A: seller A's UMKM in 16.71 Palembang; B: seller B's in 32.73 Bandung
	pA, pB productJSON // one active product each

	// auditA is what GET /umkm/{A}/audit must show: every successful change, in order.
	auditA []auditWant
}

type auditWant struct{ action, actor string }

type auditJSON struct {
	ID      int64  `json:"id"`
	ActorID int64  `json:"actor_id"`
	Action  string `json:"action"`
}

// everyone is every actor, in the order the matrices run them.
var everyone = []string{"sellerA", "sellerB", "agency16", "agency32", "admin", "buyer", "anonymous"}

func newAuthzWorld(t *testing.T, s *testutil.Server) *authzWorld {
	w := &authzWorld{t: t, s: s, tok: map[string]string{"anonymous": ""}, id: map[string]int64{}}
	users := []struct {
		name, email string
		role        platform.Role
		prov        string
	}{
		{"sellerA", "seller.a@contoh.id", platform.RoleSeller, ""},
		{"sellerB", "seller.b@contoh.id", platform.RoleSeller, ""},
		{"agency16", "dinas16@contoh.id", platform.RoleAgency, "16"},
		{"agency32", "dinas32@contoh.id", platform.RoleAgency, "32"},
		{"admin", "admin@contoh.id", platform.RoleAdmin, ""},
		{"buyer", "pembeli@contoh.id", platform.RoleBuyer, ""},
	}
	for _, u := range users {
		w.id[u.name] = s.MustUser(u.email, u.role, u.prov).ID
		w.tok[u.name] = s.MustToken(u.email)
	}
	w.a = mustCreateUMKM(t, s, w.tok["sellerA"], umkmBody("Songket Palembang Ibu Sari", "1671000000001", "16.71"))
	w.b = mustCreateUMKM(t, s, w.tok["sellerB"], umkmBody("Rotan Bandung Pak Asep", "3273000000001", "32.73"))
	w.auditA = append(w.auditA, auditWant{"create", "sellerA"})
	w.pA = mustCreateProduct(t, s, w.tok["sellerA"], productBody(w.a.ID, "Kain Songket Lepus", "Songket ditenun tangan", "fesyen", 1_500_000, false))
	w.pB = mustCreateProduct(t, s, w.tok["sellerB"], productBody(w.b.ID, "Keranjang Rotan", "Hasil kerajinan rotan", "kriya", 250_000, false))
	return w
}

func (w *authzWorld) do(t *testing.T, actor, method, path string, body, out any) testutil.Response {
	t.Helper()
	tok, ok := w.tok[actor]
	if !ok {
		t.Fatalf("unknown actor %q", actor)
	}
	return w.s.Do(method, path, tok, body, out)
}

// umkm re-reads a UMKM as the admin.
func (w *authzWorld) umkm(t *testing.T, id int64) umkmJSON {
	t.Helper()
	var u umkmJSON
	if res := w.s.Do("GET", fmt.Sprintf("/api/v1/umkm/%d", id), w.tok["admin"], nil, &u); res.StatusCode != 200 {
		t.Fatalf("admin GET UMKM %d: %d %s", id, res.StatusCode, res.Body)
	}
	return u
}

// product re-reads a product as the admin.
func (w *authzWorld) product(t *testing.T, id int64) productJSON {
	t.Helper()
	var p productJSON
	if res := w.s.Do("GET", fmt.Sprintf("/api/v1/products/%d", id), w.tok["admin"], nil, &p); res.StatusCode != 200 {
		t.Fatalf("admin GET product %d: %d %s", id, res.StatusCode, res.Body)
	}
	return p
}

func (w *authzWorld) productCount(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.s.App.DB.Reader().QueryRow(context.Background(), "SELECT COUNT(*) FROM products").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// hiddenLike checks that a refused read of an existing private record looks
// exactly like a read of a record that does not exist.
func hiddenLike(t *testing.T, got, missing testutil.Response) {
	t.Helper()
	if got.StatusCode != missing.StatusCode || string(got.Body) != string(missing.Body) {
		t.Errorf("refusal differs from a missing record, so existence leaks:\n got     %d %s\n missing %d %s",
			got.StatusCode, got.Body, missing.StatusCode, missing.Body)
	}
}

// TestAuthorizationMatrix runs every role against every other role's records
// through the life of a UMKM: draft, submitted, verified.
func TestAuthorizationMatrix(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newAuthzWorld(t, s)
		umkmA := fmt.Sprintf("/api/v1/umkm/%d", w.a.ID)
		umkmB := fmt.Sprintf("/api/v1/umkm/%d", w.b.ID)
		prodA := fmt.Sprintf("/api/v1/products/%d", w.pA.ID)

		t.Run("draft", func(t *testing.T) { w.privateReads(t, "draft") })
		t.Run("draft/PATCH UMKM", func(t *testing.T) { w.patchUMKM(t) })
		t.Run("draft/catalogue of another seller", func(t *testing.T) { w.foreignCatalogue(t, false) })
		t.Run("draft/owner runs own catalogue", func(t *testing.T) { w.ownCatalogue(t) })

		t.Run("submit", func(t *testing.T) {
			for _, c := range []struct {
				actor string
				want  []int
			}{
				{"sellerB", []int{403, 404}},
				{"agency32", []int{403, 404}},
				// policy.go: an agency does not submit on a seller's behalf.
				{"agency16", []int{403}},
				{"buyer", []int{403, 404}},
				{"anonymous", []int{401, 404}},
			} {
				t.Run(c.actor+" may not submit A", func(t *testing.T) {
					mustStatus(t, w.do(t, c.actor, "POST", umkmA+"/submit", nil, nil), c.want...)
					if got := w.umkm(t, w.a.ID).Status; got != "draft" {
						t.Errorf("status after a refused submit is %s, want draft", got)
					}
				})
			}
			t.Run("owner submits A", func(t *testing.T) {
				u := mustTransition(t, s, w.tok["sellerA"], w.a.ID, "submit", nil)
				w.auditA = append(w.auditA, auditWant{"submit", "sellerA"})
				if u.Status != "submitted" {
					t.Errorf("status %s, want submitted", u.Status)
				}
			})
			mustTransition(t, s, w.tok["sellerB"], w.b.ID, "submit", nil)
		})

		t.Run("submitted", func(t *testing.T) { w.privateReads(t, "submitted") })

		t.Run("submitted/list visibility", func(t *testing.T) {
			for _, c := range []struct {
				actor string
				want  []int64
			}{
				{"agency16", []int64{w.a.ID}},
				{"agency32", []int64{w.b.ID}},
				{"sellerA", []int64{w.a.ID}},
				{"sellerB", []int64{w.b.ID}},
				{"admin", []int64{w.a.ID, w.b.ID}},
				{"buyer", []int64{}},
				{"anonymous", []int64{}},
			} {
				t.Run(c.actor+" lists submitted UMKM", func(t *testing.T) {
					var page umkmPage
					mustStatus(t, w.do(t, c.actor, "GET", "/api/v1/umkm?status=submitted", nil, &page), 200)
					var got []int64
					for _, u := range page.Items {
						got = append(got, u.ID)
					}
					if !slices.Equal(sortedIDs(got...), sortedIDs(c.want...)) {
						t.Errorf("got UMKM %v, want %v", got, c.want)
					}
				})
			}
			t.Run("agency16 asking for province 32 sees nothing private", func(t *testing.T) {
				var page umkmPage
				mustStatus(t, w.do(t, "agency16", "GET", "/api/v1/umkm?status=submitted&province=32", nil, &page), 200)
				if len(page.Items) != 0 {
					t.Errorf("agency of 16 sees %d submitted UMKM of province 32", len(page.Items))
				}
			})
			t.Run("sellerA asking for mine sees only A", func(t *testing.T) {
				var page umkmPage
				mustStatus(t, w.do(t, "sellerA", "GET", "/api/v1/umkm?mine=true", nil, &page), 200)
				if len(page.Items) != 1 || page.Items[0].ID != w.a.ID {
					t.Errorf("mine=true lists %+v, want only UMKM %d", page.Items, w.a.ID)
				}
			})
		})

		t.Run("submitted/verify and reject", func(t *testing.T) {
			for _, action := range []string{"verify", "reject"} {
				for _, c := range []struct {
					actor string
					want  []int
				}{
					{"sellerA", []int{403}}, // the owner sees it, and may not judge it
					{"sellerB", []int{403, 404}},
					{"agency32", []int{403, 404}},
					{"buyer", []int{403, 404}},
					{"anonymous", []int{401, 404}},
				} {
					t.Run(c.actor+" may not "+action+" A", func(t *testing.T) {
						mustStatus(t, w.do(t, c.actor, "POST", umkmA+"/"+action, map[string]string{"reason": "Dokumen palsu"}, nil), c.want...)
						if got := w.umkm(t, w.a.ID).Status; got != "submitted" {
							t.Errorf("status after a refused %s is %s, want submitted", action, got)
						}
					})
				}
				t.Run("agency16 may not "+action+" B of province 32", func(t *testing.T) {
					mustStatus(t, w.do(t, "agency16", "POST", umkmB+"/"+action, map[string]string{"reason": "Dokumen palsu"}, nil), 403, 404)
					if got := w.umkm(t, w.b.ID).Status; got != "submitted" {
						t.Errorf("status after a refused %s is %s, want submitted", action, got)
					}
				})
			}

			t.Run("agency16 may not move A to Bandung", func(t *testing.T) {
				before := w.umkm(t, w.a.ID)
				mustStatus(t, w.do(t, "agency16", "PATCH", umkmA, map[string]string{"regency_code": "32.73"}, nil), 400, 403, 422)
				if after := w.umkm(t, w.a.ID); after != before {
					t.Errorf("UMKM changed by a refused move: %+v → %+v", before, after)
				}
			})

			t.Run("admin rejects B with a reason the owner can read", func(t *testing.T) {
				var got umkmJSON
				mustStatus(t, w.do(t, "admin", "POST", umkmB+"/reject", map[string]string{"reason": "Foto KTP buram"}, &got), 200)
				if got.Status != "rejected" || got.RejectReason != "Foto KTP buram" {
					t.Errorf("after reject: status %q, reason %q", got.Status, got.RejectReason)
				}
				var own umkmJSON
				mustStatus(t, w.do(t, "sellerB", "GET", umkmB, nil, &own), 200)
				if own.RejectReason != "Foto KTP buram" {
					t.Errorf("owner reads reason %q", own.RejectReason)
				}
				if u := mustTransition(t, s, w.tok["sellerB"], w.b.ID, "submit", nil); u.Status != "submitted" {
					t.Errorf("resubmitted B is %s", u.Status)
				}
			})

			t.Run("agency16 verifies A", func(t *testing.T) {
				u := mustTransition(t, s, w.tok["agency16"], w.a.ID, "verify", nil)
				w.auditA = append(w.auditA, auditWant{"verify", "agency16"})
				if u.Status != "verified" {
					t.Errorf("status %s, want verified", u.Status)
				}
			})
			t.Run("verifying twice is a conflict", func(t *testing.T) {
				mustStatus(t, w.do(t, "admin", "POST", umkmA+"/verify", nil, nil), 409)
			})
		})

		t.Run("verified is public", func(t *testing.T) {
			if w.umkm(t, w.a.ID).Status != "verified" {
				t.Fatal("A is not verified: the rest of the matrix cannot run")
			}
			for _, actor := range everyone {
				t.Run(actor+" reads A and its product", func(t *testing.T) {
					var u umkmJSON
					mustStatus(t, w.do(t, actor, "GET", umkmA, nil, &u), 200)
					var p productJSON
					mustStatus(t, w.do(t, actor, "GET", prodA, nil, &p), 200)
					if u.Status != "verified" || !p.Listed {
						t.Errorf("UMKM status %s, product listed %v", u.Status, p.Listed)
					}
				})
			}
			t.Run("A's product is found by search", func(t *testing.T) {
				page := search(t, s, "", url.Values{"q": {"songket"}})
				if ids := productIDs(page.Items); !slices.Equal(ids, []int64{w.pA.ID}) {
					t.Errorf("q=songket finds %v, want [%d]", ids, w.pA.ID)
				}
			})
			t.Run("A is in the public UMKM list and B is not", func(t *testing.T) {
				for _, actor := range []string{"anonymous", "buyer"} {
					var page umkmPage
					mustStatus(t, w.do(t, actor, "GET", "/api/v1/umkm", nil, &page), 200)
					var got []int64
					for _, u := range page.Items {
						got = append(got, u.ID)
					}
					if !slices.Equal(got, []int64{w.a.ID}) {
						t.Errorf("%s lists UMKM %v, want only [%d]", actor, got, w.a.ID)
					}
				}
			})
			t.Run("B's product never appears in search", func(t *testing.T) {
				for _, q := range []url.Values{{"q": {"rotan"}}, {"q": {"keranjang"}}, {}, {"umkm_id": {strconv.FormatInt(w.b.ID, 10)}}} {
					for _, actor := range []string{"anonymous", "sellerB", "agency32", "admin"} {
						page := search(t, s, w.tok[actor], q)
						if slices.Contains(productIDs(page.Items), w.pB.ID) {
							t.Errorf("search %q as %s shows the product of a submitted UMKM", q.Encode(), actor)
						}
					}
				}
				var p productJSON
				mustStatus(t, w.do(t, "sellerB", "GET", fmt.Sprintf("/api/v1/products/%d", w.pB.ID), nil, &p), 200)
				if p.Listed {
					t.Error("product of a submitted UMKM reports listed=true")
				}
			})
			t.Run("agency16's queue is empty once A is verified", func(t *testing.T) {
				var page umkmPage
				mustStatus(t, w.do(t, "agency16", "GET", "/api/v1/umkm?status=submitted", nil, &page), 200)
				if len(page.Items) != 0 {
					t.Errorf("agency 16 still sees %d submitted UMKM", len(page.Items))
				}
			})
		})

		t.Run("verified/audit is still private", func(t *testing.T) {
			for _, c := range []struct {
				actor string
				want  []int
			}{
				{"sellerB", []int{403, 404}},
				{"agency32", []int{403, 404}},
				{"buyer", []int{403, 404}},
				{"anonymous", []int{401, 403, 404}},
			} {
				t.Run(c.actor+" may not read A's audit", func(t *testing.T) {
					mustStatus(t, w.do(t, c.actor, "GET", umkmA+"/audit", nil, nil), c.want...)
				})
			}
		})

		t.Run("verified/PATCH UMKM of another", func(t *testing.T) {
			for _, c := range []struct {
				actor string
				want  []int
			}{
				{"sellerB", []int{403}},
				{"agency32", []int{403}},
				{"buyer", []int{403}},
				{"anonymous", []int{401}},
			} {
				t.Run(c.actor+" may not change verified A", func(t *testing.T) {
					before := w.umkm(t, w.a.ID)
					mustStatus(t, w.do(t, c.actor, "PATCH", umkmA, map[string]string{"name": "Diambil alih " + c.actor}, nil), c.want...)
					if after := w.umkm(t, w.a.ID); after != before {
						t.Errorf("UMKM changed by a refused PATCH: %+v → %+v", before, after)
					}
				})
			}
		})

		t.Run("verified/catalogue of another seller", func(t *testing.T) { w.foreignCatalogue(t, true) })

		t.Run("verified/owner edits description and stays verified", func(t *testing.T) {
			var u umkmJSON
			mustStatus(t, w.do(t, "sellerA", "PATCH", umkmA, map[string]string{"description": "Songket asli Palembang"}, &u), 200)
			w.auditA = append(w.auditA, auditWant{"update", "sellerA"})
			if u.Status != "verified" || u.Description != "Songket asli Palembang" {
				t.Errorf("after description edit: status %s, description %q", u.Status, u.Description)
			}
		})

		t.Run("audit shows every change with its actor", func(t *testing.T) { w.checkAudit(t) })

		t.Run("verified/owner edits NIB and goes back to the queue", func(t *testing.T) {
			var u umkmJSON
			mustStatus(t, w.do(t, "sellerA", "PATCH", umkmA, map[string]string{"nib": "1671000000009"}, &u), 200)
			w.auditA = append(w.auditA, auditWant{"update", "sellerA"})
			if u.Status != "submitted" || u.NIB != "1671000000009" {
				t.Errorf("after NIB edit: status %s, NIB %s; want submitted with the new NIB", u.Status, u.NIB)
			}
			if page := search(t, s, "", url.Values{"q": {"songket"}}); len(page.Items) != 0 {
				t.Errorf("search still shows %d products of a UMKM waiting for re-verification", len(page.Items))
			}
			if p := w.product(t, w.pA.ID); p.Listed {
				t.Error("product still listed after its UMKM went back to submitted")
			}
			mustProblem(t, w.do(t, "anonymous", "GET", umkmA, nil, nil), 401, 404)
			mustProblem(t, w.do(t, "anonymous", "GET", prodA, nil, nil), 401, 404)
			var page umkmPage
			mustStatus(t, w.do(t, "agency16", "GET", "/api/v1/umkm?status=submitted", nil, &page), 200)
			if len(page.Items) != 1 || page.Items[0].ID != w.a.ID {
				t.Errorf("agency 16's queue holds %+v, want A again", page.Items)
			}
			w.checkAudit(t)
		})
	})
}

// privateReads: while A and B are not verified only the owner, the agency of
// the province and the admin see them; to everybody else they do not exist.
func (w *authzWorld) privateReads(t *testing.T, status string) {
	missing := w.s.Do("GET", "/api/v1/umkm/987654", w.tok["buyer"], nil, nil)
	missingAnon := w.s.Do("GET", "/api/v1/umkm/987654", "", nil, nil)
	missingProduct := w.s.Do("GET", "/api/v1/products/987654", w.tok["buyer"], nil, nil)
	for _, rec := range []struct {
		label      string
		umkm       umkmJSON
		product    productJSON
		allowed    []string
		notAllowed []string
	}{
		{"A", w.a, w.pA, []string{"sellerA", "agency16", "admin"}, []string{"sellerB", "agency32", "buyer"}},
		{"B", w.b, w.pB, []string{"sellerB", "agency32", "admin"}, []string{"sellerA", "agency16", "buyer"}},
	} {
		path := fmt.Sprintf("/api/v1/umkm/%d", rec.umkm.ID)
		ppath := fmt.Sprintf("/api/v1/products/%d", rec.product.ID)
		for _, actor := range rec.allowed {
			t.Run(actor+" reads "+status+" "+rec.label, func(t *testing.T) {
				var u umkmJSON
				mustStatus(t, w.do(t, actor, "GET", path, nil, &u), 200)
				if u.Status != status || u.ID != rec.umkm.ID {
					t.Errorf("got UMKM %d in %s, want %d in %s", u.ID, u.Status, rec.umkm.ID, status)
				}
				var p productJSON
				mustStatus(t, w.do(t, actor, "GET", ppath, nil, &p), 200)
				if p.Listed {
					t.Errorf("product of a %s UMKM is listed", status)
				}
				var trail []auditJSON
				mustStatus(t, w.do(t, actor, "GET", path+"/audit", nil, &trail), 200)
				if len(trail) == 0 || trail[0].Action != "create" {
					t.Errorf("audit trail %+v does not start with create", trail)
				}
			})
		}
		for _, actor := range rec.notAllowed {
			t.Run(actor+" cannot see "+status+" "+rec.label, func(t *testing.T) {
				res := w.do(t, actor, "GET", path, nil, nil)
				mustProblem(t, res, 404)
				hiddenLike(t, res, missing)
				pres := w.do(t, actor, "GET", ppath, nil, nil)
				mustProblem(t, pres, 404)
				hiddenLike(t, pres, missingProduct)
				mustProblem(t, w.do(t, actor, "GET", path+"/audit", nil, nil), 403, 404)
			})
		}
		t.Run("anonymous cannot see "+status+" "+rec.label, func(t *testing.T) {
			res := w.do(t, "anonymous", "GET", path, nil, nil)
			mustProblem(t, res, 401, 404)
			hiddenLike(t, res, missingAnon)
			mustProblem(t, w.do(t, "anonymous", "GET", ppath, nil, nil), 401, 404)
			mustProblem(t, w.do(t, "anonymous", "GET", path+"/audit", nil, nil), 401, 404)
		})
	}
	t.Run("unverified UMKM are absent from the public list", func(t *testing.T) {
		for _, actor := range []string{"anonymous", "buyer"} {
			var page umkmPage
			mustStatus(t, w.do(t, actor, "GET", "/api/v1/umkm", nil, &page), 200)
			if len(page.Items) != 0 {
				t.Errorf("%s lists %d unverified UMKM", actor, len(page.Items))
			}
		}
	})
}

// patchUMKM: on a draft, the owner, the agency of the province and the admin
// may change the profile; nobody else may, and refusals change nothing.
func (w *authzWorld) patchUMKM(t *testing.T) {
	path := fmt.Sprintf("/api/v1/umkm/%d", w.a.ID)
	for _, c := range []struct {
		actor string
		want  []int
	}{
		{"sellerB", []int{403, 404}},
		{"agency32", []int{403, 404}},
		{"buyer", []int{403, 404}},
		{"anonymous", []int{401, 404}},
	} {
		t.Run(c.actor+" may not change draft A", func(t *testing.T) {
			before := w.umkm(t, w.a.ID)
			mustStatus(t, w.do(t, c.actor, "PATCH", path, map[string]string{"description": "diubah oleh " + c.actor}, nil), c.want...)
			if after := w.umkm(t, w.a.ID); after != before {
				t.Errorf("UMKM changed by a refused PATCH: %+v → %+v", before, after)
			}
		})
	}
	for _, actor := range []string{"sellerA", "agency16", "admin"} {
		t.Run(actor+" changes draft A", func(t *testing.T) {
			desc := "diperbarui oleh " + actor
			var u umkmJSON
			mustStatus(t, w.do(t, actor, "PATCH", path, map[string]string{"description": desc}, &u), 200)
			w.auditA = append(w.auditA, auditWant{"update", actor})
			if got := w.umkm(t, w.a.ID); got.Description != desc || got.Status != "draft" {
				t.Errorf("after PATCH: description %q, status %s", got.Description, got.Status)
			}
		})
	}
}

// foreignCatalogue: nobody but the owner (and the admin) runs A's catalogue:
// other sellers, both agencies, the buyer and anonymous visitors cannot add,
// change, archive or photograph A's products. Refusals change nothing.
func (w *authzWorld) foreignCatalogue(t *testing.T, public bool) {
	prodA := fmt.Sprintf("/api/v1/products/%d", w.pA.ID)
	png := pngImage(t, 200, 150)
	for _, c := range []struct {
		actor string
		want  []int
	}{
		{"sellerB", []int{403, 404, 422}},
		{"agency16", []int{403, 404, 422}}, // policy.go: an agency does not run a seller's catalogue
		{"agency32", []int{403, 404, 422}},
		{"buyer", []int{403, 404, 422}},
		{"anonymous", []int{401, 404, 422}},
	} {
		t.Run(c.actor, func(t *testing.T) {
			before := w.product(t, w.pA.ID)
			count := w.productCount(t)

			t.Run("POST product into A", func(t *testing.T) {
				mustStatus(t, w.do(t, c.actor, "POST", "/api/v1/products", productBody(w.a.ID, "Produk Titipan", "", "fesyen", 1000, false), nil), c.want...)
				if n := w.productCount(t); n != count {
					t.Errorf("product count %d → %d", count, n)
				}
			})
			t.Run("PATCH A's product", func(t *testing.T) {
				mustStatus(t, w.do(t, c.actor, "PATCH", prodA, map[string]any{"price": 1, "name": "Murah sekali"}, nil), c.want...)
			})
			t.Run("DELETE A's product", func(t *testing.T) {
				mustStatus(t, w.do(t, c.actor, "DELETE", prodA, nil, nil), c.want...)
			})
			t.Run("upload photo to A's product", func(t *testing.T) {
				res := uploadPhoto(t, w.s, w.tok[c.actor], prodA+"/photos", "foto.png", png, nil)
				mustStatus(t, res, c.want...)
			})
			after := w.product(t, w.pA.ID)
			if after.Name != before.Name || after.Price != before.Price || after.Status != before.Status ||
				after.Listed != before.Listed || len(after.Photos) != len(before.Photos) {
				t.Errorf("A's product changed by refused requests: %+v → %+v", before, after)
			}
			if public && !after.Listed {
				t.Error("A's product is no longer listed")
			}
		})
	}
	t.Run("seller B's own product is out of seller A's reach too", func(t *testing.T) {
		before := w.product(t, w.pB.ID)
		mustStatus(t, w.do(t, "sellerA", "PATCH", fmt.Sprintf("/api/v1/products/%d", w.pB.ID), map[string]any{"price": 1}, nil), 403, 404)
		mustStatus(t, w.do(t, "sellerA", "DELETE", fmt.Sprintf("/api/v1/products/%d", w.pB.ID), nil, nil), 403, 404)
		if after := w.product(t, w.pB.ID); after.Price != before.Price || after.Status != before.Status {
			t.Errorf("B's product changed: %+v → %+v", before, after)
		}
	})
}

// ownCatalogue: the owner changes and photographs its own product.
func (w *authzWorld) ownCatalogue(t *testing.T) {
	prodA := fmt.Sprintf("/api/v1/products/%d", w.pA.ID)
	t.Run("owner PATCHes own product", func(t *testing.T) {
		var p productJSON
		mustStatus(t, w.do(t, "sellerA", "PATCH", prodA, map[string]any{"price": 1_750_000}, &p), 200)
		if got := w.product(t, w.pA.ID); got.Price != 1_750_000 {
			t.Errorf("price %d after PATCH, want 1750000", got.Price)
		}
	})
	t.Run("owner uploads a photo to own product", func(t *testing.T) {
		var p productJSON
		mustStatus(t, uploadPhoto(t, w.s, w.tok["sellerA"], prodA+"/photos", "songket.png", pngImage(t, 200, 150), &p), 201)
		if got := w.product(t, w.pA.ID); len(got.Photos) != 1 {
			t.Errorf("product has %d photos, want 1", len(got.Photos))
		}
	})
}

// checkAudit compares A's audit trail, read by its owner, with every change made so far.
func (w *authzWorld) checkAudit(t *testing.T) {
	t.Helper()
	var trail []auditJSON
	mustStatus(t, w.do(t, "sellerA", "GET", fmt.Sprintf("/api/v1/umkm/%d/audit", w.a.ID), nil, &trail), 200)
	var got, want []string
	for _, e := range trail {
		got = append(got, fmt.Sprintf("%s by user %d", e.Action, e.ActorID))
	}
	for _, e := range w.auditA {
		want = append(want, fmt.Sprintf("%s by user %d", e.action, w.id[e.actor]))
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit trail of A:\n got  %q\n want %q", got, want)
	}
}

// TestBearerTokens checks that a bad, expired, logged-out or foreign token is a
// 401 problem+json, even on endpoints anonymous visitors may use.
func TestBearerTokens(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		u := s.MustUser("pembeli@contoh.id", platform.RoleBuyer, "")
		good := s.MustToken("pembeli@contoh.id")
		ctx := context.Background()

		old := s.MustUser("lama@contoh.id", platform.RoleBuyer, "")
		expired, _, err := s.App.Accounts.CreateSession(ctx, old.ID, "api")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.DB.Writer().Exec(ctx, `UPDATE sessions SET expires_at = ? WHERE user_id = ?`,
			time.Now().UTC().Add(-time.Minute), old.ID); err != nil {
			t.Fatal(err)
		}
		web, _, err := s.App.Accounts.CreateSession(ctx, u.ID, "web")
		if err != nil {
			t.Fatal(err)
		}
		loggedOut := s.MustToken("pembeli@contoh.id")
		if res := s.Do("DELETE", "/api/v1/sessions", loggedOut, nil, nil); res.StatusCode != 204 {
			t.Fatalf("logout: %d %s", res.StatusCode, res.Body)
		}

		send := func(t *testing.T, path, header string) testutil.Response {
			req, _ := http.NewRequest("GET", s.URL+path, nil)
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			return s.Send(req, nil)
		}

		t.Run("a good token reads the account", func(t *testing.T) {
			var me struct{ Email string }
			if res := s.Do("GET", "/api/v1/me", good, nil, &me); res.StatusCode != 200 || me.Email != "pembeli@contoh.id" {
				t.Fatalf("GET /me: %d %s", res.StatusCode, res.Body)
			}
		})
		t.Run("no token on /me", func(t *testing.T) {
			mustProblem(t, send(t, "/api/v1/me", ""), 401)
		})
		for _, c := range []struct{ name, header string }{
			{"garbage token", "Bearer bukan-token-sungguhan"},
			{"empty bearer", "Bearer "},
			{"overlong token", "Bearer " + fmt.Sprintf("%0200d", 7)},
			{"expired token", "Bearer " + expired},
			{"logged-out token", "Bearer " + loggedOut},
			{"web session token used on the API", "Bearer " + web},
			{"basic authentication", "Basic cGVtYmVsaTpyYWhhc2lh"},
			{"token without the Bearer word", good},
		} {
			t.Run(c.name, func(t *testing.T) {
				for _, path := range []string{"/api/v1/me", "/api/v1/products", "/api/v1/umkm"} {
					mustProblem(t, send(t, path, c.header), 401)
				}
			})
		}
		t.Run("a bad token changes nothing", func(t *testing.T) {
			before := tableCounts(t, s)
			req, _ := http.NewRequest("POST", s.URL+"/api/v1/umkm", nil)
			req.Header.Set("Authorization", "Bearer "+expired)
			mustProblem(t, s.Send(req, nil), 401)
			assertSameCounts(t, before, tableCounts(t, s))
		})
	})
}
