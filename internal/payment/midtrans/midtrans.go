// Package midtrans is the Midtrans Core API adapter behind payment.Provider:
// it creates QRIS charges and verifies Midtrans HTTP(S) notifications.
//
// Documentation this adapter is written against:
//   - QRIS charge:          https://docs.midtrans.com/reference-link/qris
//   - Charge response (QRIS, POS guide, same sample as the reference):
//     https://docs.midtrans.com/docs/gopay-qris-pos-integration
//   - Custom expiry object: https://docs.midtrans.com/reference-link/custom-expiry-object
//   - Notification + signature_key:
//     https://docs.midtrans.com/docs/https-notification-webhooks
//     https://docs.midtrans.com/reference/handle-async-payment
//   - Error codes (401 wrong key, 406 re-used order_id):
//     https://docs.midtrans.com/docs/error-code-and-response-code
//   - Expire API sample notification (gross_amount "698879.00", status_code
//     "202", signature_key; the Expire API's own answer says "407"):
//     https://docs.midtrans.com/reference-link/expire-transaction
//   - Get Status API (GET {base}/v2/{order_id}/status, Basic auth; the answer
//     carries status_code, transaction_status, fraud_status, gross_amount,
//     signature_key like a notification):
//     https://docs.midtrans.com/docs/get-status-api-requests
//     https://docs.midtrans.com/reference/get-transaction-status-card
//   - What status_code means (200 success/settlement, 201 pending or
//     challenge, 202 denied/expired/failed):
//     https://docs.midtrans.com/reference/code-statuses
package midtrans

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/payment"
)

const (
	// SandboxBaseURL is the Core API base for sandbox keys (SB-Mid-server-…).
	SandboxBaseURL = "https://api.sandbox.midtrans.com"
	// ProductionBaseURL is the Core API base for production keys.
	ProductionBaseURL = "https://api.midtrans.com"

	// DefaultTimeout bounds one Core API call when the caller gives no
	// HTTP client of its own.
	DefaultTimeout = 15 * time.Second

	// maxBody caps what is read of a Midtrans API response.
	maxBody = 1 << 20

	// maxOrderIDLen is Midtrans' documented limit for order_id.
	maxOrderIDLen = 50
	// maxItemNameLen is Midtrans' documented limit for item_details.name.
	maxItemNameLen = 50
)

// wib is Western Indonesia Time (GMT+7), the zone Midtrans uses for
// transaction_time, expiry_time and custom_expiry.order_time. A fixed zone
// avoids depending on the tzdata of the host.
var wib = time.FixedZone("WIB", 7*60*60)

// Config configures the adapter.
type Config struct {
	// ServerKey is the merchant's Core API server key. It is only ever sent
	// in the Authorization header and used for notification signatures; it
	// never appears in errors.
	ServerKey string
	// BaseURL defaults to SandboxBaseURL; use ProductionBaseURL in production.
	BaseURL string
	// HTTPClient defaults to a client with DefaultTimeout. When a client
	// without a Timeout is given, each call is still bounded by
	// DefaultTimeout through its context.
	HTTPClient *http.Client
}

// Provider implements payment.Provider for Midtrans QRIS.
type Provider struct {
	serverKey string
	baseURL   string
	client    *http.Client
	now       func() time.Time
}

var (
	_ payment.Provider  = (*Provider)(nil)
	_ payment.Confirmer = (*Provider)(nil)
)

// New returns a Midtrans provider.
func New(c Config) *Provider {
	base := strings.TrimRight(c.BaseURL, "/")
	if base == "" {
		base = SandboxBaseURL
	}
	client := c.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: DefaultTimeout}
	}
	return &Provider{serverKey: c.ServerKey, baseURL: base, client: client, now: time.Now}
}

// Name implements payment.Provider.
func (p *Provider) Name() string { return "midtrans" }

// MaxAmount implements payment.Provider: Midtrans charges QRIS (acquirer
// GoPay), so Bank Indonesia's per-transaction QRIS limit holds.
func (p *Provider) MaxAmount() int64 { return payment.QRISMaxAmount }

// APIError is a charge the Core API refused. StatusCode is Midtrans'
// status_code from the body (which may say "406" inside an HTTP 200), or the
// HTTP status when the body has none.
type APIError struct {
	Op         string // what was refused: "charge" (the default) or "status"
	HTTPStatus int
	StatusCode string
	Message    string
	// Details holds validation_messages, when Midtrans sends them.
	Details []string
}

func (e *APIError) Error() string {
	var b strings.Builder
	op := e.Op
	if op == "" {
		op = "charge"
	}
	fmt.Fprintf(&b, "midtrans: %s refused: status_code %s", op, e.StatusCode)
	if e.HTTPStatus != 0 && strconv.Itoa(e.HTTPStatus) != e.StatusCode {
		fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if len(e.Details) > 0 {
		b.WriteString(" [")
		b.WriteString(strings.Join(e.Details, "; "))
		b.WriteString("]")
	}
	return b.String()
}

// Unauthorized reports a wrong server key or a key for the other
// environment (sandbox vs production).
func (e *APIError) Unauthorized() bool { return e.StatusCode == "401" }

// NotFound reports that Midtrans knows no transaction of that order_id.
func (e *APIError) NotFound() bool { return e.StatusCode == "404" }

// DuplicateOrder reports that order_id is already in use or already paid;
// Midtrans answers status_code 406 for that.
func (e *APIError) DuplicateOrder() bool { return e.StatusCode == "406" }

// chargeRequest is the documented QRIS charge body.
type chargeRequest struct {
	PaymentType        string              `json:"payment_type"`
	TransactionDetails transactionDetails  `json:"transaction_details"`
	ItemDetails        []itemDetail        `json:"item_details,omitempty"`
	CustomerDetails    *customerDetails    `json:"customer_details,omitempty"`
	QRIS               qrisOptions         `json:"qris"`
	CustomExpiry       *customExpiryObject `json:"custom_expiry,omitempty"`
}

type transactionDetails struct {
	OrderID     string `json:"order_id"`
	GrossAmount int64  `json:"gross_amount"`
}

type itemDetail struct {
	ID       string `json:"id"`
	Price    int64  `json:"price"`
	Quantity int    `json:"quantity"`
	Name     string `json:"name"`
}

type customerDetails struct {
	FirstName string `json:"first_name,omitempty"`
	Email     string `json:"email,omitempty"`
}

type qrisOptions struct {
	Acquirer string `json:"acquirer"`
}

type customExpiryObject struct {
	OrderTime      string `json:"order_time"`
	ExpiryDuration int64  `json:"expiry_duration"`
	Unit           string `json:"unit"`
}

type chargeResponse struct {
	StatusCode         string   `json:"status_code"`
	StatusMessage      string   `json:"status_message"`
	ValidationMessages []string `json:"validation_messages"`
	TransactionID      string   `json:"transaction_id"`
	OrderID            string   `json:"order_id"`
	GrossAmount        string   `json:"gross_amount"`
	TransactionStatus  string   `json:"transaction_status"`
	Actions            []struct {
		Name   string `json:"name"`
		Method string `json:"method"`
		URL    string `json:"url"`
	} `json:"actions"`
	QRString   string `json:"qr_string"`
	ExpiryTime string `json:"expiry_time"`
}

// CreateCharge implements payment.Provider: POST {base}/v2/charge with
// payment_type "qris" and acquirer "gopay".
func (p *Provider) CreateCharge(ctx context.Context, c payment.Charge) (payment.ChargeResult, error) {
	if err := c.Check("midtrans", "order_id", maxOrderIDLen); err != nil {
		return payment.ChargeResult{}, err
	}
	if p.serverKey == "" {
		return payment.ChargeResult{}, errors.New("midtrans: no server key configured")
	}

	req := chargeRequest{
		PaymentType:        "qris",
		TransactionDetails: transactionDetails{OrderID: c.PaymentID, GrossAmount: c.Amount},
		QRIS:               qrisOptions{Acquirer: "gopay"},
	}
	if c.Description != "" {
		// Midtrans requires the item prices to add up to gross_amount; one
		// item for the whole order does.
		req.ItemDetails = []itemDetail{{ID: c.PaymentID, Price: c.Amount, Quantity: 1, Name: truncate(c.Description, maxItemNameLen)}}
	}
	if c.CustomerName != "" || c.CustomerEmail != "" {
		req.CustomerDetails = &customerDetails{FirstName: c.CustomerName, Email: c.CustomerEmail}
	}
	if !c.ExpiresAt.IsZero() {
		now := p.now()
		left := c.ExpiresAt.Sub(now)
		if left <= 0 {
			return payment.ChargeResult{}, fmt.Errorf("midtrans: charge %s already expired at %s", c.PaymentID, c.ExpiresAt.Format(time.RFC3339))
		}
		// Whole minutes, rounded up so the QR never dies before ExpiresAt
		// would have it.
		minutes := int64((left + time.Minute - 1) / time.Minute)
		req.CustomExpiry = &customExpiryObject{
			OrderTime:      now.In(wib).Format("2006-01-02 15:04:05 -0700"),
			ExpiryDuration: minutes,
			Unit:           "minute",
		}
	}
	body, err := json.Marshal(req)
	if err != nil {
		return payment.ChargeResult{}, fmt.Errorf("midtrans: encode charge: %w", err)
	}

	ctx, cancel := payment.Bound(ctx, p.client, DefaultTimeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, p.baseURL+"/v2/charge", bytes.NewReader(body))
	if err != nil {
		return payment.ChargeResult{}, fmt.Errorf("midtrans: build request: %w", err)
	}
	p.setHeaders(hr)

	resp, err := p.client.Do(hr)
	if err != nil {
		// *url.Error names the URL only; the key travels in a header.
		return payment.ChargeResult{}, fmt.Errorf("midtrans: charge %s: %w", c.PaymentID, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return payment.ChargeResult{}, fmt.Errorf("midtrans: charge %s: read response: %w", c.PaymentID, err)
	}

	var cr chargeResponse
	jerr := json.Unmarshal(raw, &cr)
	httpOK := resp.StatusCode >= 200 && resp.StatusCode < 300
	if !httpOK {
		ae := &APIError{HTTPStatus: resp.StatusCode, StatusCode: strconv.Itoa(resp.StatusCode)}
		if jerr == nil {
			if cr.StatusCode != "" {
				ae.StatusCode = cr.StatusCode
			}
			ae.Message = cr.StatusMessage
			ae.Details = cr.ValidationMessages
		} else {
			ae.Message = http.StatusText(resp.StatusCode)
		}
		return payment.ChargeResult{}, ae
	}
	if jerr != nil {
		return payment.ChargeResult{}, fmt.Errorf("midtrans: charge %s: unreadable response (HTTP %d): %w", c.PaymentID, resp.StatusCode, jerr)
	}
	// The Core API often answers HTTP 200 and puts the real outcome in
	// status_code: "201" is a created (pending) QRIS charge, "4xx"/"5xx"
	// are refusals.
	if !strings.HasPrefix(cr.StatusCode, "2") || len(cr.StatusCode) != 3 {
		code := cr.StatusCode
		if code == "" {
			code = "missing"
		}
		return payment.ChargeResult{}, &APIError{HTTPStatus: resp.StatusCode, StatusCode: code, Message: cr.StatusMessage, Details: cr.ValidationMessages}
	}
	if cr.TransactionID == "" {
		return payment.ChargeResult{}, fmt.Errorf("midtrans: charge %s: response has no transaction_id", c.PaymentID)
	}
	if cr.OrderID != "" && cr.OrderID != c.PaymentID {
		return payment.ChargeResult{}, fmt.Errorf("midtrans: charge %s: response is for order_id %q", c.PaymentID, cr.OrderID)
	}
	if cr.GrossAmount != "" {
		amt, err := parseAmount(cr.GrossAmount)
		if err != nil || amt != c.Amount {
			return payment.ChargeResult{}, fmt.Errorf("midtrans: charge %s: response gross_amount %q does not match %d", c.PaymentID, cr.GrossAmount, c.Amount)
		}
	}
	if cr.QRString == "" {
		// Without the payload Gerai has nothing to render; the
		// generate-qr-code action URL is an image, not a QRIS string.
		return payment.ChargeResult{}, fmt.Errorf("midtrans: charge %s: transaction %s has no qr_string", c.PaymentID, cr.TransactionID)
	}

	res := payment.ChargeResult{ProviderRef: cr.TransactionID, QRIS: cr.QRString, ExpiresAt: c.ExpiresAt}
	if cr.ExpiryTime != "" {
		// expiry_time is "2006-01-02 15:04:05" in GMT+7. If Midtrans ever
		// changes the format, keep the expiry Gerai asked for.
		if t, err := time.ParseInLocation("2006-01-02 15:04:05", cr.ExpiryTime, wib); err == nil {
			res.ExpiresAt = t
		}
	}
	return res, nil
}

func (p *Provider) setHeaders(hr *http.Request) {
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("Content-Type", "application/json")
	// Basic auth: server key as username, empty password.
	hr.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(p.serverKey+":")))
}
