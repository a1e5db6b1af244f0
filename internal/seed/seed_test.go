package seed

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// forEachApp runs fn on a whole App over a fresh database of each dialect.
func forEachApp(t *testing.T, fn func(t *testing.T, a *app.App)) {
	t.Helper()
	for _, d := range []sqldb.Dialect{sqldb.SQLite, sqldb.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			if d == sqldb.Postgres && os.Getenv(testutil.PostgresEnv) == "" {
				t.Skip("GERAI_TEST_POSTGRES is not set: PostgreSQL case not run")
			}
			a, err := app.Open(context.Background(), app.Config{DB: testutil.NewDSN(t, d), MediaDir: t.TempDir()}, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			fn(t, a)
		})
	}
}

func count(t *testing.T, q sqldb.Querier, query string, args ...any) int {
	t.Helper()
	var n int
	if err := q.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestDemo(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		start := time.Now()
		if err := Demo(ctx, a); err != nil {
			t.Fatal(err)
		}
		t.Logf("demo loaded in %v", time.Since(start))
		db := a.DB.Reader()

		// The demo logins work, with their roles.
		users := map[string]account.User{}
		for _, l := range DemoLogins {
			u, err := a.Accounts.Authenticate(ctx, l.Email, DemoPassword, "")
			if err != nil {
				t.Fatalf("login %s: %v", l.Email, err)
			}
			if string(u.Role) != l.Role {
				t.Errorf("%s: role %s, want %s", l.Email, u.Role, l.Role)
			}
			users[l.Email] = u
		}
		if p := users["dinas.sumsel@gerai.id"].ProvinceCode; p != "16" {
			t.Errorf("Sumsel agency province %q", p)
		}

		// Every exhibiting regency, Palembang and Bandung have a verified UMKM.
		for _, code := range []string{"16.02", "16.01", "16.10", "16.06", "16.74", "16.03", "16.08", "16.05", "16.71", "32.73"} {
			if n := count(t, db, `SELECT COUNT(*) FROM umkm WHERE regency_code = ? AND status = 'verified'`, code); n == 0 {
				reg, _ := region.RegencyByCode(code)
				t.Errorf("no verified UMKM in %s %s", code, reg.Name)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM umkm`); n < 55 || n > 70 {
			t.Errorf("%d UMKM, want 55–70", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM umkm WHERE status = 'rejected' AND reject_reason <> ''`); n != 1 {
			t.Errorf("%d rejected UMKM with a reason, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM umkm WHERE status = 'draft' AND owner_id = ?`, users["penjual@gerai.id"].ID); n != 1 {
			t.Errorf("penjual@gerai.id has %d drafts, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM umkm WHERE status = 'verified' AND owner_id = ?`, users["penjual@gerai.id"].ID); n < 2 {
			t.Errorf("penjual@gerai.id has %d verified UMKM", n)
		}
		// Buying as a group is there to see: wholesale prices, a running
		// campaign the demo buyer joined, and the buyer's group order.
		if n := count(t, db, `SELECT COUNT(*) FROM product_tiers`); n != 2 {
			t.Errorf("%d wholesale tiers, want 2", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM campaigns WHERE status = 'berjalan' AND total_quantity = 3`); n != 1 {
			t.Errorf("%d running campaigns with the buyer's 3 units, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM group_order_items i JOIN group_orders o ON o.id = i.group_order_id WHERE o.status = 'terbuka' AND i.member_id = ?`,
			users["pembeli@gerai.id"].ID); n != 1 {
			t.Errorf("the demo buyer has %d lines in an open group order, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM group_order_shares s JOIN group_orders o ON o.id = s.group_order_id WHERE o.status = 'dipesan' AND s.member_id = ?`,
			users["pembeli@gerai.id"].ID); n != 1 {
			t.Errorf("the demo buyer has %d shares of a placed group order, want 1", n)
		}
		// Sumsel Expo 2022 is there with its report published.
		if n := count(t, db, `SELECT COUNT(*) FROM events WHERE name = 'Sumsel Expo 2022' AND status = 'closed' AND report_public = TRUE`); n != 1 {
			t.Errorf("%d published Sumsel Expo 2022 events, want 1", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM exhibitors WHERE kind = 'regency'`); n != 8 {
			t.Errorf("%d regency delegations, want 8", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM expo_sales`); n < 200 || n > 600 {
			t.Errorf("%d on-site sales, want a few hundred", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM meetings WHERE outcome = 'deal'`); n == 0 {
			t.Error("no business-matching deals")
		}
		// The demo cashier may open the cashier of one booth of it, the demo seller's.
		var event, booth int64
		if err := db.QueryRow(ctx, `SELECT x.event_id, x.id FROM exhibitor_cashiers c JOIN exhibitors x ON x.id = c.exhibitor_id
			JOIN umkm u ON u.id = x.umkm_id WHERE c.user_id = ? AND u.owner_id = ?`, users[demoCashier].ID, users[penjual].ID).Scan(&event, &booth); err != nil {
			t.Fatalf("the demo cashier's booth: %v", err)
		}
		if _, err := a.Expo.Sales(platform.WithActor(ctx, users[demoCashier].Actor()), event, booth, 1); err != nil {
			t.Errorf("the demo cashier may not open the booth's sales: %v", err)
		}
		// An expo is on now, so the demo cashier's /kasir lists a booth at once.
		booths, err := a.Expo.CashierBooths(platform.WithActor(ctx, users[demoCashier].Actor()))
		if err != nil || len(booths) == 0 {
			t.Errorf("the demo cashier has no booth of a running expo to sell at: %v", err)
		}
		// Verification went through the service, as the agency.
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'verify' AND actor_id = ?`, users["dinas.jabar@gerai.id"].ID); n == 0 {
			t.Error("no verification by the Jabar agency in the audit log")
		}

		// Search stems: "menenun" finds woven cloth.
		page, err := a.Catalog.Search(ctx, catalog.Query{Text: "menenun"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range page.Items {
			n := strings.ToLower(p.Name)
			found = found || strings.Contains(n, "songket") || strings.Contains(n, "tenun")
		}
		if !found {
			t.Errorf("search menenun found no songket or tenun: %v", names(page.Items))
		}
		page, err = a.Catalog.Search(ctx, catalog.Query{Text: "kemplang", ProvinceCode: "16"})
		if err != nil || len(page.Items) == 0 {
			t.Errorf("search kemplang in Sumsel: %d items, %v", len(page.Items), err)
		}

		// The Sumsel agency has a queue, in more than one regency.
		actx := platform.WithActor(ctx, users["dinas.sumsel@gerai.id"].Actor())
		queue, err := a.UMKM.VerificationQueue(actx)
		if err != nil {
			t.Fatal(err)
		}
		if len(queue) < 2 {
			t.Errorf("Sumsel queue %v, want several regencies", queue)
		}
		jctx := platform.WithActor(ctx, users["dinas.jabar@gerai.id"].Actor())
		if queue, err := a.UMKM.VerificationQueue(jctx); err != nil || len(queue) == 0 {
			t.Errorf("Jabar queue %v, %v", queue, err)
		}

		// Products: 3–6 per UMKM, each with a stored photo.
		if n := count(t, db, `SELECT COUNT(*) FROM umkm u WHERE (SELECT COUNT(*) FROM products p WHERE p.umkm_id = u.id) NOT BETWEEN 3 AND 6`); n != 0 {
			t.Errorf("%d UMKM without 3–6 products", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM product_photos ph WHERE ph.product_id = p.id)`); n != 0 {
			t.Errorf("%d products without a photo", n)
		}
		var thumb string
		if err := db.QueryRow(ctx, `SELECT thumb_key FROM product_photos ORDER BY id LIMIT 1`).Scan(&thumb); err != nil {
			t.Fatal(err)
		}
		rc, err := a.Media.Open(ctx, thumb)
		if err != nil {
			t.Fatalf("thumbnail %s: %v", thumb, err)
		}
		rc.Close()
		// Listed: active products of verified UMKM only.
		if n := count(t, db, `SELECT COUNT(*) FROM products p JOIN umkm u ON u.id = p.umkm_id
			WHERE p.listed <> (p.status = 'active' AND u.status = 'verified')`); n != 0 {
			t.Errorf("%d products with a wrong listed flag", n)
		}

		// Pasar Kreatif Jawa Barat is in its season, with a market day today.
		checkDemoMall(t, a, users)
		// Gerakan Sumsel Mandiri Pangan, with a year of visits, and Jabar's copy.
		checkDemoPangan(t, a, users)

		// A second call changes nothing.
		tables := []string{"users", "umkm", "products", "product_photos", "audit_log", "venues", "turns", "checkins", "pangan_households", "pangan_visits"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = count(t, db, `SELECT COUNT(*) FROM `+tb)
		}
		if err := Demo(ctx, a); err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			if n := count(t, db, `SELECT COUNT(*) FROM `+tb); n != before[tb] {
				t.Errorf("%s: %d rows after a second Demo, %d before", tb, n, before[tb])
			}
		}
	})
}

func names(ps []catalog.Product) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func newCatalog(t *testing.T, db *sqldb.DB) *catalog.Service {
	st, err := media.NewDiskStorage(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return catalog.NewService(db, umkm.NewService(db), st)
}

type nameprice struct {
	name  string
	price int64
}

func firstProducts(t *testing.T, db *sqldb.DB, n int) []nameprice {
	rows, err := db.Reader().Query(context.Background(), `SELECT name, price FROM products ORDER BY id LIMIT ?`, n)
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (np nameprice, err error) {
		err = r.Scan(&np.name, &np.price)
		return np, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSynthetic(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		opt := Options{UMKM: 200, Products: 2000, Seed: 42}
		var stages []string
		err := Synthetic(ctx, db, opt, func(stage string, done, total int) {
			if !slices.Contains(stages, stage) {
				stages = append(stages, stage)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(stages, []string{"akun", "umkm", "produk", "indeks"}) {
			t.Errorf("stages %v", stages)
		}
		q := db.Reader()
		if n := count(t, q, `SELECT COUNT(*) FROM users`); n != 20 {
			t.Errorf("%d seller accounts, want 20", n)
		}
		if n := count(t, q, `SELECT COUNT(*) FROM umkm`); n != 200 {
			t.Errorf("%d UMKM, want 200", n)
		}
		if n := count(t, q, `SELECT COUNT(*) FROM products`); n != 2000 {
			t.Errorf("%d products, want 2000", n)
		}
		if n := count(t, q, `SELECT COUNT(*) FROM umkm WHERE status = 'submitted'`); n == 0 || n > 30 {
			t.Errorf("%d submitted UMKM, want about 5%%", n)
		}
		if n := count(t, q, `SELECT COUNT(*) FROM products p JOIN umkm u ON u.id = p.umkm_id
			WHERE p.listed <> (p.status = 'active' AND u.status = 'verified')
			   OR p.province_code <> u.province_code OR p.regency_code <> u.regency_code`); n != 0 {
			t.Errorf("%d products with a wrong listed flag or region", n)
		}
		if n := count(t, q, `SELECT COUNT(DISTINCT scale) FROM umkm`); n != 3 {
			t.Errorf("%d scales, want mikro, kecil and menengah", n)
		}

		// Every product's region exists.
		rows, err := q.Query(ctx, `SELECT DISTINCT province_code, regency_code FROM products`)
		regions, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (pr [2]string, err error) {
			err = r.Scan(&pr[0], &pr[1])
			return pr, err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range regions {
			prov, reg := pr[0], pr[1]
			if r, ok := region.RegencyByCode(reg); !ok || r.ProvinceCode != prov {
				t.Errorf("product region %s/%s does not exist", prov, reg)
			}
		}

		// Seller accounts log in with the shared password.
		if _, err := account.NewService(db).Authenticate(ctx, "seed-seller-7@seed.gerai.id", SyntheticPassword, ""); err != nil {
			t.Errorf("seed seller login: %v", err)
		}

		// Search works, on words of the templates in affixed forms.
		cat := newCatalog(t, db)
		for _, text := range []string{"pengiriman", "dikirim"} {
			page, err := cat.Search(ctx, catalog.Query{Text: text})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) == 0 {
				t.Errorf("search %q found nothing", text)
			}
		}

		// The index holds what the services would write.
		checkIndexed(t, db, "products", count(t, q, `SELECT MIN(id) FROM products`)+17)
		checkIndexed(t, db, "umkm", count(t, q, `SELECT MIN(id) FROM umkm`)+3)

		// Same seed, same data.
		other := testutil.MustOpenDB(t, db.Dialect)
		if err := Synthetic(ctx, other, opt, nil); err != nil {
			t.Fatal(err)
		}
		a, b := firstProducts(t, db, 50), firstProducts(t, other, 50)
		if len(a) != 50 || !slices.Equal(a, b) {
			t.Errorf("two runs differ:\n%v\n%v", a, b)
		}

		// Seeding again appends, and the services still insert afterwards.
		if err := Synthetic(ctx, db, Options{UMKM: 15, Products: 40, Seed: 7}, nil); err != nil {
			t.Fatal(err)
		}
		if n := count(t, q, `SELECT COUNT(*) FROM products`); n != 2040 {
			t.Errorf("%d products after a second seed, want 2040", n)
		}
		if _, err := account.NewService(db).Create(ctx, account.NewUser{Email: "baru@gerai.id", Password: "rahasia-sekali",
			Name: "Pengguna Baru", Role: platform.RoleBuyer}); err != nil {
			t.Errorf("create a user after seeding: %v", err)
		}
	})
}

// checkIndexed compares the index entry of one row with the entry the
// search package writes for the same row.
func checkIndexed(t *testing.T, db *sqldb.DB, table string, id int) {
	t.Helper()
	ctx := context.Background()
	var reindex func(tx *sqldb.Tx) error
	switch table {
	case "products":
		var name, cat, desc, umkmName, prov, reg string
		var halal, listed bool
		err := db.Reader().QueryRow(ctx, `SELECT p.name, p.category, p.description, u.name, p.province_code, p.regency_code, p.halal, p.listed
			FROM products p JOIN umkm u ON u.id = p.umkm_id WHERE p.id = ?`, id).Scan(&name, &cat, &desc, &umkmName, &prov, &reg, &halal, &listed)
		if err != nil {
			t.Fatal(err)
		}
		doc := search.ProductDoc(name, cat, desc, umkmName, search.Facets{ProvinceCode: prov, RegencyCode: reg, Category: cat, Halal: halal, Listed: listed})
		reindex = func(tx *sqldb.Tx) error { return search.IndexProduct(ctx, tx, int64(id), doc) }
	default:
		var name, cat, desc, owner, reg string
		err := db.Reader().QueryRow(ctx, `SELECT name, category, description, owner_name, regency_code FROM umkm WHERE id = ?`, id).
			Scan(&name, &cat, &desc, &owner, &reg)
		if err != nil {
			t.Fatal(err)
		}
		doc := search.UMKMDoc(name, cat, desc, owner, reg)
		reindex = func(tx *sqldb.Tx) error { return search.IndexUMKM(ctx, tx, int64(id), doc) }
	}
	entry := func() string {
		var s string
		var err error
		switch {
		case db.Dialect == sqldb.Postgres:
			err = db.Reader().QueryRow(ctx, `SELECT search_vector::text FROM `+table+` WHERE id = ?`, id).Scan(&s)
		case table == "products":
			err = db.Reader().QueryRow(ctx, `SELECT title || '|' || body || '|' || facets FROM product_fts WHERE rowid = ?`, search.ProductRowID(int64(id))).Scan(&s)
		default:
			err = db.Reader().QueryRow(ctx, `SELECT title || '|' || body FROM umkm_fts WHERE rowid = ?`, id).Scan(&s)
		}
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	seeded := entry()
	if err := db.InTx(ctx, reindex); err != nil {
		t.Fatal(err)
	}
	if again := entry(); again != seeded || seeded == "" {
		t.Errorf("%s %d: seeded index entry\n%s\nthe search package writes\n%s", table, id, seeded, again)
	}
}

func TestSyntheticCoversEveryRegency(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		if err := Synthetic(context.Background(), db, Options{UMKM: 600, Products: 600, Seed: 1}, nil); err != nil {
			t.Fatal(err)
		}
		want := len(region.AllRegencies())
		if n := count(t, db.Reader(), `SELECT COUNT(DISTINCT regency_code) FROM umkm`); n != want {
			t.Errorf("%d regencies with UMKM, want %d", n, want)
		}
		if n := count(t, db.Reader(), `SELECT COUNT(*) FROM products`); n != 600 {
			t.Errorf("%d products, want 600", n)
		}
	})
}

func TestSyntheticRejectsBadOptions(t *testing.T) {
	db := testutil.MustOpenDB(t, sqldb.SQLite)
	for _, opt := range []Options{{UMKM: -1}, {UMKM: 0, Products: 5}} {
		if err := Synthetic(context.Background(), db, opt, nil); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
}

func TestTerminalProgressPlain(t *testing.T) {
	var buf bytes.Buffer
	p := TerminalProgress(&buf)
	p("umkm", 0, 0)
	for done := 0; done <= 1000; done += 50 {
		p("produk", done, 1000)
	}
	p("produk", 1000, 1000)
	out := buf.String()
	if strings.Contains(out, "\r") {
		t.Errorf("redraws on a non-terminal: %q", out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 12 {
		t.Errorf("%d lines, want 1 for umkm and 11 for produk:\n%s", len(lines), out)
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "100,0%") || !strings.Contains(last, "1.000/1.000") {
		t.Errorf("last line %q", last)
	}
}

func TestTerminalProgressRedraw(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2022, 8, 12, 9, 0, 0, 0, time.UTC)
	p := &progressLine{w: &buf, tty: true, now: func() time.Time { return now }}
	p.update("produk", 0, 1000)
	for done := 10; done <= 1000; done += 10 {
		now = now.Add(20 * time.Millisecond)
		p.update("produk", done, 1000)
	}
	out := buf.String()
	if n := strings.Count(out, "\r"); n < 10 || n > 30 {
		t.Errorf("%d redraws in 2 s, want about 20", n)
	}
	if !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("the finished line should end with one newline: %q", out)
	}
	if !strings.Contains(out, "sisa 0:01") || !strings.Contains(out, "500/dtk") {
		t.Errorf("no rate or time left in %q", out)
	}
}

func TestProductPictures(t *testing.T) {
	for m := motifStripes; m <= motifJacket; m++ {
		b, err := productPNG(m, "kuliner", "contoh")
		if err != nil {
			t.Fatal(err)
		}
		vs, err := media.Process(bytes.NewReader(b), 0)
		if err != nil || len(vs) != 2 {
			t.Errorf("motif %d: %d variants, %v", m, len(vs), err)
		}
	}
}

// TestREADMEListsEveryDemoAccount: the README's table of demo accounts is
// the login page's list (DemoLogins), so a newcomer finds each one.
func TestREADMEListsEveryDemoAccount(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range DemoLogins {
		if !strings.Contains(string(readme), "| "+l.Email+" |") {
			t.Errorf("README's demo accounts table lacks %s (%s)", l.Email, l.Note)
		}
	}
}

// TestDemoSearchFindsWhatBuyersType runs the searches of issue 10 on the
// demo: several words across product and seller, a variant, a typo.
func TestDemoSearchFindsWhatBuyersType(t *testing.T) {
	forEachApp(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		if err := Demo(ctx, a); err != nil {
			t.Fatal(err)
		}
		fromPalembang := func(q string, page catalog.SearchPage) {
			t.Helper()
			if len(page.Items) == 0 {
				t.Errorf("%q found nothing", q)
			}
			for _, p := range page.Items[:min(3, len(page.Items))] {
				if !strings.Contains(strings.ToLower(p.Name), "pempek") || p.UMKM.RegencyCode != "16.71" {
					t.Errorf("%q: %s from %s among the first results, want Palembang's pempek", q, p.Name, p.UMKM.RegencyCode)
				}
			}
		}
		for _, q := range []string{"pempek palembang", "empek-empek", "mpek palembang", "pempek sumsel"} {
			page, err := a.Catalog.Search(ctx, catalog.Query{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if page.Corrected {
				t.Errorf("%q corrected to %q", q, page.Suggestion)
			}
			fromPalembang(q, page)
		}
		page, err := a.Catalog.Search(ctx, catalog.Query{Text: "pmpek"})
		if err != nil {
			t.Fatal(err)
		}
		if page.Suggestion != "pempek" || !page.Corrected {
			t.Errorf("pmpek: suggestion %q, corrected %v", page.Suggestion, page.Corrected)
		}
		fromPalembang("pmpek", page)
	})
}
