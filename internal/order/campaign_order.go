package order

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// OrderCampaign is what an order that is a beli-bareng join says about its
// campaign, so that its buyer and seller see it is one: the price is not
// final until the campaign is settled, and the seller waits for that.
type OrderCampaign struct {
	ID           int64          `json:"id"`
	ProductName  string         `json:"product_name"`
	ProvinceCode string         `json:"province_code"`
	Status       CampaignStatus `json:"status"`
	Deadline     time.Time      `json:"deadline"`
	// Settled: this join has been settled (confirmed at the final price, or
	// cancelled); until then the order is neither processed nor shipped.
	Settled bool `json:"settled"`
	// Refund is the price difference given back at settlement.
	Refund int64 `json:"refund,omitempty"`
}

// AwaitsCampaign reports whether o is a beli-bareng join, paid or waiting
// for payment, whose campaign has not settled it yet: its final price is
// still to come, and its seller waits.
func (o Order) AwaitsCampaign() bool {
	return o.Campaign != nil && !o.Campaign.Settled && (o.Status == Paid || o.Status == AwaitingPayment)
}

// loadOrderCampaign reads the campaign of a campaign order (one query, only
// for such orders).
func loadOrderCampaign(ctx context.Context, q sqldb.Querier, o Order) (*OrderCampaign, error) {
	c := &OrderCampaign{ID: o.CampaignID}
	var state sql.NullString
	var refund sql.NullInt64
	err := q.QueryRow(ctx, `SELECT p.name, u.province_code, c.status, c.deadline, cp.state, cp.refund
		FROM campaigns c JOIN products p ON p.id = c.product_id JOIN umkm u ON u.id = c.umkm_id
		LEFT JOIN campaign_participants cp ON cp.order_id = ? WHERE c.id = ?`, o.ID, o.CampaignID).
		Scan(&c.ProductName, &c.ProvinceCode, &c.Status, &c.Deadline, &state, &refund)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c.Settled = state.String == partConfirmed || state.String == partCancelled
	c.Refund = refund.Int64
	return c, nil
}

// campaignHold refuses to process or ship a paid campaign order before its
// join is settled: until then the final price (and the refund of the difference)
// is not known, and a failed campaign cancels the order.
func campaignHold(o Order, to Status) error {
	if !o.AwaitsCampaign() || o.Status != Paid || (to != Processing && to != Shipped) {
		return nil
	}
	c := o.Campaign
	return platform.Errorf(platform.KindConflict,
		"Pesanan beli bareng baru dapat diproses dan dikirim setelah beli bareng selesai (%s): harga akhirnya ditentukan saat itu",
		idn.DateTime(c.Deadline, region.Location(c.ProvinceCode), region.ZoneAbbrev(c.ProvinceCode)))
}
