package catalog_test

import (
	"context"
	"testing"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

type world struct {
	ctx    context.Context // acting as an admin
	reg    *umkm.Service
	cat    *catalog.Service
	umkmID int64
	t      *testing.T
}

func newWorld(t *testing.T, db *sqldb.DB) *world {
	ctx := context.Background()
	st, err := media.NewDiskStorage(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	reg := umkm.NewService(db)
	cat := catalog.NewService(db, reg, st)
	admin, err := account.NewService(db).Create(ctx, account.NewUser{Email: "admin@x.id", Password: "rahasia-123", Name: "Admin", Role: platform.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{ctx: platform.WithActor(ctx, admin.Actor()), reg: reg, cat: cat, t: t}
	u, err := reg.Create(w.ctx, umkm.Fields{Name: "Warung Semendo", OwnerName: "Yusuf", NIB: "1603000000001", RegencyCode: "16.03", Category: "kuliner"})
	if err != nil {
		t.Fatal(err)
	}
	w.umkmID = u.ID
	return w
}

func (w *world) product(name, desc string, halal bool) catalog.Product {
	w.t.Helper()
	p, err := w.cat.Create(w.ctx, w.umkmID, catalog.Fields{Name: name, Description: desc, Category: "kuliner", Price: 50000, Stock: 5, WeightGrams: 250, Halal: halal})
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func names(ps []catalog.Product) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestSearchRanksNameMatchesFirstAndPagesAcrossTiers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.product("Kopi Bubuk Semendo 250 g", "Bubuk robusta dari dataran tinggi", true)
		w.product("Gula Aren Cetak", "Pemanis alami, cocok untuk menyeduh kopi", true)
		w.product("Kopi Biji Sangrai", "Biji robusta disangrai", false)
		anon := context.Background()
		page, err := w.cat.Search(anon, catalog.Query{Text: "kopi"})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 0 {
			t.Fatalf("products of an unverified UMKM are visible: %v", names(page.Items))
		}
		if _, err := w.reg.Submit(w.ctx, w.umkmID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.reg.Verify(w.ctx, w.umkmID); err != nil {
			t.Fatal(err)
		}
		var got []string
		cursor := ""
		for range 5 {
			page, err := w.cat.Search(anon, catalog.Query{Text: "kopi", Limit: 1, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, names(page.Items)...)
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		want := []string{"Kopi Biji Sangrai", "Kopi Bubuk Semendo 250 g", "Gula Aren Cetak"}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Fatalf("pages of one: %v, want name matches (newest first) before the description match: %v", got, want)
		}
		notHalal := false
		page, err = w.cat.Search(anon, catalog.Query{Text: "kopi", Halal: &notHalal})
		if err != nil || len(page.Items) != 1 || page.Items[0].Name != "Kopi Biji Sangrai" {
			t.Fatalf("halal=false: %v, %v", names(page.Items), err)
		}
		page, err = w.cat.Search(anon, catalog.Query{Text: "menyeduh", ProvinceCode: "32"})
		if err != nil || len(page.Items) != 0 {
			t.Fatalf("province 32 filter let through %v", names(page.Items))
		}
		page, err = w.cat.Search(anon, catalog.Query{Text: "seduh", RegencyCode: "16.03"})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("stemmed seduh in 16.03: %v, %v", names(page.Items), err)
		}
	})
}

func TestProductsFollowTheirUMKM(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		p := w.product("Pindang Patin", "Ikan patin bumbu pindang", true)
		w.reg.Submit(w.ctx, w.umkmID)
		w.reg.Verify(w.ctx, w.umkmID)
		got, err := w.cat.Get(context.Background(), p.ID)
		if err != nil || !got.Listed {
			t.Fatalf("product of a verified UMKM: listed=%v, %v", got.Listed, err)
		}
		// Moving the UMKM to another regency moves where its products are found.
		u, _ := w.reg.Get(w.ctx, w.umkmID)
		f := u.Fields()
		f.RegencyCode = "16.71"
		if _, err := w.reg.Update(w.ctx, w.umkmID, f); err != nil {
			t.Fatal(err)
		}
		page, err := w.cat.Search(context.Background(), catalog.Query{Text: "pindang", RegencyCode: "16.71"})
		if err != nil || len(page.Items) != 1 || page.Items[0].UMKM.RegencyCode != "16.71" {
			t.Fatalf("after the move: %+v, %v", page.Items, err)
		}
		// Archiving takes it off sale but keeps it for orders.
		if _, err := w.cat.Archive(w.ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		page, _ = w.cat.Search(context.Background(), catalog.Query{Text: "pindang"})
		if len(page.Items) != 0 {
			t.Fatal("an archived product is still found")
		}
		if _, err := w.cat.Get(context.Background(), p.ID); platform.ErrorKind(err) != platform.KindNotFound {
			t.Fatalf("an archived product is public: %v", err)
		}
		if got, err := w.cat.Get(w.ctx, p.ID); err != nil || got.Status != catalog.StatusArchived {
			t.Fatalf("the admin cannot see the archived product: %v", err)
		}
	})
}
