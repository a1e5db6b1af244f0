package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/partner"
	"github.com/gerai-id/gerai/internal/platform"
)

// The demo's partner institutions (issue 13 §4).
const (
	demoPartnerStaff = "mitra@gerai.id"      // PT Pusri's staff
	demoBankStaff    = "mitra.bank@gerai.id" // Bank Sumsel Babel's staff
)

// demoPartners makes PT Pusri (bumn) and Bank Sumsel Babel (bank) with
// their staff, has up to 24 Sumsel UMKM consent to PT Pusri
// (every third also to the bank), runs PT Pusri's Go Modern → Go Global
// programme with stages reached, two training events with attendance, and
// lends so that the portfolio holds every class: loans backdated from
// today (WIB) with partial repayments, so their days late fall in the
// lancar, kurang lancar, diragukan and macet bands.
func demoPartners(ctx context.Context, a *app.App, users map[string]account.User) error {
	admin := platform.WithActor(ctx, users["admin@gerai.id"].Actor())
	pusri, err := demoPartner(admin, a, "PT Pupuk Sriwidjaja Palembang (PT Pusri)", "bumn", users[demoPartnerStaff])
	if err != nil {
		return err
	}
	bank, err := demoPartner(admin, a, "Bank Sumsel Babel", "bank", users[demoBankStaff])
	if err != nil {
		return err
	}
	rows, err := a.DB.Reader().Query(ctx, `SELECT id, owner_id FROM umkm WHERE province_code = '16' ORDER BY id LIMIT 24`)
	if err != nil {
		return err
	}
	type pair struct{ umkm, owner int64 }
	var fostered []pair
	for rows.Next() {
		var p pair
		if err := rows.Scan(&p.umkm, &p.owner); err != nil {
			rows.Close()
			return err
		}
		fostered = append(fostered, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i, f := range fostered {
		owner := platform.WithActor(ctx, platform.Actor{UserID: f.owner, Role: platform.RoleSeller})
		if _, err := a.Partners.GiveConsent(owner, f.umkm, pusri.ID); err != nil {
			return fmt.Errorf("consent: %w", err)
		}
		if i%3 == 0 {
			if _, err := a.Partners.GiveConsent(owner, f.umkm, bank.ID); err != nil {
				return err
			}
		}
	}
	if len(fostered) < 8 {
		return nil
	}
	staff := platform.WithActor(ctx, users[demoPartnerStaff].Actor())
	bankStaff := platform.WithActor(ctx, users[demoBankStaff].Actor())
	today := a.Partners.Today()
	day := func(daysAgo int) string { return today.AddDate(0, 0, -daysAgo).Format(time.DateOnly) }

	prog, err := a.Partners.CreateProgramme(staff, pusri.ID, "Pembinaan UMKM Naik Kelas", []string{"Go Modern", "Go Digital", "Go Online", "Go Global"})
	if err != nil {
		return err
	}
	for i, f := range fostered[:min(16, len(fostered))] {
		for st := 0; st <= i%4; st++ {
			if err := a.Partners.RecordStage(staff, pusri.ID, prog.Stages[st].ID, f.umkm, day(300-st*70)); err != nil {
				return fmt.Errorf("stage of UMKM %d: %w", f.umkm, err)
			}
		}
	}
	for n, t := range []struct{ title, place string }{{"Pemasaran digital dan foto produk", "Gedung Pusri, Palembang"}, {"Pembukuan sederhana dan QRIS", "Aula Dinas KUKM Sumsel"}} {
		tr, err := a.Partners.CreateTraining(staff, pusri.ID, t.title, day(200-n*90), t.place)
		if err != nil {
			return err
		}
		var ids []int64
		for i, f := range fostered {
			if (i+n)%2 == 0 {
				ids = append(ids, f.umkm)
			}
		}
		if err := a.Partners.RecordAttendance(staff, pusri.ID, tr.ID, ids); err != nil {
			return fmt.Errorf("attendance: %w", err)
		}
	}

	// Loans: start days ago, principal, tenor, instalments repaid in full, and a part of the next.
	for i, l := range []struct {
		staff     context.Context
		partnerID int64
		startAgo  int
		principal int64
		tenor     int
		paidFull  int
		partOf    int64
	}{
		{staff, pusri.ID, 20, 25_000_000, 12, 0, 0},             // lancar: nothing due yet
		{staff, pusri.ID, 125, 50_000_000, 24, 4, 0},            // lancar: every due instalment paid
		{staff, pusri.ID, 100, 30_000_000, 12, 0, 1_000_000},    // kurang lancar: ~70 days late, a part paid
		{staff, pusri.ID, 160, 40_000_000, 18, 1, 0},            // kurang lancar: ~100 days late
		{staff, pusri.ID, 250, 20_000_000, 12, 0, 500_000},      // diragukan: ~220 days late
		{staff, pusri.ID, 340, 15_000_000, 12, 0, 0},            // macet: ~310 days late
		{bankStaff, bank.ID, 95, 100_000_000, 36, 3, 0},         // lancar
		{bankStaff, bank.ID, 300, 60_000_000, 24, 1, 2_000_000}, // diragukan
	} {
		var borrower int64
		for j := range fostered {
			f := fostered[(i*3+j)%len(fostered)]
			if l.partnerID == pusri.ID || ((i*3+j)%len(fostered))%3 == 0 {
				borrower = f.umkm
				break
			}
		}
		loan, err := a.Partners.CreateLoan(l.staff, l.partnerID, partner.LoanFields{UMKMID: borrower, Principal: l.principal,
			TenorMonths: l.tenor, StartOn: day(l.startAgo)}, fmt.Sprintf("demo-loan-%d", i))
		if err != nil {
			return fmt.Errorf("demo loan %d to UMKM %d: %w", i, borrower, err)
		}
		if len(loan.Repayments) > 0 {
			continue // an interrupted load already repaid it
		}
		for n := 0; n < l.paidFull; n++ {
			in := loan.Schedule[n]
			if _, err := a.Partners.Repay(l.staff, loan.ID, partner.RepaymentFields{PaidOn: in.DueOn, Amount: in.Principal + in.Fee},
				fmt.Sprintf("demo-%d-%d", i, n)); err != nil {
				return err
			}
		}
		if l.partOf > 0 {
			if _, err := a.Partners.Repay(l.staff, loan.ID, partner.RepaymentFields{PaidOn: day(5), Amount: l.partOf}, fmt.Sprintf("demo-%d-part", i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoPartner creates a partner with its staff account, or finds it after
// an interrupted load.
func demoPartner(admin context.Context, a *app.App, name, kind string, staff account.User) (partner.Partner, error) {
	p, err := a.Partners.CreatePartner(admin, partner.PartnerFields{Name: name, Kind: kind, ProvinceCode: "16"})
	if platform.ErrorKind(err) == platform.KindConflict {
		all, lerr := a.Partners.AllPartners(admin)
		if lerr != nil {
			return p, lerr
		}
		for _, x := range all {
			if x.Name == name {
				p, err = x, nil
			}
		}
	}
	if err != nil {
		return p, fmt.Errorf("demo partner %s: %w", name, err)
	}
	if _, err := a.Partners.AddMember(admin, p.ID, staff.ID); err != nil {
		return p, err
	}
	return p, nil
}
