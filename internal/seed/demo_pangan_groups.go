package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The demo programme's groups: a KWT (women farmers' group) in a village
// of the demo officer that sells its members' surplus through its own UMKM
// on Gerai, and a few dasawisma; and the sponsor's login.

// demoSponsor is the demo's sponsor staff: Bank Sumsel Babel's CSR officer,
// who reads the bank's deliveries and their results (names as initials).
const demoSponsor = "sponsor@gerai.id"

// demoKWT is the demo's KWT and the UMKM it sells through.
const demoKWT = "KWT Melati"

// demoGroupPlan is a group to register and its member households (indexes in the plan).
type demoGroupPlan struct {
	kind, name, village, officer string
	members                      []int
}

// planDemoGroups: KWT Melati with ten households in the demo officer's
// first village, and four dasawisma of eight to twelve households in a
// village of another officer each.
func planDemoGroups(plan demoPanganPlan) []demoGroupPlan {
	byVillage := map[string][]int{}
	for i, h := range plan.households {
		byVillage[h.fields.VillageCode] = append(byVillage[h.fields.VillageCode], i)
	}
	var out []demoGroupPlan
	for _, o := range plan.officers {
		if o.email == demoOfficer {
			v := o.villages[0]
			out = append(out, demoGroupPlan{kind: "kwt", name: demoKWT, village: v, officer: o.email, members: byVillage[v][:min(10, len(byVillage[v]))]})
		}
	}
	names := []string{"Dasawisma Mawar", "Dasawisma Anggrek", "Dasawisma Kenanga", "Dasawisma Cempaka"}
	for k, name := range names {
		o := plan.officers[1+k*3] // the second officer of each of the first four regencies
		v := o.villages[1]
		n := 8 + k%3*2
		out = append(out, demoGroupPlan{kind: "dasawisma", name: name, village: v, officer: o.email, members: byVillage[v][:min(n, len(byVillage[v]))]})
	}
	return out
}

// demoGroups registers the planned groups not registered yet, as their
// village's officer, and makes their households members (those not in a
// group yet); it returns the groups by name.
func demoGroups(ctx context.Context, a *app.App, agency context.Context, p pangan.Programme, plan demoPanganPlan, ids map[string]int64,
	officers map[string]account.User) (map[string]pangan.FoodGroup, error) {
	existing, err := a.Pangan.Groups(agency, p.ID, "")
	if err != nil {
		return nil, err
	}
	out := map[string]pangan.FoodGroup{}
	for _, g := range existing {
		out[g.Name] = g
	}
	inGroup := map[int64]bool{}
	rows, err := a.DB.Reader().Query(ctx, `SELECT id FROM pangan_households WHERE programme_id = ? AND group_id IS NOT NULL`, p.ID)
	if _, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (struct{}, error) {
		var id int64
		err := r.Scan(&id)
		inGroup[id] = true
		return struct{}{}, err
	}); err != nil {
		return nil, err
	}
	for _, gp := range planDemoGroups(plan) {
		actor := platform.WithActor(ctx, officers[gp.officer].Actor())
		g, ok := out[gp.name]
		if !ok {
			if g, err = a.Pangan.AddGroup(actor, p.ID, pangan.GroupFields{Kind: gp.kind, Name: gp.name, VillageCode: gp.village}); err != nil {
				return nil, fmt.Errorf("group %s: %w", gp.name, err)
			}
			if gp.kind == "kwt" { // the group's demonstration plot
				lat, lng := demoPoint(gp.village, -1)
				if _, err := a.Pangan.AddPlot(actor, p.ID, pangan.PlotFields{GroupID: g.ID, Kind: "lahan_sempit", SizeM2: 150, Lat: &lat, Lng: &lng}); err != nil {
					return nil, fmt.Errorf("plot of %s: %w", gp.name, err)
				}
			}
			out[gp.name] = g
		}
		for _, m := range gp.members {
			hid := ids[plan.households[m].fields.NIK]
			if inGroup[hid] {
				continue
			}
			if _, err := a.Pangan.SetHouseholdGroup(actor, p.ID, g.ID, hid); err != nil {
				return nil, fmt.Errorf("member of %s: %w", gp.name, err)
			}
			inGroup[hid] = true
		}
	}
	return out, nil
}

// demoGroupAid: the agency's seeds to each dasawisma in the second phase,
// handed over to its chair two months ago with a photo of the signed BAST.
func demoGroupAid(ctx context.Context, a *app.App, p pangan.Programme, plan demoPanganPlan, groups map[string]pangan.FoodGroup,
	officers map[string]account.User, now time.Time) error {
	var sponsor, phase int64
	for _, sp := range p.Sponsors {
		if sp.Kind == "agency" {
			sponsor = sp.ID
		}
	}
	if len(p.Phases) > 1 {
		phase = p.Phases[1].ID
	}
	for k, gp := range planDemoGroups(plan) {
		g := groups[gp.name]
		if gp.kind != "dasawisma" {
			continue
		}
		actor := platform.WithActor(ctx, officers[gp.officer].Actor())
		lat, lng := demoPoint(gp.village, -1)
		at := time.Date(now.Year(), now.Month()-2, 3+k, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
		chair := plan.households[gp.members[0]].fields.HeadName
		d, err := a.Pangan.RecordDelivery(actor, p.ID, pangan.DeliveryFields{PackageCode: "benih", SponsorID: sponsor, PhaseID: phase, GroupID: g.ID,
			DeliveredAt: at, RecipientName: chair, Lat: &lat, Lng: &lng}, fmt.Sprintf("demo-gsmp-benih-group-%d", g.ID))
		if err != nil {
			return fmt.Errorf("delivery to %s: %w", gp.name, err)
		}
		if !d.Proven {
			if _, err := a.Pangan.AddProof(actor, p.ID, d.ID, demoProof("bast", k)); err != nil {
				return fmt.Errorf("proof of %s: %w", d.Number, err)
			}
		}
	}
	return nil
}

// demoKWTShop is KWT Melati's UMKM: registered by the group's seller
// account and verified by the Sumsel agency like every demo UMKM, with the
// members' produce as its products; the agency links it to the group.
// With the payment simulator on (--demo), the demo buyer has bought from
// it twice, paid, so the dashboard's "value sold through Gerai" is not zero.
func demoKWTShop(ctx context.Context, a *app.App, users map[string]account.User, agency context.Context, p pangan.Programme,
	kwt pangan.FoodGroup) error {
	village, _ := region.VillageByCode(kwt.VillageCode)
	d := demoUMKM{ownerEmail: "kwt.melati@demo.gerai.id", name: "KWT Melati Tanjungsakti", ownerName: "Nurbaya",
		regency: "16.04", category: "pertanian", kbli: "01135", address: "Desa " + village.Name + ", Kecamatan Tanjungsakti Pumu, Lahat",
		whatsapp: "0821-7730-4412", capital: 6_000_000, turnover: 48_000_000, status: umkm.StatusVerified,
		description: "Kelompok Wanita Tani binaan Gerakan Sumsel Mandiri Pangan: cabai, telur dan lele panen anggotanya dijual bersama.",
		products: []demoProduct{
			{name: "Cabai rawit 250 g", price: 12_000, stock: 30, grams: 250, halal: true, motif: motifFruit, description: "Cabai rawit petik pagi dari pekarangan anggota KWT, pedas segar."},
			{name: "Telur ayam kampung 10 butir", price: 25_000, stock: 20, grams: 600, halal: true, motif: motifBlocks, description: "Telur ayam kampung dari kandang anggota, dikemas dalam wadah karton."},
			{name: "Lele segar 1 kg", price: 28_000, stock: 15, grams: 1000, halal: true, motif: motifJar, description: "Lele hasil budikdamber anggota, dipanen sesuai pesanan dan dibersihkan."},
		}}
	photos := newPhotoPool(ctx, a.Catalog)
	err := demoLoadUMKM(ctx, a, d, users, map[string]account.User{"16": users["dinas.sumsel@gerai.id"]}, photos)
	if err := errors.Join(err, photos.wait()); err != nil {
		return err
	}
	var umkmID int64
	if err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM umkm WHERE nib = ?`, demoNIB(d.name)).Scan(&umkmID); err != nil {
		return err
	}
	if kwt.UMKMID == 0 {
		if _, err := a.Pangan.LinkGroupUMKM(agency, p.ID, kwt.ID, umkmID); err != nil {
			return fmt.Errorf("link %s: %w", demoKWT, err)
		}
	}
	if !a.Payments.Has("simulator") {
		return nil // bank transfer only (tests): nobody can pay here
	}
	ids, err := sqldb.Int64s(ctx, a.DB.Reader(), `SELECT id FROM products WHERE umkm_id = ? AND listed = TRUE ORDER BY id`, umkmID)
	if err != nil || len(ids) < 3 {
		return err
	}
	buyer := platform.WithActor(ctx, users["pembeli@gerai.id"].Actor())
	for k, items := range [][]order.LineRequest{{{ProductID: ids[0], Quantity: 2}, {ProductID: ids[1], Quantity: 1}}, {{ProductID: ids[2], Quantity: 2}}} {
		res, err := a.Orders.Checkout(buyer, order.CheckoutRequest{Items: items, DeliveryMethod: order.Pickup, PaymentProvider: "simulator",
			Address: order.Address{Name: "Budi Santoso", Phone: "081234567001", RegencyCode: "16.04"}}, fmt.Sprintf("demo-kwt-melati-%d", k))
		if err != nil {
			return fmt.Errorf("order from %s: %w", demoKWT, err)
		}
		for _, pm := range res.Payments {
			if _, err := a.Payments.SimulatePaid(buyer, pm.ID); err != nil {
				return fmt.Errorf("payment of the order from %s: %w", demoKWT, err)
			}
		}
	}
	return nil
}

// demoSponsorStaff gives the demo sponsor account Bank Sumsel Babel's view, as the agency.
func demoSponsorStaff(ctx context.Context, a *app.App, agency context.Context, p pangan.Programme) error {
	for _, sp := range p.Sponsors {
		if sp.Name != "Bank Sumsel Babel" {
			continue
		}
		var n int
		err := a.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM pangan_sponsor_staff s JOIN users u ON u.id = s.user_id
			WHERE s.sponsor_id = ? AND u.email = ?`, sp.ID, demoSponsor).Scan(&n)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if n > 0 {
			return nil
		}
		_, err = a.Pangan.AddSponsorStaff(agency, p.ID, sp.ID, demoSponsor)
		return err
	}
	return nil
}
