package xendit

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/payment"
)

const (
	testSecretKey     = "xnd_development_O46JfOtygef9kMNsK+ZPGT+TeStIngw3Dn+R1k+2fT/7GlCAN3jg=="
	testCallbackToken = "MjNoZXJlSXNBVG9rZW5Gb3JHZXJhaVRlc3RpbmdPbmx5MDAx"
)

type fakeXendit struct {
	t       *testing.T
	calls   int
	gotBody map[string]any
	answer  func(w http.ResponseWriter, body map[string]any)
}

func (f *fakeXendit) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls++
	t := f.t
	if r.Method != http.MethodPost || r.URL.Path != "/qr_codes" {
		t.Errorf("%s %s, want POST /qr_codes", r.Method, r.URL.Path)
	}
	if got := r.Header.Get("api-version"); got != "2022-07-31" {
		t.Errorf("api-version = %q", got)
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testSecretKey+":"))
	if got := r.Header.Get("Authorization"); got != wantAuth {
		t.Errorf("Authorization = %q, want %q", got, wantAuth)
	}
	if got := r.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
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

func newFake(t *testing.T, answer func(w http.ResponseWriter, body map[string]any)) (*fakeXendit, *Provider) {
	t.Helper()
	f := &fakeXendit{t: t, answer: answer}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, New(Config{SecretKey: testSecretKey, CallbackToken: testCallbackToken, BaseURL: srv.URL})
}

// qrCreated answers like the documented 2022-07-31 Create QR Code response.
func qrCreated(w http.ResponseWriter, body map[string]any) {
	expires, _ := body["expires_at"].(string)
	if expires == "" {
		expires = "2022-10-24T09:56:43.60445Z" // Xendit's default, 48 h
	}
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"reference_id": body["reference_id"],
		"type":         "DYNAMIC",
		"currency":     "IDR",
		"channel_code": "ID_DANA",
		"amount":       body["amount"],
		"expires_at":   expires,
		"description":  "",
		"metadata":     nil,
		"business_id":  "58cd618ba0464eb64acdb246",
		"created":      "2022-10-22T09:56:43.60445Z",
		"updated":      "2022-10-22T09:56:43.60445Z",
		"id":           "qr_61cb3576-3a25-4d35-8d15-0e8e3bdba4f2",
		"qr_string":    "00020101021226660014ID.LINKAJA.WWW011893600911002411480002152003060006000060303UME51450015ID.OR.GPNQR.WWW02150000000000000000303UME520454995802ID5920Gerai Warung Bu Sri6007Jakarta610512190540510000630435A9",
		"status":       "ACTIVE",
	})
}

func TestCreateChargeRequestAndResponse(t *testing.T) {
	f, p := newFake(t, qrCreated)
	exp := time.Date(2022, 10, 22, 17, 11, 43, 0, time.FixedZone("WIB", 7*3600))
	res, err := p.CreateCharge(context.Background(), payment.Charge{
		PaymentID:   "GR-PAY-0001",
		Amount:      10000,
		Description: "Keripik tempe",
		ExpiresAt:   exp,
	})
	if err != nil {
		t.Fatalf("CreateCharge: %v", err)
	}
	b := f.gotBody
	if b["reference_id"] != "GR-PAY-0001" || b["type"] != "DYNAMIC" || b["currency"] != "IDR" || b["amount"] != float64(10000) {
		t.Errorf("body = %v", b)
	}
	if b["expires_at"] != "2022-10-22T10:11:43Z" {
		t.Errorf("expires_at = %v", b["expires_at"])
	}
	if res.ProviderRef != "qr_61cb3576-3a25-4d35-8d15-0e8e3bdba4f2" {
		t.Errorf("ProviderRef = %q", res.ProviderRef)
	}
	if !strings.HasPrefix(res.QRIS, "000201") {
		t.Errorf("QRIS = %q", res.QRIS)
	}
	if !res.ExpiresAt.Equal(exp) {
		t.Errorf("ExpiresAt = %v, want %v", res.ExpiresAt, exp)
	}
}

func TestCreateChargeWithoutExpiry(t *testing.T) {
	f, p := newFake(t, qrCreated)
	res, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-2", Amount: 25000})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := f.gotBody["expires_at"]; ok {
		t.Error("expires_at sent although not asked for")
	}
	want := time.Date(2022, 10, 24, 9, 56, 43, 604450000, time.UTC)
	if !res.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want Xendit's %v", res.ExpiresAt, want)
	}
}

func TestCreateChargeErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		code   string
		msg    string
	}{
		{"bad key", 401, `{"error_code":"INVALID_API_KEY","message":"API key is not authorized for this API service"}`, "INVALID_API_KEY", "not authorized"},
		{"validation", 400, `{"error_code":"API_VALIDATION_ERROR","message":"amount must be a number"}`, "API_VALIDATION_ERROR", "amount must be"},
		{"channel off", 403, `{"error_code":"CHANNEL_NOT_ACTIVATED","message":"Payment request failed because this specific payment channel has not been activated through Xendit."}`, "CHANNEL_NOT_ACTIVATED", "not been activated"},
		{"duplicate", 409, `{"error_code":"DUPLICATE_ERROR","message":"reference_id already exists"}`, "DUPLICATE_ERROR", "already exists"},
		{"no json", 502, `<html>Bad Gateway</html>`, "", "Bad Gateway"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, p := newFake(t, func(w http.ResponseWriter, _ map[string]any) {
				w.WriteHeader(c.status)
				_, _ = io.WriteString(w, c.body)
			})
			_, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-3", Amount: 10000})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if ae.HTTPStatus != c.status || ae.Code != c.code {
				t.Errorf("APIError = %+v", ae)
			}
			msg := err.Error()
			if !strings.Contains(msg, c.msg) || (c.code != "" && !strings.Contains(msg, c.code)) {
				t.Errorf("error not clear: %q", msg)
			}
			if strings.Contains(msg, testSecretKey) {
				t.Errorf("error leaks the secret key: %q", msg)
			}
		})
	}
}

func TestCreateChargeRejectsOddResponses(t *testing.T) {
	mutate := func(m func(map[string]any)) func(http.ResponseWriter, map[string]any) {
		return func(w http.ResponseWriter, body map[string]any) {
			rec := httptest.NewRecorder()
			qrCreated(rec, body)
			var v map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &v)
			m(v)
			_ = json.NewEncoder(w).Encode(v)
		}
	}
	cases := map[string]func(http.ResponseWriter, map[string]any){
		"no qr_string":  mutate(func(v map[string]any) { delete(v, "qr_string") }),
		"no id":         mutate(func(v map[string]any) { delete(v, "id") }),
		"other ref":     mutate(func(v map[string]any) { v["reference_id"] = "someone-else" }),
		"other amount":  mutate(func(v map[string]any) { v["amount"] = 1 }),
		"inactive":      mutate(func(v map[string]any) { v["status"] = "INACTIVE" }),
		"not json 2xx":  func(w http.ResponseWriter, _ map[string]any) { _, _ = io.WriteString(w, "ok") },
		"json array 2x": func(w http.ResponseWriter, _ map[string]any) { _, _ = io.WriteString(w, "[]") },
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			_, p := newFake(t, answer)
			if _, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-4", Amount: 10000}); err == nil {
				t.Fatal("want error")
			}
		})
	}
}

func TestCreateChargeRejectsBadInput(t *testing.T) {
	f, p := newFake(t, qrCreated)
	for _, c := range []payment.Charge{
		{PaymentID: "", Amount: 1},
		{PaymentID: strings.Repeat("x", 256), Amount: 1},
		{PaymentID: "GR-5", Amount: -1},
	} {
		if _, err := p.CreateCharge(context.Background(), c); err == nil {
			t.Errorf("CreateCharge(%+v) = nil error", c)
		}
	}
	if f.calls != 0 {
		t.Errorf("calls = %d, want 0", f.calls)
	}
}

func TestCreateChargeTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	defer srv.Close()
	defer close(block)
	p := New(Config{SecretKey: testSecretKey, BaseURL: srv.URL, HTTPClient: &http.Client{Timeout: 50 * time.Millisecond}})
	_, err := p.CreateCharge(context.Background(), payment.Charge{PaymentID: "GR-6", Amount: 10000})
	if err == nil {
		t.Fatal("want timeout error")
	}
	if strings.Contains(err.Error(), testSecretKey) {
		t.Errorf("error leaks the secret key: %v", err)
	}
}

func TestDefaults(t *testing.T) {
	p := New(Config{SecretKey: "k"})
	if p.baseURL != DefaultBaseURL || p.client.Timeout != DefaultTimeout || p.Name() != "xendit" {
		t.Errorf("defaults = %q %v %q", p.baseURL, p.client.Timeout, p.Name())
	}
}

// sampleCallback is the documented 2022-07-31 QR payment callback.
const sampleCallback = `{
    "event": "qr.payment",
    "api_version": "2022-07-31",
    "business_id": "58cd618ba0464eb64acdb246",
    "created": "2022-10-22T06:30:05.86474Z",
    "data": {
        "id": "qrpy_8182837te-87st-49ing-8696-1239bd4d759c",
        "business_id": "58cd618ba0464eb64acdb246",
        "currency": "IDR",
        "amount": 10000,
        "status": "SUCCEEDED",
        "created": "2022-10-22T06:30:05.86474Z",
        "qr_id": "qr_61cb3576-3a25-4d35-8d15-0e8e3bdba4f2",
        "qr_string": "0002010102##########CO.XENDIT.WWW011893600#######14220002152#####414220010303TTT####015CO.XENDIT.WWW02180000000000000000000TTT52045######ID5911XenditQRIS6007Jakarta6105121606##########3k1mOnF73h11111111#3k1mOnF73h6v53033605401163040BDB",
        "reference_id": "GR-PAY-0001",
        "type": "DYNAMIC",
        "channel_code": "ID_DANA",
        "expires_at": "2022-10-23T09:56:43.60445Z",
        "description": "",
        "basket": null,
        "metadata": null,
        "payment_detail": {
            "receipt_id": "000111666",
            "source": "GOPAY",
            "name": null,
            "account_details": null
        }
    }
}`

func callbackReq(body, token string, setToken bool) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/xendit", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if setToken {
		// Xendit sends it lower-case on HTTP/2; the header is case-insensitive.
		r.Header.Set("x-callback-token", token)
	}
	return r
}

func TestParseNotificationValid(t *testing.T) {
	p := New(Config{SecretKey: testSecretKey, CallbackToken: testCallbackToken})
	n, err := p.ParseNotification(callbackReq(sampleCallback, testCallbackToken, true))
	if err != nil {
		t.Fatalf("ParseNotification: %v", err)
	}
	want := payment.Notification{
		PaymentID:   "GR-PAY-0001",
		ProviderRef: "qr_61cb3576-3a25-4d35-8d15-0e8e3bdba4f2",
		Status:      payment.StatusPaid,
		Amount:      10000,
		EventID:     "qrpy_8182837te-87st-49ing-8696-1239bd4d759c",
	}
	if n.PaymentID != want.PaymentID || n.ProviderRef != want.ProviderRef || n.Status != want.Status || n.Amount != want.Amount || n.EventID != want.EventID {
		t.Errorf("got %+v, want %+v", n, want)
	}
	if string(n.Raw) != sampleCallback {
		t.Error("Raw is not the body as received")
	}
}

func TestParseNotificationBadToken(t *testing.T) {
	p := New(Config{SecretKey: testSecretKey, CallbackToken: testCallbackToken})
	cases := map[string]*http.Request{
		"missing":      callbackReq(sampleCallback, "", false),
		"empty":        callbackReq(sampleCallback, "", true),
		"wrong":        callbackReq(sampleCallback, "MjNoZXJlSXNBVG9rZW5Gb3JHZXJhaVRlc3RpbmdPbmx5MDAy", true),
		"prefix":       callbackReq(sampleCallback, testCallbackToken[:10], true),
		"secret key":   callbackReq(sampleCallback, testSecretKey, true),
		"trailing gap": callbackReq(sampleCallback, testCallbackToken+" ", true),
	}
	twice := callbackReq(sampleCallback, testCallbackToken, true)
	twice.Header.Add("X-Callback-Token", "other")
	cases["two values"] = twice
	for name, r := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := p.ParseNotification(r); !errors.Is(err, payment.ErrBadSignature) {
				t.Fatalf("err = %v, want ErrBadSignature", err)
			}
		})
	}
	// A malformed body with a bad token is still a bad signature: the token
	// is checked first.
	if _, err := p.ParseNotification(callbackReq("{", "nope", true)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
}

func TestParseNotificationNoConfiguredTokenFailsClosed(t *testing.T) {
	p := New(Config{SecretKey: testSecretKey})
	if _, err := p.ParseNotification(callbackReq(sampleCallback, "", true)); !errors.Is(err, payment.ErrBadSignature) {
		t.Fatalf("err = %v, want ErrBadSignature", err)
	}
}

func TestParseNotificationMalformed(t *testing.T) {
	p := New(Config{SecretKey: testSecretKey, CallbackToken: testCallbackToken})
	edit := func(m func(cb map[string]any, d map[string]any)) string {
		var cb map[string]any
		if err := json.Unmarshal([]byte(sampleCallback), &cb); err != nil {
			t.Fatal(err)
		}
		m(cb, cb["data"].(map[string]any))
		b, _ := json.Marshal(cb)
		return string(b)
	}
	cases := map[string]string{
		"not json":        `{"event":`,
		"empty":           ``,
		"no data":         edit(func(cb, d map[string]any) { delete(cb, "data") }),
		"other event":     edit(func(cb, d map[string]any) { cb["event"] = "payment.capture" }),
		"no event":        edit(func(cb, d map[string]any) { delete(cb, "event") }),
		"no reference_id": edit(func(cb, d map[string]any) { delete(d, "reference_id") }),
		"no qr_id":        edit(func(cb, d map[string]any) { delete(d, "qr_id") }),
		"no id":           edit(func(cb, d map[string]any) { delete(d, "id") }),
		"no amount":       edit(func(cb, d map[string]any) { delete(d, "amount") }),
		"amount string":   edit(func(cb, d map[string]any) { d["amount"] = "10000" }),
		"amount fraction": edit(func(cb, d map[string]any) { d["amount"] = 10000.5 }),
		"amount negative": edit(func(cb, d map[string]any) { d["amount"] = -10000 }),
		"no status":       edit(func(cb, d map[string]any) { delete(d, "status") }),
		"unknown status":  edit(func(cb, d map[string]any) { d["status"] = "COMPLETED" }),
		"other currency":  edit(func(cb, d map[string]any) { d["currency"] = "PHP" }),
		// The legacy V1 callback shape is not what 2022-07-31 sends.
		"v1 callback": `{"event":"qr.payment","id":"qrpy_1","amount":1500,"created":"2020-01-08T18:18:18.857Z","qr_code":{"id":"qr_1","external_id":"testing_id_123","type":"DYNAMIC"},"status":"COMPLETED"}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := p.ParseNotification(callbackReq(body, testCallbackToken, true)); !errors.Is(err, payment.ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestParseNotificationAmountForms(t *testing.T) {
	p := New(Config{SecretKey: testSecretKey, CallbackToken: testCallbackToken})
	for _, amt := range []string{"10000", "10000.0", "1e4"} {
		body := strings.Replace(sampleCallback, `"amount": 10000`, `"amount": `+amt, 1)
		n, err := p.ParseNotification(callbackReq(body, testCallbackToken, true))
		if err != nil || n.Amount != 10000 {
			t.Errorf("amount %s: %d, %v", amt, n.Amount, err)
		}
	}
}

func TestParseNotificationEventIDFallsBackToCallbackID(t *testing.T) {
	p := New(Config{SecretKey: testSecretKey, CallbackToken: testCallbackToken})
	body := strings.Replace(sampleCallback, `"id": "qrpy_8182837te-87st-49ing-8696-1239bd4d759c",`, ``, 1)
	body = strings.Replace(body, `"event": "qr.payment",`, `"event": "qr.payment", "id": "cb_123",`, 1)
	n, err := p.ParseNotification(callbackReq(body, testCallbackToken, true))
	if err != nil {
		t.Fatal(err)
	}
	if n.EventID != "cb_123" {
		t.Errorf("EventID = %q", n.EventID)
	}
}
