package umkm_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// TestVerifiedCountsByRegencyScaleAndYear: only verified UMKM count, each
// in the year of its verification in its province's zone — a verification
// at 00:30 on New Year's Day counts in the new year in Palembang (WIB),
// Denpasar (WITA) and Jayapura (WIT), though in UTC it is still the old
// one — and one verified through the registry's own flow counts in this
// year: from the registry's roll-up, rebuilt and kept.
func TestVerifiedCountsByRegencyScaleAndYear(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		accounts := account.NewService(db)
		svc := umkm.NewService(db)
		seller, err := accounts.Create(ctx, account.NewUser{Email: "s@x.id", Password: "rahasia-123", Name: "s", Role: platform.RoleSeller})
		if err != nil {
			t.Fatal(err)
		}
		nib := 0
		add := func(regency, scale, status string, at time.Time) {
			nib++
			var verifiedAt any
			if status == "verified" {
				verifiedAt = at
			}
			if _, err := db.Writer().Exec(ctx, `INSERT INTO umkm (owner_id, name, owner_name, nib, province_code, regency_code, category, scale,
				status, verified_at, created_at, updated_at) VALUES (?, 'Usaha', 'Pemilik', ?, ?, ?, 'kuliner', ?, ?, ?, ?, ?)`,
				seller.ID, fmt.Sprintf("92%011d", nib), regency[:2], regency, scale, status, verifiedAt, at, at); err != nil {
				t.Fatal(err)
			}
		}
		newYearWIB := time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC) // 00:30 WIB on 1 January 2026
		add("16.71", "mikro", "verified", newYearWIB)
		add("16.71", "mikro", "verified", newYearWIB.Add(-time.Hour)) // 23:30 WIB: 2025
		add("16.71", "mikro", "verified", newYearWIB.Add(-time.Hour))
		add("16.71", "kecil", "verified", newYearWIB)
		add("16.71", "kecil", "submitted", newYearWIB)
		add("16.71", "kecil", "rejected", newYearWIB)
		add("51.71", "menengah", "verified", newYearWIB.Add(-time.Hour))   // 00:30 WITA: 2026
		add("51.71", "menengah", "verified", newYearWIB.Add(-2*time.Hour)) // 23:30 WITA: 2025
		add("91.71", "mikro", "verified", newYearWIB.Add(-2*time.Hour))    // 00:30 WIT: 2026
		add("91.71", "mikro", "draft", newYearWIB)
		// Written past the service: the roll-up is rebuilt from the table
		// (the year in SQL), then kept by the flow below (the year in Go).
		if err := svc.RebuildRegistry(ctx); err != nil {
			t.Fatal(err)
		}

		// One through the registry's flow, verified now.
		agency, err := accounts.Create(ctx, account.NewUser{Email: "d@x.id", Password: "rahasia-123", Name: "d", Role: platform.RoleAgency, ProvinceCode: "16"})
		if err != nil {
			t.Fatal(err)
		}
		as := func(u account.User) context.Context { return platform.WithActor(ctx, u.Actor()) }
		u, err := svc.Create(as(seller), newFields("1600000000001", "16.04"))
		if err == nil {
			_, err = svc.Submit(as(seller), u.ID)
		}
		if err == nil {
			_, err = svc.Verify(as(agency), u.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		thisYear := time.Now().In(time.FixedZone("WIB", 7*3600)).Year()

		got, err := svc.VerifiedCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []umkm.AreaCount{
			{"16", "16.04", umkm.ScaleMikro, thisYear, 1},
			{"16", "16.71", umkm.ScaleKecil, 2026, 1},
			{"16", "16.71", umkm.ScaleMikro, 2025, 2},
			{"16", "16.71", umkm.ScaleMikro, 2026, 1},
			{"51", "51.71", umkm.ScaleMenengah, 2025, 1},
			{"51", "51.71", umkm.ScaleMenengah, 2026, 1},
			{"91", "91.71", umkm.ScaleMikro, 2026, 1},
		}
		if !slices.Equal(got, want) {
			t.Errorf("VerifiedCounts:\n got  %v\n want %v", got, want)
		}
		// Every role reads the same: the counts are of public records.
		if again, err := svc.VerifiedCounts(as(agency)); err != nil || !slices.Equal(again, got) {
			t.Errorf("as the agency: %v %v", again, err)
		}
	})
}
