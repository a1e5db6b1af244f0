package account_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestPasswordsAreArgon2idAndChecked(t *testing.T) {
	h, err := account.HashPassword("kemplang-enak")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("hash %q is not an argon2id PHC string", h)
	}
	h2, _ := account.HashPassword("kemplang-enak")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	if ok, err := account.CheckPassword(h, "kemplang-enak"); !ok || err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if ok, _ := account.CheckPassword(h, "kemplang-enaK"); ok {
		t.Fatal("wrong password accepted")
	}
	if _, err := account.CheckPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Fatal("a malformed hash was not reported")
	}
}

func TestRegistrationAndSessions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		svc := account.NewService(db)
		if _, err := svc.Register(ctx, account.NewUser{Email: "x@x.id", Password: "rahasia-123", Name: "X", Role: platform.RoleAdmin}); platform.ErrorKind(err) != platform.KindInvalid {
			t.Fatalf("self-registration as admin: %v", err)
		}
		u, err := svc.Register(ctx, account.NewUser{Email: " Ani@Contoh.ID ", Password: "rahasia-123", Name: "Ani", Role: platform.RoleBuyer})
		if err != nil || u.Email != "ani@contoh.id" {
			t.Fatalf("register: %+v, %v", u, err)
		}
		if _, err := svc.Register(ctx, account.NewUser{Email: "ani@contoh.id", Password: "rahasia-456", Name: "Ani 2", Role: platform.RoleSeller}); platform.ErrorKind(err) != platform.KindConflict {
			t.Fatalf("duplicate email: %v", err)
		}
		if _, err := svc.Create(ctx, account.NewUser{Email: "d@x.id", Password: "rahasia-123", Name: "D", Role: platform.RoleAgency}); platform.ErrorKind(err) != platform.KindInvalid {
			t.Fatalf("agency without a province: %v", err)
		}
		if _, err := svc.Authenticate(ctx, "ANI@contoh.id", "rahasia-123", ""); err != nil {
			t.Fatalf("login with the email in other case: %v", err)
		}
		_, errWrong := svc.Authenticate(ctx, "ani@contoh.id", "salah-sandi", "")
		_, errUnknown := svc.Authenticate(ctx, "siapa@contoh.id", "salah-sandi", "")
		if platform.ErrorMessage(errWrong) != platform.ErrorMessage(errUnknown) || platform.ErrorKind(errWrong) != platform.KindUnauthorized {
			t.Fatalf("wrong password and unknown email must look the same: %v / %v", errWrong, errUnknown)
		}

		token, _, err := svc.CreateSession(ctx, u.ID, "web")
		if err != nil {
			t.Fatal(err)
		}
		sess, err := svc.ResolveSession(ctx, token, "web")
		if err != nil || sess.User.ID != u.ID || sess.CSRFToken == "" {
			t.Fatalf("resolve: %+v, %v", sess, err)
		}
		if _, err := svc.ResolveSession(ctx, token, "api"); platform.ErrorKind(err) != platform.KindUnauthorized {
			t.Fatalf("a web session used as an API token: %v", err)
		}
		var stored string
		db.Reader().QueryRow(ctx, `SELECT token_hash FROM sessions`).Scan(&stored)
		if stored == token || strings.Contains(stored, token) {
			t.Fatal("the session token is stored in clear")
		}
		if err := svc.DeleteSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ResolveSession(ctx, token, "web"); platform.ErrorKind(err) != platform.KindUnauthorized {
			t.Fatalf("logged-out session still works: %v", err)
		}
		// An expired session neither works nor stays in the table.
		token, _, _ = svc.CreateSession(ctx, u.ID, "api")
		db.Writer().Exec(ctx, `UPDATE sessions SET expires_at = created_at`)
		if _, err := svc.ResolveSession(ctx, token, "api"); platform.ErrorKind(err) != platform.KindUnauthorized {
			t.Fatalf("expired token still works: %v", err)
		}
		if n, err := svc.DeleteExpiredSessions(ctx); err != nil || n != 1 {
			t.Fatalf("DeleteExpiredSessions = %d, %v; want 1", n, err)
		}
	})
}

func TestPolicy(t *testing.T) {
	admin := platform.Actor{UserID: 1, Role: platform.RoleAdmin}
	agency16 := platform.Actor{UserID: 2, Role: platform.RoleAgency, ProvinceCode: "16"}
	seller := platform.Actor{UserID: 3, Role: platform.RoleSeller}
	other := platform.Actor{UserID: 4, Role: platform.RoleSeller}
	buyer := platform.Actor{UserID: 5, Role: platform.RoleBuyer}
	anon := platform.Actor{}
	inSumsel := account.Resource{OwnerID: 3, ProvinceCode: "16"}
	inJabar := account.Resource{OwnerID: 3, ProvinceCode: "32"}
	cases := []struct {
		who  string
		a    platform.Actor
		act  account.Action
		r    account.Resource
		want platform.Kind // "" = allowed
	}{
		{"admin verifies anywhere", admin, account.Verify, inJabar, ""},
		{"agency verifies its province", agency16, account.Verify, inSumsel, ""},
		{"agency cannot verify another province", agency16, account.Verify, inJabar, platform.KindForbidden},
		{"agency reads its province's drafts", agency16, account.ReadPrivate, inSumsel, ""},
		{"agency does not submit for the seller", agency16, account.Submit, inSumsel, platform.KindForbidden},
		{"agency does not run the seller's catalogue", agency16, account.ManageCatalog, inSumsel, platform.KindForbidden},
		{"owner submits", seller, account.Submit, inJabar, ""},
		{"owner manages its catalogue", seller, account.ManageCatalog, inJabar, ""},
		{"owner never verifies", seller, account.Verify, inSumsel, platform.KindForbidden},
		{"another seller cannot update", other, account.Update, inSumsel, platform.KindForbidden},
		{"buyer reads nothing private", buyer, account.ReadPrivate, inSumsel, platform.KindForbidden},
		{"anonymous must log in", anon, account.ReadPrivate, inSumsel, platform.KindUnauthorized},
		{"the buyer pays what it owes", buyer, account.Pay, account.Resource{OwnerID: 5}, ""},
		{"nobody else pays for the buyer", admin, account.Pay, account.Resource{OwnerID: 5}, platform.KindForbidden},
		{"the agency does not pay for the buyer", agency16, account.Pay, account.Resource{OwnerID: 5, ProvinceCode: "16"}, platform.KindForbidden},
		{"the seller does not pay for the buyer", seller, account.Pay, account.Resource{OwnerID: 5}, platform.KindForbidden},
		{"owner voids its booth's sale", seller, account.VoidSale, account.Resource{OwnerID: 3, ProvinceCode: "16", Delegates: []int64{5}}, ""},
		{"organising agency voids a sale", agency16, account.VoidSale, inSumsel, ""},
		{"a cashier may sell but not void", buyer, account.VoidSale, account.Resource{OwnerID: 3, ProvinceCode: "16", Delegates: []int64{5}}, platform.KindForbidden},
		{"another province's agency cannot void", agency16, account.VoidSale, inJabar, platform.KindForbidden},
		{"agency without province", platform.Actor{UserID: 9, Role: platform.RoleAgency}, account.ReadPrivate, account.Resource{}, platform.KindForbidden},
		{"booth owner manages its booth", seller, account.ManageBooth, inJabar, ""},
		{"organising agency manages a booth", agency16, account.ManageBooth, inSumsel, ""},
		{"a cashier sells but does not manage", buyer, account.ManageBooth, account.Resource{OwnerID: 3, ProvinceCode: "16", Delegates: []int64{5}}, platform.KindForbidden},
		{"a cashier sells", buyer, account.Sell, account.Resource{OwnerID: 3, ProvinceCode: "16", Delegates: []int64{5}}, ""},
		{"another province's agency does not sell", agency16, account.Sell, inJabar, platform.KindForbidden},
		{"coordinator coordinates", buyer, account.Coordinate, account.Resource{OwnerID: 5}, ""},
		{"admin does not coordinate someone's group", admin, account.Coordinate, account.Resource{OwnerID: 5}, platform.KindForbidden},
		{"member participates", seller, account.Participate, account.Resource{OwnerID: 5, Delegates: []int64{3}}, ""},
		{"stranger does not participate", other, account.Participate, account.Resource{OwnerID: 5, Delegates: []int64{3}}, platform.KindForbidden},
		{"author edits its line", seller, account.EditOwn, account.Resource{OwnerID: 3}, ""},
		{"another member does not edit it", buyer, account.EditOwn, account.Resource{OwnerID: 3}, platform.KindForbidden},
		{"owner fulfils its orders", seller, account.Fulfil, inSumsel, ""},
		{"agency reads but does not fulfil", agency16, account.Fulfil, inSumsel, platform.KindForbidden},
		{"operator operates", admin, account.Operate, account.Resource{}, ""},
		{"agency does not operate", agency16, account.Operate, account.Resource{ProvinceCode: "16"}, platform.KindForbidden},
		{"venue staff run their venue", buyer, account.RunVenue, account.Resource{ProvinceCode: "32", Delegates: []int64{5}}, ""},
		{"staff of another venue do not", buyer, account.RunVenue, account.Resource{ProvinceCode: "32", Delegates: []int64{3}}, platform.KindForbidden},
		{"the venue's province's agency runs it", agency16, account.RunVenue, account.Resource{ProvinceCode: "16"}, ""},
		{"another province's agency does not", agency16, account.RunVenue, account.Resource{ProvinceCode: "32"}, platform.KindForbidden},
		{"admin runs any venue", admin, account.RunVenue, account.Resource{ProvinceCode: "32"}, ""},
		{"a seller does not run a venue", seller, account.RunVenue, account.Resource{ProvinceCode: "16"}, platform.KindForbidden},
		{"the agency appoints a venue's staff", agency16, account.SetUpVenue, account.Resource{ProvinceCode: "16"}, ""},
		{"staff do not appoint staff", buyer, account.SetUpVenue, account.Resource{ProvinceCode: "16", Delegates: []int64{5}}, platform.KindForbidden},
		{"the UMKM's owner applies for a stall", seller, account.ApplyForStall, inSumsel, ""},
		{"the agency does not apply for the UMKM", agency16, account.ApplyForStall, inSumsel, platform.KindForbidden},
		{"an admin does not apply for the UMKM", admin, account.ApplyForStall, inSumsel, platform.KindForbidden},
		{"the tenant checks in at its stall", seller, account.CheckIn, inSumsel, ""},
		{"the agency does not check in for the tenant", agency16, account.CheckIn, inSumsel, platform.KindForbidden},
		{"venue staff do not check in for the tenant", buyer, account.CheckIn, account.Resource{OwnerID: 2, ProvinceCode: "16", Delegates: []int64{5}}, platform.KindForbidden},
		{"the tenant sells at its stall", seller, account.SellAtStall, inSumsel, ""},
		{"another seller does not sell at the tenant's stall", other, account.SellAtStall, inSumsel, platform.KindForbidden},
		{"a buyer does not sell at a stall", buyer, account.SellAtStall, inSumsel, platform.KindForbidden},
		{"venue staff do not sell for the tenant", buyer, account.SellAtStall, account.Resource{OwnerID: 3, ProvinceCode: "16", Delegates: []int64{5}}, platform.KindForbidden},
		{"the agency of another province does not sell at a stall", agency16, account.SellAtStall, inJabar, platform.KindForbidden},
		{"even the province's agency does not sell for the tenant", agency16, account.SellAtStall, inSumsel, platform.KindForbidden},
		{"an admin does not sell for the tenant", admin, account.SellAtStall, inSumsel, platform.KindForbidden},
		{"anonymous must log in to sell at a stall", anon, account.SellAtStall, inSumsel, platform.KindUnauthorized},
		{"the programme's agency runs it", agency16, account.RunProgramme, account.Resource{ProvinceCode: "16"}, ""},
		{"another province's agency does not run it", agency16, account.RunProgramme, account.Resource{ProvinceCode: "32"}, platform.KindForbidden},
		{"an officer does not run the programme", buyer, account.RunProgramme, account.Resource{ProvinceCode: "16", Delegates: []int64{5}}, platform.KindForbidden},
		{"the village's officer visits a household", buyer, account.VisitHousehold, account.Resource{ProvinceCode: "16", Delegates: []int64{5}}, ""},
		{"another village's officer does not", seller, account.VisitHousehold, account.Resource{ProvinceCode: "16", Delegates: []int64{5}}, platform.KindForbidden},
		{"the programme's agency records a visit", agency16, account.VisitHousehold, account.Resource{ProvinceCode: "16"}, ""},
		{"the village's officer reads the NIK", buyer, account.ReadNIK, account.Resource{ProvinceCode: "16", Delegates: []int64{5}}, ""},
		{"the programme's agency reads the NIK", agency16, account.ReadNIK, account.Resource{ProvinceCode: "16"}, ""},
		{"another province's agency does not read the NIK", agency16, account.ReadNIK, account.Resource{ProvinceCode: "32"}, platform.KindForbidden},
		{"an admin does not read the NIK", admin, account.ReadNIK, account.Resource{ProvinceCode: "16"}, platform.KindForbidden},
	}
	for _, c := range cases {
		err := account.Authorize(c.a, c.act, c.r)
		got := platform.Kind("")
		if err != nil {
			got = platform.ErrorKind(err)
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.who, got, c.want)
		}
	}
}

func TestScopeWhere(t *testing.T) {
	cols := account.Columns{Public: "status = 'verified'", Own: "(owner_id = ? OR buyer_id = ?)", Province: "province_code = ?"}
	cases := []struct {
		who      string
		a        platform.Actor
		cond     string
		args     []any
		noPublic string // the condition for a private list (no Public column)
	}{
		{"anonymous", platform.Actor{}, "(status = 'verified')", nil, "(1 = 0)"},
		{"buyer", platform.Actor{UserID: 5, Role: platform.RoleBuyer}, "(status = 'verified' OR (owner_id = ? OR buyer_id = ?))", []any{int64(5), int64(5)}, "((owner_id = ? OR buyer_id = ?))"},
		{"seller", platform.Actor{UserID: 3, Role: platform.RoleSeller}, "(status = 'verified' OR (owner_id = ? OR buyer_id = ?))", []any{int64(3), int64(3)}, "((owner_id = ? OR buyer_id = ?))"},
		{"agency", platform.Actor{UserID: 2, Role: platform.RoleAgency, ProvinceCode: "16"}, "(status = 'verified' OR province_code = ? OR (owner_id = ? OR buyer_id = ?))", []any{"16", int64(2), int64(2)}, "(province_code = ? OR (owner_id = ? OR buyer_id = ?))"},
		{"agency without province", platform.Actor{UserID: 9, Role: platform.RoleAgency}, "(status = 'verified' OR (owner_id = ? OR buyer_id = ?))", []any{int64(9), int64(9)}, "((owner_id = ? OR buyer_id = ?))"},
		{"admin", platform.Actor{UserID: 1, Role: platform.RoleAdmin}, "(1 = 1)", nil, "(1 = 1)"},
	}
	for _, c := range cases {
		cond, args := account.ScopeOf(c.a).Where(cols)
		if cond != c.cond || !slices.Equal(args, c.args) {
			t.Errorf("%s: got %s %v, want %s %v", c.who, cond, args, c.cond, c.args)
		}
		private := cols
		private.Public = ""
		if cond, _ := account.ScopeOf(c.a).Where(private); cond != c.noPublic {
			t.Errorf("%s, private list: got %s, want %s", c.who, cond, c.noPublic)
		}
	}
}
