// Package simulator is a payment provider that lives inside Gerai, so a
// person trying the demo can press "bayar" and watch an order become paid.
// It issues real QRIS payloads (of a made-up merchant) and signs its
// notifications, which travel the same webhook path as a gateway's.
package simulator

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/gerai-id/gerai/internal/payment"
	"github.com/gerai-id/gerai/internal/payment/qris"
)

// SignatureHeader carries the HMAC-SHA256 of a notification body.
const SignatureHeader = "X-Simulator-Signature"

// Provider is the simulator.
type Provider struct {
	secret []byte
}

// New returns a simulator signing with secret (random when empty).
func New(secret string) *Provider {
	key := []byte(secret)
	if len(key) == 0 {
		key = make([]byte, 32)
		rand.Read(key)
	}
	return &Provider{secret: key}
}

// Name implements payment.Provider.
func (p *Provider) Name() string { return "simulator" }

// MaxAmount implements payment.Provider: the simulator issues QRIS codes,
// so it keeps Bank Indonesia's QRIS limit like a real gateway.
func (p *Provider) MaxAmount() int64 { return payment.QRISMaxAmount }

// demoMerchant is the made-up merchant of simulated QRIS codes.
var demoMerchant = qris.Merchant{Name: "GERAI SIMULASI", City: "PALEMBANG", PostalCode: "30111",
	NMID: "ID1026000000001", MCC: "5999", Criteria: "UMI", AcquirerDomain: "ID.CO.GERAI.WWW",
	MerchantPAN: "9360000000000000001", MerchantID: "GERAI0001"}

// CreateCharge implements payment.Provider: a dynamic QRIS with the amount.
func (p *Provider) CreateCharge(_ context.Context, c payment.Charge) (payment.ChargeResult, error) {
	code, err := qris.Build(demoMerchant, c.Amount, c.PaymentID)
	if err != nil {
		return payment.ChargeResult{}, err
	}
	return payment.ChargeResult{ProviderRef: "SIM-" + c.PaymentID, QRIS: code, ExpiresAt: c.ExpiresAt}, nil
}

type body struct {
	PaymentID string `json:"payment_id"`
	Status    string `json:"status"`
	Amount    int64  `json:"amount"`
	EventID   string `json:"event_id"`
}

// PaidNotification builds the signed webhook request that says a payment
// was paid, as a gateway would send it.
func (p *Provider) PaidNotification(paymentID string, amount int64) *http.Request {
	b, _ := json.Marshal(body{PaymentID: paymentID, Status: string(payment.StatusPaid), Amount: amount, EventID: "sim-paid-" + paymentID})
	req, _ := http.NewRequest(http.MethodPost, "/api/v1/payments/simulator/notify", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, p.sign(b))
	return req
}

func (p *Provider) sign(b []byte) string {
	m := hmac.New(sha256.New, p.secret)
	m.Write(b)
	return hex.EncodeToString(m.Sum(nil))
}

// ParseNotification implements payment.Provider.
func (p *Provider) ParseNotification(r *http.Request) (payment.Notification, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return payment.Notification{}, payment.ErrMalformed
	}
	if !hmac.Equal([]byte(p.sign(b)), []byte(r.Header.Get(SignatureHeader))) {
		return payment.Notification{}, payment.ErrBadSignature
	}
	var in body
	if err := json.Unmarshal(b, &in); err != nil || in.PaymentID == "" || in.EventID == "" {
		return payment.Notification{}, fmt.Errorf("%w: %v", payment.ErrMalformed, err)
	}
	return payment.Notification{PaymentID: in.PaymentID, ProviderRef: "SIM-" + in.PaymentID, Status: payment.Status(in.Status),
		Amount: in.Amount, EventID: in.EventID, Raw: b}, nil
}
