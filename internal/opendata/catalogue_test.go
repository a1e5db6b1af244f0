package opendata

import (
	"context"
	"testing"
	"time"
)

// salesByProvince is a dataset the way the lead will add the B2C sales:
// rupiah published, orders deciding what is withheld.
func salesByProvince(calls *int) *Dataset {
	return &Dataset{Name: "nilai-penjualan-b2c", Key: "umkm_verified",
		Dimension: &Dimension{Column: "provinsi_pembeli", Values: []string{"16", "32"}, Total: "semua"},
		Source: func(ctx context.Context, now time.Time) ([]Block, error) {
			*calls++
			return []Block{{Year: 2026, Period: "03", Total: "16", Areas: []string{"16.04", "16.71"},
				Counts: [][]int64{{40, 2}, {90, 30}},
				Values: [][]int64{{4_000_000, 150_000}, {9_500_000, 3_000_000}}}}, nil
		}}
}

// TestValuesPublishedCountsDecide: a block of rupiah publishes the rupiah,
// withholds where the orders are fewer than 5 (Lahat's 2 orders to Jawa
// Barat) and with it what would give them away, and totals the rupiah.
func TestValuesPublishedCountsDecide(t *testing.T) {
	calls := 0
	c := New(salesByProvince(&calls))
	d, _ := c.Dataset("nilai-penjualan-b2c")
	rows, err := c.Rows(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]string]*int64{}
	for _, r := range rows {
		got[[2]string{r.KodeWilayah, r.Kelas}] = r.Data
		if r.Periode != "03" || r.Tahun != 2026 {
			t.Errorf("period %d %s", r.Tahun, r.Periode)
		}
	}
	if got[[2]string{"16.04", "32"}] != nil {
		t.Error("Lahat's 2 orders to Jawa Barat: their rupiah are published")
	}
	if v := got[[2]string{"16.71", "semua"}]; v == nil || *v != 12_500_000 {
		t.Errorf("Palembang's sales: %v, want Rp12.500.000 published", v)
	}
	if v := got[[2]string{"16", "semua"}]; v == nil || *v != 4_000_000+150_000+9_500_000+3_000_000 {
		t.Errorf("the grand total: %v", v)
	}
	hidden := 0
	for _, k := range [][2]string{{"16.04", "16"}, {"16.04", "32"}, {"16.04", "semua"}} {
		if got[k] == nil {
			hidden++
		}
	}
	if hidden < 2 {
		t.Errorf("Lahat's row withholds %d entries: its total gives the 2 orders' rupiah away", hidden)
	}
}

// TestRowsKeptForMaxAge: within MaxAge a dataset is computed once.
func TestRowsKeptForMaxAge(t *testing.T) {
	calls := 0
	c := New(salesByProvince(&calls))
	d, _ := c.Dataset("nilai-penjualan-b2c")
	for range 3 {
		if _, err := c.Rows(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 3 {
		t.Errorf("without MaxAge: computed %d times for 3 reads", calls)
	}
	c.MaxAge, calls = time.Hour, 0
	for range 3 {
		if _, err := c.Rows(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Errorf("with MaxAge: computed %d times for 3 reads", calls)
	}
}
