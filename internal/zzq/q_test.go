package zzq

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

var words = []string{"kopi", "songket", "tenunan", "kerajinan", "batik", "kemplang", "pempek", "keripik", "madu",
	"anyaman", "olahan", "rajutan", "sambal", "dodol", "gula", "kain", "tas", "sepatu", "minuman", "makanan"}
var provinces = []string{"11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
	"51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82", "91", "92", "94"}

func TestQ(t *testing.T) {
	ctx := context.Background()
	db, err := sqldb.Open(ctx, "postgres://postgres@127.0.0.1:5432/gerai_bench?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.NewService(db, umkm.NewService(db), nil)
	type r struct {
		w, p string
		d    time.Duration
	}
	var rs []r
	for _, w := range words {
		for _, p := range provinces {
			t0 := time.Now()
			_, err := cat.Search(ctx, catalog.Query{Text: w, ProvinceCode: p, Limit: 20})
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r{w, p, time.Since(t0)})
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d > rs[j].d })
	for _, x := range rs[:15] {
		t.Logf("%s/%s %v", x.w, x.p, x.d)
	}
}
