package api_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/testutil"
)

// marketDay gives the world's venue a turn holding today (at the venue,
// Asia/Jakarta) on K-01 to Batik Asep (seller2), and one on K-02 to the
// Sumsel guest (sellerA) next week only. It returns the stalls' QR codes.
func (w *mallWorld) marketDay(t *testing.T) (today string, k01, k02 mall.Turn, qr map[string]string) {
	t.Helper()
	w.open(t, jabarRules)
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Now().In(jakarta)
	day := func(n int) string { return now.AddDate(0, 0, n).Format(time.DateOnly) }
	today = day(0)
	local := w.apply(t, w.seller2, w.umkmB, today, day(30))
	guest := w.apply(t, w.sellerA, w.umkmA, today, day(30))
	give := func(stall string, app int64, from, to string) mall.Turn {
		var tr mall.Turn
		if res := w.s.Do("POST", w.path("/turns"), w.staffA, map[string]any{"stall": stall, "application_id": app, "from": from, "to": to}, &tr); res.StatusCode != 201 {
			t.Fatalf("turn on %s: %d %s", stall, res.StatusCode, res.Body)
		}
		return tr
	}
	k01, k02 = give("K-01", local.ID, today, day(6)), give("K-02", guest.ID, day(7), day(13))
	qr = map[string]string{}
	rows, err := w.s.App.DB.Reader().Query(context.Background(), `SELECT code, qr_code FROM stalls WHERE venue_id = ?`, w.venue)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, secret string
		if err := rows.Scan(&code, &secret); err != nil {
			t.Fatal(err)
		}
		qr[code] = secret
	}
	return today, k01, k02, qr
}

func TestMallCheckInByTheStallQR(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		today, k01, _, qr := w.marketDay(t)
		checkIn := func(tok, stall, code string) (int, []byte, mall.CheckIn) {
			var out mall.CheckIn
			res := s.Do("POST", w.path("/checkins"), tok, map[string]any{"stall": stall, "code": code}, &out)
			return res.StatusCode, res.Body, out
		}
		for _, c := range []struct {
			name, tok, stall, code string
			want                   int
			field                  string
		}{
			{"anonymous", "", "K-01", qr["K-01"], 401, ""},
			{"the venue's staff", w.staffA, "K-01", qr["K-01"], 403, ""},
			{"the province's agency", w.agency32, "K-01", qr["K-01"], 403, ""},
			{"another tenant, with the right code", w.sellerA, "K-01", qr["K-01"], 403, ""},
			{"the tenant at a stall without a turn today", w.seller2, "K-02", qr["K-02"], 409, ""},
			{"a stall the venue does not have", w.seller2, "Z-99", qr["K-01"], 422, "body.stall"},
			{"another stall's code", w.seller2, "K-01", qr["K-02"], 422, "body.code"},
			{"no code", w.seller2, "K-01", "", 422, "body.code"},
		} {
			st, b, _ := checkIn(c.tok, c.stall, c.code)
			if st != c.want || (c.field != "" && !hasField(problemFields(t, b), c.field)) {
				t.Errorf("%s: %d %s, want %d %s", c.name, st, b, c.want, c.field)
			}
		}
		// The operator's view of the day: who is expected where.
		occupancy := func(tok string) (int, mall.Day) {
			var d mall.Day
			res := s.Do("GET", w.path("/today"), tok, nil, &d)
			return res.StatusCode, d
		}
		for _, c := range []struct {
			name, tok string
			want      int
		}{{"anonymous", "", 401}, {"a tenant", w.seller2, 403}, {"another venue's staff", w.staffB, 403}, {"the agency", w.agency32, 200}} {
			if st, _ := occupancy(c.tok); st != c.want {
				t.Errorf("today's occupancy for %s: %d, want %d", c.name, st, c.want)
			}
		}
		if st, d := occupancy(w.staffA); st != 200 || d.Day != today || !d.Open || len(d.Stalls) != 3 || d.Expected != 1 || d.Free != 2 || d.Present != 0 ||
			d.Stalls[1].Stall != "K-01" || d.Stalls[1].Status != "expected" || d.Stalls[1].UMKMName != "Batik Asep" || d.Stalls[2].Status != "free" {
			t.Errorf("today before check-in: %d %+v", st, d)
		}
		if n := w.count(t, `SELECT COUNT(*) FROM checkins`); n != 0 {
			t.Fatalf("%d check-ins stored by refused requests", n)
		}

		// The tenant scans the QR ten times at once (a shaky connection):
		// one check-in, counted once in the turn's attendance.
		const n = 10
		var wg sync.WaitGroup
		statuses, records := make([]int, n), make([]mall.CheckIn, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i], _, records[i] = checkIn(w.seller2, "k-01", qr["K-01"])
			}()
		}
		wg.Wait()
		created := 0
		for i, st := range statuses {
			if st == 201 {
				created++
			} else if st != 200 {
				t.Errorf("concurrent check-in %d: %d", i, st)
			}
			if records[i].ID != records[0].ID {
				t.Errorf("concurrent check-ins returned records %d and %d", records[0].ID, records[i].ID)
			}
		}
		first := records[0]
		if created != 1 || first.Day != today || first.Stall != "K-01" || first.TurnID != k01.ID || first.UMKMID != w.umkmB ||
			first.Status != mall.Present || first.At.IsZero() || time.Since(first.At) > time.Hour {
			t.Errorf("check-ins: %v created, record %+v (today %s)", statuses, first, today)
		}
		if c := w.count(t, `SELECT COUNT(*) FROM checkins`); c != 1 {
			t.Errorf("%d check-in rows, want 1", c)
		}
		if a := w.count(t, `SELECT attended_days FROM turns WHERE id = `+strconv.FormatInt(k01.ID, 10)); a != 1 {
			t.Errorf("attended days %d, want 1", a)
		}
		st, b, again := checkIn(w.seller2, "K-01", qr["K-01"])
		if st != 200 || again.ID != first.ID || !again.At.Equal(first.At) {
			t.Errorf("a later repeat: %d %s, want 200 with the first record", st, b)
		}
		// A sweep after the limit leaves a tenant who checked in alone.
		jakarta, _ := time.LoadLocation("Asia/Jakarta")
		late, _ := time.ParseInLocation("2006-01-02 15:04", today+" 23:00", jakarta)
		if n, err := s.App.Mall.ReleaseNoShows(context.Background(), late); err != nil || n != 0 {
			t.Errorf("the sweep released %d stalls whose tenant checked in (%v)", n, err)
		}
		if st, d := occupancy(w.staffA); st != 200 || d.Present != 1 || d.Expected != 0 || d.Stalls[1].Status != mall.Present ||
			d.Stalls[1].CheckedInAt == nil || !d.Stalls[1].CheckedInAt.Equal(first.At) {
			t.Errorf("today after check-in: %d %+v", st, d)
		}
	})
}

func TestMallNoShowIsReleasedOnce(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		today, k01, _, qr := w.marketDay(t)
		jakarta, _ := time.LoadLocation("Asia/Jakarta")
		at := func(clock string) time.Time {
			tm, err := time.ParseInLocation("2006-01-02 15:04", today+" "+clock, jakarta)
			if err != nil {
				t.Fatal(err)
			}
			return tm
		}
		ctx := context.Background()
		// The venue opens at 08:00; the rulebook gives 60 minutes.
		if n, err := s.App.Mall.ReleaseNoShows(ctx, at("08:59")); err != nil || n != 0 {
			t.Fatalf("a sweep before the limit released %d (%v)", n, err)
		}
		// Two processes sweep at once: the day is counted once.
		var wg sync.WaitGroup
		released, errs := make([]int, 2), make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				released[i], errs[i] = s.App.Mall.ReleaseNoShows(ctx, at("09:00"))
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || released[0]+released[1] != 1 {
			t.Fatalf("concurrent sweeps released %v (%v)", released, errs)
		}
		if n, err := s.App.Mall.ReleaseNoShows(ctx, at("10:00")); err != nil || n != 0 {
			t.Errorf("a later sweep released %d again (%v)", n, err)
		}
		id := strconv.FormatInt(k01.ID, 10)
		if c := w.count(t, `SELECT COUNT(*) FROM checkins WHERE status = 'no_show' AND turn_id = `+id); c != 1 {
			t.Errorf("%d no-show rows, want 1", c)
		}
		if ns, att := w.count(t, `SELECT no_show_days FROM turns WHERE id = `+id), w.count(t, `SELECT attended_days FROM turns WHERE id = `+id); ns != 1 || att != 0 {
			t.Errorf("no-show days %d, attended %d; want 1 and 0", ns, att)
		}
		// The tenant comes late: the stall was released for the day.
		if res := s.Do("POST", w.path("/checkins"), w.seller2, map[string]any{"stall": "K-01", "code": qr["K-01"]}, nil); res.StatusCode != 409 {
			t.Errorf("a check-in after release: %d %s, want 409", res.StatusCode, res.Body)
		}
		var d mall.Day
		if res := s.Do("GET", w.path("/today"), w.staffA, nil, &d); res.StatusCode != 200 || d.NoShows != 1 || d.Stalls[1].Status != mall.NoShow || d.Stalls[1].CheckedInAt != nil {
			t.Errorf("today after the release: %d %s", res.StatusCode, res.Body)
		}
		if a := w.count(t, `SELECT attended_days FROM turns WHERE id = `+id); a != 0 {
			t.Errorf("the refused late check-in counted attendance: %d", a)
		}
	})
}
