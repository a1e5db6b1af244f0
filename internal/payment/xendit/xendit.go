// Package xendit is the Xendit QR Codes (QRIS) adapter behind
// payment.Provider, on API version 2022-07-31.
//
// Documentation this adapter is written against:
//   - Authentication (Basic auth, secret key as username, empty password):
//     https://developers.xendit.co/api-reference/ (section "Authentication")
//   - QR Codes API: https://developers.xendit.co/api-reference/qr-codes
//     (POST /qr_codes with header "api-version: 2022-07-31"; body
//     reference_id, type, currency, amount, expires_at; response id,
//     reference_id, qr_string, status "ACTIVE", expires_at, …)
//   - QR payment callback (event "qr.payment", api_version "2022-07-31",
//     data.id "qrpy_…", data.qr_id, data.reference_id, data.amount,
//     data.status "SUCCEEDED"): same page, section "QR Code Payment Callback"
//   - x-callback-token = the account's callback verification token
//     (Dashboard > Settings > Webhooks):
//     https://docs.xendit.co/webhook/getting-started/
//   - Error body {error_code, message}, e.g. DUPLICATE_ERROR:
//     https://help.xendit.co/hc/en-us/articles/10875394521753 and the QR
//     test scenarios (403 CHANNEL_NOT_ACTIVATED, 503 CHANNEL_UNAVAILABLE,
//     500 SERVER_ERROR): https://docs.xendit.co/qr-codes/test-scenarios
//
// The same developers.xendit.co page also still documents the legacy
// "QR Codes V1" (external_id, callback_url, a flat callback with status
// "COMPLETED"); this adapter speaks only 2022-07-31 and refuses V1 callbacks
// as malformed.
package xendit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/payment"
)

const (
	// DefaultBaseURL is Xendit's API; test and live mode share it and are
	// told apart by the key (xnd_development_… / xnd_production_…).
	DefaultBaseURL = "https://api.xendit.co"
	// APIVersion is the QR Codes API version this adapter speaks.
	APIVersion = "2022-07-31"
	// DefaultTimeout bounds one API call when the caller gives no HTTP
	// client of its own.
	DefaultTimeout = 15 * time.Second

	// CallbackTokenHeader carries the account's callback verification token.
	CallbackTokenHeader = "X-Callback-Token"

	maxBody = 1 << 20
	// maxReferenceIDLen is the documented limit of reference_id.
	maxReferenceIDLen = 255
)

// Config configures the adapter.
type Config struct {
	// SecretKey is the API secret key; it is only sent in the Authorization
	// header and never appears in errors.
	SecretKey string
	// CallbackToken is the callback verification token from the Xendit
	// dashboard. Without it every callback is refused.
	CallbackToken string
	// BaseURL defaults to DefaultBaseURL.
	BaseURL string
	// HTTPClient defaults to a client with DefaultTimeout. When a client
	// without a Timeout is given, each call is still bounded by
	// DefaultTimeout through its context.
	HTTPClient *http.Client
}

// Provider implements payment.Provider for Xendit QRIS.
type Provider struct {
	secretKey     string
	callbackToken string
	baseURL       string
	client        *http.Client
}

var _ payment.Provider = (*Provider)(nil)

// New returns a Xendit provider.
func New(c Config) *Provider {
	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	client := c.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: DefaultTimeout}
	}
	return &Provider{secretKey: c.SecretKey, callbackToken: c.CallbackToken, baseURL: base, client: client}
}

// Name implements payment.Provider.
func (p *Provider) Name() string { return "xendit" }

// MaxAmount implements payment.Provider: Xendit documents Rp10.000.000 as
// its QRIS channel's maximum, Bank Indonesia's QRIS limit.
func (p *Provider) MaxAmount() int64 { return payment.QRISMaxAmount }

// APIError is a request Xendit refused, with its documented error body.
type APIError struct {
	HTTPStatus int
	Code       string // error_code, e.g. "DUPLICATE_ERROR", "INVALID_API_KEY"
	Message    string
}

func (e *APIError) Error() string {
	code := e.Code
	if code == "" {
		code = "UNKNOWN_ERROR"
	}
	s := fmt.Sprintf("xendit: create QR code refused: HTTP %d %s", e.HTTPStatus, code)
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

type createQRRequest struct {
	ReferenceID string `json:"reference_id"`
	Type        string `json:"type"`
	Currency    string `json:"currency"`
	Amount      int64  `json:"amount"`
	ExpiresAt   string `json:"expires_at,omitempty"`
}

type qrCode struct {
	ID          string          `json:"id"`
	ReferenceID string          `json:"reference_id"`
	BusinessID  string          `json:"business_id"`
	Type        string          `json:"type"`
	Currency    string          `json:"currency"`
	Amount      json.Number     `json:"amount"`
	ChannelCode string          `json:"channel_code"`
	Status      string          `json:"status"`
	QRString    string          `json:"qr_string"`
	ExpiresAt   string          `json:"expires_at"`
	Metadata    json.RawMessage `json:"metadata"`
}

type errorBody struct {
	ErrorCode string `json:"error_code"`
	Message   string `json:"message"`
}

// CreateCharge implements payment.Provider: a DYNAMIC IDR QR code for the
// exact amount, with reference_id = Gerai's payment id.
func (p *Provider) CreateCharge(ctx context.Context, c payment.Charge) (payment.ChargeResult, error) {
	if err := c.Check("xendit", "reference_id", maxReferenceIDLen); err != nil {
		return payment.ChargeResult{}, err
	}
	if p.secretKey == "" {
		return payment.ChargeResult{}, errors.New("xendit: no secret key configured")
	}
	req := createQRRequest{ReferenceID: c.PaymentID, Type: "DYNAMIC", Currency: "IDR", Amount: c.Amount}
	if !c.ExpiresAt.IsZero() {
		req.ExpiresAt = c.ExpiresAt.UTC().Format(time.RFC3339)
	}
	body, err := json.Marshal(req)
	if err != nil {
		return payment.ChargeResult{}, fmt.Errorf("xendit: encode request: %w", err)
	}

	ctx, cancel := payment.Bound(ctx, p.client, DefaultTimeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, p.baseURL+"/qr_codes", bytes.NewReader(body))
	if err != nil {
		return payment.ChargeResult{}, fmt.Errorf("xendit: build request: %w", err)
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("api-version", APIVersion)
	hr.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(p.secretKey+":")))

	resp, err := p.client.Do(hr)
	if err != nil {
		return payment.ChargeResult{}, fmt.Errorf("xendit: create QR code %s: %w", c.PaymentID, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return payment.ChargeResult{}, fmt.Errorf("xendit: create QR code %s: read response: %w", c.PaymentID, err)
	}

	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		ae := &APIError{HTTPStatus: resp.StatusCode}
		var eb errorBody
		if json.Unmarshal(raw, &eb) == nil {
			ae.Code, ae.Message = eb.ErrorCode, eb.Message
		}
		if ae.Message == "" {
			ae.Message = http.StatusText(resp.StatusCode)
		}
		return payment.ChargeResult{}, ae
	}

	var qr qrCode
	if err := json.Unmarshal(raw, &qr); err != nil {
		return payment.ChargeResult{}, fmt.Errorf("xendit: create QR code %s: unreadable response (HTTP %d): %w", c.PaymentID, resp.StatusCode, err)
	}
	if qr.ID == "" || qr.QRString == "" {
		return payment.ChargeResult{}, fmt.Errorf("xendit: create QR code %s: response lacks id or qr_string", c.PaymentID)
	}
	if qr.ReferenceID != "" && qr.ReferenceID != c.PaymentID {
		return payment.ChargeResult{}, fmt.Errorf("xendit: create QR code %s: response is for reference_id %q", c.PaymentID, qr.ReferenceID)
	}
	if qr.Status != "" && qr.Status != "ACTIVE" {
		return payment.ChargeResult{}, fmt.Errorf("xendit: create QR code %s: QR %s is %s, not ACTIVE", c.PaymentID, qr.ID, qr.Status)
	}
	if qr.Amount != "" {
		if amt, err := wholeRupiah(qr.Amount); err != nil || amt != c.Amount {
			return payment.ChargeResult{}, fmt.Errorf("xendit: create QR code %s: response amount %s does not match %d", c.PaymentID, qr.Amount, c.Amount)
		}
	}
	res := payment.ChargeResult{ProviderRef: qr.ID, QRIS: qr.QRString, ExpiresAt: c.ExpiresAt}
	if qr.ExpiresAt != "" {
		if t, err := time.Parse(time.RFC3339Nano, qr.ExpiresAt); err == nil {
			res.ExpiresAt = t
		}
	}
	return res, nil
}

// callback is the 2022-07-31 QR payment callback envelope.
type callback struct {
	ID         string        `json:"id"` // not in the QR sample; used if present
	Event      string        `json:"event"`
	APIVersion string        `json:"api_version"`
	BusinessID string        `json:"business_id"`
	Created    string        `json:"created"`
	Data       *callbackData `json:"data"`
}

type callbackData struct {
	ID          string          `json:"id"` // the QR payment, "qrpy_…"
	BusinessID  string          `json:"business_id"`
	Currency    string          `json:"currency"`
	Amount      json.RawMessage `json:"amount"` // a JSON number; strings refused
	Status      string          `json:"status"`
	QRID        string          `json:"qr_id"` // the QR code, as returned by CreateCharge
	ReferenceID string          `json:"reference_id"`
	Type        string          `json:"type"`
	ChannelCode string          `json:"channel_code"`
}

// ParseNotification implements payment.Provider. The x-callback-token
// header is compared with the configured token in constant time before the
// body is read; without a configured token every callback is refused.
func (p *Provider) ParseNotification(r *http.Request) (payment.Notification, error) {
	if !p.validToken(r.Header.Values(CallbackTokenHeader)) {
		return payment.Notification{}, payment.ErrBadSignature
	}
	var cb callback
	raw, err := payment.DecodeNotification(r, &cb)
	if err != nil {
		return payment.Notification{}, err
	}
	if cb.Event != "qr.payment" {
		return payment.Notification{}, fmt.Errorf("%w: unsupported event %q", payment.ErrMalformed, cb.Event)
	}
	d := cb.Data
	if d == nil {
		return payment.Notification{}, fmt.Errorf("%w: no data", payment.ErrMalformed)
	}
	if d.ReferenceID == "" || d.QRID == "" || d.Status == "" || len(d.Amount) == 0 || string(d.Amount) == "null" {
		return payment.Notification{}, fmt.Errorf("%w: data.reference_id, data.qr_id, data.status and data.amount are required", payment.ErrMalformed)
	}
	if d.Currency != "" && d.Currency != "IDR" {
		return payment.Notification{}, fmt.Errorf("%w: currency %q", payment.ErrMalformed, d.Currency)
	}
	amount, err := wholeRupiah(json.Number(d.Amount))
	if err != nil {
		return payment.Notification{}, fmt.Errorf("%w: data.amount %s: %v", payment.ErrMalformed, d.Amount, err)
	}
	var status payment.Status
	switch d.Status {
	case "SUCCEEDED":
		status = payment.StatusPaid
	case "FAILED":
		status = payment.StatusFailed
	default:
		return payment.Notification{}, fmt.Errorf("%w: unknown data.status %q", payment.ErrMalformed, d.Status)
	}
	eventID := d.ID
	if eventID == "" {
		eventID = cb.ID
	}
	if eventID == "" {
		return payment.Notification{}, fmt.Errorf("%w: no payment id (data.id)", payment.ErrMalformed)
	}
	return payment.Notification{
		PaymentID:   d.ReferenceID,
		ProviderRef: d.QRID,
		Status:      status,
		Amount:      amount,
		EventID:     eventID,
		Raw:         raw,
	}, nil
}

// validToken compares SHA-256 digests so that neither the content nor the
// length of the configured token leaks through timing. Exactly one header
// value is accepted.
func (p *Provider) validToken(got []string) bool {
	if p.callbackToken == "" || len(got) != 1 || got[0] == "" {
		return false
	}
	a := sha256.Sum256([]byte(got[0]))
	b := sha256.Sum256([]byte(p.callbackToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// wholeRupiah reads a JSON number as whole rupiah; 10000 and 10000.0 are
// fine, 10000.5 is not.
func wholeRupiah(n json.Number) (int64, error) {
	if v, err := strconv.ParseInt(string(n), 10, 64); err == nil {
		if v < 0 {
			return 0, errors.New("negative")
		}
		return v, nil
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, errors.New("not a number")
	}
	if f < 0 || f != math.Trunc(f) || f > 1<<53 {
		return 0, errors.New("not a whole, non-negative rupiah amount")
	}
	return int64(f), nil
}
