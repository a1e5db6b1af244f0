package seed

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/order/sales"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/report"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// TestDemoCooperationYear: the demo's cooperation dashboard has a year to
// show, Sumsel → Jabar on top in every month, and its figures are the
// orders' own, after the sweep and after a rebuild alike.
func TestDemoCooperationYear(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		if err := Demo(ctx, a); err != nil {
			t.Fatal(err)
		}
		admin, err := a.Accounts.Authenticate(ctx, "admin@gerai.id", DemoPassword, "")
		if err != nil {
			t.Fatal(err)
		}
		actx := platform.WithActor(ctx, admin.Actor())
		// The demo's live orders (the campaign join, the group order's
		// shares) were noted as in service: the sweep folds them.
		if _, err := a.Sales.Fold(actx); err != nil {
			t.Fatal(err)
		}

		c, err := a.Report.Cooperation(actx, sales.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Pairs) == 0 || c.Pairs[0].SellerProvince != report.Sumsel || c.Pairs[0].BuyerProvince != report.Jabar {
			t.Fatalf("largest pair %+v, want Sumsel → Jabar", c.Pairs)
		}
		if len(c.Months) != 12 || len(c.Top[0].Months) != 12 {
			t.Fatalf("%d months, %d of Sumsel → Jabar, want 12", len(c.Months), len(c.Top[0].Months))
		}
		for _, m := range c.Top[0].Months {
			if m.Orders == 0 || m.Amount == 0 {
				t.Errorf("Sumsel → Jabar sold nothing in %s", m.Month)
			}
		}
		if first, last := c.Top[0].Months[0], c.Top[0].Months[10]; last.Orders <= first.Orders {
			t.Errorf("Sumsel → Jabar did not grow: %d orders in %s, %d in %s", first.Orders, first.Month, last.Orders, last.Month)
		}
		if c.Top[1].Orders == 0 {
			t.Error("Jabar → Sumsel sold nothing")
		}
		if c.Orders < 300 || c.Orders > 2500 {
			t.Errorf("%d orders in the year, want a few hundred to about 2,000", c.Orders)
		}
		kinds := map[string]int64{}
		for _, k := range c.ByKind {
			kinds[k.Kind] = k.Orders
		}
		if kinds[sales.KindCampaign] == 0 || kinds[sales.KindGroup] == 0 || kinds[sales.KindSingle] <= kinds[sales.KindCampaign] {
			t.Errorf("orders by kind %v: want mostly one's own, some beli bareng and group orders", kinds)
		}
		other := false
		for _, p := range c.Pairs {
			other = other || (p.BuyerProvince != report.Sumsel && p.BuyerProvince != report.Jabar)
		}
		if !other {
			t.Error("no sales to other provinces")
		}
		db := a.DB.Reader()
		if n := count(t, db, `SELECT COUNT(*) FROM orders WHERE status = 'dibatalkan'`); n < 20 {
			t.Errorf("%d cancelled orders, want some", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.status = 'dibatalkan'`); n == 0 {
			t.Error("no order refunded after payment")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM refunds WHERE reason = 'selisih harga beli bareng'`); n == 0 {
			t.Error("no beli-bareng price difference refunded")
		}
		// Every buyer's orders went to their own address's regency.
		if n := count(t, db, `SELECT COUNT(*) FROM orders o JOIN buyer_addresses b ON b.user_id = o.buyer_id
			WHERE o.checkout_id LIKE 'demo-%' AND o.ship_regency <> b.regency_code`); n != 0 {
			t.Errorf("%d orders shipped away from their buyer's address", n)
		}
		if n := count(t, db, `SELECT COUNT(DISTINCT o.buyer_id) FROM orders o JOIN buyer_addresses b ON b.user_id = o.buyer_id
			WHERE b.regency_code LIKE '32.%'`); n < 5 {
			t.Errorf("%d buyers with an address in Jawa Barat, want several", n)
		}

		want := recomputedFlows(t, a.DB)
		got := func() []sales.Flow {
			f, err := a.Sales.Flows(actx, sales.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			return f.Rows
		}
		if g := got(); !reflect.DeepEqual(want, g) {
			t.Errorf("folded flows differ from the orders':\n%v\n%v", want, g)
		}
		if err := a.Sales.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		if g := got(); !reflect.DeepEqual(want, g) {
			t.Errorf("rebuilt flows differ from the orders':\n%v\n%v", want, g)
		}
	})
}

// recomputedFlows sums the orders themselves by seller province, buyer
// province and month (at the seller's province), in Flows' order.
func recomputedFlows(t *testing.T, db *sqldb.DB) []sales.Flow {
	t.Helper()
	ctx := context.Background()
	rows, err := db.Reader().Query(ctx, `SELECT u.province_code, o.ship_regency, o.created_at, o.subtotal
		FROM orders o JOIN umkm u ON u.id = o.umkm_id WHERE o.status IN ('dibayar','diproses','dikirim','selesai')`)
	type row struct {
		seller, regency string
		at              time.Time
		amount          int64
	}
	all, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x row, err error) {
		err = r.Scan(&x.seller, &x.regency, &x.at, &x.amount)
		return x, err
	})
	if err != nil {
		t.Fatal(err)
	}
	by := map[[3]string]*sales.Flow{}
	var keys [][3]string
	for _, x := range all {
		k := [3]string{x.at.In(region.Location(x.seller)).Format("2006-01"), x.seller, x.regency[:2]}
		f := by[k]
		if f == nil {
			f = &sales.Flow{SellerProvince: k[1], BuyerProvince: k[2], Month: k[0]}
			by[k] = f
			keys = append(keys, k)
		}
		f.Orders++
		f.Amount += x.amount
	}
	slices.SortFunc(keys, func(a, b [3]string) int { return strings.Compare(a[0]+a[1]+a[2], b[0]+b[1]+b[2]) })
	out := make([]sales.Flow, len(keys))
	for i, k := range keys {
		out[i] = *by[k]
	}
	return out
}
