package midtrans

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/payment"
)

const testServerKey = "SB-Mid-server-TOq1a2AVuiyhhOjvfs3U_KeO"

// fakeCoreAPI speaks the documented /v2/charge and GET /v2/{order_id}/status
// contracts and lets each test decide the answer after the request has been
// checked.
type fakeCoreAPI struct {
	t       *testing.T
	calls   int
	gotBody map[string]any
	answer  func(w http.ResponseWriter, body map[string]any)
	// status answers the Get Status API for an order_id.
	status      func(w http.ResponseWriter, orderID string)
	statusCalls int
}

func (f *fakeCoreAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := f.t
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testServerKey+":"))
	if got := r.Header.Get("Authorization"); got != wantAuth {
		t.Errorf("Authorization = %q, want %q", got, wantAuth)
	}
	if orderID, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/v2/"), "/status"); ok && r.Method == http.MethodGet {
		f.statusCalls++
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("Accept = %q", got)
		}
		w.Header().Set("Content-Type", "application/json")
		f.status(w, orderID)
		return
	}
	f.calls++
	if r.Method != http.MethodPost {
		t.Errorf("method = %s, want POST", r.Method)
	}
	if r.URL.Path != "/v2/charge" {
		t.Errorf("path = %s, want /v2/charge", r.URL.Path)
	}
	if got := r.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("request body is not JSON: %v: %s", err, raw)
	}
	f.gotBody = body
	w.Header().Set("Content-Type", "application/json")
	f.answer(w, body)
}

func newFake(t *testing.T, answer func(w http.ResponseWriter, body map[string]any)) (*fakeCoreAPI, *Provider) {
	t.Helper()
	f := &fakeCoreAPI{t: t, answer: answer}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	p := New(Config{ServerKey: testServerKey, BaseURL: srv.URL + "/"})
	return f, p
}

// qrisCreated is the documented QRIS charge response (status_code "201").
func qrisCreated(w http.ResponseWriter, body map[string]any) {
	td := body["transaction_details"].(map[string]any)
	orderID := td["order_id"].(string)
	gross := int64(td["gross_amount"].(float64))
	resp := map[string]any{
		"status_code":        "201",
		"status_message":     "QRIS transaction is created",
		"transaction_id":     "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2",
		"order_id":           orderID,
		"merchant_id":        "G490526303",
		"gross_amount":       formatGross(gross),
		"currency":           "IDR",
		"payment_type":       "qris",
		"transaction_time":   "2021-07-06 17:23:49",
		"transaction_status": "pending",
		"fraud_status":       "accept",
		"actions": []map[string]any{{
			"name":   "generate-qr-code",
			"method": "GET",
			"url":    "https://api.sandbox.midtrans.com/v2/qris/01bf5e23-7183-4cfe-862c-58a3f6e8f0a2/qr-code",
		}},
		"qr_string":   "00020101021126610014COM.GO-JEK.WWW01189360091434506469550210G4506469550303UMI51440014ID.CO.QRIS.WWW0215ID10243341364120303UMI5204581253033605405789005802ID5923Gerai Warung Bu Sri6007JAKARTA61051234062250521019d4b5a6c0bb8c5f6304ABCD",
		"acquirer":    "gopay",
		"expiry_time": "2021-07-06 17:38:49",
	}
	_ = json.NewEncoder(w).Encode(resp)
}

func formatGross(v int64) string { return strconv.FormatInt(v, 10) + ".00" }

func TestCreateChargeRequestAndResponse(t *testing.T) {
	f, p := newFake(t, qrisCreated)
	now := time.Date(2021, 7, 6, 10, 23, 49, 0, time.UTC) // 17:23:49 WIB
	p.now = func() time.Time { return now }

	res, err := p.CreateCharge(context.Background(), payment.Charge{
		PaymentID:     "GR-PAY-0001",
		Amount:        789000,
		Description:   "Keripik tempe 3 bungkus + sambal roa dari Toko Bu Sri, Malang",
		ExpiresAt:     now.Add(15 * time.Minute),
		CustomerName:  "Budi",
		CustomerEmail: "budi@example.com",
	})
	if err != nil {
		t.Fatalf("CreateCharge: %v", err)
	}
	if f.calls != 1 {
		t.Fatalf("calls = %d", f.calls)
	}

	b := f.gotBody
	if b["payment_type"] != "qris" {
		t.Errorf("payment_type = %v", b["payment_type"])
	}
	td := b["transaction_details"].(map[string]any)
	if td["order_id"] != "GR-PAY-0001" || td["gross_amount"] != float64(789000) {
		t.Errorf("transaction_details = %v", td)
	}
	if q := b["qris"].(map[string]any); q["acquirer"] != "gopay" {
		t.Errorf("qris = %v", q)
	}
	items := b["item_details"].([]any)
	item := items[0].(map[string]any)
	if item["price"] != float64(789000) || item["quantity"] != float64(1) {
		t.Errorf("item_details = %v", items)
	}
	if name := item["name"].(string); len([]rune(name)) > 50 {
		t.Errorf("item name not truncated to 50: %q", name)
	}
	cd := b["customer_details"].(map[string]any)
	if cd["first_name"] != "Budi" || cd["email"] != "budi@example.com" {
		t.Errorf("customer_details = %v", cd)
	}
	ce := b["custom_expiry"].(map[string]any)
	if ce["order_time"] != "2021-07-06 17:23:49 +0700" || ce["expiry_duration"] != float64(15) || ce["unit"] != "minute" {
		t.Errorf("custom_expiry = %v", ce)
	}

	if res.ProviderRef != "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2" {
		t.Errorf("ProviderRef = %q", res.ProviderRef)
	}
	if !strings.HasPrefix(res.QRIS, "000201") {
		t.Errorf("QRIS = %q", res.QRIS)
	}
	wantExp := time.Date(2021, 7, 6, 10, 38, 49, 0, time.UTC)
	if !res.ExpiresAt.Equal(wantExp) {
		t.Errorf("ExpiresAt = %v, want %v", res.ExpiresAt, wantExp)
	}
}

func TestCreateChargeMinimalBody(t *testing.T) {
	f, p := newFake(t, qrisCreated)
	if _, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-2", Amount: 10000}); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"custom_expiry", "customer_details", "item_details"} {
		if _, ok := f.gotBody[k]; ok {
			t.Errorf("%s sent although not asked for", k)
		}
	}
}

func TestCreateChargeNoExpiryInResponseKeepsRequested(t *testing.T) {
	_, p := newFake(t, func(w http.ResponseWriter, body map[string]any) {
		rec := httptest.NewRecorder()
		qrisCreated(rec, body)
		var m map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &m)
		delete(m, "expiry_time")
		_ = json.NewEncoder(w).Encode(m)
	})
	exp := time.Now().Add(time.Hour).Truncate(time.Second)
	res, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-3", Amount: 10000, ExpiresAt: exp})
	if err != nil {
		t.Fatal(err)
	}
	if !res.ExpiresAt.Equal(exp) {
		t.Errorf("ExpiresAt = %v, want %v", res.ExpiresAt, exp)
	}
}

func TestCreateChargeUnauthorized(t *testing.T) {
	_, p := newFake(t, func(w http.ResponseWriter, _ map[string]any) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"status_code":"401","status_message":"Access denied due to unauthorized transaction, please check client or server key","id":"5d2e1c6a-3f4b-4c44-9c49-8a6e1d6f7a10"}`)
	})
	_, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-4", Amount: 10000})
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if !ae.Unauthorized() || ae.HTTPStatus != 401 {
		t.Errorf("APIError = %+v", ae)
	}
	msg := err.Error()
	if !strings.Contains(msg, "401") || !strings.Contains(msg, "server key") {
		t.Errorf("error not clear: %q", msg)
	}
	if strings.Contains(msg, testServerKey) {
		t.Errorf("error leaks the server key: %q", msg)
	}
}

func TestCreateChargeDuplicateOrderInHTTP200(t *testing.T) {
	_, p := newFake(t, func(w http.ResponseWriter, _ map[string]any) {
		// Midtrans answers HTTP 200 and puts the refusal in status_code.
		_, _ = io.WriteString(w, `{"status_code":"406","status_message":"order_id has been paid and utilized, please use another order ID","id":"b0d4d3c4-2d7e-4f55-9c1e-2b1f6c1a9e77"}`)
	})
	_, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-5", Amount: 10000})
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if !ae.DuplicateOrder() || ae.HTTPStatus != 200 {
		t.Errorf("APIError = %+v", ae)
	}
	if msg := err.Error(); !strings.Contains(msg, "406") || !strings.Contains(msg, "order_id has been paid") {
		t.Errorf("error not clear: %q", msg)
	}
}

func TestCreateChargeValidationMessages(t *testing.T) {
	_, p := newFake(t, func(w http.ResponseWriter, _ map[string]any) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"status_code":"400","status_message":"One or more parameters in the payload is invalid.","validation_messages":["transaction_details.gross_amount is not equal to the sum of item_details"]}`)
	})
	_, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-6", Amount: 10000})
	if err == nil || !strings.Contains(err.Error(), "gross_amount is not equal") {
		t.Fatalf("err = %v", err)
	}
}

func TestCreateChargeServerErrorWithoutJSON(t *testing.T) {
	_, p := newFake(t, func(w http.ResponseWriter, _ map[string]any) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html>bad gateway</html>")
	})
	_, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-7", Amount: 10000})
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != "502" {
		t.Fatalf("err = %v", err)
	}
}

func TestCreateChargeRejectsBadInput(t *testing.T) {
	_, p := newFake(t, qrisCreated)
	cases := []payment.Charge{
		{PaymentID: "", Amount: 1},
		{PaymentID: strings.Repeat("x", 51), Amount: 1},
		{PaymentID: "GR-8", Amount: 0},
		{PaymentID: "GR-9", Amount: 1, ExpiresAt: time.Now().Add(-time.Minute)},
	}
	for _, c := range cases {
		if _, err := p.CreateCharge(context.Background(), c); err == nil {
			t.Errorf("CreateCharge(%+v) = nil error", c)
		}
	}
}

func TestCreateChargeTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-block
	}))
	defer srv.Close()
	defer close(block)
	p := New(Config{ServerKey: testServerKey, BaseURL: srv.URL, HTTPClient: &http.Client{Timeout: 50 * time.Millisecond}})
	_, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-10", Amount: 10000})
	if err == nil {
		t.Fatal("want timeout error")
	}
	if strings.Contains(err.Error(), testServerKey) {
		t.Errorf("error leaks the server key: %v", err)
	}
}

func TestDefaults(t *testing.T) {
	p := New(Config{ServerKey: "k"})
	if p.baseURL != SandboxBaseURL {
		t.Errorf("baseURL = %q", p.baseURL)
	}
	if p.client.Timeout != DefaultTimeout {
		t.Errorf("timeout = %v", p.client.Timeout)
	}
	if p.Name() != "midtrans" {
		t.Errorf("Name = %q", p.Name())
	}
}

// sampleNotification is a QRIS settlement notification shaped like the
// documented samples; the signature is computed with the documented formula.
func sampleNotification(txStatus, fraud, statusCode, gross string) map[string]any {
	n := map[string]any{
		"transaction_type":   "on-us",
		"transaction_time":   "2021-07-06 17:23:49",
		"transaction_status": txStatus,
		"transaction_id":     "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2",
		"status_message":     "midtrans payment notification",
		"status_code":        statusCode,
		"settlement_time":    "2021-07-06 17:24:10",
		"payment_type":       "qris",
		"order_id":           "GR-PAY-0001",
		"merchant_id":        "G490526303",
		"issuer":             "gopay",
		"gross_amount":       gross,
		"currency":           "IDR",
		"acquirer":           "gopay",
	}
	if fraud != "" {
		n["fraud_status"] = fraud
	}
	n["signature_key"] = Signature("GR-PAY-0001", statusCode, gross, testServerKey)
	return n
}

func post(t *testing.T, body any) *http.Request {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/webhooks/midtrans", strings.NewReader(string(raw)))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func TestParseNotificationValid(t *testing.T) {
	p := New(Config{ServerKey: testServerKey})
	n := sampleNotification("settlement", "accept", "200", "789000.00")
	got, err := p.ParseNotification(post(t, n))
	if err != nil {
		t.Fatalf("ParseNotification: %v", err)
	}
	if got.PaymentID != "GR-PAY-0001" || got.ProviderRef != "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2" {
		t.Errorf("ids = %q %q", got.PaymentID, got.ProviderRef)
	}
	if got.Status != payment.StatusPaid || got.Amount != 789000 {
		t.Errorf("status/amount = %v %d", got.Status, got.Amount)
	}
	if got.EventID != "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2:settlement" {
		t.Errorf("EventID = %q", got.EventID)
	}
	if len(got.Raw) == 0 || !json.Valid(got.Raw) {
		t.Errorf("Raw = %q", got.Raw)
	}
}

func TestSignatureFormula(t *testing.T) {
	// Independent of Signature(): the documented concatenation, by hand.
	p := New(Config{ServerKey: testServerKey})
	body := `{"transaction_status":"settlement","transaction_id":"t-1","status_code":"200","order_id":"A-1","gross_amount":"10000.00","signature_key":"` +
		Signature("A-1", "200", "10000.00", testServerKey) + `"}`
	if _, err := p.ParseNotification(post(t, body)); err != nil {
		t.Fatal(err)
	}
	// Uppercase hex verifies too: it is the same digest.
	upper := `{"transaction_status":"settlement","transaction_id":"t-1","status_code":"200","order_id":"A-1","gross_amount":"10000.00","signature_key":"` +
		strings.ToUpper(Signature("A-1", "200", "10000.00", testServerKey)) + `"}`
	if _, err := p.ParseNotification(post(t, upper)); err != nil {
		t.Fatal(err)
	}
}

func TestParseNotificationForgedSignature(t *testing.T) {
	p := New(Config{ServerKey: testServerKey})
	n := sampleNotification("settlement", "accept", "200", "789000.00")
	n["signature_key"] = Signature("GR-PAY-0001", "200", "789000.00", "SB-Mid-server-attacker-guess")
	if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
	n["signature_key"] = "not-hex"
	if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
	delete(n, "signature_key")
	if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
}

func TestParseNotificationTamperedAmount(t *testing.T) {
	p := New(Config{ServerKey: testServerKey})
	n := sampleNotification("settlement", "accept", "200", "789000.00")
	n["gross_amount"] = "1000.00"
	if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
	// "789000" is the same number but not the string that was signed.
	n["gross_amount"] = "789000"
	if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
}

func TestParseNotificationTamperedStatus(t *testing.T) {
	// transaction_status is not part of the signature; order_id is.
	p := New(Config{ServerKey: testServerKey})
	n := sampleNotification("pending", "", "201", "789000.00")
	n["order_id"] = "GR-PAY-0002"
	if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
}

func TestParseNotificationNoServerKeyFailsClosed(t *testing.T) {
	p := New(Config{})
	n := sampleNotification("settlement", "accept", "200", "789000.00")
	n["signature_key"] = Signature("GR-PAY-0001", "200", "789000.00", "")
	if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
}

func TestParseNotificationMalformed(t *testing.T) {
	p := New(Config{ServerKey: testServerKey})
	signed := func(mut func(map[string]any)) map[string]any {
		n := sampleNotification("settlement", "accept", "200", "789000.00")
		mut(n)
		return n
	}
	cases := map[string]any{
		"not json":             `{"order_id":`,
		"empty":                ``,
		"array":                `[]`,
		"amount as number":     `{"order_id":"A","status_code":"200","gross_amount":10000,"signature_key":"00"}`,
		"missing order_id":     signed(func(n map[string]any) { delete(n, "order_id") }),
		"missing status_code":  signed(func(n map[string]any) { delete(n, "status_code") }),
		"missing gross_amount": signed(func(n map[string]any) { delete(n, "gross_amount") }),
		"missing transaction_id": signed(func(n map[string]any) {
			delete(n, "transaction_id")
		}),
		"missing transaction_status": signed(func(n map[string]any) {
			delete(n, "transaction_status")
		}),
		"unknown status": signed(func(n map[string]any) { n["transaction_status"] = "teleported" }),
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := p.ParseNotification(post(t, body)); !errors.Is(err, payment.ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestParseNotificationNonIntegralAmount(t *testing.T) {
	p := New(Config{ServerKey: testServerKey})
	for _, gross := range []string{"10000.50", "10000.05", "-10000.00", "1e4", "10000.", ".00", "10,000.00"} {
		n := sampleNotification("settlement", "accept", "200", gross) // validly signed
		if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrMalformed) {
			t.Errorf("gross %q: err = %v, want ErrMalformed", gross, err)
		}
	}
	for gross, want := range map[string]int64{"10000.00": 10000, "10000": 10000, "10000.0": 10000, "1": 1} {
		n := sampleNotification("settlement", "accept", "200", gross)
		got, err := p.ParseNotification(post(t, n))
		if err != nil || got.Amount != want {
			t.Errorf("gross %q: %d, %v", gross, got.Amount, err)
		}
	}
}

func TestParseNotificationStatusMapping(t *testing.T) {
	p := New(Config{ServerKey: testServerKey})
	cases := []struct {
		tx, fraud, code string
		want            payment.Status
	}{
		{"settlement", "accept", "200", payment.StatusPaid},
		{"settlement", "", "200", payment.StatusPaid},
		{"capture", "accept", "200", payment.StatusPaid},
		{"capture", "challenge", "201", payment.StatusPending},
		{"capture", "deny", "202", payment.StatusFailed},
		{"pending", "", "201", payment.StatusPending},
		{"pending", "accept", "201", payment.StatusPending},
		{"expire", "", "202", payment.StatusExpired},
		{"deny", "deny", "202", payment.StatusFailed},
		{"cancel", "", "202", payment.StatusFailed},
		{"failure", "", "202", payment.StatusFailed},
		{"refund", "accept", "200", payment.StatusRefunded},
		{"partial_refund", "accept", "200", payment.StatusRefunded},
	}
	for _, c := range cases {
		n := sampleNotification(c.tx, c.fraud, c.code, "789000.00")
		got, err := p.ParseNotification(post(t, n))
		if err != nil {
			t.Errorf("%s/%s: %v", c.tx, c.fraud, err)
			continue
		}
		if got.Status != c.want {
			t.Errorf("%s/%s: status = %s, want %s", c.tx, c.fraud, got.Status, c.want)
		}
		if got.EventID != "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2:"+c.tx {
			t.Errorf("%s: EventID = %q", c.tx, got.EventID)
		}
	}
}

// TestParseNotificationStatusMustAgreeWithSignedCode: transaction_status is
// outside the signature, so a notification signed as 201 (pending) that
// says "settlement" is someone's edit, not Midtrans' word.
func TestParseNotificationStatusMustAgreeWithSignedCode(t *testing.T) {
	p := New(Config{ServerKey: testServerKey})
	for _, c := range []struct{ tx, fraud, code string }{
		{"settlement", "accept", "201"},
		{"settlement", "", "202"},
		{"capture", "accept", "201"},
		{"refund", "accept", "201"},
		{"expire", "", "201"},
		{"deny", "", "201"},
		{"cancel", "", "201"},
		{"pending", "", "202"},
	} {
		n := sampleNotification(c.tx, c.fraud, c.code, "789000.00") // validly signed
		if _, err := p.ParseNotification(post(t, n)); !errors.Is(err, payment.ErrBadSignature) {
			t.Errorf("%s signed as %s: err = %v, want ErrBadSignature", c.tx, c.code, err)
		}
	}
	// The documented pairs still read: a card cancel answers 200, the
	// Expire API 407.
	for _, c := range []struct{ tx, code string }{{"cancel", "200"}, {"expire", "407"}, {"authorize", "200"}} {
		if _, err := p.ParseNotification(post(t, sampleNotification(c.tx, "", c.code, "789000.00"))); err != nil {
			t.Errorf("%s/%s: %v", c.tx, c.code, err)
		}
	}
}

// statusAnswer is the Get Status API's answer for a QRIS transaction,
// shaped like the documented sample (signed like a notification).
func statusAnswer(orderID, txStatus, code, gross string) map[string]any {
	return map[string]any{
		"status_code":        code,
		"status_message":     "Success, transaction is found",
		"transaction_id":     "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2",
		"order_id":           orderID,
		"merchant_id":        "G490526303",
		"gross_amount":       gross,
		"currency":           "IDR",
		"payment_type":       "qris",
		"transaction_time":   "2021-07-06 17:23:49",
		"transaction_status": txStatus,
		"fraud_status":       "accept",
		"acquirer":           "gopay",
		"signature_key":      Signature(orderID, code, gross, testServerKey),
	}
}

func newStatusFake(t *testing.T, answer func(w http.ResponseWriter, orderID string)) (*fakeCoreAPI, *Provider) {
	t.Helper()
	f, p := newFake(t, qrisCreated)
	f.status = answer
	return f, p
}

func TestConfirmAsksTheGetStatusAPI(t *testing.T) {
	var asked string
	f, p := newStatusFake(t, func(w http.ResponseWriter, orderID string) {
		asked = orderID
		_ = json.NewEncoder(w).Encode(statusAnswer(orderID, "settlement", "200", "789000.00"))
	})
	got, err := p.Confirm(context.Background(), "GR-PAY-0001")
	if err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	if f.statusCalls != 1 || asked != "GR-PAY-0001" {
		t.Fatalf("status calls %d for %q", f.statusCalls, asked)
	}
	if got.PaymentID != "GR-PAY-0001" || got.Status != payment.StatusPaid || got.Amount != 789000 ||
		got.ProviderRef != "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2" || got.EventID != "01bf5e23-7183-4cfe-862c-58a3f6e8f0a2:settlement" {
		t.Fatalf("Confirm = %+v", got)
	}

	// Still waiting: the provider's word is pending, whatever was notified.
	f.status = func(w http.ResponseWriter, orderID string) {
		_ = json.NewEncoder(w).Encode(statusAnswer(orderID, "pending", "201", "789000.00"))
	}
	if got, err := p.Confirm(context.Background(), "GR-PAY-0001"); err != nil || got.Status != payment.StatusPending {
		t.Fatalf("pending: %+v, %v", got, err)
	}
	// Expired, as the Get Status API says it (407).
	f.status = func(w http.ResponseWriter, orderID string) {
		_ = json.NewEncoder(w).Encode(statusAnswer(orderID, "expire", "407", "789000.00"))
	}
	if got, err := p.Confirm(context.Background(), "GR-PAY-0001"); err != nil || got.Status != payment.StatusExpired {
		t.Fatalf("expired: %+v, %v", got, err)
	}
}

func TestConfirmRefusesAnswersThatDoNotHold(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter, orderID string){
		"unknown transaction": func(w http.ResponseWriter, _ string) {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"status_code":"404","status_message":"Transaction doesn't exist.","id":"e48447d1-cfa9-4b02-b163-2e915d4417ac"}`)
		},
		"unknown transaction in HTTP 200": func(w http.ResponseWriter, _ string) {
			_, _ = io.WriteString(w, `{"status_code":"404","status_message":"Transaction doesn't exist."}`)
		},
		"wrong server key": func(w http.ResponseWriter, _ string) {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"status_code":"401","status_message":"Access denied due to unauthorized transaction, please check client or server key"}`)
		},
		"gateway down": func(w http.ResponseWriter, _ string) {
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, "<html>bad gateway</html>")
		},
		"another order": func(w http.ResponseWriter, _ string) {
			_ = json.NewEncoder(w).Encode(statusAnswer("GR-PAY-0002", "settlement", "200", "789000.00"))
		},
		"settlement said with a pending code": func(w http.ResponseWriter, orderID string) {
			_ = json.NewEncoder(w).Encode(statusAnswer(orderID, "settlement", "201", "789000.00"))
		},
		"signature that does not verify": func(w http.ResponseWriter, orderID string) {
			a := statusAnswer(orderID, "settlement", "200", "789000.00")
			a["signature_key"] = Signature(orderID, "200", "789000.00", "another-key")
			_ = json.NewEncoder(w).Encode(a)
		},
		"fraction of a rupiah": func(w http.ResponseWriter, orderID string) {
			_ = json.NewEncoder(w).Encode(statusAnswer(orderID, "settlement", "200", "789000.50"))
		},
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			_, p := newStatusFake(t, answer)
			got, err := p.Confirm(context.Background(), "GR-PAY-0001")
			if err == nil {
				t.Fatalf("Confirm = %+v, want an error", got)
			}
			if strings.Contains(err.Error(), testServerKey) {
				t.Errorf("error leaks the server key: %v", err)
			}
		})
	}
	_, p := newStatusFake(t, cases["unknown transaction"])
	_, err := p.Confirm(context.Background(), "GR-PAY-0001")
	var ae *APIError
	if !errors.As(err, &ae) || !ae.NotFound() || !strings.Contains(err.Error(), "doesn't exist") {
		t.Fatalf("unknown transaction: %v", err)
	}
}
