package sales_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// market is a small cross-province market on a test server: UMKM in
// Palembang, Bandung and Jakarta, buyers who ship to several provinces.
type market struct {
	s        *testutil.Server
	sellers  map[int64]string // product → its seller's token
	products []int64
	buyers   []string
}

func newMarket(t *testing.T, s *testutil.Server) *market {
	t.Helper()
	m := &market{s: s, sellers: map[int64]string{}}
	for _, a := range []struct{ email, prov string }{{"dinas16@x.id", "16"}, {"dinas32@x.id", "32"}, {"dinas31@x.id", "31"}} {
		s.MustUser(a.email, platform.RoleAgency, a.prov)
	}
	umkm := []struct{ regency, category, agency string }{
		{"16.71", "kuliner", "dinas16@x.id"}, {"16.71", "kriya", "dinas16@x.id"}, {"16.03", "kuliner", "dinas16@x.id"},
		{"32.73", "fesyen", "dinas32@x.id"}, {"31.71", "kuliner", "dinas31@x.id"},
	}
	for i, u := range umkm {
		email := fmt.Sprintf("seller%d@x.id", i)
		s.MustUser(email, platform.RoleSeller, "")
		tok := s.MustToken(email)
		var created struct{ ID int64 }
		if r := s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": fmt.Sprintf("Usaha %d", i), "owner_name": "Pemilik",
			"nib": fmt.Sprintf("%s00000000%d", strings.ReplaceAll(u.regency, ".", ""), i), "regency_code": u.regency,
			"category": u.category, "whatsapp": "081234567890"}, &created); r.StatusCode != 201 {
			t.Fatalf("create UMKM: %d %s", r.StatusCode, r.Body)
		}
		for j := range 2 {
			var p struct{ ID int64 }
			if r := s.Do("POST", "/api/v1/products", tok, map[string]any{"umkm_id": created.ID, "name": fmt.Sprintf("Barang %d-%d", i, j),
				"category": u.category, "price": 10_000 * (i + 1) * (j + 2), "stock": 10_000, "weight_grams": 500}, &p); r.StatusCode != 201 {
				t.Fatalf("create product: %d %s", r.StatusCode, r.Body)
			}
			m.products = append(m.products, p.ID)
			m.sellers[p.ID] = tok
		}
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", created.ID), tok, nil, nil)
		if r := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", created.ID), s.MustToken(u.agency), nil, nil); r.StatusCode != 200 {
			t.Fatalf("verify: %d %s", r.StatusCode, r.Body)
		}
	}
	for i := range 4 {
		email := fmt.Sprintf("buyer%d@x.id", i)
		s.MustUser(email, platform.RoleBuyer, "")
		m.buyers = append(m.buyers, s.MustToken(email))
	}
	return m
}

type placed struct {
	id      int64
	payment int64
	buyer   string
	seller  string
}

// checkout places one order of a random product for a random buyer, to a
// random province.
func (m *market) checkout(t *testing.T, r *rand.Rand) placed {
	t.Helper()
	p := m.products[r.IntN(len(m.products))]
	buyer := m.buyers[r.IntN(len(m.buyers))]
	regency := []string{"16.71", "32.73", "32.04", "31.71", "12.71"}[r.IntN(5)]
	var res struct {
		Orders   []struct{ ID int64 }
		Payments []struct{ ID int64 }
	}
	body := map[string]any{"items": []map[string]any{{"product_id": p, "quantity": 1 + r.IntN(3)}},
		"delivery":         map[string]any{"method": "pickup"},
		"address":          map[string]any{"name": "Ani", "phone": "0813-1111-2222", "street": "Jl. Braga 1", "regency_code": regency},
		"payment_provider": "simulator"}
	if res := m.s.Do("POST", "/api/v1/checkout", buyer, body, &res); res.StatusCode != 201 {
		t.Fatalf("checkout: %d %s", res.StatusCode, res.Body)
	}
	return placed{id: res.Orders[0].ID, payment: res.Payments[0].ID, buyer: buyer, seller: m.sellers[p]}
}

// snapshot is every roll-up's rows, as text.
func snapshot(t *testing.T, db *sqldb.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table, cols := range map[string]string{
		"sales_flows":           "month, seller_province, buyer_province, kind, orders, amount_hi, amount_lo",
		"sales_areas":           "month, seller_province, seller_regency, category, buyer_province, orders, amount_hi, amount_lo",
		"sales_regions":         "month, seller_province, seller_regency, category, orders, amount_hi, amount_lo",
		"sales_buyers":          "month, seller_province, buyer_province, buyer_id, orders",
		"sales_umkm_months":     "umkm_id, month, orders, amount_hi, amount_lo",
		"sales_buyer_months":    "buyer_id, era, months",
		"sales_buyer_provinces": "province, era, buyer_id, months",
		"sales_facts":           "order_id, month, umkm_id, seller_province, seller_regency, category, buyer_province, buyer_id, kind, amount",
	} {
		rows, err := db.Reader().Query(context.Background(), `SELECT `+strings.ReplaceAll(cols, ", ", " || '|' || ")+` FROM `+table+` ORDER BY 1`)
		got, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (s string, err error) {
			err = r.Scan(&s)
			return s, err
		})
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = got
	}
	return out
}

// TestFiguresEqualTheOrdersAfterARandomWorkload runs random checkouts,
// payments, cancellations and deliveries, folding now and then (and
// crashing some folds half-way), and checks the roll-ups equal a rebuild
// from the orders and the orders' own sums.
func TestFiguresEqualTheOrdersAfterARandomWorkload(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		ctx := context.Background()
		m := newMarket(t, s)
		fig := sales.NewService(s.App.DB)
		r := rand.New(rand.NewPCG(13, uint64(len(s.App.DB.Dialect))))
		var open, paid []placed
		crashes := 0
		for step := range 90 {
			switch k := r.IntN(10); {
			case k < 4 || len(open) == 0:
				open = append(open, m.checkout(t, r))
			case k < 6: // pay
				i := r.IntN(len(open))
				o := open[i]
				if res := s.Do("POST", fmt.Sprintf("/api/v1/payments/%d/simulate-paid", o.payment), o.buyer, nil, nil); res.StatusCode != 200 {
					t.Fatalf("pay: %d %s", res.StatusCode, res.Body)
				}
				open = append(open[:i], open[i+1:]...)
				paid = append(paid, o)
			case k < 7 && len(paid) > 0: // the seller cancels a paid order: refunded in full
				i := r.IntN(len(paid))
				o := paid[i]
				if res := s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", o.id), o.seller,
					map[string]any{"to": "dibatalkan", "reason": "stok habis"}, nil); res.StatusCode != 200 {
					t.Fatalf("cancel: %d %s", res.StatusCode, res.Body)
				}
				paid = append(paid[:i], paid[i+1:]...)
			case k < 8 && len(paid) > 0: // processed, then completed by the buyer on pickup
				o := paid[r.IntN(len(paid))]
				s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", o.id), o.seller, map[string]any{"to": "diproses"}, nil)
			default:
				var pending int
				if err := s.App.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM sales_changes`).Scan(&pending); err != nil {
					t.Fatal(err)
				}
				if pending > 0 && r.IntN(2) == 0 { // a fold that dies half-way changes nothing
					crashes++
					crash := errors.New("killed")
					sales.SetFoldHook(fig, func(step string) error {
						if step == "rollups" {
							return crash
						}
						return nil
					})
					before := snapshot(t, s.App.DB)
					if _, err := fig.Fold(ctx); !errors.Is(err, crash) {
						t.Fatalf("step %d: crashed fold: %v", step, err)
					}
					if after := snapshot(t, s.App.DB); !reflect.DeepEqual(before, after) {
						t.Fatalf("step %d: a crashed fold changed the figures:\nbefore %v\nafter  %v", step, before, after)
					}
					sales.SetFoldHook(fig, nil)
				}
				if _, err := fig.Fold(ctx); err != nil {
					t.Fatalf("step %d: fold: %v", step, err)
				}
			}
		}
		if _, err := fig.Fold(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := fig.Fold(ctx); err != nil || n != 0 {
			t.Fatalf("a second fold looked at %d orders (%v), want none", n, err)
		}
		folded := snapshot(t, s.App.DB)
		if len(folded["sales_facts"]) == 0 || crashes == 0 {
			t.Fatalf("workload too thin: %d counted orders, %d crashes", len(folded["sales_facts"]), crashes)
		}
		if err := fig.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		if rebuilt := snapshot(t, s.App.DB); !reflect.DeepEqual(folded, rebuilt) {
			t.Errorf("folded figures differ from a rebuild:\nfolded  %v\nrebuilt %v", folded, rebuilt)
		}

		// And from the orders themselves, summed here apart from the package.
		type key struct{ seller, buyer string }
		want := map[key][2]int64{}
		rows, err := s.App.DB.Reader().Query(ctx, `SELECT u.province_code, o.ship_regency, o.subtotal FROM orders o
			JOIN umkm u ON u.id = o.umkm_id WHERE o.status IN ('dibayar','diproses','dikirim','selesai')`)
		type row struct {
			prov, regency string
			amount        int64
		}
		raw, err := sqldb.Collect(rows, err, func(sc sqldb.Scanner) (x row, err error) {
			err = sc.Scan(&x.prov, &x.regency, &x.amount)
			return x, err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range raw {
			k := key{x.prov, x.regency[:2]}
			v := want[k]
			want[k] = [2]int64{v[0] + 1, v[1] + x.amount}
		}
		admin := s.MustUser("admin@x.id", platform.RoleAdmin, "")
		flows, err := fig.Flows(platform.WithActor(ctx, platform.Actor{UserID: admin.ID, Role: platform.RoleAdmin}), sales.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[key][2]int64{}
		for _, f := range flows.Rows {
			k := key{f.SellerProvince, f.BuyerProvince}
			v := got[k]
			got[k] = [2]int64{v[0] + f.Orders, v[1] + f.Amount}
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("flows differ from the paid orders:\norders %v\nflows  %v", want, got)
		}

		// By the seller's regency and category, for the admin (every
		// order) and each agency (the orders its province sold or bought).
		rows, err = s.App.DB.Reader().Query(ctx, `SELECT u.province_code, u.regency_code, u.category, o.ship_regency, o.subtotal
			FROM orders o JOIN umkm u ON u.id = o.umkm_id WHERE o.status IN ('dibayar','diproses','dikirim','selesai')`)
		type areaRow struct {
			prov, regency, category, ship string
			amount                        int64
		}
		areas, err := sqldb.Collect(rows, err, func(sc sqldb.Scanner) (x areaRow, err error) {
			err = sc.Scan(&x.prov, &x.regency, &x.category, &x.ship, &x.amount)
			return x, err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []platform.Actor{{UserID: admin.ID, Role: platform.RoleAdmin}, {UserID: 1, Role: platform.RoleAgency, ProvinceCode: "16"},
			{UserID: 1, Role: platform.RoleAgency, ProvinceCode: "32"}, {UserID: 1, Role: platform.RoleAgency, ProvinceCode: "31"}} {
			want := map[string][2]int64{}
			for _, x := range areas {
				if a.Role == platform.RoleAgency && x.prov != a.ProvinceCode && x.ship[:2] != a.ProvinceCode {
					continue
				}
				k := x.prov + " " + x.regency + " " + x.category
				v := want[k]
				want[k] = [2]int64{v[0] + 1, v[1] + x.amount}
			}
			got := map[string][2]int64{}
			figures, err := fig.ByArea(platform.WithActor(ctx, a), sales.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range figures.Rows {
				got[f.SellerProvince+" "+f.SellerRegency+" "+f.Category] = [2]int64{f.Orders, f.Amount}
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s %s: by area differs from the paid orders:\norders %v\nfigures %v", a.Role, a.ProvinceCode, want, got)
			}
		}
	})
}
