package api_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gerai-id/gerai/internal/mall"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// mustSellerUMKM registers a seller with a UMKM verified by agency, and
// returns the seller's token and the UMKM's id.
func mustSellerUMKM(t *testing.T, s *testutil.Server, agency, email, name, nib, regency, category string) (string, int64) {
	t.Helper()
	s.MustUser(email, platform.RoleSeller, "")
	tok := s.MustToken(email)
	var u struct{ ID int64 }
	if r := s.Do("POST", "/api/v1/umkm", tok, map[string]any{"name": name, "owner_name": "Pemilik", "nib": nib,
		"regency_code": regency, "category": category, "whatsapp": "081234567890"}, &u); r.StatusCode != 201 {
		t.Fatalf("create UMKM: %d %s", r.StatusCode, r.Body)
	}
	s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/submit", u.ID), tok, nil, nil)
	if r := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/verify", u.ID), agency, nil, nil); r.StatusCode != 200 {
		t.Fatalf("verify: %d %s", r.StatusCode, r.Body)
	}
	return tok, u.ID
}

func (w *mallWorld) allocate(t *testing.T, tok, from, to string, seed int) (int, []byte, mall.Allocation) {
	t.Helper()
	var out mall.Allocation
	res := w.s.Do("POST", w.path("/allocations"), tok, map[string]any{"from": from, "to": to, "seed": seed}, &out)
	return res.StatusCode, res.Body, out
}

// turnsOf lists the venue's live turns in the table as stall/from/umkm.
func (w *mallWorld) storedTurns(t *testing.T, from, to string) []string {
	t.Helper()
	var sched struct{ Items []mall.Turn }
	if res := w.s.Do("GET", w.path("/turns?from=%s&to=%s", from, to), "", nil, &sched); res.StatusCode != 200 {
		t.Fatalf("turns: %d %s", res.StatusCode, res.Body)
	}
	var out []string
	for _, tn := range sched.Items {
		out = append(out, fmt.Sprintf("%s/%s/%d", tn.Stall, tn.From, tn.UMKMID))
	}
	return out
}

func TestMallAllocationBySeason(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		w.open(t, map[string]any{"turn_days": 7, "max_turns_per_umkm": 4, "category_caps": map[string]any{"kuliner": 0.4},
			"min_per_regency": 1, "guest_quota": 0.05, "no_show_minutes": 60})
		kriyaTok, kriya := mustSellerUMKM(t, s, w.agency32, "kelom@x.id", "Kelom Geulis Tasik", "3206000000001", "32.06", "kriya")
		fesyenTok, fesyen := mustSellerUMKM(t, s, w.agency32, "dodot@x.id", "Batik Garutan", "3205000000001", "32.05", "fesyen")
		const from, to = "2027-01-04", "2027-01-31" // four weeks, Monday to Sunday
		local := w.apply(t, w.seller2, w.umkmB, from, "2027-03-28", 6, 7)
		guest := w.apply(t, w.sellerA, w.umkmA, from, "2027-03-28", 6, 7)
		w.apply(t, kriyaTok, kriya, from, "2027-03-28", 6, 7)
		w.apply(t, fesyenTok, fesyen, from, "2027-03-28")

		for _, c := range []struct {
			name, tok string
			want      int
		}{{"staff of another venue", w.staffB, 403}, {"another province's agency", w.agency16, 403}, {"a seller", w.seller2, 403}, {"anonymous", "", 401}} {
			if st, b, _ := w.allocate(t, c.tok, from, to, 42); st != c.want {
				t.Errorf("allocate as %s: %d %s, want %d", c.name, st, b, c.want)
			}
		}
		st, b, res := w.allocate(t, w.staffA, from, to, 42)
		if st != 200 {
			t.Fatalf("allocate: %d %s", st, b)
		}
		if res.Seed != 42 || res.RulebookVersion != 1 || res.StallTurns != 12 || res.Fairness.MaxGap > 1 || res.RunID == 0 {
			t.Errorf("the run: %+v", res.AllocationRun)
		}
		perUMKM := map[int64]int{}
		busy := map[string]bool{}
		for _, tn := range res.Turns {
			perUMKM[tn.UMKMID]++
			key := tn.Stall + "/" + tn.From
			if busy[key] {
				t.Errorf("stall %s given twice from %s", tn.Stall, tn.From)
			}
			busy[key] = true
			if tn.Started {
				t.Errorf("a turn of a future season marked started: %+v", tn)
			}
		}
		if perUMKM[w.umkmA] != 0 || len(res.Unassigned) != 1 || res.Unassigned[0].ApplicationID != guest.ID || res.Unassigned[0].Reason != "quota_reached" {
			t.Errorf("the guest beyond the guest quota: turns %v, unassigned %+v", perUMKM, res.Unassigned)
		}
		if perUMKM[w.umkmB] > 4 || perUMKM[kriya] == 0 || perUMKM[fesyen] == 0 || len(res.Turns)+res.UnfilledStallTurns != 12 {
			t.Errorf("turns per UMKM %v, %d unfilled, want every local one served within the caps", perUMKM, res.UnfilledStallTurns)
		}
		var seen mall.Application
		if r := s.Do("GET", w.path("/applications/%d", guest.ID), w.sellerA, nil, &seen); r.StatusCode != 200 || seen.AllocationReason != "quota_reached" {
			t.Errorf("the guest reads why it got no turn: %d %s", r.StatusCode, r.Body)
		}
		var served mall.Application
		if r := s.Do("GET", w.path("/applications/%d", local.ID), w.seller2, nil, &served); r.StatusCode != 200 || served.AllocationReason != "" {
			t.Errorf("a served applicant has no reason: %d %s", r.StatusCode, r.Body)
		}
		stored := w.storedTurns(t, from, to)
		if len(stored) != len(res.Turns) {
			t.Errorf("%d turns stored, %d answered", len(stored), len(res.Turns))
		}

		// The same inputs and seed give the same turns; the re-run replaces, never adds.
		_, _, again := w.allocate(t, w.staffA, from, to, 42)
		if fmt.Sprint(again.Turns) != fmt.Sprint(res.Turns) || fmt.Sprint(again.Unassigned) != fmt.Sprint(res.Unassigned) {
			t.Errorf("a re-run with the same seed differs:\n%v\n%v", res.Turns, again.Turns)
		}
		if got := w.storedTurns(t, from, to); !slices.Equal(got, stored) {
			t.Errorf("turns after the re-run %v, want %v", got, stored)
		}

		// Bad input and impossible rules change nothing.
		if st, b, _ := w.allocate(t, w.staffA, to, from, 1); st != 422 || !hasField(problemFields(t, b), "body.to") {
			t.Errorf("a season backwards: %d %s", st, b)
		}
		if r := s.Do("POST", fmt.Sprintf("/api/v1/venues/%d/allocations", w.venueB), w.staffB, map[string]any{"from": from, "to": to}, nil); r.StatusCode != 409 {
			t.Errorf("a venue without a rulebook: %d %s, want 409", r.StatusCode, r.Body)
		}
		if r := s.Do("PUT", w.path("/rulebook"), w.staffA, map[string]any{"turn_days": 7, "max_turns_per_umkm": 4, "min_per_regency": 5,
			"strict": []string{"min_per_regency"}}, nil); r.StatusCode != 200 {
			t.Fatalf("a strict rulebook: %d %s", r.StatusCode, r.Body)
		}
		if st, b, _ := w.allocate(t, w.staffA, from, to, 42); st != 409 {
			t.Errorf("a strict rule that cannot hold: %d %s, want 409 naming it", st, b)
		}
		if got := w.storedTurns(t, from, to); !slices.Equal(got, stored) {
			t.Errorf("turns after a refused run %v, want %v", got, stored)
		}
		var runs struct{ Items []mall.AllocationRun }
		if r := s.Do("GET", w.path("/allocations"), w.staffA, nil, &runs); r.StatusCode != 200 || len(runs.Items) != 2 || runs.Items[0].Seed != 42 {
			t.Errorf("allocation runs: %d %s", r.StatusCode, r.Body)
		}
		if r := s.Do("GET", w.path("/allocations"), w.seller2, nil, nil); r.StatusCode != 403 {
			t.Errorf("a seller reads the runs: %d, want 403", r.StatusCode)
		}
	})
}

// A season that has begun: turns that started (today at the venue or
// earlier) and turns given by hand stay where they are when the operator
// runs the allocation again; only later turns move.
func TestMallReallocationKeepsStartedTurns(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newMallWorld(t, s)
		w.open(t, jabarRules)
		kriyaTok, kriya := mustSellerUMKM(t, s, w.agency32, "kelom@x.id", "Kelom Geulis Tasik", "3206000000001", "32.06", "kriya")
		today := time.Now().In(time.FixedZone("WIB", 7*3600))
		day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
		from, to := day(0), day(27)
		local := w.apply(t, w.seller2, w.umkmB, from, day(60))
		w.apply(t, kriyaTok, kriya, from, day(60))
		var manual mall.Turn
		if r := s.Do("POST", w.path("/turns"), w.staffA, map[string]any{"stall": "G-01", "application_id": local.ID, "from": day(10), "to": day(12)}, &manual); r.StatusCode != 201 {
			t.Fatalf("a turn by hand: %d %s", r.StatusCode, r.Body)
		}
		st, b, first := w.allocate(t, w.staffA, from, to, 1)
		if st != 200 {
			t.Fatalf("allocate: %d %s", st, b)
		}
		startedNow := map[string]bool{}
		for _, tn := range first.Turns {
			if tn.From == from {
				startedNow[tn.Stall+"/"+tn.From+"/"+fmt.Sprint(tn.UMKMID)] = true
			}
		}
		if len(startedNow) == 0 {
			t.Fatalf("no turn begins today: %v", first.Turns)
		}
		st, b, second := w.allocate(t, w.staffA, from, to, 987654321)
		if st != 200 {
			t.Fatalf("re-run: %d %s", st, b)
		}
		kept, manualKept := 0, false
		for _, tn := range second.Turns {
			key := tn.Stall + "/" + tn.From + "/" + fmt.Sprint(tn.UMKMID)
			if startedNow[key] {
				kept++
				if !tn.Started {
					t.Errorf("a turn that began today is not marked started: %+v", tn)
				}
			}
			if tn.Stall == "G-01" && tn.From == day(10) && tn.To == day(12) && tn.Started {
				manualKept = true
			}
		}
		if kept != len(startedNow) || !manualKept {
			t.Errorf("re-run kept %d of %d turns begun today, the hand-given one: %v", kept, len(startedNow), manualKept)
		}
		var still mall.Turn
		if r := s.Do("POST", w.path("/turns/%d/cancel", manual.ID), w.staffA, nil, &still); r.StatusCode != 200 {
			t.Errorf("the hand-given turn is still there to cancel: %d %s", r.StatusCode, r.Body)
		}
	})
}
