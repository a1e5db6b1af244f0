package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// tenants is issue 11's market morning: this many tenants, each with a turn
// today at its own stall, check in at once.
const tenants = 300

// marketMorning is a venue with 300 stalls, each held today by the turn of
// its own UMKM, whose seller has an API token.
type marketMorning struct {
	s       *testutil.Server
	venueID int64
	today   string
	tokens  []string // tokens[i] is the seller of the UMKM at stalls[i]
	stalls  []string
	qr      map[string]string
}

func newMarketMorning(b *testing.B, d sqldb.Dialect) marketMorning {
	b.Helper()
	s := testutil.NewServer(b, d)
	ctx := context.Background()
	agency, _ := mustActor(b, s.App.Accounts, "dinas32@bench.id", platform.RoleAgency, "32")
	v, err := s.App.Mall.CreateVenue(agency, mall.VenueFields{Name: "Pasar Kreatif Jawa Barat", ProvinceCode: "32", RegencyCode: "32.73",
		Address: "Jl. Pahlawan No. 70, Bandung", OperatorName: "PT Jaswita Jabar"})
	if err != nil {
		b.Fatal(err)
	}
	m := marketMorning{s: s, venueID: v.ID, today: time.Now().In(v.Location()).Format(time.DateOnly)}
	in := mallSeason()
	stalls, err := s.App.Mall.SetStalls(agency, v.ID, stallInputs(in.Stalls))
	if err != nil {
		b.Fatal(err)
	}
	// The test server runs no sweep, so no stall is released while they come.
	if _, err := s.App.Mall.PublishRulebook(agency, v.ID, mall.Rules{TurnDays: 7, NoShowMinutes: 60}); err != nil {
		b.Fatal(err)
	}
	if m.qr, err = s.App.Mall.StallQRCodes(agency, v.ID); err != nil {
		b.Fatal(err)
	}

	// 300 sellers sharing one password hash (hashing 300 would measure
	// nothing here), each with a verified UMKM (a tenth from Sumatera
	// Selatan), an accepted application and this week's turn on its stall.
	hash, err := account.HashPassword("rahasia-bench")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	var users, umkms, apps, turns [][]any
	for i := range tenants {
		users = append(users, []any{int64(1000 + i), fmt.Sprintf("penyewa%03d@bench.id", i), hash, fmt.Sprintf("Penyewa %d", i), "seller", now})
		prov, reg := "32", fmt.Sprintf("32.%02d", 1+i%18)
		if i%10 == 9 {
			prov, reg = "16", "16.71"
		}
		id, cat := int64(5000+i), []string{"kuliner", "fesyen", "kriya", "pertanian", "jasa", "lainnya"}[i%6]
		name := fmt.Sprintf("UMKM Lapak %03d", i)
		umkms = append(umkms, umkmRow(id, int64(1000+i), name, fmt.Sprintf("8%012d", id), prov, reg, cat, "mikro", now))
		class := mall.ClassBergilir
		if prov != "32" {
			class = mall.ClassTamu
		}
		apps = append(apps, []any{id, v.ID, id, name, reg, prov, "mikro", m.today, m.today, class, cat, false, false, false, "",
			mall.Accepted, int64(1000 + i), now, now})
		turns = append(turns, []any{v.ID, stalls[i].ID, id, id, m.today, m.today, "scheduled", "manual", now})
		m.stalls = append(m.stalls, stalls[i].Code)
	}
	insertRows(b, s.App.DB, "users", []string{"id", "email", "password_hash", "name", "role", "created_at"}, users)
	insertRows(b, s.App.DB, "umkm", umkmCols, umkms)
	insertRows(b, s.App.DB, "mall_applications", applicationCols, apps)
	insertRows(b, s.App.DB, "turns", []string{"venue_id", "stall_id", "umkm_id", "application_id", "from_date", "to_date", "status", "origin",
		"created_at"}, turns)
	m.tokens = make([]string, tenants)
	for i := range tenants {
		if m.tokens[i], _, err = s.App.Accounts.CreateSession(ctx, int64(1000+i), "api"); err != nil {
			b.Fatal(err)
		}
	}
	return m
}

// checkInResult is one tenant's answer.
type checkInResult struct {
	status  int
	id      int64
	latency time.Duration
	err     error
}

// wave sends every tenant's check-in at once, each on a connection of its
// own (a phone at its stall), and returns the answers and the wall time
// from the release to the last answer.
func (m marketMorning) wave(client *http.Client) ([]checkInResult, time.Duration) {
	out := make([]checkInResult, tenants)
	url := fmt.Sprintf("%s/api/v1/venues/%d/checkins", m.s.URL, m.venueID)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range tenants {
		body, _ := json.Marshal(map[string]string{"stall": m.stalls[i], "code": m.qr[m.stalls[i]]})
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+m.tokens[i])
			<-start
			t0 := time.Now()
			res, err := client.Do(req)
			if err != nil {
				out[i] = checkInResult{err: err}
				return
			}
			b, err := io.ReadAll(res.Body)
			res.Body.Close()
			var c mall.CheckIn
			if err == nil && res.StatusCode < 300 {
				err = json.Unmarshal(b, &c)
			} else if err == nil {
				err = fmt.Errorf("%s", b)
			}
			out[i] = checkInResult{status: res.StatusCode, id: c.ID, latency: time.Since(t0), err: err}
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	return out, time.Since(t0)
}

func percentileMS(rs []checkInResult, q float64) float64 {
	l := make([]time.Duration, len(rs))
	for i, r := range rs {
		l[i] = r.latency
	}
	slices.Sort(l)
	return float64(l[min(len(l)-1, int(q*float64(len(l))))].Microseconds()) / 1000
}

// BenchmarkCheckIn300 is issue 11's market morning over HTTP: 300 tenants
// with a turn today at 300 stalls check in at once (POST
// /api/v1/venues/{id}/checkins with their token and the stall QR's code),
// then every one sends its check-in again. It fails unless the first wave
// gives 300 × 201, the repeats 300 × 200 with the same records, and the
// database holds 300 check-ins and 300 turns attended once each. Each
// iteration clears the day (untimed) and runs both waves; the metrics are
// the last iteration's: wall time of each wave, and latency of the first.
func BenchmarkCheckIn300(b *testing.B) {
	forEachDialect(b, func(b *testing.B, d sqldb.Dialect) {
		m := newMarketMorning(b, d)
		db := m.s.App.DB
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: tenants}, Timeout: time.Minute}
		defer client.CloseIdleConnections()
		var first, again []checkInResult
		var firstWall, againWall time.Duration
		iteration := 0
		for b.Loop() {
			if iteration++; iteration > 1 {
				b.StopTimer()
				clearDay(b, db)
				client.CloseIdleConnections() // fresh connections again
				b.StartTimer()
			}
			first, firstWall = m.wave(client)
			again, againWall = m.wave(client)
			checkWaves(b, db, first, again)
		}
		b.ReportMetric(firstWall.Seconds(), "wall_s")
		b.ReportMetric(percentileMS(first, 0.5), "p50_ms")
		b.ReportMetric(percentileMS(first, 0.99), "p99_ms")
		b.ReportMetric(againWall.Seconds(), "repeat_wall_s")
		b.ReportMetric(percentileMS(again, 0.99), "repeat_p99_ms")
		b.Logf("%s: %d check-ins in %.2f s (p50 %.0f ms, p99 %.0f ms); the %d repeats in %.2f s (p99 %.0f ms): nothing changed",
			d, tenants, firstWall.Seconds(), percentileMS(first, 0.5), percentileMS(first, 0.99), tenants, againWall.Seconds(), percentileMS(again, 0.99))
	})
}

// checkWaves fails unless every tenant was recorded once, by the first
// wave, and the repeats found the same records and changed nothing.
func checkWaves(b *testing.B, db *sqldb.DB, first, again []checkInResult) {
	b.Helper()
	ids := map[int64]bool{}
	for i := range tenants {
		if f := first[i]; f.status != http.StatusCreated || f.err != nil {
			b.Fatalf("tenant %d: check-in %d %v, want 201", i, f.status, f.err)
		}
		if a := again[i]; a.status != http.StatusOK || a.id != first[i].id || a.err != nil {
			b.Fatalf("tenant %d: repeat %d (record %d, first %d) %v, want 200 with the first record", i, a.status, a.id, first[i].id, a.err)
		}
		ids[first[i].id] = true
	}
	rows := mustCount(b, db, `SELECT COUNT(*) FROM checkins WHERE status = 'present'`)
	once := mustCount(b, db, `SELECT COUNT(*) FROM turns WHERE attended_days = 1`)
	days := mustCount(b, db, `SELECT COALESCE(SUM(attended_days), 0) FROM turns`)
	if len(ids) != tenants || rows != tenants || once != tenants || days != tenants {
		b.Fatalf("%d distinct records, %d check-in rows, %d turns attended once, %d attended days; want %d each", len(ids), rows, once, days, tenants)
	}
}

// clearDay undoes the morning, so that the next iteration checks in again.
func clearDay(b *testing.B, db *sqldb.DB) {
	b.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM checkins`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE turns SET attended_days = 0`)
		return err
	}); err != nil {
		b.Fatal(err)
	}
}
