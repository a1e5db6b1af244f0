package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestAdminFindsUsersChangesRolesAndDisables(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		ctx := context.Background()
		me := s.MustUser("operator@x.id", platform.RoleAdmin, "")
		budi := s.MustUser("budi.santoso@x.id", platform.RoleBuyer, "")
		s.MustUser("siti@x.id", platform.RoleSeller, "")
		admin := loggedIn(t, s, "operator@x.id")
		if _, home := admin.get("/"); !strings.Contains(home, `href="/admin"`) {
			t.Fatal("the header has no link to the admin's dashboard")
		}

		// Find by part of the email, any case; filter by role.
		_, page := admin.get("/admin/pengguna?q=SANTOSO")
		if !strings.Contains(page, fmt.Sprintf(`href="/admin/pengguna/%d"`, budi.ID)) || strings.Contains(page, "siti@x.id") {
			t.Fatalf("search for santoso: want budi only, got\n%s", page)
		}
		_, page = admin.get("/admin/pengguna?role=seller")
		if !strings.Contains(page, "siti@x.id") || strings.Contains(page, "budi.santoso@x.id") {
			t.Fatal("filter by seller: want siti only")
		}

		// Budi is logged in on the web and through the API before anything changes.
		budiWeb := loggedIn(t, s, "budi.santoso@x.id")
		budiToken := s.MustToken("budi.santoso@x.id")

		path := fmt.Sprintf("/admin/pengguna/%d", budi.ID)
		admin.get(path)
		code, _, page := admin.post(path, url.Values{"csrf_token": {admin.csrf}, "action": {"role"}, "role": {"agency"}})
		if code != 422 || !strings.Contains(page, `id="e-province"`) {
			t.Fatalf("agency without a province: %d, want 422 with the error beside the province", code)
		}
		if code, loc, _ := admin.post(path, url.Values{"csrf_token": {admin.csrf}, "action": {"role"}, "role": {"agency"}, "province": {"16"}}); code != 303 || !strings.Contains(loc, "saved=1") {
			t.Fatalf("change role: %d %s", code, loc)
		}
		var n int
		if err := s.App.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND entity_id = ? AND action = 'set_role' AND actor_id = ?`,
			budi.ID, me.ID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit rows of the role change: %d (%v), want 1", n, err)
		}
		if _, page := admin.get(path); !strings.Contains(page, "Sumatera Selatan") || !strings.Contains(page, "Peran diubah") {
			t.Fatal("the account page shows neither the new province nor the change in its history")
		}
		if code, _ := budiWeb.get("/dinas"); code != 200 {
			t.Fatalf("budi, now agency staff, opens /dinas: %d", code)
		}

		// Disable: the open sessions stop working and a new login is refused.
		if code, _, _ := admin.post(path, url.Values{"csrf_token": {admin.csrf}, "action": {"disable"}}); code != 303 {
			t.Fatalf("disable: %d", code)
		}
		if code, _ := budiWeb.get("/pesanan"); code != 303 {
			t.Fatalf("budi's web session after the disable: %d, want a redirect to log in", code)
		}
		time.Sleep(1100 * time.Millisecond) // past the API's session cache of another process
		if res := s.Do("GET", "/api/v1/me", budiToken, nil, nil); res.StatusCode != 401 {
			t.Fatalf("budi's API token after the disable: %d, want 401", res.StatusCode)
		}
		again := newBrowser(t, s)
		again.get("/masuk")
		code, _, page = again.post("/masuk", url.Values{"email": {"budi.santoso@x.id"}, "password": {"rahasia-123"}, "csrf_token": {again.csrf}})
		if code == 303 || !strings.Contains(page, "dinonaktifkan") {
			t.Fatalf("login of a disabled account: %d, want refused with a message", code)
		}
		if err := s.App.DB.Reader().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND entity_id = ? AND action = 'disable'`, budi.ID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit rows of the disable: %d (%v)", n, err)
		}
		if _, page := admin.get("/admin/pengguna?q=budi"); !strings.Contains(page, "Nonaktif") {
			t.Fatal("the list does not show the account as disabled")
		}
		// Enabled again, budi logs in.
		if code, _, _ := admin.post(path, url.Values{"csrf_token": {admin.csrf}, "action": {"enable"}}); code != 303 {
			t.Fatalf("enable: %d", code)
		}
		loggedIn(t, s, "budi.santoso@x.id")

		// The admin can neither disable nor demote themselves: the last admin stays.
		self := fmt.Sprintf("/admin/pengguna/%d", me.ID)
		admin.get(self)
		if code, _, page := admin.post(self, url.Values{"csrf_token": {admin.csrf}, "action": {"disable"}}); code != 409 || !strings.Contains(page, "sendiri") {
			t.Fatalf("disable oneself: %d, want 409 with the reason", code)
		}
		if code, _, page := admin.post(self, url.Values{"csrf_token": {admin.csrf}, "action": {"role"}, "role": {"buyer"}}); code != 409 || !strings.Contains(page, `id="e-role"`) {
			t.Fatalf("demote oneself: %d, want 409 beside the role", code)
		}
		if _, page := admin.get("/admin"); !strings.Contains(page, "/admin/pengguna") {
			t.Fatal("the admin still works after the refusals")
		}
	})
}

func TestAdminRecordsPayouts(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		ctx := context.Background()
		s.MustUser("operator@x.id", platform.RoleAdmin, "")
		s.MustUser("lina@x.id", platform.RoleSeller, "")
		var u struct{ ID int64 }
		if res := s.Do("POST", "/api/v1/umkm", s.MustToken("lina@x.id"), map[string]any{"name": "Pempek Cek Lina", "owner_name": "Lina",
			"nib": "1671000000019", "regency_code": "16.71", "category": "kuliner", "whatsapp": "081234567890"}, &u); res.StatusCode != 201 {
			t.Fatalf("create UMKM: %d %s", res.StatusCode, res.Body)
		}
		// What the gateway took for it: Rp100.000 earned, Rp700 fee.
		for _, e := range []struct {
			kind   string
			amount int64
		}{{"earning", 100_000}, {"fee", -700}} {
			if _, err := s.App.DB.Writer().Exec(ctx, `INSERT INTO ledger_entries (umkm_id, kind, amount, reference, created_at) VALUES (?, ?, ?, '', ?)`,
				u.ID, e.kind, e.amount, time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
		}
		balance := func() int64 {
			var b int64
			if err := s.App.DB.Reader().QueryRow(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE umkm_id = ?`, u.ID).Scan(&b); err != nil {
				t.Fatal(err)
			}
			return b
		}
		admin := loggedIn(t, s, "operator@x.id")
		_, page := admin.get("/admin/pembayaran")
		if !strings.Contains(page, "Pempek Cek Lina") || !strings.Contains(page, "Rp99.300") {
			t.Fatalf("the payouts page does not list the UMKM with its balance:\n%s", page)
		}
		if strings.Contains(page, "81234567890") {
			t.Fatal("the phone number is shown in full in the list")
		}

		post := func(amount, ref string) (int, string, string) {
			return admin.post("/admin/pembayaran", url.Values{"csrf_token": {admin.csrf}, "umkm_id": {fmt.Sprint(u.ID)}, "amount": {amount}, "reference": {ref}})
		}
		if code, _, page := post("150.000", "TRF-1"); code != 409 || !strings.Contains(page, `id="e-amount"`) || !strings.Contains(page, "Saldo saat ini lebih kecil") {
			t.Fatalf("more than the balance: %d, want 409 beside the amount", code)
		}
		if code, _, page := post("50.000", ""); code != 422 || !strings.Contains(page, `id="e-reference"`) {
			t.Fatalf("no reference: %d, want 422 beside the reference", code)
		}
		if code, _, page := post("lima puluh", "TRF-1"); code != 422 || !strings.Contains(page, `id="e-amount"`) {
			t.Fatalf("an amount in words: %d, want 422 beside the amount", code)
		}
		if b := balance(); b != 99_300 {
			t.Fatalf("refused payouts changed the balance: %d", b)
		}
		code, loc, _ := post("50.000", "BCA-TRF-0001")
		if code != 303 {
			t.Fatalf("record a payout: %d", code)
		}
		if b := balance(); b != 49_300 {
			t.Fatalf("balance after a payout of Rp50.000: %d, want 49300", b)
		}
		if _, page := admin.get(loc); !strings.Contains(page, "Pembayaran tercatat") || !strings.Contains(page, "Rp49.300") {
			t.Fatal("the page after the payout shows neither the confirmation nor the new balance")
		}
	})
}

func TestAdminPagesRefuseOtherRoles(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		target := s.MustUser("target@x.id", platform.RoleBuyer, "")
		s.MustUser("buyer@x.id", platform.RoleBuyer, "")
		s.MustUser("seller@x.id", platform.RoleSeller, "")
		s.MustUser("agency@x.id", platform.RoleAgency, "16")
		user := fmt.Sprintf("/admin/pengguna/%d", target.ID)
		for _, email := range []string{"buyer@x.id", "seller@x.id", "agency@x.id"} {
			b := loggedIn(t, s, email)
			if _, home := b.get("/"); strings.Contains(home, `href="/admin"`) {
				t.Errorf("%s: the header links to the admin's dashboard", email)
			}
			for _, p := range []string{"/admin", "/admin/pengguna", user, "/admin/pembayaran"} {
				if code, _ := b.get(p); code != 403 {
					t.Errorf("%s GET %s: %d, want 403", email, p, code)
				}
			}
			for _, form := range []struct {
				path string
				v    url.Values
			}{
				{user, url.Values{"action": {"role"}, "role": {"admin"}}},
				{user, url.Values{"action": {"disable"}}},
				{"/admin/pembayaran", url.Values{"umkm_id": {"1"}, "amount": {"1000"}, "reference": {"X"}}},
			} {
				form.v.Set("csrf_token", b.csrf)
				if code, _, _ := b.post(form.path, form.v); code != 403 {
					t.Errorf("%s POST %s %v: %d, want 403", email, form.path, form.v, code)
				}
			}
		}
		if u, err := s.App.Accounts.User(context.Background(), target.ID); err != nil || u.Role != platform.RoleBuyer {
			t.Fatalf("the target's role after the refusals: %v %v", u.Role, err)
		}
		anon := newBrowser(t, s)
		if code, _ := anon.get("/admin/pengguna"); code != 303 {
			t.Errorf("anonymous GET /admin/pengguna: %d, want a redirect to log in", code)
		}
	})
}
