package api_test

import (
	"sync"
	"testing"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/testutil"
)

func TestMallTurnsNeverOverlapOnAStall(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		w.open(t, jabarRules)
		local := w.apply(t, w.seller2, w.umkmB, "2027-01-04", "2027-03-28", 6, 7)
		guest := w.apply(t, w.sellerA, w.umkmA, "2027-01-04", "2027-03-28", 6, 7)
		turn := func(tok, stall string, app int64, from, to string) (int, []byte, mall.Turn) {
			var out mall.Turn
			res := s.Do("POST", w.path("/turns"), tok, map[string]any{"stall": stall, "application_id": app, "from": from, "to": to}, &out)
			return res.StatusCode, res.Body, out
		}
		st, b, first := turn(w.staffA, "K-01", local.ID, "2027-01-09", "2027-01-10")
		if st != 201 || first.Stall != "K-01" || first.Origin != "manual" || first.UMKMID != w.umkmB {
			t.Fatalf("a turn by hand: %d %s", st, b)
		}
		for _, c := range []struct {
			name, tok, stall string
			app              int64
			from, to         string
			want             int
			field            string
		}{
			{"the same stall a day later, overlapping", w.staffA, "K-01", guest.ID, "2027-01-10", "2027-01-11", 409, "body.stall"},
			{"the same stall, enclosing", w.staffA, "k-01", guest.ID, "2027-01-04", "2027-01-31", 409, "body.stall"},
			{"outside the application's season", w.staffA, "K-02", guest.ID, "2027-04-03", "2027-04-04", 422, "body.from"},
			{"a stall the venue does not have", w.staffA, "Z-99", guest.ID, "2027-01-16", "2027-01-17", 422, "body.stall"},
			{"dates the wrong way round", w.staffA, "K-02", guest.ID, "2027-01-17", "2027-01-16", 422, "body.to"},
			{"staff of another venue", w.staffB, "K-02", guest.ID, "2027-01-16", "2027-01-17", 403, ""},
			{"the applicant itself", w.sellerA, "K-02", guest.ID, "2027-01-16", "2027-01-17", 403, ""},
		} {
			st, b, _ := turn(c.tok, c.stall, c.app, c.from, c.to)
			if st != c.want || (c.field != "" && !hasField(problemFields(t, b), c.field)) {
				t.Errorf("%s: %d %s, want %d %s", c.name, st, b, c.want, c.field)
			}
		}
		if st, b, _ := turn(w.staffA, "K-01", guest.ID, "2027-01-11", "2027-01-17"); st != 201 {
			t.Errorf("the same stall right after: %d %s", st, b)
		}

		// Two operators give one stall at the same time: exactly one wins,
		// the others get a clear 409 (the database decides).
		const n = 6
		var wg sync.WaitGroup
		statuses := make([]int, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				app := local.ID
				if i%2 == 1 {
					app = guest.ID
				}
				statuses[i], _, _ = turn(w.staffA, "K-02", app, "2027-02-06", "2027-02-07")
			}()
		}
		wg.Wait()
		won, refused := 0, 0
		for _, st := range statuses {
			switch st {
			case 201:
				won++
			case 409:
				refused++
			}
		}
		if won != 1 || refused != n-1 {
			t.Errorf("concurrent turns on one stall: %v, want one 201 and %d 409", statuses, n-1)
		}
		if c := w.count(t, `SELECT COUNT(*) FROM turns WHERE status <> 'cancelled'`); c != 3 {
			t.Errorf("%d turns stored, want 3", c)
		}

		// The schedule and today's tenants are public.
		var sched struct{ Items []mall.Turn }
		if res := s.Do("GET", w.path("/turns?from=2027-01-01&to=2027-01-31"), "", nil, &sched); res.StatusCode != 200 || len(sched.Items) != 2 ||
			sched.Items[0].From != "2027-01-09" || sched.Items[1].To != "2027-01-17" {
			t.Errorf("the January schedule: %d %s", res.StatusCode, res.Body)
		}
		var tenants struct{ Items []mall.Tenant }
		if res := s.Do("GET", w.path("/tenants?day=2027-01-10"), "", nil, &tenants); res.StatusCode != 200 || len(tenants.Items) != 1 ||
			tenants.Items[0].Stall != "K-01" || tenants.Items[0].UMKMID != w.umkmB || tenants.Items[0].UMKMName != "Batik Asep" {
			t.Errorf("the tenants of 10 January: %d %s", res.StatusCode, res.Body)
		}
		if res := s.Do("GET", w.path("/tenants?day=10-01-2027"), "", nil, nil); res.StatusCode != 422 {
			t.Errorf("a day written wrongly: %d, want 422", res.StatusCode)
		}

		// A cancelled turn frees its stall; the operator alone cancels.
		if res := s.Do("POST", w.path("/turns/%d/cancel", first.ID), w.sellerA, nil, nil); res.StatusCode != 403 {
			t.Errorf("a seller cancels a turn: %d, want 403", res.StatusCode)
		}
		var cancelled mall.Turn
		if res := s.Do("POST", w.path("/turns/%d/cancel", first.ID), w.staffA, nil, &cancelled); res.StatusCode != 200 || cancelled.Status != mall.TurnCancelled {
			t.Fatalf("cancel: %d %s", res.StatusCode, res.Body)
		}
		if st, b, _ := turn(w.staffA, "K-01", guest.ID, "2027-01-09", "2027-01-10"); st != 201 {
			t.Errorf("the freed stall given again: %d %s", st, b)
		}

		// A stall with turns stays in the list; one without goes.
		if res := s.Do("PUT", w.path("/stalls"), w.staffA, kiosks[1:], nil); res.StatusCode != 409 {
			t.Errorf("removing a stall that has turns: %d %s, want 409", res.StatusCode, res.Body)
		}
		var stalls []mall.Stall
		if res := s.Do("PUT", w.path("/stalls"), w.staffA, kiosks[:2], &stalls); res.StatusCode != 200 || len(stalls) != 2 || stalls[0].Code != "K-01" {
			t.Errorf("removing a stall without turns: %d %s", res.StatusCode, res.Body)
		}
	})
}
