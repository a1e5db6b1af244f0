package order

// Joining and leaving a beli bareng: a buyer's participation and its order.

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Participation is one buyer's join of a campaign, with its order.
type Participation struct {
	ID         int64     `json:"id"`
	CampaignID int64     `json:"campaign_id"`
	BuyerID    int64     `json:"buyer_id"`
	OrderID    int64     `json:"order_id"`
	Quantity   int64     `json:"quantity"`
	UnitPrice  int64     `json:"unit_price"`
	State      string    `json:"state"`
	Refund     int64     `json:"refund"`
	CreatedAt  time.Time `json:"created_at"`
	Payments   []Payment `json:"payments"`
}

// Participant states (campaign_participants.state).
const (
	partActive    = "active"
	partLeft      = "left"
	partToConfirm = "to_confirm"
	partToCancel  = "to_cancel"
	partConfirmed = "confirmed"
	partCancelled = "cancelled"
)

// JoinRequest is a buyer joining a campaign. Without a delivery the goods
// are picked up at the UMKM.
type JoinRequest struct {
	Quantity        int64
	PaymentProvider string
	DeliveryMethod  string
	Address         Address
	// ShownShipping is the delivery cost the buyer's page showed, by UMKM,
	// as in CheckoutRequest (nil: not compared).
	ShownShipping map[int64]int64
}

func campaignClosed() error {
	return platform.Errorf(platform.KindConflict, "Beli bareng ini sudah ditutup")
}

// joinLine checks a join request (for joining, also its payment method and
// the full address of a courier delivery; for a quote, only what prices
// it) and returns its line, unpriced. No delivery means a pickup at the UMKM.
func (s *Service) joinLine(ctx context.Context, c Campaign, req *JoinRequest, joining bool) (lineSnapshot, error) {
	var v platform.Validation
	v.Check(req.Quantity >= 1, "quantity", "Jumlah minimal 1")
	v.Check(req.Quantity <= c.PerPersonLimit, "quantity", "Maksimal %d per orang", c.PerPersonLimit)
	if joining {
		v.Check(s.payments.Has(req.PaymentProvider), "payment_provider", "Metode pembayaran tidak tersedia")
	}
	line := lineSnapshot{Item: Item{ProductID: c.ProductID, Name: c.ProductName, Quantity: req.Quantity}, UMKMID: c.UMKMID}
	if err := s.db.Reader().QueryRow(ctx, `SELECT regency_code, weight_grams FROM products WHERE id = ?`, c.ProductID).Scan(&line.Regency, &line.WeightGrams); err != nil {
		return line, err
	}
	switch {
	case req.DeliveryMethod == "":
		req.DeliveryMethod, req.Address = Pickup, Address{Name: platform.ActorFrom(ctx).Name, RegencyCode: line.Regency}
	case joining:
		validateDelivery(&v, req.DeliveryMethod, &req.Address)
	default:
		validateQuote(&v, req.DeliveryMethod, req.Address.RegencyCode)
	}
	return line, v.Err()
}

// JoinCampaign adds the buyer to a running campaign: the quantity is taken
// from the stock set aside, and an order at the price of the tier the total
// reaches with it waits for payment through the usual payment flow.
func (s *Service) JoinCampaign(ctx context.Context, id int64, req JoinRequest) (Participation, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Participation{}, platform.Unauthorized()
	}
	c, err := s.Campaign(ctx, id)
	if err != nil {
		return Participation{}, err
	}
	line, err := s.joinLine(ctx, c, &req, true)
	if err != nil {
		return Participation{}, err
	}
	now := s.now().UTC()
	if c.Status != CampaignRunning || !now.Before(c.Deadline) {
		return Participation{}, campaignClosed()
	}
	checkoutID := newCheckoutID()
	var pays []pendingPayment
	err = s.db.InGroupTx(ctx, func(ctx context.Context, tx *sqldb.Tx) error {
		var already int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM campaign_participants WHERE campaign_id = ? AND buyer_id = ? AND state = 'active'`,
			id, actor.UserID).Scan(&already); err != nil {
			return err
		}
		if already > 0 {
			return platform.Errorf(platform.KindConflict, "Anda sudah ikut beli bareng ini; keluar dulu untuk mengubah jumlah")
		}
		res, err := tx.Exec(ctx, `UPDATE campaigns SET total_quantity = total_quantity + ?
			WHERE id = ? AND status = 'berjalan' AND deadline > ? AND total_quantity + ? <= stock`, req.Quantity, id, now, req.Quantity)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			var status string
			var deadline time.Time
			var left int64
			if err := tx.QueryRow(ctx, `SELECT status, deadline, stock - total_quantity FROM campaigns WHERE id = ?`, id).Scan(&status, &deadline, &left); err != nil {
				return err
			}
			if status != string(CampaignRunning) || !now.Before(deadline) {
				return campaignClosed()
			}
			return &platform.Error{Kind: platform.KindConflict, Message: "Sisa kuota beli bareng tidak cukup",
				Fields: []platform.FieldError{platform.Field("quantity", "Sisa kuota %d", left)}}
		}
		var total int64
		if err := tx.QueryRow(ctx, `SELECT total_quantity FROM campaigns WHERE id = ?`, id).Scan(&total); err != nil {
			return err
		}
		tiers, err := loadTiers(ctx, tx, id)
		if err != nil {
			return err
		}
		line.Price = PriceAt(tiers, total)
		if err := checkFlow(ctx, tx, req.PaymentProvider, []lineSnapshot{line}); err != nil {
			return err
		}
		creq := CheckoutRequest{DeliveryMethod: req.DeliveryMethod, Address: req.Address, PaymentProvider: req.PaymentProvider,
			ShownShipping: req.ShownShipping, campaignID: id, payByCap: c.Deadline}
		orders, err := s.createOrders(ctx, tx, checkoutID, actor.UserID, creq, []lineSnapshot{line}, now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_participants (campaign_id, buyer_id, order_id, quantity, unit_price, state, created_at)
			VALUES (?, ?, ?, ?, ?, 'active', ?)`, id, actor.UserID, orders[0].ID, req.Quantity, line.Price, now); err != nil {
			if sqldb.UniqueViolation(err) {
				return platform.Errorf(platform.KindConflict, "Anda sudah ikut beli bareng ini; keluar dulu untuk mengubah jumlah")
			}
			return err
		}
		if err := s.rememberInTx(ctx, tx, actor.UserID, CheckoutRequest{DeliveryMethod: req.DeliveryMethod, Address: req.Address, campaignID: id}); err != nil {
			return err
		}
		pays, err = s.payments.open(ctx, tx, req.PaymentProvider, orders, now)
		return err
	})
	if err != nil {
		return Participation{}, err
	}
	s.rememberAfterCommit(ctx, actor.UserID, CheckoutRequest{DeliveryMethod: req.DeliveryMethod, Address: req.Address, campaignID: id})
	for _, p := range pays {
		if _, err := s.payments.charge(ctx, p); err != nil {
			s.payments.log.Error("charge payment", "payment", p.id, "err", err)
		}
	}
	return s.participationBy(ctx, `p.order_id = (SELECT id FROM orders WHERE checkout_id = ?)`, checkoutID)
}

// MyParticipation returns the actor's latest participation in a campaign.
func (s *Service) MyParticipation(ctx context.Context, campaignID int64) (Participation, bool, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Participation{}, false, nil
	}
	p, err := s.participationBy(ctx, `p.id = (SELECT MAX(id) FROM campaign_participants WHERE campaign_id = ? AND buyer_id = ?)`, campaignID, actor.UserID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		return p, false, nil
	}
	return p, err == nil, err
}

func (s *Service) participationBy(ctx context.Context, where string, args ...any) (Participation, error) {
	var p Participation
	err := s.db.Reader().QueryRow(ctx, `SELECT p.id, p.campaign_id, p.buyer_id, p.order_id, p.quantity, p.unit_price, p.state, p.refund, p.created_at
		FROM campaign_participants p WHERE `+where, args...).
		Scan(&p.ID, &p.CampaignID, &p.BuyerID, &p.OrderID, &p.Quantity, &p.UnitPrice, &p.State, &p.Refund, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, platform.NotFound("Keikutsertaan")
	}
	if err != nil {
		return p, err
	}
	p.Payments, err = s.payments.forOrders(ctx, []int64{p.OrderID})
	return p, err
}

// LeaveCampaign takes the buyer out of a running campaign: the order is
// cancelled (refunded when paid) and its quantity goes back to the campaign.
func (s *Service) LeaveCampaign(ctx context.Context, id int64) (Participation, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return Participation{}, platform.Unauthorized()
	}
	var orderID int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `SELECT order_id FROM campaign_participants WHERE campaign_id = ? AND buyer_id = ? AND state = 'active'`,
			id, actor.UserID).Scan(&orderID)
		if errors.Is(err, sql.ErrNoRows) {
			var exists int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM campaigns WHERE id = ?`, id).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				return platform.NotFound("Beli bareng")
			}
			return platform.Errorf(platform.KindConflict, "Anda tidak sedang ikut beli bareng ini (atau beli bareng sudah ditutup)")
		}
		if err != nil {
			return err
		}
		var status string
		var deadline time.Time
		if err := tx.QueryRow(ctx, `SELECT status, deadline FROM campaigns WHERE id = ?`, id).Scan(&status, &deadline); err != nil {
			return err
		}
		if status != string(CampaignRunning) || !s.now().Before(deadline) {
			return platform.Errorf(platform.KindConflict, "Batas waktu beli bareng sudah lewat; tidak dapat keluar lagi")
		}
		o, err := s.load(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if !Allowed(o.Status, Cancelled) {
			return platform.Errorf(platform.KindConflict, "Pesanan ini tidak dapat dibatalkan lagi")
		}
		return s.move(ctx, tx, o, Cancelled, actor.UserID, platform.Msg("keluar dari beli bareng"), s.now().UTC())
	})
	if err != nil {
		return Participation{}, err
	}
	return s.participationBy(ctx, `p.order_id = ?`, orderID)
}

// releaseCampaignUnits is told that a campaign order is being cancelled. It
// reports whether the campaign accounts for the units, so that move does not
// return them to the product: a running campaign takes them back for other
// buyers, and a decided campaign already returned what was not sold.
func releaseCampaignUnits(ctx context.Context, tx *sqldb.Tx, o Order) (bool, error) {
	var partID, qty int64
	var state string
	err := tx.QueryRow(ctx, `SELECT id, quantity, state FROM campaign_participants WHERE order_id = ?`, o.ID).Scan(&partID, &qty, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	setState := func(to string) error {
		_, err := tx.Exec(ctx, `UPDATE campaign_participants SET state = ? WHERE id = ? AND state = ?`, to, partID, state)
		return err
	}
	switch state {
	case partActive:
		if _, err := tx.Exec(ctx, `UPDATE campaigns SET total_quantity = total_quantity - ? WHERE id = ?`, qty, o.CampaignID); err != nil {
			return false, err
		}
		return true, setState(partLeft)
	case partToCancel, partCancelled:
		// Decided: the settlement returned the campaign's unsold stock.
		return true, setState(partCancelled)
	case partToConfirm:
		// Counted as sold when the campaign was decided: back to the product.
		return false, setState(partCancelled)
	}
	return false, nil // confirmed: a normal cancellation by the seller
}
