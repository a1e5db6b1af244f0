package mall_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// salesWorld is a Jabar venue (open every day, Asia/Jakarta) with stalls
// K-01 and K-02, run by the province's agency and a BUMD's staff account.
// UMKM A holds K-01 on 4–10 January 2027 and UMKM B the week after; each
// has one catalogue product.
type salesWorld struct {
	db                   *sqldb.DB
	svc                  *mall.Service
	venue                mall.Venue
	agency32, agency16   context.Context
	staff, buyer         context.Context
	sellerA, sellerB     context.Context
	sellerC, anonymous   context.Context
	umkmA, umkmB         int64
	productA, productB   int64
	turnA, turnB         mall.Turn
	wib                  *time.Location
	saleNo               int
	stallK01, stallK02ID int64
}

func newSalesWorld(t *testing.T, db *sqldb.DB) *salesWorld {
	t.Helper()
	ctx := context.Background()
	accounts := account.NewService(db)
	registry := umkm.NewService(db)
	products := catalog.NewService(db, registry, nil)
	w := &salesWorld{db: db, svc: mall.NewService(db, registry), anonymous: ctx}
	w.wib, _ = time.LoadLocation("Asia/Jakarta")
	as := func(email string, role platform.Role, prov string) context.Context {
		u, err := accounts.Create(ctx, account.NewUser{Email: email, Password: "rahasia-123", Name: email, Role: role, ProvinceCode: prov})
		if err != nil {
			t.Fatal(err)
		}
		return platform.WithActor(ctx, u.Actor())
	}
	w.agency32, w.agency16 = as("dinas32@x.id", platform.RoleAgency, "32"), as("dinas16@x.id", platform.RoleAgency, "16")
	w.staff, w.buyer = as("petugas@jaswita.id", platform.RoleBuyer, ""), as("pembeli@x.id", platform.RoleBuyer, "")
	w.sellerA, w.sellerB, w.sellerC = as("a@x.id", platform.RoleSeller, ""), as("b@x.id", platform.RoleSeller, ""), as("c@x.id", platform.RoleSeller, "")
	var err error
	w.venue, err = w.svc.CreateVenue(w.agency32, mall.VenueFields{Name: "Pasar Kreatif Jawa Barat", ProvinceCode: "32", RegencyCode: "32.73",
		Address: "Jl. Pahlawan 70", TimeZone: "Asia/Jakarta", OperatorName: "PT Jaswita Jabar"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.AddStaff(w.agency32, w.venue.ID, "petugas@jaswita.id"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SetStalls(w.agency32, w.venue.ID, []mall.StallInput{{Code: "K-01", Kind: "kios"}, {Code: "K-02", Kind: "kios"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.PublishRulebook(w.agency32, w.venue.ID, mall.Rules{TurnDays: 7}); err != nil {
		t.Fatal(err)
	}
	var apps []mall.Application
	for i, seller := range []context.Context{w.sellerA, w.sellerB, w.sellerC} {
		nib := fmt.Sprintf("327300000010%d", i)
		u, err := registry.Create(seller, umkm.Fields{Name: "UMKM " + string(rune('A'+i)), OwnerName: "Pemilik", NIB: nib, RegencyCode: "32.73",
			Category: "kuliner", WhatsApp: fmt.Sprintf("0812345678%02d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := registry.Submit(seller, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := registry.Verify(w.agency32, u.ID); err != nil {
			t.Fatal(err)
		}
		p, err := products.Create(seller, u.ID, catalog.Fields{Name: "Surabi " + string(rune('A'+i)), Category: "kuliner", Price: 15000, Stock: 10,
			WeightGrams: 200, Status: catalog.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
		ap, err := w.svc.Apply(seller, w.venue.ID, mall.ApplyFields{UMKMID: u.ID, From: "2027-01-04", To: "2027-03-28"})
		if err != nil {
			t.Fatal(err)
		}
		apps = append(apps, ap)
		switch i {
		case 0:
			w.umkmA, w.productA = u.ID, p.ID
		case 1:
			w.umkmB, w.productB = u.ID, p.ID
		}
	}
	if w.turnA, err = w.svc.AddTurn(w.agency32, w.venue.ID, mall.TurnFields{Stall: "K-01", ApplicationID: apps[0].ID, From: "2027-01-04", To: "2027-01-10"}); err != nil {
		t.Fatal(err)
	}
	if w.turnB, err = w.svc.AddTurn(w.agency32, w.venue.ID, mall.TurnFields{Stall: "K-01", ApplicationID: apps[1].ID, From: "2027-01-11", To: "2027-01-17"}); err != nil {
		t.Fatal(err)
	}
	// UMKM C's turn is on K-02, so C holds a stall but not K-01.
	if _, err = w.svc.AddTurn(w.agency32, w.venue.ID, mall.TurnFields{Stall: "K-02", ApplicationID: apps[2].ID, From: "2027-01-04", To: "2027-01-10"}); err != nil {
		t.Fatal(err)
	}
	return w
}

// sale is a new sale made at the venue's local time on day (2027-01-DD hh:mm).
func (w *salesWorld) sale(at string, items ...expo.SaleItem) expo.Sale {
	w.saleNo++
	when, err := time.ParseInLocation("2006-01-02 15:04", at, w.wib)
	if err != nil {
		panic(err)
	}
	return expo.Sale{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", w.saleNo), SoldAt: when, PaymentMethod: "cash", Items: items}
}

func (w *salesWorld) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := w.db.Reader().QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func rejectedFields(res expo.SyncResult) map[string]string {
	out := map[string]string{}
	for _, r := range res.Rejected {
		out[r.ID[len(r.ID)-2:]] = r.Errors[0].Field
	}
	return out
}

func TestStallSalesGoToTheTurnOfTheirDay(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newSalesWorld(t, db)
		ctx := context.Background()
		// The stall was released on 7 January: A did not check in in time.
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO checkins (venue_id, turn_id, stall_id, umkm_id, day, status, created_at) VALUES (?, ?, ?, ?, ?, 'no_show', ?)`,
				w.venue.ID, w.turnA.ID, w.turnA.StallID, w.umkmA, "2027-01-07", time.Now().UTC())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		own := expo.SaleItem{ProductID: w.productA, Quantity: 2, Price: 15000}
		typed := expo.SaleItem{Name: "Es teh", Quantity: 1, Price: 5000}
		batch := []expo.Sale{
			w.sale("2027-01-05 10:00", own, typed),                                                                 // 01: A's turn
			w.sale("2027-01-12 10:00", typed),                                                                      // 02: B's turn: not A's stall that day
			w.sale("2027-01-05 11:00", expo.SaleItem{ProductID: w.productB, Quantity: 1}),                          // 03: B's product
			w.sale("2027-01-05 12:00", expo.SaleItem{Name: "Bakso", Quantity: expo.MaxLineQuantity + 1, Price: 1}), // 04: past the bounds
			w.sale("2027-01-07 19:00", typed),                                                                      // 05: released day: accepted, late
			w.sale("2027-01-11 00:30", typed),                                                                      // 06: 10 January 17:30 UTC, but the 11th in Bandung: B's
			w.sale("2027-01-03 21:00", typed),                                                                      // 07: before any turn
		}
		res, err := w.svc.SyncSales(w.sellerA, w.venue.ID, "k-01", batch)
		if err != nil {
			t.Fatal(err)
		}
		wantRejected := map[string]string{"02": "sold_at", "03": "items[0].product_id", "04": "items[0].quantity", "06": "sold_at", "07": "sold_at"}
		if res.Accepted != 2 || res.Duplicates != 0 || res.Flagged != 1 || fmt.Sprint(rejectedFields(res)) != fmt.Sprint(wantRejected) {
			t.Fatalf("first sync: %+v, rejected %v", res, rejectedFields(res))
		}
		if r := res.Rejected[0]; !strings.Contains(r.Reason, "K-01") || !strings.Contains(r.Reason, "2027-01-12") {
			t.Errorf("reason of a sale on another's day: %q", r.Reason)
		}
		// Sent again (the device lost the answer): nothing new.
		again, err := w.svc.SyncSales(w.sellerA, w.venue.ID, "K-01", batch)
		if err != nil || again.Accepted != 0 || again.Duplicates != 2 || len(again.Rejected) != 5 {
			t.Fatalf("re-sync: %+v %v", again, err)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM mall_sales`); n != 2 {
			t.Fatalf("%d sales stored, want 2", n)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM mall_sale_items`); n != 3 {
			t.Errorf("%d sale lines stored, want 3", n)
		}
		list, err := w.svc.Sales(w.staff, w.venue.ID, "2027-01-01", "2027-01-31")
		if err != nil || len(list) != 2 {
			t.Fatalf("the venue's sales: %v %v", list, err)
		}
		late, first := list[0], list[1]
		if first.Day != "2027-01-05" || first.Stall != "K-01" || first.TurnID != w.turnA.ID || first.UMKMID != w.umkmA || first.Total != 35000 || first.Late {
			t.Errorf("A's sale: %+v", first)
		}
		if late.Day != "2027-01-07" || !late.Late || late.Total != 5000 {
			t.Errorf("the sale of the released day: %+v", late)
		}
		var name string
		if err := db.Reader().QueryRow(ctx, `SELECT name FROM mall_sale_items WHERE sale_id = ? AND line = 0`, first.ID).Scan(&name); err != nil || name != "Surabi A" {
			t.Errorf("a catalogue line takes the product's name: %q %v", name, err)
		}

		// B sells on its own week of the same stall; its sale on A's week is refused.
		resB, err := w.svc.SyncSales(w.sellerB, w.venue.ID, "K-01", []expo.Sale{
			w.sale("2027-01-12 10:00", expo.SaleItem{ProductID: w.productB, Quantity: 3, Price: 20000}),
			w.sale("2027-01-06 10:00", typed),
		})
		if err != nil || resB.Accepted != 1 || len(resB.Rejected) != 1 || resB.Rejected[0].Errors[0].Field != "sold_at" {
			t.Fatalf("B's sync: %+v %v", resB, err)
		}
		if got := w.count(t, `SELECT COUNT(*) FROM mall_sales WHERE umkm_id = ? AND turn_id = ? AND sale_day = '2027-01-12'`, w.umkmB, w.turnB.ID); got != 1 {
			t.Errorf("B's sale attributed to B's turn: %d", got)
		}

		// Who may sync at all, before anything is read: the tenants of the stall.
		for _, c := range []struct {
			name  string
			ctx   context.Context
			stall string
			want  platform.Kind
		}{
			{"anonymous", w.anonymous, "K-01", platform.KindUnauthorized},
			{"a buyer", w.buyer, "K-01", platform.KindForbidden},
			{"the venue's staff", w.staff, "K-01", platform.KindForbidden},
			{"the province's agency", w.agency32, "K-01", platform.KindForbidden},
			{"another province's agency", w.agency16, "K-01", platform.KindForbidden},
			{"a seller with a turn on another stall", w.sellerC, "K-01", platform.KindForbidden},
			{"a tenant at a stall that is not its", w.sellerA, "K-02", platform.KindForbidden},
			{"a stall the venue does not have", w.sellerA, "Z-99", platform.KindNotFound},
		} {
			_, err := w.svc.SyncSales(c.ctx, w.venue.ID, c.stall, []expo.Sale{w.sale("2027-01-05 10:00", typed)})
			if platform.ErrorKind(err) != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
		}
		big := make([]expo.Sale, expo.MaxSyncBatch+1)
		if _, err := w.svc.SyncSales(w.sellerA, w.venue.ID, "K-01", big); platform.ErrorKind(err) != platform.KindInvalid {
			t.Errorf("a batch past %d: %v", expo.MaxSyncBatch, err)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM mall_sales`); n != 3 {
			t.Errorf("%d sales after the refused syncs, want 3", n)
		}
	})
}

// The expo's bounds hold at the stall: a sale of exactly Rp10 miliar is
// stored, one rupiah more is refused on its total, and sums over many such
// sales stay exact; a sum past int64 (rows written past the bounds) stops
// at its maximum instead of failing.
func TestStallSalesBoundsAndTotals(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newSalesWorld(t, db)
		maxLines := func(extra int64) []expo.SaleItem {
			items := make([]expo.SaleItem, 10)
			for i := range items {
				items[i] = expo.SaleItem{Name: "Batik tulis", Quantity: 10, Price: expo.MaxUnitPrice / 10}
			}
			items[0].Price += extra
			return items
		}
		var batch []expo.Sale
		for range 50 {
			batch = append(batch, w.sale("2027-01-05 10:00", maxLines(0)...))
		}
		over := w.sale("2027-01-05 10:00", maxLines(1)...)
		res, err := w.svc.SyncSales(w.sellerA, w.venue.ID, "K-01", append(batch, over))
		if err != nil || res.Accepted != 50 || len(res.Rejected) != 1 || res.Rejected[0].Errors[0].Field != "total" {
			t.Fatalf("sync at the bounds: %+v %v", res, err)
		}
		ctx := context.Background()
		sum, err := w.svc.SalesTotals(ctx, db.Reader(), w.venue.ID, w.umkmA, "2027-01-01", "2027-01-31")
		if want := int64(50) * expo.MaxSaleTotal; err != nil || sum != want {
			t.Errorf("A's total: %d %v, want %d", sum, err, want)
		}
		if sum, err := w.svc.SalesTotals(ctx, db.Reader(), w.venue.ID, w.umkmB, "2027-01-01", "2027-01-31"); err != nil || sum != 0 {
			t.Errorf("B's total: %d %v, want 0", sum, err)
		}
		if sum, err := w.svc.SalesTotals(ctx, db.Reader(), w.venue.ID, w.umkmA, "2027-01-06", "2027-01-31"); err != nil || sum != 0 {
			t.Errorf("A's total after its sales' day: %d %v, want 0", sum, err)
		}
		// Rows no sync could write, each near int64's maximum.
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			for i := range 3 {
				if _, err := tx.Exec(ctx, `INSERT INTO mall_sales (id, venue_id, stall_id, turn_id, umkm_id, cashier_id, sold_at, sale_day, payment_method, total, synced_at)
					SELECT ?, venue_id, stall_id, id, umkm_id, (SELECT MIN(id) FROM users), ?, '2027-01-06', 'cash', ?, ? FROM turns WHERE id = ?`,
					fmt.Sprintf("ffffffff-0000-4000-8000-%012d", i), time.Now().UTC(), int64(math.MaxInt64/2), time.Now().UTC(), w.turnA.ID); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if sum, err := w.svc.SalesTotals(ctx, db.Reader(), w.venue.ID, 0, "2027-01-01", "2027-01-31"); err != nil || sum != math.MaxInt64 {
			t.Errorf("a sum past int64: %d %v, want math.MaxInt64", sum, err)
		}
	})
}

func TestStallSalesVoidAndScope(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newSalesWorld(t, db)
		ctx := context.Background()
		item := expo.SaleItem{Name: "Es teh", Quantity: 2, Price: 5000}
		a1, a2, b1 := w.sale("2027-01-05 10:00", item), w.sale("2027-01-06 10:00", item), w.sale("2027-01-12 10:00", item)
		if res, err := w.svc.SyncSales(w.sellerA, w.venue.ID, "K-01", []expo.Sale{a1, a2}); err != nil || res.Accepted != 2 {
			t.Fatal(res, err)
		}
		if res, err := w.svc.SyncSales(w.sellerB, w.venue.ID, "K-01", []expo.Sale{b1}); err != nil || res.Accepted != 1 {
			t.Fatal(res, err)
		}
		ids := func(who context.Context, from, to string) ([]string, error) {
			list, err := w.svc.Sales(who, w.venue.ID, from, to)
			var out []string
			for _, s := range list {
				out = append(out, s.ID)
			}
			slices.Sort(out)
			return out, err
		}
		all := []string{a1.ID, a2.ID, b1.ID}
		for _, c := range []struct {
			name string
			who  context.Context
			want []string
		}{
			{"the venue's staff", w.staff, all},
			{"the province's agency", w.agency32, all},
			{"tenant A", w.sellerA, []string{a1.ID, a2.ID}},
			{"tenant B", w.sellerB, []string{b1.ID}},
			{"a tenant of another stall", w.sellerC, nil},
			{"a buyer", w.buyer, nil},
			{"another province's agency", w.agency16, nil},
		} {
			got, err := ids(c.who, "2027-01-01", "2027-01-31")
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("%s sees %v (%v), want %v", c.name, got, err, c.want)
			}
		}
		if _, err := w.svc.Sales(w.anonymous, w.venue.ID, "2027-01-01", "2027-01-31"); platform.ErrorKind(err) != platform.KindUnauthorized {
			t.Errorf("anonymous: %v", err)
		}
		if got, _ := ids(w.staff, "2027-01-06", ""); !slices.Equal(got, []string{a2.ID}) {
			t.Errorf("one day: %v", got)
		}
		if _, err := w.svc.Sales(w.staff, w.venue.ID, "6 Jan", ""); platform.ErrorKind(err) != platform.KindInvalid {
			t.Errorf("a bad date: %v", err)
		}

		// Voiding: the tenant its own, the venue's staff any; with a reason; once.
		for _, c := range []struct {
			name   string
			who    context.Context
			id     string
			reason string
			want   platform.Kind
		}{
			{"anonymous", w.anonymous, a1.ID, "salah", platform.KindUnauthorized},
			{"another tenant", w.sellerB, a1.ID, "salah", platform.KindForbidden},
			{"a tenant of another stall", w.sellerC, a1.ID, "salah", platform.KindForbidden},
			{"a buyer", w.buyer, a1.ID, "salah", platform.KindForbidden},
			{"another province's agency", w.agency16, a1.ID, "salah", platform.KindForbidden},
			{"no reason", w.sellerA, a1.ID, "  ", platform.KindInvalid},
			{"a sale that does not exist", w.sellerA, "00000000-0000-4000-8000-999999999999", "salah", platform.KindNotFound},
		} {
			if _, err := w.svc.VoidSale(c.who, w.venue.ID, c.id, c.reason); platform.ErrorKind(err) != c.want {
				t.Errorf("void by %s: %v, want %s", c.name, err, c.want)
			}
		}
		before, _ := w.svc.SalesTotals(ctx, db.Reader(), w.venue.ID, 0, "2027-01-01", "2027-01-31")
		v, err := w.svc.VoidSale(w.sellerA, w.venue.ID, strings.ToUpper(a1.ID), "salah ketik harga")
		if err != nil || v.VoidedAt == nil || v.VoidReason != "salah ketik harga" {
			t.Fatalf("the tenant voids its sale: %+v %v", v, err)
		}
		if _, err := w.svc.VoidSale(w.staff, w.venue.ID, a1.ID, "lagi"); platform.ErrorKind(err) != platform.KindConflict {
			t.Errorf("voided twice: %v", err)
		}
		if _, err := w.svc.VoidSale(w.staff, w.venue.ID, b1.ID, "pembeli membatalkan"); err != nil {
			t.Errorf("the venue's staff void a sale: %v", err)
		}
		after, _ := w.svc.SalesTotals(ctx, db.Reader(), w.venue.ID, 0, "2027-01-01", "2027-01-31")
		if before != 30000 || after != 10000 {
			t.Errorf("totals before and after voids: %d, %d", before, after)
		}
		if got, _ := ids(w.sellerA, "2027-01-01", "2027-01-31"); len(got) != 2 {
			t.Errorf("a voided sale stays listed: %v", got)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'void_sale' AND entity = 'venue' AND entity_id = ?`, w.venue.ID); n != 2 {
			t.Errorf("%d voids in the audit log, want 2", n)
		}
	})
}

// A device that sends its queue from several tabs at once (or retries
// while the first request is still running) stores each sale once.
func TestStallSalesSyncedConcurrentlyStoreOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newSalesWorld(t, db)
		batch := []expo.Sale{
			w.sale("2027-01-05 10:00", expo.SaleItem{Name: "Es teh", Quantity: 1, Price: 5000}),
			w.sale("2027-01-06 10:00", expo.SaleItem{ProductID: w.productA, Quantity: 2, Price: 15000}),
		}
		const n = 6
		results, errs := make([]expo.SyncResult, n), make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = w.svc.SyncSales(w.sellerA, w.venue.ID, "K-01", batch)
			}()
		}
		wg.Wait()
		accepted, duplicates := 0, 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("sync %d: %v", i, errs[i])
			}
			accepted, duplicates = accepted+results[i].Accepted, duplicates+results[i].Duplicates
		}
		if accepted != 2 || duplicates != 2*(n-1) {
			t.Errorf("%d accepted and %d duplicates over %d syncs, want 2 and %d", accepted, duplicates, n, 2*(n-1))
		}
		if got := w.count(t, `SELECT COUNT(*) FROM mall_sale_items`); got != 2 {
			t.Errorf("%d lines stored, want 2", got)
		}
		if sum, err := w.svc.SalesTotals(context.Background(), db.Reader(), w.venue.ID, w.umkmA, "2027-01-01", "2027-01-31"); err != nil || sum != 35000 {
			t.Errorf("total: %d %v, want 35000", sum, err)
		}
	})
}
