package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/payment/midtrans"
	"github.com/gerai-id/gerai/internal/payment/qris"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

const midtransKey = "SB-Mid-server-TEST"

// midtransFake answers the Core API charge for QRIS and the Get Status API
// as Midtrans documents them; a test sets what the Get Status API says.
type midtransFake struct {
	*httptest.Server
	mu      sync.Mutex
	charged map[string]int64 // order_id → gross_amount
	status  string           // transaction_status the Get Status API answers
	down    bool             // the Get Status API fails
}

func (f *midtransFake) set(status string, down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.status, f.down = status, down
}

// answerStatus is GET /v2/{order_id}/status.
func (f *midtransFake) answerStatus(w http.ResponseWriter, orderID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	gross, ok := f.charged[orderID]
	switch {
	case f.down:
		http.Error(w, "upstream timeout", http.StatusGatewayTimeout)
		return
	case !ok:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"status_code":"404","status_message":"Transaction doesn't exist."}`)
		return
	}
	code := map[string]string{"settlement": "200", "pending": "201", "expire": "407"}[f.status]
	amount := fmt.Sprintf("%d.00", gross)
	fmt.Fprintf(w, `{"status_code":%q,"status_message":"Success, transaction is found","transaction_id":"tx-%s","order_id":%q,
		"gross_amount":%q,"currency":"IDR","payment_type":"qris","transaction_time":"2026-11-27 10:00:00","transaction_status":%q,
		"fraud_status":"accept","acquirer":"gopay","signature_key":%q}`,
		code, orderID, orderID, amount, f.status, midtrans.Signature(orderID, code, amount, midtransKey))
}

func fakeMidtrans(t *testing.T) *midtransFake {
	f := &midtransFake{charged: map[string]int64{}, status: "pending"}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, _, _ := r.BasicAuth()
		if user != midtransKey {
			http.Error(w, `{"status_code":"401","status_message":"Unknown Merchant server_key/id"}`, 401)
			return
		}
		if id, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/v2/"), "/status"); ok && r.Method == http.MethodGet {
			f.answerStatus(w, id)
			return
		}
		if r.URL.Path != "/v2/charge" {
			http.NotFound(w, r)
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
		f.mu.Lock()
		f.charged[in.TransactionDetails.OrderID] = in.TransactionDetails.GrossAmount
		f.mu.Unlock()
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
	return f
}

// midtransNotification is a notification body signed as Midtrans signs it
// (status_code 200).
func midtransNotification(orderID, status, gross, key string) string {
	return signedMidtransNotification(orderID, status, "200", gross, key)
}

func signedMidtransNotification(orderID, status, code, gross, key string) string {
	return fmt.Sprintf(`{"transaction_time":"2026-11-27 10:01:00","transaction_status":%q,"transaction_id":"tx-%s",
		"status_message":"midtrans payment notification","status_code":%q,"signature_key":%q,"payment_type":"qris",
		"order_id":%q,"merchant_id":"G000000001","gross_amount":%q,"fraud_status":"accept","currency":"IDR"}`,
		status, orderID, code, midtrans.Signature(orderID, code, gross, key), orderID, gross)
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
			// Signed as pending (201) but saying settlement: an edit, refused.
			if c := post(signedMidtransNotification(orderID, "settlement", "201", gross, midtransKey)); c != 401 || status() != "menunggu_pembayaran" {
				t.Fatalf("settlement signed as pending: %d, order %s", c, status())
			}
			// Validly signed settlement, but Midtrans itself says the
			// transaction is still pending (a replay, a leaked key): answered,
			// recorded, and the order stays unpaid.
			if c := post(midtransNotification(orderID, "settlement", gross, midtransKey)); c != 200 || status() != "menunggu_pembayaran" {
				t.Fatalf("settlement that Midtrans calls pending: %d, order %s", c, status())
			}
			// Midtrans cannot be asked: nothing changes, and the notification
			// is refused so that Midtrans sends it again.
			mt.set("settlement", true)
			if c := post(midtransNotification(orderID, "settlement", gross, midtransKey)); c != 503 || status() != "menunggu_pembayaran" {
				t.Fatalf("settlement while the status API is down: %d, order %s", c, status())
			}
			mt.set("settlement", false)
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
