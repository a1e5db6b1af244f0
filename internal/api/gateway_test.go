package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/payment/midtrans"
	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

const midtransKey = "SB-Mid-server-TEST"

// fakeMidtrans answers the Core API charge for QRIS as Midtrans documents it.
func fakeMidtrans(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _, _ := r.BasicAuth()
		if r.URL.Path != "/v2/charge" || user != midtransKey {
			http.Error(w, `{"status_code":"401","status_message":"Unknown Merchant server_key/id"}`, 401)
			return
		}
		var in struct {
			TransactionDetails struct {
				OrderID     string `json:"order_id"`
				GrossAmount int64  `json:"gross_amount"`
			} `json:"transaction_details"`
		}
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &in)
		code, err := qris.Build(qris.Merchant{Name: "GOPAY MERCHANT", City: "JAKARTA", NMID: "ID1020000000001", MCC: "5499",
			Criteria: "UMI", AcquirerDomain: "COM.GO-JEK.WWW", MerchantPAN: "936009140000000001", MerchantID: "G000000001"},
			in.TransactionDetails.GrossAmount, "MT1")
		if err != nil {
			t.Errorf("fake midtrans qris: %v", err)
		}
		fmt.Fprintf(w, `{"status_code":"201","status_message":"QRIS transaction is created","transaction_id":"tx-%s",
			"order_id":%q,"merchant_id":"G000000001","gross_amount":"%d.00","currency":"IDR","payment_type":"qris",
			"transaction_time":"2026-11-27 10:00:00","transaction_status":"pending","fraud_status":"accept",
			"acquirer":"gopay","qr_string":%q,"actions":[]}`,
			in.TransactionDetails.OrderID, in.TransactionDetails.OrderID, in.TransactionDetails.GrossAmount, code)
	}))
}

// midtransNotification is a notification body signed as Midtrans signs it.
func midtransNotification(orderID, status, gross, key string) string {
	return fmt.Sprintf(`{"transaction_time":"2026-11-27 10:01:00","transaction_status":%q,"transaction_id":"tx-%s",
		"status_message":"midtrans payment notification","status_code":"200","signature_key":%q,"payment_type":"qris",
		"order_id":%q,"merchant_id":"G000000001","gross_amount":%q,"fraud_status":"accept","currency":"IDR"}`,
		status, orderID, midtrans.Signature(orderID, "200", gross, key), orderID, gross)
}

func TestMidtransWebhookPath(t *testing.T) {
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			if d == sqldb.Postgres && !testutil.PostgresConfigured() {
				t.Skip("GERAI_TEST_POSTGRES is not set")
			}
			mt := fakeMidtrans(t)
			defer mt.Close()
			s := testutil.NewServerWith(t, app.Config{DB: testutil.NewDSN(t, d), MidtransServerKey: midtransKey, MidtransBaseURL: mt.URL})
			sh := newShop(t, s, 10)
			body := checkoutBody(map[int64]int64{sh.kemplang: 2}, "pickup")
			body["payment_provider"] = "midtrans"
			var res checkoutResp
			if r := sh.checkout(t, "", body, &res); r.StatusCode != 201 || res.Payments[0].QRIS == "" {
				t.Fatalf("checkout through midtrans: %d %s", r.StatusCode, r.Body)
			}
			orderID := fmt.Sprintf("GERAI-%d", res.Payments[0].ID)
			gross := fmt.Sprintf("%d.00", res.Payments[0].Amount)
			post := func(b string) int {
				req, _ := http.NewRequest("POST", s.URL+"/api/v1/payments/midtrans/notify", strings.NewReader(b))
				req.Header.Set("Content-Type", "application/json")
				return s.Send(req, nil).StatusCode
			}
			status := func() string {
				var o struct{ Status string }
				s.Do("GET", fmt.Sprintf("/api/v1/orders/%d", res.Orders[0].ID), sh.buyer, nil, &o)
				return o.Status
			}
			if c := post(midtransNotification(orderID, "settlement", gross, "wrong-key")); c != 401 || status() != "menunggu_pembayaran" {
				t.Fatalf("forged signature: %d, order %s", c, status())
			}
			if c := post(midtransNotification(orderID, "settlement", "1000.00", midtransKey)); c != 422 || status() != "menunggu_pembayaran" {
				t.Fatalf("wrong amount: %d, order %s", c, status())
			}
			if c := post(midtransNotification("GERAI-999999", "settlement", gross, midtransKey)); c != 422 {
				t.Fatalf("unknown order: %d", c)
			}
			if c := post(midtransNotification(orderID, "settlement", gross, midtransKey)); c != 200 || status() != "dibayar" {
				t.Fatalf("settlement: %d, order %s", c, status())
			}
			// The same notification twice, and a late "pending", change nothing.
			post(midtransNotification(orderID, "settlement", gross, midtransKey))
			post(midtransNotification(orderID, "pending", gross, midtransKey))
			if status() != "dibayar" || sh.count(t, `SELECT COUNT(*) FROM order_history WHERE to_status = 'dibayar'`) != 1 {
				t.Fatalf("repeated or out-of-order notifications changed the order: %s", status())
			}
		})
	}
}
