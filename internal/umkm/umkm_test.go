package umkm_test

import (
	"context"
	"testing"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

func TestClassifyScaleFollowsPP7of2021(t *testing.T) {
	cases := []struct {
		name              string
		capital, turnover int64
		want              umkm.Scale
		ok                bool
	}{
		{"nothing declared", 0, 0, umkm.ScaleMikro, true},
		{"capital at the mikro ceiling", 1_000_000_000, 0, umkm.ScaleMikro, true},
		{"capital one rupiah over mikro", 1_000_000_001, 0, umkm.ScaleKecil, true},
		{"turnover at the mikro ceiling", 0, 2_000_000_000, umkm.ScaleMikro, true},
		{"turnover over mikro", 0, 2_000_000_001, umkm.ScaleKecil, true},
		{"capital at the kecil ceiling", 5_000_000_000, 0, umkm.ScaleKecil, true},
		{"turnover over kecil", 0, 15_000_000_001, umkm.ScaleMenengah, true},
		{"larger criterion wins", 100_000_000, 20_000_000_000, umkm.ScaleMenengah, true},
		{"capital at the menengah ceiling", 10_000_000_000, 50_000_000_000, umkm.ScaleMenengah, true},
		{"capital above menengah is not a UMKM", 10_000_000_001, 0, "", false},
		{"turnover above menengah is not a UMKM", 0, 50_000_000_001, "", false},
	}
	for _, c := range cases {
		got, ok := umkm.ClassifyScale(c.capital, c.turnover)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: ClassifyScale(%d, %d) = %q, %v; want %q, %v", c.name, c.capital, c.turnover, got, ok, c.want, c.ok)
		}
	}
}

func TestNormalizeReportsEveryBadField(t *testing.T) {
	f := umkm.Fields{Name: " ", OwnerName: "Ipah", NIB: "12345", KBLI: "1079", RegencyCode: "16.98",
		WhatsApp: "12", Category: "otomotif", Capital: -1}
	_, _, err := f.Normalize()
	got := map[string]bool{}
	for _, fe := range platform.ErrorFields(err) {
		got[fe.Field] = true
	}
	for _, field := range []string{"name", "nib", "kbli", "regency_code", "whatsapp", "category", "capital"} {
		if !got[field] {
			t.Errorf("no error for %s; got %v", field, got)
		}
	}
	if got["owner_name"] {
		t.Errorf("owner_name was fine but reported")
	}
}

func TestNormalizeCleansInput(t *testing.T) {
	f := umkm.Fields{Name: " Pempek Cek Mar ", OwnerName: "Mar", NIB: "9120001234567", RegencyCode: "16.71",
		WhatsApp: "0812 3456 7890", Category: "Kuliner", Capital: 50_000_000, Turnover: 3_000_000_000}
	prov, scale, err := f.Normalize()
	if err != nil {
		t.Fatal(err)
	}
	if prov != "16" || scale != umkm.ScaleKecil || f.WhatsApp != "+6281234567890" || f.Name != "Pempek Cek Mar" || f.Category != "kuliner" {
		t.Fatalf("got province %q scale %q fields %+v", prov, scale, f)
	}
}

func newFields(nib, regency string) umkm.Fields {
	return umkm.Fields{Name: "Kemplang Panggang", OwnerName: "Siti", NIB: nib, RegencyCode: regency, Category: "kuliner"}
}

func TestLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		accounts := account.NewService(db)
		svc := umkm.NewService(db)
		mk := func(email string, role platform.Role, prov string) context.Context {
			u, err := accounts.Create(ctx, account.NewUser{Email: email, Password: "rahasia-123", Name: email, Role: role, ProvinceCode: prov})
			if err != nil {
				t.Fatal(err)
			}
			return platform.WithActor(ctx, u.Actor())
		}
		seller := mk("s@x.id", platform.RoleSeller, "")
		agency16 := mk("d16@x.id", platform.RoleAgency, "16")
		agency32 := mk("d32@x.id", platform.RoleAgency, "32")

		u, err := svc.Create(seller, newFields("1600000000001", "16.02"))
		if err != nil {
			t.Fatal(err)
		}
		if u.Status != umkm.StatusDraft {
			t.Fatalf("new UMKM status %q, want draft", u.Status)
		}
		if _, err := svc.Verify(agency16, u.ID); platform.ErrorKind(err) != platform.KindConflict {
			t.Fatalf("verify a draft: %v, want conflict", err)
		}
		if _, err := svc.Submit(agency16, u.ID); platform.ErrorKind(err) != platform.KindForbidden {
			t.Fatalf("agency submitting for the seller: %v, want forbidden", err)
		}
		if _, err := svc.Submit(seller, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Submit(seller, u.ID); platform.ErrorKind(err) != platform.KindConflict {
			t.Fatalf("submit twice: %v, want conflict", err)
		}
		if _, err := svc.Verify(seller, u.ID); platform.ErrorKind(err) != platform.KindForbidden {
			t.Fatalf("seller verifying itself: %v, want forbidden", err)
		}
		if _, err := svc.Verify(agency32, u.ID); err == nil {
			t.Fatal("agency of another province verified it")
		}
		if _, err := svc.Reject(agency16, u.ID, "  "); platform.ErrorKind(err) != platform.KindInvalid {
			t.Fatalf("reject without reason: %v, want invalid", err)
		}
		u, err = svc.Reject(agency16, u.ID, "Foto NIB tidak terbaca")
		if err != nil || u.Status != umkm.StatusRejected || u.RejectReason != "Foto NIB tidak terbaca" {
			t.Fatalf("reject: %+v, %v", u, err)
		}
		if _, err := svc.Submit(seller, u.ID); err != nil {
			t.Fatalf("resubmit after rejection: %v", err)
		}
		u, err = svc.Verify(agency16, u.ID)
		if err != nil || u.Status != umkm.StatusVerified || u.VerifiedAt == nil {
			t.Fatalf("verify: %+v, %v", u, err)
		}
		// The owner changing the NIB of a verified UMKM sends it back for verification.
		f := u.Fields()
		f.NIB = "1600000000002"
		u, err = svc.Update(seller, u.ID, f)
		if err != nil || u.Status != umkm.StatusSubmitted {
			t.Fatalf("NIB change of a verified UMKM: status %q, %v; want submitted", u.Status, err)
		}
		trail, err := svc.AuditTrail(seller, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range trail {
			actions = append(actions, e.Action)
		}
		want := []string{"create", "submit", "reject", "submit", "verify", "update"}
		if len(actions) != len(want) {
			t.Fatalf("audit actions %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Fatalf("audit actions %v, want %v", actions, want)
			}
		}
		if trail[4].ActorID == 0 || trail[4].Before == nil || trail[4].After == nil {
			t.Fatalf("verify entry lacks who/before/after: %+v", trail[4])
		}
		// A duplicate NIB is a conflict on the nib field and writes nothing.
		_, err = svc.Create(seller, newFields("1600000000002", "16.71"))
		if platform.ErrorKind(err) != platform.KindConflict || platform.ErrorFields(err)[0].Field != "nib" {
			t.Fatalf("duplicate NIB: %v", err)
		}
	})
}

func TestFullTextSearchOverUMKM(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		accounts := account.NewService(db)
		svc := umkm.NewService(db)
		admin, err := accounts.Create(ctx, account.NewUser{Email: "a@x.id", Password: "rahasia-123", Name: "Admin", Role: platform.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		actx := platform.WithActor(ctx, admin.Actor())
		mk := func(nib, name, desc, regency string, verify bool) int64 {
			f := newFields(nib, regency)
			f.Name, f.Description, f.Category = name, desc, "kriya"
			u, err := svc.Create(actx, f)
			if err != nil {
				t.Fatal(err)
			}
			if verify {
				svc.Submit(actx, u.ID)
				if _, err := svc.Verify(actx, u.ID); err != nil {
					t.Fatal(err)
				}
			}
			return u.ID
		}
		weaver := mk("1600000000011", "Sentra Tenun Gambo", "Kain ditenun para perajin desa", "16.06", true)
		mk("1600000000012", "Anyaman Purun", "Kerajinan anyaman purun", "16.02", true)
		hidden := mk("1600000000013", "Tenunan Belum Terverifikasi", "tenunan", "16.71", false)

		page, err := umkm.NewService(db).List(ctx, umkm.Filter{Text: "menenun"}) // anonymous
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Items[0].ID != weaver {
			t.Fatalf("menenun found %+v, want only the verified weaver %d (not draft %d)", page.Items, weaver, hidden)
		}
		page, err = svc.List(ctx, umkm.Filter{Text: "kerajinan"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 2 {
			t.Fatalf("kerajinan matched %d UMKM, want 2 (perajin and kerajinan share their root)", len(page.Items))
		}
		page, err = svc.List(ctx, umkm.Filter{Text: "kerajinan", RegencyCode: "16.02"})
		if err != nil || len(page.Items) != 1 || page.Items[0].Name != "Anyaman Purun" {
			t.Fatalf("regency filter: %+v, %v", page.Items, err)
		}
	})
}
