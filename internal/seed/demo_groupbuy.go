package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// demoGroupBuying shows buying as a group at once: wholesale prices on the
// demo seller's first product, a running beli-bareng campaign on its second
// that the demo buyer has joined and paid, and the demo buyer's group
// (kelompok) with an open group order and one already placed.
func demoGroupBuying(ctx context.Context, a *app.App, users map[string]account.User) error {
	seller, buyer := users["penjual@gerai.id"], users["pembeli@gerai.id"]
	sctx := platform.WithActor(ctx, seller.Actor())
	bctx := platform.WithActor(ctx, buyer.Actor())
	var products []catalog.Product
	ids, err := sqldb.Int64s(ctx, a.DB.Reader(), `SELECT p.id FROM products p JOIN umkm u ON u.id = p.umkm_id
		WHERE u.owner_id = ? AND p.listed = TRUE ORDER BY p.id LIMIT 2`, seller.ID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		p, err := a.Catalog.Get(ctx, id)
		if err != nil {
			return err
		}
		products = append(products, p)
	}
	if len(products) < 2 {
		return nil // the demo seller's UMKM is not verified: nothing to show
	}
	grosir, campaignProduct := products[0], products[1]
	round := func(v int64) int64 { return v / 500 * 500 }
	if _, err := a.Catalog.SetTiers(sctx, grosir.ID, []catalog.PriceTier{
		{MinQuantity: 10, Price: round(grosir.Price * 9 / 10)}, {MinQuantity: 50, Price: round(grosir.Price * 8 / 10)}}); err != nil {
		return fmt.Errorf("demo wholesale prices: %w", err)
	}
	p := campaignProduct.Price
	c, err := a.Orders.CreateCampaign(sctx, order.NewCampaign{ProductID: campaignProduct.ID,
		Tiers:    []order.Tier{{MinQuantity: 1, Price: round(p * 95 / 100)}, {MinQuantity: 20, Price: round(p * 85 / 100)}, {MinQuantity: 50, Price: round(p * 75 / 100)}},
		MinTotal: 20, PerPersonLimit: 10, Stock: min(100, campaignProduct.Stock/2), Deadline: time.Now().AddDate(0, 0, 7)})
	if err != nil {
		return fmt.Errorf("demo campaign: %w", err)
	}
	provider := "simulator" // on with --demo; bank transfer where it is off (tests)
	if !a.Payments.Has(provider) {
		provider = order.Transfer
	}
	part, err := a.Orders.JoinCampaign(bctx, c.ID, order.JoinRequest{Quantity: 3, PaymentProvider: provider})
	if err != nil {
		return fmt.Errorf("demo join: %w", err)
	}
	if len(part.Payments) > 0 && provider == "simulator" {
		if _, err := a.Payments.SimulatePaid(bctx, part.Payments[0].ID); err != nil {
			return fmt.Errorf("demo join payment: %w", err)
		}
	}
	g, err := a.Orders.CreateGroup(bctx, "Arisan Ibu-ibu Kantor Kecamatan")
	if err != nil {
		return err
	}
	o, err := a.Orders.OpenGroupOrder(bctx, g.ID, "Oleh-oleh untuk arisan bulan depan")
	if err != nil {
		return err
	}
	if _, err = a.Orders.SetGroupItem(bctx, o.ID, grosir.ID, 4); err != nil {
		return err
	}
	return demoGroupOrderPlaced(bctx, a, g.ID, grosir.ID, provider)
}

// demoGroupOrderPlaced is last month's order of the demo buyer's group:
// closed, ordered for pickup at the wholesale price, each member paying a
// share (paid, by the simulator); its page shows the shares.
func demoGroupOrderPlaced(bctx context.Context, a *app.App, group, product int64, provider string) error {
	o, err := a.Orders.OpenGroupOrder(bctx, group, "Belanja bulanan arisan")
	if err != nil {
		return err
	}
	if _, err := a.Orders.SetGroupItem(bctx, o.ID, product, 12); err != nil {
		return err
	}
	if _, err := a.Orders.CloseGroupOrder(bctx, o.ID); err != nil {
		return err
	}
	mode := order.PayEach
	if provider != "simulator" {
		mode = order.PayByCoordinator // a bank transfer is paid by the coordinator
	}
	if o, err = a.Orders.CheckoutGroupOrder(bctx, o.ID, order.GroupCheckout{DeliveryMethod: order.Pickup, PaymentProvider: provider, PayMode: mode,
		Address: order.Address{Name: "Budi Santoso", Phone: "081234567001", Street: "Jl. Dago No. 12", RegencyCode: "32.73"}}); err != nil {
		return fmt.Errorf("demo group checkout: %w", err)
	}
	for _, sh := range o.Shares {
		if sh.PaymentID != 0 && provider == "simulator" {
			if _, err := a.Payments.SimulatePaid(bctx, sh.PaymentID); err != nil {
				return fmt.Errorf("demo share payment: %w", err)
			}
		}
	}
	return nil
}
