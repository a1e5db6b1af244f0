package midtrans

import (
	"context"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/payment"
)

// notification holds the fields of a Midtrans HTTP notification that the
// adapter reads. All of them are JSON strings in the documented samples.
type notification struct {
	TransactionID     string `json:"transaction_id"`
	TransactionStatus string `json:"transaction_status"`
	FraudStatus       string `json:"fraud_status"`
	StatusCode        string `json:"status_code"`
	StatusMessage     string `json:"status_message"`
	GrossAmount       string `json:"gross_amount"`
	OrderID           string `json:"order_id"`
	SignatureKey      string `json:"signature_key"`
	PaymentType       string `json:"payment_type"`
}

// ParseNotification implements payment.Provider. The signature is checked
// before anything in the body is trusted:
//
//	signature_key = hex(SHA-512(order_id + status_code + gross_amount + ServerKey))
//
// over the strings exactly as Midtrans sent them (gross_amount "10000.00").
// transaction_status is not signed: one that contradicts the signed
// status_code (a "settlement" signed as 201, pending) is refused as unsigned.
func (p *Provider) ParseNotification(r *http.Request) (payment.Notification, error) {
	var n notification
	raw, err := payment.DecodeNotification(r, &n)
	if err != nil {
		return payment.Notification{}, err
	}
	if n.OrderID == "" || n.StatusCode == "" || n.GrossAmount == "" {
		return payment.Notification{}, fmt.Errorf("%w: order_id, status_code and gross_amount are required", payment.ErrMalformed)
	}
	if n.SignatureKey == "" {
		return payment.Notification{}, fmt.Errorf("%w: no signature_key", payment.ErrBadSignature)
	}
	if !p.validSignature(n) {
		return payment.Notification{}, payment.ErrBadSignature
	}

	// Signed by Midtrans from here on.
	return read(n, raw)
}

// read turns a signed notification (or a Get Status answer, which has the
// same fields) into Gerai's terms.
func read(n notification, raw []byte) (payment.Notification, error) {
	if n.TransactionID == "" || n.TransactionStatus == "" {
		return payment.Notification{}, fmt.Errorf("%w: transaction_id and transaction_status are required", payment.ErrMalformed)
	}
	amount, err := parseAmount(n.GrossAmount)
	if err != nil {
		return payment.Notification{}, fmt.Errorf("%w: gross_amount %q: %v", payment.ErrMalformed, n.GrossAmount, err)
	}
	status, err := mapStatus(n.TransactionStatus, n.FraudStatus)
	if err != nil {
		return payment.Notification{}, err
	}
	if !agrees(status, n.TransactionStatus, n.StatusCode) {
		return payment.Notification{}, fmt.Errorf("%w: transaction_status %q contradicts the signed status_code %q",
			payment.ErrBadSignature, n.TransactionStatus, n.StatusCode)
	}
	return payment.Notification{
		PaymentID:   n.OrderID,
		ProviderRef: n.TransactionID,
		Status:      status,
		Amount:      amount,
		EventID:     n.TransactionID + ":" + n.TransactionStatus,
		Raw:         raw,
	}, nil
}

// Signature computes the documented signature_key for a notification. It is
// exported for tests and tooling that replay notifications.
func Signature(orderID, statusCode, grossAmount, serverKey string) string {
	sum := sha512.Sum512([]byte(orderID + statusCode + grossAmount + serverKey))
	return hex.EncodeToString(sum[:])
}

func (p *Provider) validSignature(n notification) bool {
	if p.serverKey == "" {
		return false // fail closed: nothing verifies without a key
	}
	got, err := hex.DecodeString(n.SignatureKey)
	if err != nil || len(got) != sha512.Size {
		return false
	}
	want := sha512.Sum512([]byte(n.OrderID + n.StatusCode + n.GrossAmount + p.serverKey))
	return subtle.ConstantTimeCompare(got, want[:]) == 1
}

// agrees reports whether a status read from the unsigned transaction_status
// is one the signed status_code allows. Only 200 carries money (settlement,
// accepted capture) or a refund; 201 is pending (or a card under fraud
// challenge); 202 is denied, expired or failed, and the Expire and Get
// Status APIs say 407 for expired. Card cancels answer 200.
func agrees(status payment.Status, txStatus, code string) bool {
	switch status {
	case payment.StatusPaid, payment.StatusRefunded:
		return code == "200"
	case payment.StatusPending:
		return code == "201" || code == "200" // card authorize answers 200
	case payment.StatusExpired:
		return code == "202" || code == "407"
	case payment.StatusFailed:
		return code == "202" || (code == "200" && txStatus == "cancel")
	}
	return false
}

// Confirm implements payment.Confirmer with the Get Status API: GET
// {base}/v2/{order_id}/status. The answer is read like a notification (its
// signature_key, when present, must verify; its transaction_status must
// agree with its status_code; its order_id must be the one asked for).
// Errors mean Midtrans could not be asked or gave no usable answer; an
// *APIError with NotFound() means it knows no such transaction.
func (p *Provider) Confirm(ctx context.Context, paymentID string) (payment.Notification, error) {
	if paymentID == "" || len(paymentID) > maxOrderIDLen {
		return payment.Notification{}, fmt.Errorf("midtrans: order_id must be 1..%d characters, got %d", maxOrderIDLen, len(paymentID))
	}
	if p.serverKey == "" {
		return payment.Notification{}, errors.New("midtrans: no server key configured")
	}
	ctx, cancel := payment.Bound(ctx, p.client, DefaultTimeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodGet, p.baseURL+"/v2/"+url.PathEscape(paymentID)+"/status", nil)
	if err != nil {
		return payment.Notification{}, fmt.Errorf("midtrans: build request: %w", err)
	}
	p.setHeaders(hr)
	resp, err := p.client.Do(hr)
	if err != nil {
		return payment.Notification{}, fmt.Errorf("midtrans: status of %s: %w", paymentID, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return payment.Notification{}, fmt.Errorf("midtrans: status of %s: read response: %w", paymentID, err)
	}
	var st notification
	jerr := json.Unmarshal(raw, &st)
	// A transaction's answer has a transaction_status; anything else (HTTP
	// errors, {"status_code":"404","status_message":"Transaction doesn't
	// exist."}, a wrong key's 401) is a refusal.
	if resp.StatusCode < 200 || resp.StatusCode >= 300 || jerr != nil || st.TransactionStatus == "" {
		ae := &APIError{Op: "status", HTTPStatus: resp.StatusCode, StatusCode: st.StatusCode, Message: st.StatusMessage}
		if ae.StatusCode == "" {
			ae.StatusCode = strconv.Itoa(resp.StatusCode)
		}
		if ae.Message == "" {
			ae.Message = http.StatusText(resp.StatusCode)
		}
		return payment.Notification{}, ae
	}
	if st.OrderID != paymentID {
		return payment.Notification{}, fmt.Errorf("midtrans: status of %s: answer is for order_id %q", paymentID, st.OrderID)
	}
	if st.SignatureKey != "" && !p.validSignature(st) {
		return payment.Notification{}, fmt.Errorf("midtrans: status of %s: %w", paymentID, payment.ErrBadSignature)
	}
	n, err := read(st, raw)
	if err != nil {
		return payment.Notification{}, fmt.Errorf("midtrans: status of %s: %w", paymentID, err)
	}
	return n, nil
}

// mapStatus follows the transaction_status table of the Midtrans
// notification docs.
func mapStatus(txStatus, fraudStatus string) (payment.Status, error) {
	switch txStatus {
	case "settlement":
		return payment.StatusPaid, nil
	case "capture":
		// Card-style capture: only money when the fraud check accepted it.
		switch fraudStatus {
		case "accept":
			return payment.StatusPaid, nil
		case "deny":
			return payment.StatusFailed, nil
		default: // "challenge" or absent: wait for the merchant's decision
			return payment.StatusPending, nil
		}
	case "pending", "authorize":
		return payment.StatusPending, nil
	case "expire":
		return payment.StatusExpired, nil
	case "deny", "cancel", "failure":
		return payment.StatusFailed, nil
	case "refund", "partial_refund":
		return payment.StatusRefunded, nil
	default:
		return "", fmt.Errorf("%w: unknown transaction_status %q", payment.ErrMalformed, txStatus)
	}
}

// parseAmount reads a Midtrans amount string ("10000.00") as whole rupiah.
// Any non-zero fraction is refused: IDR has no cents in Gerai.
func parseAmount(s string) (int64, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || !allDigits(whole) {
		return 0, errors.New("not a non-negative decimal amount")
	}
	if hasDot {
		if frac == "" || !allDigits(frac) {
			return 0, errors.New("not a decimal amount")
		}
		if strings.Trim(frac, "0") != "" {
			return 0, errors.New("has a fraction of a rupiah")
		}
	}
	v, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, errors.New("out of range")
	}
	return v, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}
