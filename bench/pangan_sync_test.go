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
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// Issue 12's sync: this many field officers, each with this many offline
// visits queued, come back to signal at once. Of each officer's visits,
// staleVisits (on average, 5%) are to households of the next officer's
// village, which it also serves, made from the same version that officer's
// own visit of the household saw: one of each pair must be a conflict.
const (
	syncOfficers       = 100
	visitsPerOfficer   = 50
	householdsPerVilla = 50
	staleShare         = 0.05
)

// officerRound is the programme with 100 villages of 50 households each,
// an officer per village also assigned the next one, and each officer's
// queue of 50 visits.
type officerRound struct {
	s         *testutil.Server
	agency    context.Context
	programme int64
	tokens    []string
	queues    [][]pangan.VisitIn
	stale     int // visits made on a version another officer's visit also saw
	records   int // production records in all the queues
}

func newOfficerRound(b *testing.B, d sqldb.Dialect) officerRound {
	b.Helper()
	s, agency, p := newFoodProgramme(b, d)
	r := officerRound{s: s, agency: agency, programme: p.ID}
	ctx := context.Background()
	var villages []string
	for _, reg := range []string{"16.04", "16.08", "16.07"} {
		villages = append(villages, villagesOf(reg)...)
	}
	villages = villages[:syncOfficers]
	hash, err := account.HashPassword("rahasia-bench")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	var users, households [][]any
	for i := range syncOfficers {
		users = append(users, []any{int64(1000 + i), fmt.Sprintf("penyuluh%03d@bench.id", i), hash, fmt.Sprintf("Penyuluh %d", i), "buyer", now})
		for k := range householdsPerVilla {
			households = append(households, householdRow(householdID(i, k), p.ID, 1000, villages[i], 0, nil, nil, now))
		}
	}
	insertRows(b, s.App.DB, "users", []string{"id", "email", "password_hash", "name", "role", "created_at"}, users)
	insertRows(b, s.App.DB, "pangan_households", householdCols, households)
	r.tokens = make([]string, syncOfficers)
	for i := range syncOfficers {
		if _, err := s.App.Pangan.AssignOfficer(agency, p.ID, int64(1000+i), []string{villages[i], villages[(i+1)%syncOfficers]}); err != nil {
			b.Fatal(err)
		}
		if r.tokens[i], _, err = s.App.Accounts.CreateSession(ctx, int64(1000+i), "api"); err != nil {
			b.Fatal(err)
		}
	}
	// Officer i visits its first 47 or 48 households and 2 or 3 of the
	// next village's (5% of all visits), each seen at version 0; officer
	// i+1 visits those same households among its own, from version 0 too.
	at := time.Now().Add(-48 * time.Hour).UTC()
	for i := range syncOfficers {
		stale := 2 + i%2 // 2.5 on average: 5% of 50
		var q []pangan.VisitIn
		for k := range visitsPerOfficer - stale {
			q = append(q, syncVisit(householdID(i, k), i, k, at))
		}
		for k := range stale {
			q = append(q, syncVisit(householdID((i+1)%syncOfficers, k), i, visitsPerOfficer+k, at.Add(time.Hour)))
		}
		r.stale += stale
		for _, v := range q {
			r.records += len(v.Production)
		}
		r.queues = append(r.queues, q)
	}
	return r
}

func householdID(village, k int) int64 { return int64(10_000 + village*householdsPerVilla + k) }

// syncVisit is one visit an officer's phone queued: a harvest of chilli
// eaten at home, eggs sold every other visit.
func syncVisit(household int64, officer, n int, at time.Time) pangan.VisitIn {
	v := pangan.VisitIn{ID: fmt.Sprintf("%08x-%04x-4000-8000-%012x", officer, n, household), HouseholdID: household,
		VisitedAt: at.Add(time.Duration(n) * time.Minute), Production: []pangan.ProductionIn{{Commodity: "cabai", Quantity: 1.5, Use: pangan.UseHome}}}
	if n%2 == 0 {
		v.Production = append(v.Production, pangan.ProductionIn{Commodity: "telur", Quantity: 60, Use: pangan.UseSold})
	}
	return v
}

// syncAnswer is one phone's answer.
type syncAnswer struct {
	status  int
	result  pangan.VisitSyncResult
	latency time.Duration
	err     error
}

// wave has every officer's phone post its queue at once over HTTP, each on
// its own connection; resolved marks the visits as seen after a conflict.
func (r officerRound) wave(client *http.Client, queues [][]pangan.VisitIn) ([]syncAnswer, time.Duration) {
	out := make([]syncAnswer, len(queues))
	url := fmt.Sprintf("%s/api/v1/food-programmes/%d/visits/sync", r.s.URL, r.programme)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, q := range queues {
		if len(q) == 0 {
			continue
		}
		body, _ := json.Marshal(map[string]any{"visits": q})
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+r.tokens[i])
			<-start
			t0 := time.Now()
			res, err := client.Do(req)
			if err != nil {
				out[i] = syncAnswer{err: err}
				return
			}
			data, err := io.ReadAll(res.Body)
			res.Body.Close()
			a := syncAnswer{status: res.StatusCode, latency: time.Since(t0), err: err}
			if err == nil && res.StatusCode == http.StatusOK {
				a.err = json.Unmarshal(data, &a.result)
			} else if err == nil {
				a.err = fmt.Errorf("%s", data)
			}
			out[i] = a
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	return out, time.Since(t0)
}

// sums adds up a wave's answers, failing on any error or rejection.
func sums(b *testing.B, answers []syncAnswer) (accepted, duplicates, conflicts int, latencies []time.Duration) {
	b.Helper()
	for i, a := range answers {
		if a.status == 0 && a.err == nil {
			continue // no queue
		}
		if a.status != http.StatusOK || a.err != nil || len(a.result.Rejected) > 0 {
			b.Fatalf("officer %d: %d %v, rejected %v", i, a.status, a.err, a.result.Rejected)
		}
		accepted += a.result.Accepted
		duplicates += a.result.Duplicates
		conflicts += len(a.result.Conflicts)
		latencies = append(latencies, a.latency)
	}
	return accepted, duplicates, conflicts, latencies
}

// BenchmarkOfficerSync100x50 is issue 12's field day over HTTP: 100
// officers sync 50 offline visits each at once (POST
// /api/v1/food-programmes/{id}/visits/sync), 5% of them made on a version
// another officer's visit of the same household also saw; then every
// phone sends its whole queue again (a retry after a lost answer); then
// the officers send their conflicted visits again, resolved. It fails
// unless the first wave stores every visit but one of each contested
// pair and reports the other as a conflict, the repeat stores nothing
// (the stored come back as duplicates, the conflicted as conflicts again),
// the resolved ones are stored, every visit is stored once, and the
// roll-up equals the records (RebuildStats writes the same rows). Each
// iteration clears the visits (untimed); the metrics are the last
// iteration's.
func BenchmarkOfficerSync100x50(b *testing.B) {
	forEachDialect(b, func(b *testing.B, d sqldb.Dialect) {
		r := newOfficerRound(b, d)
		db := r.s.App.DB
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: syncOfficers}, Timeout: 5 * time.Minute}
		defer client.CloseIdleConnections()
		total := syncOfficers * visitsPerOfficer
		var firstWall, againWall, resolveWall time.Duration
		var firstLat []time.Duration
		var accepted, conflicts, dupAgain, conflictsAgain, resolved int
		iteration := 0
		for b.Loop() {
			if iteration++; iteration > 1 {
				b.StopTimer()
				clearVisits(b, db, r.programme)
				client.CloseIdleConnections()
				b.StartTimer()
			}
			var answers []syncAnswer
			answers, firstWall = r.wave(client, r.queues)
			accepted, _, conflicts, firstLat = sums(b, answers)
			if accepted != total-r.stale || conflicts != r.stale {
				b.Fatalf("first wave: %d stored, %d conflicts; want %d and %d", accepted, conflicts, total-r.stale, r.stale)
			}
			// The conflicted visits, by officer, to resolve afterwards.
			retry := make([][]pangan.VisitIn, syncOfficers)
			byID := map[string]pangan.VisitIn{}
			for _, q := range r.queues {
				for _, v := range q {
					byID[v.ID] = v
				}
			}
			for i, a := range answers {
				for _, c := range a.result.Conflicts {
					v := byID[c.ID]
					v.Resolved = true
					retry[i] = append(retry[i], v)
				}
			}

			var n int
			answers, againWall = r.wave(client, r.queues)
			n, dupAgain, conflictsAgain, _ = sums(b, answers)
			if n != 0 || dupAgain != total-r.stale || conflictsAgain != r.stale {
				b.Fatalf("repeat: %d stored, %d duplicates, %d conflicts; want 0, %d, %d", n, dupAgain, conflictsAgain, total-r.stale, r.stale)
			}
			answers, resolveWall = r.wave(client, retry)
			resolved, _, n, _ = sums(b, answers)
			if resolved != r.stale || n != 0 {
				b.Fatalf("resolved: %d stored, %d conflicts; want %d and 0", resolved, n, r.stale)
			}
			b.StopTimer()
			checkStoredOnce(b, r, total)
			b.StartTimer()
		}
		b.ReportMetric(firstWall.Seconds(), "wall_s")
		b.ReportMetric(float64(total)/firstWall.Seconds(), "visits/s")
		b.ReportMetric(latencyMS(firstLat, 0.5), "p50_ms")
		b.ReportMetric(latencyMS(firstLat, 0.99), "p99_ms")
		b.ReportMetric(againWall.Seconds(), "repeat_wall_s")
		b.ReportMetric(resolveWall.Seconds(), "resolve_wall_s")
		b.Logf("%s: %d officers × %d visits at once in %.2f s (p50 %.0f ms, p99 %.0f ms): %d stored, %d conflicts detected; "+
			"all sent again in %.2f s: %d duplicates, %d conflicts again, 0 stored; %d resolved in %.2f s; %d visits stored once, roll-up = records",
			d, syncOfficers, visitsPerOfficer, firstWall.Seconds(), latencyMS(firstLat, 0.5), latencyMS(firstLat, 0.99), accepted, conflicts,
			againWall.Seconds(), dupAgain, conflictsAgain, resolved, resolveWall.Seconds(), total)
	})
}

// checkStoredOnce fails unless every visit sent is stored exactly once,
// each household's version counts its visits, and the roll-up is what
// RebuildStats computes from the records.
func checkStoredOnce(b *testing.B, r officerRound, total int) {
	b.Helper()
	db := r.s.App.DB
	if n := mustCount(b, db, `SELECT COUNT(*) FROM pangan_visits WHERE programme_id = ?`, r.programme); n != total {
		b.Fatalf("%d visits stored, want %d", n, total)
	}
	if n := mustCount(b, db, `SELECT COUNT(*) FROM pangan_households h WHERE programme_id = ?
		AND version <> (SELECT COUNT(*) FROM pangan_visits v WHERE v.household_id = h.id)`, r.programme); n != 0 {
		b.Fatalf("%d households whose version is not their number of visits", n)
	}
	records := mustCount(b, db, `SELECT COUNT(*) FROM pangan_production WHERE programme_id = ?`, r.programme)
	if records != r.records {
		b.Fatalf("%d production records, want %d", records, r.records)
	}
	before := foodStats(b, db, r.programme)
	if err := r.s.App.Pangan.RebuildStats(r.agency, r.programme); err != nil {
		b.Fatal(err)
	}
	after := foodStats(b, db, r.programme)
	if len(before) != len(after) {
		b.Fatalf("roll-up: %d rows kept as the visits came, %d from the records", len(before), len(after))
	}
	for i := range before {
		if before[i] != after[i] {
			b.Fatalf("roll-up row %q kept as the visits came, %q from the records", before[i], after[i])
		}
	}
}

// foodStats is the whole roll-up, a line a row.
func foodStats(b *testing.B, db *sqldb.DB, programme int64) []string {
	b.Helper()
	rows, err := db.Reader().Query(context.Background(), `SELECT area_code, parent_code, month, commodity_code, quantity_milli, value,
		value_home, value_sold, value_given, records, households_reached, households_proven FROM pangan_stats
		WHERE programme_id = ? ORDER BY area_code, month, commodity_code`, programme)
	out, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (string, error) {
		var area, parent, month, commodity string
		var n [8]int64
		err := r.Scan(&area, &parent, &month, &commodity, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5], &n[6], &n[7])
		return fmt.Sprint(area, parent, month, commodity, n), err
	})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// clearVisits undoes the round, so that the next iteration syncs again.
func clearVisits(b *testing.B, db *sqldb.DB, programme int64) {
	b.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, q := range []string{`DELETE FROM pangan_production WHERE programme_id = ?`, `DELETE FROM pangan_visits WHERE programme_id = ?`,
			`DELETE FROM pangan_stats WHERE programme_id = ?`,
			`UPDATE pangan_households SET version = 0, reached_at = NULL, last_visit_at = NULL WHERE programme_id = ?`} {
			if _, err := tx.Exec(ctx, q, programme); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
}

func latencyMS(l []time.Duration, q float64) float64 {
	s := slices.Clone(l)
	slices.Sort(s)
	return float64(s[min(len(s)-1, int(q*float64(len(s))))].Microseconds()) / 1000
}
