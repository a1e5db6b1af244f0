package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
	"github.com/gerai-id/gerai/internal/umkm"
)

// verified makes the world's UMKM verified, so that its products are listed.
func (w *world) verified() {
	w.t.Helper()
	if _, err := w.reg.Submit(w.ctx, w.umkmID); err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.reg.Verify(w.ctx, w.umkmID); err != nil {
		w.t.Fatal(err)
	}
}

// seller adds another verified UMKM and makes it the one products are added to.
func (w *world) seller(name, nib, regency string) {
	w.t.Helper()
	u, err := w.reg.Create(w.ctx, umkm.Fields{Name: name, OwnerName: "Pemilik", NIB: nib, RegencyCode: regency, Category: "kuliner"})
	if err != nil {
		w.t.Fatal(err)
	}
	w.umkmID = u.ID
	w.verified()
}

func (w *world) priced(name, desc string, price int64) catalog.Product {
	w.t.Helper()
	p, err := w.cat.Create(w.ctx, w.umkmID, catalog.Fields{Name: name, Description: desc, Category: "kuliner", Price: price, Stock: 5, WeightGrams: 250})
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *world) search(q catalog.Query) catalog.SearchPage {
	w.t.Helper()
	page, err := w.cat.Search(context.Background(), q)
	if err != nil {
		w.t.Fatalf("search %+v: %v", q, err)
	}
	return page
}

func TestSearchFindsProductsBySellerAndPlace(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.seller("Dapur Cek Lina", "1671000000001", "16.71") // Kota Palembang
		w.priced("Pempek Kapal Selam", "Isi telur ayam, dengan cuko", 95_000)
		w.priced("Tekwan Beku", "Kuah udang", 65_000)
		w.seller("Dapur Bandung", "3273000000001", "32.73") // Kota Bandung
		w.priced("Pempek Lenjer", "Ikan tenggiri", 70_000)

		if got := names(w.search(catalog.Query{Text: "pempek palembang"}).Items); !slices.Equal(got, []string{"Pempek Kapal Selam"}) {
			t.Errorf("pempek palembang: %v, want Palembang's pempek only", got)
		}
		if got := names(w.search(catalog.Query{Text: "pempek sumatera selatan"}).Items); !slices.Equal(got, []string{"Pempek Kapal Selam"}) {
			t.Errorf("pempek sumatera selatan (the province): %v", got)
		}
		if got := names(w.search(catalog.Query{Text: "pempek bandung"}).Items); !slices.Equal(got, []string{"Pempek Lenjer"}) {
			t.Errorf("pempek bandung: %v", got)
		}
		if got := names(w.search(catalog.Query{Text: "cek lina"}).Items); !slices.Equal(got, []string{"Tekwan Beku", "Pempek Kapal Selam"}) {
			t.Errorf("the seller's name: %v", got)
		}

		// The seller renamed and moved: its products are found by the new
		// name and place at once, and no longer by the old.
		u, err := w.reg.Get(w.ctx, w.umkmID)
		if err != nil {
			t.Fatal(err)
		}
		f := u.Fields()
		f.Name, f.RegencyCode = "Dapur Tasik", "32.78" // Kota Tasikmalaya
		if u, err := w.reg.Update(w.ctx, w.umkmID, f); err != nil || u.Status != umkm.StatusVerified {
			t.Fatalf("update by the admin: %v, %v", u.Status, err)
		}
		if got := names(w.search(catalog.Query{Text: "pempek tasikmalaya"}).Items); !slices.Equal(got, []string{"Pempek Lenjer"}) {
			t.Errorf("after the move, pempek tasikmalaya: %v", got)
		}
		if got := names(w.search(catalog.Query{Text: "dapur tasik"}).Items); !slices.Equal(got, []string{"Pempek Lenjer"}) {
			t.Errorf("after the rename, its new name: %v", got)
		}
		for _, old := range []string{"pempek bandung", "dapur bandung"} {
			if got := names(w.search(catalog.Query{Text: old}).Items); len(got) != 0 {
				t.Errorf("after the move, %q still finds %v", old, got)
			}
		}
		checkVocabulary(t, db)
	})
}

func TestSearchFindsCommonVariants(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.seller("Dapur Cek Lina", "1671000000001", "16.71")
		w.priced("Pempek Kapal Selam", "", 95_000)
		w.priced("Kripik Pisang Manis", "", 20_000)
		w.priced("Sambel Lingkung", "", 30_000)
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"empek-empek", []string{"Pempek Kapal Selam"}},
			{"empek", []string{"Pempek Kapal Selam"}},
			{"mpek", []string{"Pempek Kapal Selam"}},
			{"mpek-mpek palembang", []string{"Pempek Kapal Selam"}},
			{"keripik pisang", []string{"Kripik Pisang Manis"}}, // the variant in the name, the standard word typed
			{"sambal", []string{"Sambel Lingkung"}},
			{"pempek sumsel", []string{"Pempek Kapal Selam"}}, // the province's short form
		} {
			page := w.search(catalog.Query{Text: c.q})
			if got := names(page.Items); !slices.Equal(got, c.want) || page.Corrected {
				t.Errorf("%q: %v (corrected %v), want %v", c.q, got, page.Corrected, c.want)
			}
		}
	})
}

func TestSearchSuggestsASpellingFromTheIndex(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.seller("Pempek Cek Lina", "1671000000001", "16.71")
		for _, n := range []string{"Kapal Selam", "Lenjer", "Adaan", "Kulit", "Keriting", "Pistel", "Tahu", "Lenggang", "Panggang", "Dos"} {
			w.priced("Pempek "+n, "", 50_000)
		}

		// Nothing holds "pmpek": the suggestion's results are shown.
		page := w.search(catalog.Query{Text: "Pmpek Palembang", Limit: 4})
		if page.Suggestion != "pempek palembang" || !page.Corrected || len(page.Items) != 4 || page.Count != 10 {
			t.Fatalf("pmpek palembang: suggestion %q corrected %v, %d items of %d", page.Suggestion, page.Corrected, len(page.Items), page.Count)
		}
		// Its next page is asked for with the suggestion.
		next := w.search(catalog.Query{Text: page.Suggestion, Limit: 4, Cursor: page.NextCursor})
		if len(next.Items) != 4 || next.PrevCursor == "" {
			t.Errorf("the suggestion's second page: %d items", len(next.Items))
		}
		// Once "pmpek" is in one product, it is shown, with the suggestion beside it.
		w.priced("Pmpek Kecil", "Salah ketik penjualnya", 10_000)
		page = w.search(catalog.Query{Text: "pmpek"})
		if got := names(page.Items); !slices.Equal(got, []string{"Pmpek Kecil"}) || page.Suggestion != "pempek" || page.Corrected {
			t.Errorf("pmpek: %v, suggestion %q corrected %v", got, page.Suggestion, page.Corrected)
		}
		// A word found often enough is never corrected, nor a word nothing is near.
		for _, q := range []string{"pempek", "lenjer", "xyzzyq"} {
			if page := w.search(catalog.Query{Text: q}); page.Suggestion != "" {
				t.Errorf("%q: suggestion %q", q, page.Suggestion)
			}
		}
		// Two edits away, for a long word.
		if page := w.search(catalog.Query{Text: "plembng"}); page.Suggestion != "palembang" {
			t.Errorf("plembng: suggestion %q, want palembang", page.Suggestion)
		}
	})
}

// sortWorld holds products whose orders differ in every sort.
func sortWorld(t *testing.T, db *sqldb.DB) *world {
	w := newWorld(t, db)
	w.verified()
	w.priced("Kopi Bubuk", "", 30_000)
	w.priced("Gula Aren", "Cocok untuk kopi", 15_000)
	w.priced("Kopi Biji", "", 30_000)
	w.priced("Kopi Luwak", "", 250_000)
	w.priced("Teh Tarik", "Tanpa kopi", 20_000)
	w.priced("Kopi Susu", "", 5_000)
	w.priced("Madu Hutan", "", 80_000)
	return w
}

func TestSearchSortsAndPagesBothWays(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := sortWorld(t, db)
		for _, c := range []struct {
			text, sort string
			want       []string
		}{
			{"kopi", "", []string{"Kopi Susu", "Kopi Luwak", "Kopi Biji", "Kopi Bubuk", "Teh Tarik", "Gula Aren"}},
			// Every product is from Muara Enim: "kopi" in the name, then elsewhere.
			{"kopi muara", "", []string{"Kopi Susu", "Kopi Luwak", "Kopi Biji", "Kopi Bubuk", "Teh Tarik", "Gula Aren"}},
			{"kopi biji", "", []string{"Kopi Biji"}},
			{"kopi", catalog.SortNewest, []string{"Kopi Susu", "Teh Tarik", "Kopi Luwak", "Kopi Biji", "Gula Aren", "Kopi Bubuk"}},
			{"kopi", catalog.SortPriceAsc, []string{"Kopi Susu", "Gula Aren", "Teh Tarik", "Kopi Bubuk", "Kopi Biji", "Kopi Luwak"}},
			{"kopi", catalog.SortPriceDesc, []string{"Kopi Luwak", "Kopi Biji", "Kopi Bubuk", "Teh Tarik", "Gula Aren", "Kopi Susu"}},
			{"", catalog.SortRelevance, []string{"Madu Hutan", "Kopi Susu", "Teh Tarik", "Kopi Luwak", "Kopi Biji", "Gula Aren", "Kopi Bubuk"}},
			{"", catalog.SortNewest, []string{"Madu Hutan", "Kopi Susu", "Teh Tarik", "Kopi Luwak", "Kopi Biji", "Gula Aren", "Kopi Bubuk"}},
			{"", catalog.SortPriceAsc, []string{"Kopi Susu", "Gula Aren", "Teh Tarik", "Kopi Bubuk", "Kopi Biji", "Madu Hutan", "Kopi Luwak"}},
			{"", catalog.SortPriceDesc, []string{"Kopi Luwak", "Madu Hutan", "Kopi Biji", "Kopi Bubuk", "Teh Tarik", "Gula Aren", "Kopi Susu"}},
		} {
			for _, window := range []int64{0, 2} {
				catalog.SetSearchWindow(w.cat, window)
				t.Run(fmt.Sprintf("%s/%s/window%d", c.text, c.sort, window), func(t *testing.T) {
					q := catalog.Query{Text: c.text, Sort: c.sort, Limit: 2}
					if got := names(w.search(catalog.Query{Text: c.text, Sort: c.sort}).Items); !slices.Equal(got, c.want) {
						t.Fatalf("one page: %v, want %v", got, c.want)
					}
					// Forward, two at a time, to the end.
					var pages [][]string
					var cursors []string // the cursor each page was asked with
					for cursor := ""; ; {
						q.Cursor = cursor
						page := w.search(q)
						if page.Count != len(c.want) || page.CountMore {
							t.Errorf("page %d: count %d (more %v), want %d", len(pages)+1, page.Count, page.CountMore, len(c.want))
						}
						if (cursor == "") != (page.PrevCursor == "") {
							t.Errorf("page %d: previous-page cursor %q", len(pages)+1, page.PrevCursor)
						}
						pages, cursors = append(pages, names(page.Items)), append(cursors, cursor)
						if cursor = page.NextCursor; cursor == "" {
							break
						}
						if len(pages) > 10 {
							t.Fatal("paging does not end")
						}
					}
					if got := slices.Concat(pages...); !slices.Equal(got, c.want) {
						t.Fatalf("forward pages %v, want %v", pages, c.want)
					}
					// Back from the last page to the first, the same pages again.
					q.Cursor = cursors[len(cursors)-1]
					last := w.search(q)
					for i := len(pages) - 2; i >= 0; i-- {
						q.Cursor = last.PrevCursor
						if q.Cursor == "" {
							t.Fatalf("page %d has no previous page", i+2)
						}
						last = w.search(q)
						if got := names(last.Items); !slices.Equal(got, pages[i]) {
							t.Errorf("back to page %d: %v, want %v", i+1, got, pages[i])
						}
					}
					if last.PrevCursor != "" {
						t.Errorf("back at the first page, there is still a previous page")
					}
				})
			}
		}
	})
}

func TestSearchPagesWithoutGapsWhileProductsAreAdded(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := sortWorld(t, db)
		for _, sort := range catalog.Sorts {
			first := w.search(catalog.Query{Text: "kopi", Sort: sort, Limit: 3})
			w.priced("Kopi Tubruk "+sort, "", 1_000) // newest and cheapest: before the first page in most orders
			second := w.search(catalog.Query{Text: "kopi", Sort: sort, Limit: 3, Cursor: first.NextCursor})
			seen := map[int64]bool{}
			for _, p := range append(first.Items, second.Items...) {
				if seen[p.ID] {
					t.Errorf("%s: %s shown twice", sort, p.Name)
				}
				seen[p.ID] = true
			}
			// Back: the three products just before the second page, as they stand now.
			all := names(w.search(catalog.Query{Text: "kopi", Sort: sort, Limit: 100}).Items)
			i := slices.Index(all, second.Items[0].Name)
			back := w.search(catalog.Query{Text: "kopi", Sort: sort, Limit: 3, Cursor: second.PrevCursor})
			if want := all[max(i-3, 0):max(i, 3)]; !slices.Equal(names(back.Items), want) || (i > 3) != (back.PrevCursor != "") {
				t.Errorf("%s: back from the second page: %v (previous %q), want %v", sort, names(back.Items), back.PrevCursor, want)
			}
		}
	})
}

func TestSearchRefusesABadSortOrCursor(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := sortWorld(t, db)
		_, err := w.cat.Search(context.Background(), catalog.Query{Text: "kopi", Sort: "murah"})
		var e *platform.Error
		if platform.ErrorKind(err) != platform.KindInvalid || !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != "sort" {
			t.Errorf("sort=murah: %v", err)
		}
		page := w.search(catalog.Query{Text: "kopi", Sort: catalog.SortPriceAsc, Limit: 2})
		_, err = w.cat.Search(context.Background(), catalog.Query{Text: "kopi", Sort: catalog.SortNewest, Limit: 2, Cursor: page.NextCursor})
		if platform.ErrorKind(err) != platform.KindInvalid {
			t.Errorf("a price cursor for the newest order: %v", err)
		}
	})
}

func TestSearchCountsAreBounded(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.verified()
		// More than MaxCount products, written as the seed does, then indexed by a rebuild.
		ctx, now := context.Background(), time.Now().UTC()
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			for i := range catalog.MaxCount + 5 {
				if _, err := tx.Exec(ctx, `INSERT INTO products (umkm_id, name, description, category, price, stock, weight_grams,
					halal, status, province_code, regency_code, listed, created_at, updated_at)
					SELECT ?, ?, '', 'kuliner', ?, 1, 100, FALSE, 'active', province_code, regency_code, TRUE, ?, ?
					FROM umkm WHERE id = ?`, w.umkmID, "Kopi Robusta "+strings.Repeat("x", i%7), 1000+i, now, now, w.umkmID); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, `UPDATE search_index SET version = 0 WHERE name = 'products'`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if rebuilt, err := w.cat.RebuildIndex(ctx, nil); err != nil || !rebuilt {
			t.Fatalf("rebuild: %v %v", rebuilt, err)
		}
		for _, q := range []catalog.Query{{Text: "kopi"}, {Text: "kopi", ProvinceCode: "16"}, {Text: "kopi", RegencyCode: "16.03"},
			{Text: "kopi", Sort: catalog.SortPriceAsc}, {}, {ProvinceCode: "16"}, {Text: "kopi", MaxPrice: ptr(int64(1_000_000))}} {
			if page := w.search(q); page.Count != catalog.MaxCount || !page.CountMore {
				t.Errorf("%+v: count %d, more %v: want more than %d", q, page.Count, page.CountMore, catalog.MaxCount)
			}
		}
		page := w.search(catalog.Query{Text: "kopi", MaxPrice: ptr(int64(1009))})
		if page.Count != 10 || page.CountMore {
			t.Errorf("up to Rp1.009: count %d more %v, want 10", page.Count, page.CountMore)
		}
		// A new product counts at once.
		w.priced("Kopi Baru", "", 500)
		page = w.search(catalog.Query{Text: "kopi", MaxPrice: ptr(int64(1009)), Limit: 5})
		if page.Count != 11 {
			t.Errorf("after adding one: count %d, want 11", page.Count)
		}
		checkVocabulary(t, db)
	})
}

func ptr[T any](v T) *T { return &v }

func TestRebuildIndexGivesExistingProductsTheirPlace(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.seller("Pempek Cek Lina", "1671000000001", "16.71")
		p := w.priced("Pempek Kapal Selam", "", 95_000)
		ctx := context.Background()
		// The index as an older version wrote it: no place, no vocabulary.
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			d := search.ProductDoc(p.Name, p.Category, p.Description, "Pempek Cek Lina", search.Facets{ProvinceCode: "16", RegencyCode: "16.71", Category: "kuliner"})
			d.Body = "kuliner pempek cek lina"
			if err := search.IndexProduct(ctx, tx, p.ID, d); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM search_terms`); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `UPDATE search_index SET version = 0 WHERE name = 'products'`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if got := w.search(catalog.Query{Text: "pempek palembang"}).Items; len(got) != 0 {
			t.Fatalf("the old index already finds %v", names(got))
		}
		if rebuilt, err := w.cat.RebuildIndex(ctx, nil); err != nil || !rebuilt {
			t.Fatalf("rebuild: %v %v", rebuilt, err)
		}
		if got := names(w.search(catalog.Query{Text: "pempek palembang"}).Items); !slices.Equal(got, []string{"Pempek Kapal Selam"}) {
			t.Errorf("after the rebuild: %v", got)
		}
		checkVocabulary(t, db)
		if rebuilt, err := w.cat.RebuildIndex(ctx, nil); err != nil || rebuilt {
			t.Errorf("a second rebuild ran: %v %v", rebuilt, err)
		}
	})
}

// checkVocabulary compares the vocabulary table with one counted afresh
// from every product's index entry.
func checkVocabulary(t *testing.T, db *sqldb.DB) {
	t.Helper()
	ctx := context.Background()
	q := `SELECT title || ' ' || body FROM product_fts`
	if db.Dialect == sqldb.Postgres {
		q = `SELECT array_to_string(tsvector_to_array(ts_filter(search_vector, '{a,b}')), ' ') FROM products`
	}
	rows, err := db.Reader().Query(ctx, q)
	docs, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (s string, err error) { err = r.Scan(&s); return s, err })
	if err != nil {
		t.Fatal(err)
	}
	want := search.Vocabulary{}
	for _, d := range docs {
		want.Add(search.Doc{Title: d})
	}
	rows, err = db.Reader().Query(ctx, `SELECT term, docs FROM search_terms`)
	type term struct {
		t string
		n int
	}
	terms, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x term, err error) { err = r.Scan(&x.t, &x.n); return x, err })
	if err != nil {
		t.Fatal(err)
	}
	got := search.Vocabulary{}
	for _, x := range terms {
		got[x.t] = x.n
	}
	for w, n := range want {
		if got[w] != n {
			t.Errorf("vocabulary: %q in %d products, the table says %d", w, n, got[w])
		}
	}
	for w, n := range got {
		if _, ok := want[w]; !ok {
			t.Errorf("vocabulary: %q (%d) is in no product", w, n)
		}
	}
}

// TestAKeptSearchPageFollowsTheSellersChanges: a page of results is kept for
// a few seconds, but what the seller changes through this process shows at
// the next search: a new price, a new product, an archived one gone.
func TestAKeptSearchPageFollowsTheSellersChanges(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.verified()
		kopi := w.priced("Kopi Semendo", "", 40000)
		q := catalog.Query{Text: "kopi", ProvinceCode: "16"}
		if page := w.search(q); len(page.Items) != 1 || page.Items[0].Price != 40000 {
			t.Fatalf("first search: %v", names(page.Items))
		}
		f := catalog.Fields{Name: kopi.Name, Category: kopi.Category, Price: 45000, Stock: kopi.Stock, WeightGrams: kopi.WeightGrams}
		if _, err := w.cat.Update(w.ctx, kopi.ID, f); err != nil {
			t.Fatal(err)
		}
		if page := w.search(q); len(page.Items) != 1 || page.Items[0].Price != 45000 {
			t.Errorf("after the price change the search shows %+v", page.Items)
		}
		w.priced("Kopi Robusta", "", 30000)
		if page := w.search(q); len(page.Items) != 2 {
			t.Errorf("the new product is missing: %v", names(page.Items))
		}
		if _, err := w.cat.Archive(w.ctx, kopi.ID); err != nil {
			t.Fatal(err)
		}
		if page := w.search(q); len(page.Items) != 1 || page.Items[0].Name != "Kopi Robusta" {
			t.Errorf("the archived product still shows: %v", names(page.Items))
		}
	})
}

// TestAnotherProcesssChangeShowsOnceThePageIsNoLongerKept: a change written
// by another process (here: straight to the database) reaches a kept page
// only when it ages out; with pages not kept (benchmarks) it shows at once.
func TestAnotherProcesssChangeShowsOnceThePageIsNoLongerKept(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.verified()
		kopi := w.priced("Kopi Semendo", "", 40000)
		q := catalog.Query{Text: "kopi"}
		w.search(q)
		if err := db.InTx(w.ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(w.ctx, `UPDATE products SET price = 41000 WHERE id = ?`, kopi.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if page := w.search(q); page.Items[0].Price != 40000 {
			t.Errorf("the page was not kept: price %d", page.Items[0].Price)
		}
		w.cat.KeepPages(false)
		if page := w.search(q); page.Items[0].Price != 41000 {
			t.Errorf("with pages not kept the search shows price %d", page.Items[0].Price)
		}
	})
}
