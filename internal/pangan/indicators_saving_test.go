package pangan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestSavingBinsRoundAsTheSQLDoes: a household's month lands in the bin
// of its value rounded (Rp5.000 below Rp1 juta, Rp50.000 below Rp10 juta,
// "Rp10 juta or more" above), the same in Go (the sync) and in the SQL
// the rebuild and the migration run, at every edge.
func TestSavingBinsRoundAsTheSQLDoes(t *testing.T) {
	cases := map[int64]int64{0: 0, 1: 0, 2499: 0, 2500: 5000, 7499: 5000, 7500: 10000, 100000: 100000, 297600: 300000,
		999999: 1000000, 1002499: 1000000, 1002500: 1000000, 1024999: 1000000, 1025000: 1050000, 9999999: 10000000,
		10024999: 10000000, 10025000: 10000000, 5_000_000_000: 10000000}
	for v, want := range cases {
		if got := pangan.SavingBin(v); got != want {
			t.Errorf("savingBin(%d) = %d, want %d", v, got, want)
		}
	}
	testutil.ForEachDB(t, func(t *testing.T, db *sqldb.DB) {
		expr := pangan.SavingBinSQL("CAST(? AS BIGINT)")
		for v, want := range cases {
			args := make([]any, strings.Count(expr, "?"))
			for i := range args {
				args[i] = v
			}
			var got int64
			if err := db.Reader().QueryRow(context.Background(), `SELECT `+expr, args...).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("SQL bin of %d = %d, want %d", v, got, want)
			}
		}
	})
}
