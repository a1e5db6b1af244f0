package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// demoExpo is Sumsel Expo 2022 as the news reported it: organised by
// Sumatera Selatan's agency at Cihampelas Walk, Bandung, 12–14 August 2022,
// with ICSB, Kriya Sriwijaya, Bank Sumsel and PT Pusri among the
// institutions and the delegations of eight regencies, each bringing demo
// UMKM of its regency. The on-site sales (a few hundred, made with a fixed
// seed), the business-matching meetings and the visitor counts are
// invented so that the report shows at once what the platform does.
func demoExpo(ctx context.Context, a *app.App, users map[string]account.User) error {
	agency := platform.WithActor(ctx, users["dinas.sumsel@gerai.id"].Actor())
	e, err := a.Expo.CreateEvent(agency, expo.EventFields{Name: "Sumsel Expo 2022", HostProvince: "32", City: "Kota Bandung",
		Venue: "Cihampelas Walk", StartsOn: "2022-08-12", EndsOn: "2022-08-14", TimeZone: "Asia/Jakarta",
		Description: "Pameran produk UMKM Sumatera Selatan di Bandung, bersama Pemprov Jawa Barat pada Hari Nasional UMKM 2022: " +
			"kuliner khas (pempek, kemplang, kopi), songket dan kriya, dari delapan kabupaten/kota dan lembaga pendamping UMKM."})
	if err != nil {
		return err
	}
	var booths []expo.BoothInput
	for i := 1; i <= 12; i++ {
		booths = append(booths, expo.BoothInput{Code: fmt.Sprintf("A-%02d", i), Size: "3x3"})
	}
	for i := 1; i <= 16; i++ {
		booths = append(booths, expo.BoothInput{Code: fmt.Sprintf("B-%02d", i), Size: "2x3"})
	}
	if _, err := a.Expo.SetBooths(agency, e.ID, booths); err != nil {
		return err
	}
	if _, err := a.Expo.SetStatus(agency, e.ID, expo.Open); err != nil {
		return err
	}
	booth := 0
	nextA := func() string { booth++; return fmt.Sprintf("A-%02d", booth) }
	for _, name := range []string{"ICSB Sumatera Selatan", "Kriya Sriwijaya", "Bank Sumsel Babel", "PT Pupuk Sriwidjaja (Pusri)"} {
		if _, err := a.Expo.AddExhibitor(agency, e.ID, expo.NewExhibitor{Kind: expo.KindInstitution, Name: name, RegencyCode: "16.71", Booth: nextA()}); err != nil {
			return err
		}
	}
	delegation := map[string]int64{}
	for _, d := range []struct{ code, name string }{{"16.02", "Ogan Komering Ilir"}, {"16.01", "Ogan Komering Ulu"}, {"16.10", "Ogan Ilir"},
		{"16.06", "Musi Banyuasin"}, {"16.74", "Kota Prabumulih"}, {"16.03", "Muara Enim"}, {"16.08", "OKU Timur"}, {"16.05", "Musi Rawas"}} {
		x, err := a.Expo.AddExhibitor(agency, e.ID, expo.NewExhibitor{Kind: expo.KindRegency, Name: "Delegasi " + d.name, RegencyCode: d.code, Booth: nextA()})
		if err != nil {
			return err
		}
		delegation[d.code] = x.ID
	}

	// The Sumsel UMKM of the demo, each under its regency's delegation, with its products.
	type seller struct {
		ctx       context.Context
		exhibitor int64
		products  []expo.ExpoProduct
	}
	var sellers []seller
	cashierNamed := false
	rows, err := a.DB.Reader().Query(ctx, `SELECT u.id, u.owner_id, u.regency_code FROM umkm u WHERE u.province_code = '16' AND u.status = 'verified' ORDER BY u.id`)
	type row struct {
		id, owner int64
		regency   string
	}
	list, err := sqldb.Collect(rows, err, func(s sqldb.Scanner) (r row, err error) {
		err = s.Scan(&r.id, &r.owner, &r.regency)
		return r, err
	})
	if err != nil {
		return err
	}
	for i, r := range list {
		if i >= 16 {
			break
		}
		x, err := a.Expo.AddExhibitor(agency, e.ID, expo.NewExhibitor{Kind: expo.KindUMKM, UMKMID: r.id, ParentID: delegation[r.regency], Booth: fmt.Sprintf("B-%02d", i+1)})
		if err != nil {
			return err
		}
		owner, err := a.Accounts.User(ctx, r.owner)
		if err != nil {
			return err
		}
		octx := platform.WithActor(ctx, owner.Actor())
		if owner.ID == users[penjual].ID && !cashierNamed {
			// The demo seller names the demo cashier at the first of her booths.
			if err := a.Expo.AddCashier(octx, e.ID, x.ID, demoCashier); err != nil {
				return err
			}
			cashierNamed = true
		}
		ids, err := productIDs(ctx, a, r.id)
		if err != nil {
			return err
		}
		for _, pid := range ids {
			if _, err := a.Expo.BringProduct(octx, e.ID, x.ID, pid, 60); err != nil {
				return err
			}
		}
		products, err := a.Expo.Products(octx, e.ID, x.ID)
		if err != nil {
			return err
		}
		if len(products) > 0 {
			sellers = append(sellers, seller{ctx: octx, exhibitor: x.ID, products: products})
		}
	}
	if _, err := a.Expo.SetStatus(agency, e.ID, expo.Running); err != nil {
		return err
	}

	// A few hundred sales over the three days, synced per booth as a
	// cashier's device would.
	rng := rand.New(rand.NewPCG(2022, 8))
	wib := time.FixedZone("WIB", 7*3600)
	methods := []string{"cash", "cash", "cash", "cash", "cash", "qris", "qris", "qris", "transfer", "card"}
	for _, s := range sellers {
		var sales []expo.Sale
		n := 15 + rng.IntN(15)
		for range n {
			day := rng.IntN(3)
			at := time.Date(2022, 8, 12+day, 10, 0, 0, 0, wib).Add(time.Duration(rng.IntN(11*60)) * time.Minute)
			var items []expo.SaleItem
			for range 1 + rng.IntN(2) {
				p := s.products[rng.IntN(len(s.products))]
				items = append(items, expo.SaleItem{ProductID: p.ProductID, Name: p.Name, Quantity: int64(1 + rng.IntN(3)), Price: p.Price})
			}
			sales = append(sales, expo.Sale{ID: demoUUID(rng), SoldAt: at, PaymentMethod: methods[rng.IntN(len(methods))], Items: items})
		}
		res, err := a.Expo.Sync(s.ctx, e.ID, s.exhibitor, sales)
		if err != nil {
			return fmt.Errorf("demo expo sales: %w", err)
		}
		if len(res.Rejected) > 0 {
			return fmt.Errorf("demo expo sales: sale %s rejected: %s", res.Rejected[0].ID, res.Rejected[0].Reason)
		}
	}

	// Business matching: buyers from Bandung and beyond, and their meetings.
	var buyers []expo.MatchingBuyer
	for _, b := range []expo.MatchingBuyer{
		{Name: "Rina Marlina", Company: "PT Oleh-oleh Nusantara", Kind: "distributor", Categories: []string{"kuliner"}},
		{Name: "Dodi Permana", Company: "Hotel Braga Heritage", Kind: "hotel", Categories: []string{"kuliner", "kriya"}},
		{Name: "Yuliana", Company: "Toko Kriya Priangan", Kind: "retailer", Categories: []string{"kriya", "fesyen"}},
		{Name: "Hendra Gunawan", Company: "CV Sumatra Export", Kind: "exporter", Categories: []string{"pertanian", "kuliner"}},
		{Name: "Siti Rahma", Company: "Swalayan Griya Bandung", Kind: "retailer", Categories: []string{"kuliner"}},
	} {
		saved, err := a.Expo.AddBuyer(agency, e.ID, b)
		if err != nil {
			return err
		}
		buyers = append(buyers, saved)
	}
	outcomes := []struct {
		outcome string
		value   int64
	}{{expo.Deal, 450_000_000}, {expo.Deal, 1_250_000_000}, {expo.Potential, 2_000_000_000}, {expo.Deal, 180_000_000},
		{expo.NoDeal, 0}, {expo.Deal, 75_000_000}, {expo.Potential, 600_000_000}, {expo.Deal, 320_000_000}}
	for i, o := range outcomes {
		if len(sellers) == 0 {
			break
		}
		start := time.Date(2022, 8, 12+i%3, 13+i/3, 0, 0, 0, wib)
		m, err := a.Expo.Schedule(agency, e.ID, buyers[i%len(buyers)].ID, sellers[i%len(sellers)].exhibitor, start, start.Add(45*time.Minute))
		if err != nil {
			return fmt.Errorf("demo meeting: %w", err)
		}
		if _, err := a.Expo.RecordOutcome(agency, e.ID, m.ID, o.outcome, o.value, ""); err != nil {
			return err
		}
	}
	for day, n := range map[string]int64{"2022-08-12": 3150, "2022-08-13": 5420, "2022-08-14": 4875} {
		if err := a.Expo.SetVisitors(agency, e.ID, day, n); err != nil {
			return err
		}
	}
	if _, err := a.Expo.SetStatus(agency, e.ID, expo.Closed); err != nil {
		return err
	}
	_, err = a.Expo.PublishReport(agency, e.ID, true)
	return err
}

func productIDs(ctx context.Context, a *app.App, umkmID int64) ([]int64, error) {
	return sqldb.Int64s(ctx, a.DB.Reader(), `SELECT id FROM products WHERE umkm_id = ? AND status = 'active' ORDER BY id`, umkmID)
}

// demoUUID is a version-4 UUID from the demo's seeded generator, so the
// demo data is the same on every load.
func demoUUID(rng *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return platform.UUID(b)
}

// demoRunningExpo is an expo on now, from the day the demo is loaded, so
// that /kasir can be tried at once: Pempek Cek Lina's booth with the demo
// cashier and two products brought.
func demoRunningExpo(ctx context.Context, a *app.App, users map[string]account.User, now time.Time) error {
	agency := platform.WithActor(ctx, users["dinas.sumsel@gerai.id"].Actor())
	today := now.In(region.Location("16"))
	e, err := a.Expo.CreateEvent(agency, expo.EventFields{Name: "Bazar UMKM Sumsel di Palembang", HostProvince: "16", City: "Kota Palembang",
		Venue: "Benteng Kuto Besak", StartsOn: today.Format(time.DateOnly), EndsOn: today.AddDate(0, 0, 30).Format(time.DateOnly),
		TimeZone: "Asia/Jakarta", Description: "Bazar UMKM sebulan di tepi Sungai Musi: kuliner khas, songket dan kriya."})
	if err != nil {
		return err
	}
	if _, err := a.Expo.SetBooths(agency, e.ID, []expo.BoothInput{{Code: "K-01", Size: "2x2"}, {Code: "K-02", Size: "2x2"}, {Code: "K-03", Size: "2x2"}}); err != nil {
		return err
	}
	if _, err := a.Expo.SetStatus(agency, e.ID, expo.Open); err != nil { // the seller sees it from now on
		return err
	}
	var pempek int64
	if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM umkm WHERE owner_id = ? AND status = 'verified' ORDER BY id LIMIT 1`,
		users[penjual].ID).Scan(&pempek); err != nil {
		return err
	}
	x, err := a.Expo.AddExhibitor(agency, e.ID, expo.NewExhibitor{Kind: expo.KindUMKM, UMKMID: pempek, Booth: "K-01"})
	if err != nil {
		return err
	}
	octx := platform.WithActor(ctx, users[penjual].Actor())
	if err := a.Expo.AddCashier(octx, e.ID, x.ID, demoCashier); err != nil {
		return err
	}
	ids, err := productIDs(ctx, a, pempek)
	if err != nil {
		return err
	}
	for i, pid := range ids {
		if i == 2 {
			break
		}
		if _, err := a.Expo.BringProduct(octx, e.ID, x.ID, pid, 40); err != nil {
			return err
		}
	}
	_, err = a.Expo.SetStatus(agency, e.ID, expo.Running)
	return err
}
