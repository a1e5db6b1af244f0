package order

import (
	"context"
	"fmt"
	"strings"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/notify"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// tell writes the emails a step of an order calls for into the outbox, in
// the step's own transaction. Nothing is written when no mailer is configured.
func (s *Service) tell(ctx context.Context, tx *sqldb.Tx, o Order, to Status) error {
	if !s.Mail {
		return nil
	}
	// The addresses of the order's two parties: a small read of accounts
	// and the registry, kept here rather than a call back into those services
	// because it must happen inside this transaction.
	var buyer, seller string
	tx.QueryRow(ctx, `SELECT email FROM users WHERE id = ?`, o.BuyerID).Scan(&buyer)
	tx.QueryRow(ctx, `SELECT u.email FROM umkm m JOIN users u ON u.id = m.owner_id WHERE m.id = ?`, o.UMKMID).Scan(&seller)
	var lines strings.Builder
	for _, it := range o.Items {
		fmt.Fprintf(&lines, "- %s × %d: %s\n", it.Name, it.Quantity, idn.Rupiah(it.Price*it.Quantity))
	}
	fmt.Fprintf(&lines, "Total: %s\n", idn.Rupiah(o.Total))
	id := fmt.Sprintf("#%d", o.ID)
	var msgs []notify.Message
	switch to {
	case AwaitingPayment:
		msgs = append(msgs, notify.Message{To: seller, Subject: "Pesanan baru " + id,
			Body: "Ada pesanan baru di Gerai, menunggu pembayaran pembeli.\n\n" + lines.String()})
	case Paid:
		msgs = append(msgs, notify.Message{To: seller, Subject: "Pesanan " + id + " sudah dibayar", Body: s.paidBody(o, lines.String())})
	case Shipped:
		msgs = append(msgs, notify.Message{To: buyer, Subject: "Pesanan " + id + " dikirim",
			Body: fmt.Sprintf("Pesanan Anda sudah dikirim. %s %s\n\n%s", o.Courier, o.TrackingNumber, lines.String())})
	case Cancelled:
		body := "Pesanan dibatalkan. Alasan: " + o.CancelReason + "\n\n" + lines.String()
		msgs = append(msgs, notify.Message{To: buyer, Subject: "Pesanan " + id + " dibatalkan", Body: body},
			notify.Message{To: seller, Subject: "Pesanan " + id + " dibatalkan", Body: body})
	}
	for _, m := range msgs {
		if m.To == "" {
			continue
		}
		if err := notify.Enqueue(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// paidBody tells the seller an order was paid: what to send and how, and
// where to process it. Neither the buyer's phone nor address is written: the
// outbox keeps every message, and the order page shows them to the seller.
func (s *Service) paidBody(o Order, lines string) string {
	var b strings.Builder
	if c := o.Campaign; c != nil && !c.Settled {
		fmt.Fprintf(&b, "Pesanan beli bareng %s sudah dibayar. Proses dan kirim setelah beli bareng selesai (%s): harga akhirnya ditentukan saat itu.\n\n",
			c.ProductName, idn.DateTime(c.Deadline, region.Location(c.ProvinceCode), region.ZoneAbbrev(c.ProvinceCode)))
	} else {
		b.WriteString("Pesanan sudah dibayar dan siap diproses.\n\n")
	}
	b.WriteString(lines)
	if o.DeliveryMethod == Courier {
		fmt.Fprintf(&b, "Dikirim dengan kurir ke %s.\n", region.Label(o.Address.RegencyCode))
	} else {
		b.WriteString("Diambil pembeli di toko.\n")
	}
	if s.Link != nil {
		fmt.Fprintf(&b, "\nProses pesanan: %s\n", s.Link(fmt.Sprintf("/pesanan/%d", o.ID)))
	}
	return b.String()
}
