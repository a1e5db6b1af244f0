package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestCampaignOrderShipsOnlyAfterSettlement: a paid beli-bareng join says it
// is one (its campaign, not yet settled); its seller can neither process nor
// ship it until the campaign is settled, told why in problem+json; once
// settled at a cheaper tier the order shows the refund and ships.
func TestCampaignOrderShipsOnlyAfterSettlement(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		sh := newShop(t, s, 100)
		id := sh.openCampaign(t, 5, 20, 30)
		b := sh.buyers(t, 2)
		j1 := sh.join(t, b[0], id, 5, true)  // 24,000 each
		j2 := sh.join(t, b[1], id, 10, true) // the total reaches 15: 20,000
		type orderCampaign struct {
			Status   string `json:"status"`
			Campaign *struct {
				ID          int64  `json:"id"`
				ProductName string `json:"product_name"`
				Status      string `json:"status"`
				Settled     bool   `json:"settled"`
				Refund      int64  `json:"refund"`
			} `json:"campaign"`
		}
		get := func(tok string, orderID int64) orderCampaign {
			t.Helper()
			var o orderCampaign
			if res := s.Do("GET", fmt.Sprintf("/api/v1/orders/%d", orderID), tok, nil, &o); res.StatusCode != 200 {
				t.Fatalf("get order: %d %s", res.StatusCode, res.Body)
			}
			return o
		}
		for _, who := range []string{b[0], sh.sellerA} {
			if o := get(who, j1.OrderID); o.Campaign == nil || o.Campaign.ID != id || o.Campaign.Settled || o.Campaign.ProductName != "Kemplang Panggang 250 g" {
				t.Fatalf("a paid join as its buyer or seller sees it: %+v", o.Campaign)
			}
		}
		var plain checkoutResp
		sh.checkout(t, "", checkoutBody(map[int64]int64{sh.kemplang: 1}, "pickup"), &plain)
		if o := get(sh.buyer, plain.Orders[0].ID); o.Campaign != nil {
			t.Errorf("an ordinary order says it is a campaign's: %+v", o.Campaign)
		}

		move := func(orderID int64, body map[string]any) testutil.Response {
			return s.Do("POST", fmt.Sprintf("/api/v1/orders/%d/transitions", orderID), sh.sellerA, body, nil)
		}
		for _, body := range []map[string]any{{"to": "diproses"}, {"to": "dikirim", "courier": "JNE", "tracking_number": "JP1"}} {
			res := move(j1.OrderID, body)
			if res.StatusCode != 409 || res.ContentType != "application/problem+json" || !strings.Contains(string(res.Body), "setelah beli bareng selesai") {
				t.Errorf("seller moves an unsettled join to %s: %d %s, want 409 saying it waits for the campaign", body["to"], res.StatusCode, res.Body)
			}
		}
		if st, _ := sh.orderStatus(t, b[0], j1.OrderID); st != "dibayar" {
			t.Fatalf("the refused moves changed the order: %s", st)
		}

		sh.pastDeadline(t, id)
		if _, err := s.App.Orders.SettleDueCampaigns(context.Background()); err != nil {
			t.Fatal(err)
		}
		o := get(b[0], j1.OrderID)
		if o.Campaign == nil || !o.Campaign.Settled || o.Campaign.Status != "berhasil" || o.Campaign.Refund != 5*4000 {
			t.Fatalf("after settlement the join shows %+v, want settled with 20,000 back", o.Campaign)
		}
		if res := move(j1.OrderID, map[string]any{"to": "diproses"}); res.StatusCode != 200 {
			t.Fatalf("processing a settled join: %d %s", res.StatusCode, res.Body)
		}
		if res := move(j1.OrderID, map[string]any{"to": "dikirim"}); res.StatusCode != 200 { // picked up: no courier
			t.Fatalf("shipping a settled join: %d %s", res.StatusCode, res.Body)
		}
		if st, _ := sh.orderStatus(t, b[1], j2.OrderID); st != "dibayar" {
			t.Errorf("the other join: %s, want dibayar", st)
		}
	})
}

// TestSellerIsEmailedOncePerPaidOrder: with SMTP configured the seller gets
// one email when an order is paid, however often Midtrans repeats its
// notification; it links the order and holds no phone number (the outbox
// keeps every message).
func TestSellerIsEmailedOncePerPaidOrder(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			if d == sqldb.Postgres && !testutil.PostgresConfigured() {
				t.Skip("GERAI_TEST_POSTGRES is not set")
			}
			mt := fakeMidtrans(t)
			defer mt.Close()
			s := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, d), MidtransServerKey: midtransKey, MidtransBaseURL: mt.URL,
				SMTP: "smtp://127.0.0.1:2525?from=pesanan@gerai.id"})
			sh := newShop(t, s, 10)
			body := checkoutBody(map[int64]int64{sh.kemplang: 2}, "courier")
			body["payment_provider"] = "midtrans"
			var res checkoutResp
			if r := sh.checkout(t, "", body, &res); r.StatusCode != 201 {
				t.Fatalf("checkout: %d %s", r.StatusCode, r.Body)
			}
			orderID, gross := fmt.Sprintf("GERAI-%d", res.Payments[0].ID), fmt.Sprintf("%d.00", res.Payments[0].Amount)
			mt.set("settlement", false)
			for i := range 3 {
				req, _ := http.NewRequest("POST", s.URL+"/api/v1/payments/midtrans/notify",
					strings.NewReader(midtransNotification(orderID, "settlement", gross, midtransKey)))
				req.Header.Set("Content-Type", "application/json")
				if c := s.Send(req, nil).StatusCode; c != 200 {
					t.Fatalf("notification %d: %d", i+1, c)
				}
			}
			id := res.Orders[0].ID
			var bodies []string
			rows, err := s.App.DB.Reader().Query(context.Background(), `SELECT body FROM outbox WHERE to_email = 'siti@x.id' AND subject = ?`,
				fmt.Sprintf("Pesanan #%d sudah dibayar", id))
			bodies, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (b string, err error) { return b, r.Scan(&b) })
			if err != nil {
				t.Fatal(err)
			}
			if len(bodies) != 1 {
				t.Fatalf("%d paid emails for one order after three notifications, want 1", len(bodies))
			}
			for _, want := range []string{"siap diproses", "Kemplang Panggang 250 g × 2", fmt.Sprintf("%s/pesanan/%d", s.URL, id), "Kota Bandung"} {
				if !strings.Contains(bodies[0], want) {
					t.Errorf("paid email lacks %q:\n%s", want, bodies[0])
				}
			}
			for _, phone := range []string{"0813", "813-1111", "8131111"} {
				if strings.Contains(bodies[0], phone) {
					t.Errorf("paid email holds the buyer's phone:\n%s", bodies[0])
				}
			}
		})
	}
}
