package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/umkm"
)

// gerai mall allocate runs the same allocation as the API, as the first
// admin or the account named, and says what it did.
func TestMallAllocateCommand(t *testing.T) {
	ctx := context.Background()
	db := "sqlite:" + filepath.Join(t.TempDir(), "gerai.db")
	a, err := app.Open(ctx, app.Config{DB: db, MediaDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	as := func(email string, role platform.Role, prov string) context.Context {
		u, err := a.Accounts.Create(ctx, account.NewUser{Email: email, Password: "rahasia-123", Name: email, Role: role, ProvinceCode: prov})
		if err != nil {
			t.Fatal(err)
		}
		return platform.WithActor(ctx, u.Actor())
	}
	as("admin@x.id", platform.RoleAdmin, "")
	agency := as("dinas32@x.id", platform.RoleAgency, "32")
	seller := as("penjual@x.id", platform.RoleSeller, "")
	v, err := a.Mall.CreateVenue(agency, mall.VenueFields{Name: "Pasar Kreatif Jawa Barat", ProvinceCode: "32", RegencyCode: "32.73", Address: "Jl. Pahlawan 70"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Mall.SetStalls(agency, v.ID, []mall.StallInput{{Code: "K-01", Kind: "kios"}, {Code: "K-02", Kind: "kios"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Mall.PublishRulebook(agency, v.ID, mall.Rules{TurnDays: 7, MaxTurnsPerUMKM: 2}); err != nil {
		t.Fatal(err)
	}
	u, err := a.UMKM.Create(seller, umkm.Fields{Name: "Kelom Geulis", OwnerName: "Euis", NIB: "3206000000001", RegencyCode: "32.06", Category: "kriya", WhatsApp: "081234567890"})
	if err != nil {
		t.Fatal(err)
	}
	a.UMKM.Submit(seller, u.ID)
	if _, err := a.UMKM.Verify(agency, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Mall.Apply(seller, v.ID, mall.ApplyFields{UMKMID: u.ID, From: "2027-01-04", To: "2027-03-28"}); err != nil {
		t.Fatal(err)
	}
	a.Close()

	out, err := gerai(t, "", "mall", "allocate", "--db", db, "--venue", "1", "--from", "2027-01-04", "--to", "2027-01-31", "--seed", "7")
	if err != nil || !strings.Contains(out, "alokasi 1: 2027-01-04 s.d. 2027-01-31, buku aturan versi 1, seed 7") ||
		!strings.Contains(out, "giliran: 2 (0 sudah berjalan") || !strings.Contains(out, "6 dari 8 lapak-giliran belum terisi") {
		t.Fatalf("allocate: %v\n%s", err, out)
	}
	out, err = gerai(t, "", "mall", "allocate", "--db", db, "--venue", "1", "--from", "2027-01-04", "--to", "2027-01-31", "--seed", "7", "--json", "--as", "dinas32@x.id")
	var res mall.Allocation
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || len(res.Turns) != 2 || res.Seed != 7 || res.RunID != 2 {
		t.Fatalf("allocate --json as the agency: %v\n%s", err, out)
	}
	if _, err := gerai(t, "", "mall", "allocate", "--db", db, "--venue", "1", "--from", "2027-01-04", "--to", "2027-01-31", "--as", "penjual@x.id"); err == nil ||
		!strings.Contains(err.Error(), "bukan pengelola") {
		t.Errorf("a seller allocates: %v", err)
	}
	if _, err := gerai(t, "", "mall", "allocate", "--db", db, "--venue", "1", "--from", "2027-01-31", "--to", "2027-01-04"); err == nil ||
		!strings.Contains(err.Error(), "--to: Tanggal akhir tidak boleh sebelum tanggal awal") {
		t.Errorf("a season backwards: %v", err)
	}
	if _, err := gerai(t, "", "mall", "allocate", "--db", db, "--venue", "9", "--from", "2027-01-04", "--to", "2027-01-31"); err == nil ||
		!strings.Contains(err.Error(), "Lokasi tidak ditemukan") {
		t.Errorf("an unknown venue: %v", err)
	}
	if _, err := gerai(t, "", "mall", "allocate", "--db", db); err == nil || !strings.Contains(err.Error(), "usage: gerai mall allocate") {
		t.Errorf("no flags: %v", err)
	}
}
