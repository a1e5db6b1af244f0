package mall

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/mall/allocation"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The allocation's storage: the inputs the engine reads are loaded from
// the venue's tables, the engine (package allocation, pure) decides, and
// its turns replace the season's turns that have not started, in one
// transaction that commits only if nothing the engine read has changed.

// AllocatedTurn is one turn of an allocation's result.
type AllocatedTurn struct {
	Stall         string `json:"stall" example:"K-01"`
	UMKMID        int64  `json:"umkm_id"`
	ApplicationID int64  `json:"application_id"`
	From          string `json:"from" example:"2027-01-04"`
	To            string `json:"to" example:"2027-01-10"`
	// Started marks a turn that had already begun (or was given by hand): kept as it was.
	Started bool `json:"started"`
}

// UnassignedApplication is an application that got no turn, with its reason code.
type UnassignedApplication struct {
	ApplicationID int64  `json:"application_id"`
	UMKMID        int64  `json:"umkm_id"`
	Reason        string `json:"reason" enum:"category_full,quota_reached,no_matching_stall,not_available,below_threshold,arrears"`
}

// Fairness is the stated measure: the largest difference in turns between
// two applicants the rules cannot tell apart.
type Fairness struct {
	MaxGap int `json:"max_gap"`
	Groups int `json:"groups" doc:"Comparison groups of two applicants or more"`
}

// Relaxation is a rule the result does not meet, and why.
type Relaxation struct {
	Rule    string   `json:"rule"`
	Subject string   `json:"subject"`
	Want    int      `json:"want"`
	Got     int      `json:"got"`
	Because []string `json:"because"`
}

// AllocationRun is what one run said, as stored (its turns are the venue's turns).
type AllocationRun struct {
	RunID              int64                   `json:"run_id"`
	VenueID            int64                   `json:"venue_id"`
	From               string                  `json:"from"`
	To                 string                  `json:"to"`
	Seed               int64                   `json:"seed"`
	RulebookVersion    int                     `json:"rulebook_version"`
	Unassigned         []UnassignedApplication `json:"unassigned"`
	Fairness           Fairness                `json:"fairness"`
	StallTurns         int                     `json:"stall_turns" doc:"Active stalls × turns of the season"`
	UnfilledStallTurns int                     `json:"unfilled_stall_turns"`
	Relaxed            []Relaxation            `json:"relaxed" doc:"Rules the result does not meet, and why"`
	TurnCount          int                     `json:"turn_count" doc:"Turns in the result, started ones included"`
}

// Allocation is the answer of a run: its turns (started ones included) and what it said.
type Allocation struct {
	Turns []AllocatedTurn `json:"turns"`
	AllocationRun
}

// Allocate runs the engine over the season from–to at a venue and stores
// its turns: the turns of the season that have not started are replaced,
// turns that started (today or earlier at the venue) and turns given by
// hand are kept and counted. The same inputs and seed give the same result.
// A change to the venue's inputs while it runs is a conflict (run again).
func (s *Service) Allocate(ctx context.Context, venueID int64, from, to string, seed int64) (Allocation, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Allocation{}, err
	}
	var val platform.Validation
	season, seasonEnd, _ := period(&val, "from", "to", from, to)
	val.Check(seed >= 0, "seed", "Seed tidak boleh negatif")
	if err := val.Err(); err != nil {
		return Allocation{}, err
	}
	rb, err := s.currentRulebook(ctx, s.db.Reader(), v.ID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		return Allocation{}, conflict("Lokasi ini belum menerbitkan buku aturan")
	}
	if err != nil {
		return Allocation{}, err
	}
	today := s.today(v)
	in, err := s.allocationInput(ctx, v, rb, season, seasonEnd, today)
	if err != nil {
		return Allocation{}, err
	}
	in.Seed = uint64(seed)
	res, err := allocation.Allocate(in)
	if err != nil {
		return Allocation{}, err
	}
	out := Allocation{Turns: []AllocatedTurn{}, AllocationRun: AllocationRun{VenueID: v.ID, From: from, To: to, Seed: seed,
		RulebookVersion: rb.Version, Unassigned: []UnassignedApplication{}, Relaxed: []Relaxation{},
		Fairness: Fairness{MaxGap: res.Fairness.MaxGap, Groups: res.Fairness.Groups}, StallTurns: res.StallTurns, UnfilledStallTurns: res.UnfilledStallTurns}}
	for _, t := range res.Turns {
		out.Turns = append(out.Turns, AllocatedTurn{Stall: t.Stall, UMKMID: t.UMKMID, ApplicationID: t.ApplicationID,
			From: t.From.Format(time.DateOnly), To: t.To.Format(time.DateOnly), Started: t.Started})
	}
	out.TurnCount = len(out.Turns)
	for _, u := range res.Unassigned {
		out.Unassigned = append(out.Unassigned, UnassignedApplication{ApplicationID: u.ApplicationID, UMKMID: u.UMKMID, Reason: string(u.Reason)})
	}
	for _, r := range res.Relaxed {
		out.Relaxed = append(out.Relaxed, Relaxation{Rule: r.Rule, Subject: r.Subject, Want: r.Want, Got: r.Got, Because: r.Because})
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE venues SET revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?`, now, v.ID, v.revision)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict("Data lokasi berubah selama alokasi berjalan; jalankan alokasi lagi")
		}
		stalls, err := s.stalls(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		stallIDs := map[string]int64{}
		for _, st := range stalls {
			stallIDs[st.Code] = st.ID
		}
		if _, err := tx.Exec(ctx, `DELETE FROM turns WHERE venue_id = ? AND `+replaceable(""), v.ID, today, from, to); err != nil {
			return err
		}
		// The run keeps what it said; its turns are in the turns table.
		body, err := json.Marshal(out.AllocationRun)
		if err != nil {
			return err
		}
		var actor any
		if a := platform.ActorFrom(ctx); !a.Anonymous() {
			actor = a.UserID
		}
		if err := tx.QueryRow(ctx, `INSERT INTO allocation_runs (venue_id, season_from, season_to, seed, rulebook_version, max_gap,
			stall_turns, unfilled_stall_turns, result_json, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			v.ID, from, to, seed, rb.Version, out.Fairness.MaxGap, out.StallTurns, out.UnfilledStallTurns, string(body), actor, now).Scan(&out.RunID); err != nil {
			return err
		}
		if err := insertTurns(ctx, tx, v.ID, out.RunID, stallIDs, out.Turns, now); err != nil {
			return err
		}
		if err := recordReasons(ctx, tx, out.RunID, in.Applications, out.Unassigned); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "allocate", "venue", v.ID, nil, map[string]any{"run_id": out.RunID, "from": from, "to": to,
			"seed": seed, "rulebook_version": rb.Version, "turns": len(out.Turns), "unassigned": len(out.Unassigned)})
	})
	if err != nil {
		return Allocation{}, err
	}
	return out, nil
}

// replaceable is the condition on the turns (of table alias t, "" for
// none) that a run over [from, to] may replace, with arguments today, from,
// to: the engine's own that have not started and begin in the season.
func replaceable(t string) string {
	return t + `origin = 'allocation' AND ` + t + `status = 'scheduled' AND ` + t + `from_date > ? AND ` +
		t + `from_date >= ? AND ` + t + `from_date <= ?`
}

// insertTurns writes the run's new turns, a few hundred rows a statement.
func insertTurns(ctx context.Context, tx *sqldb.Tx, venueID, runID int64, stalls map[string]int64, turns []AllocatedTurn, now time.Time) error {
	const batch = 400
	var fresh []AllocatedTurn
	for _, t := range turns {
		if !t.Started {
			fresh = append(fresh, t)
		}
	}
	for i := 0; i < len(fresh); i += batch {
		part := fresh[i:min(i+batch, len(fresh))]
		var q strings.Builder
		q.WriteString(`INSERT INTO turns (venue_id, stall_id, umkm_id, application_id, from_date, to_date, status, origin, run_id, created_at) VALUES `)
		args := make([]any, 0, len(part)*8)
		for j, t := range part {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString(`(?, ?, ?, ?, ?, ?, 'scheduled', 'allocation', ?, ?)`)
			args = append(args, venueID, stalls[t.Stall], t.UMKMID, t.ApplicationID, t.From, t.To, runID, now)
		}
		if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
			// A turn given meanwhile by hand (the revision check missed
			// nothing, but the database has the last word).
			return stallTaken(err, part[0].Stall)
		}
	}
	return nil
}

// recordReasons writes on each application of the run why it got no turn
// (cleared for those that got one), so that the applicant reads it.
func recordReasons(ctx context.Context, tx *sqldb.Tx, runID int64, apps []allocation.Application, unassigned []UnassignedApplication) error {
	reason := map[int64]string{}
	for _, u := range unassigned {
		reason[u.ApplicationID] = u.Reason
	}
	byReason := map[string][]int64{}
	for _, a := range apps {
		byReason[reason[a.ID]] = append(byReason[reason[a.ID]], a.ID)
	}
	for _, r := range sortedKeys(byReason) {
		ids := byReason[r]
		for i := 0; i < len(ids); i += 500 {
			part := ids[i:min(i+500, len(ids))]
			args := []any{nullIfEmpty(r), runID}
			for _, id := range part {
				args = append(args, id)
			}
			if _, err := tx.Exec(ctx, `UPDATE mall_applications SET allocation_reason = ?, allocation_run_id = ? WHERE id IN `+
				sqldb.InList(len(part)), args...); err != nil {
				return err
			}
		}
	}
	return nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Allocations lists a venue's runs, newest first, without their turns
// (those are the venue's turns), for those who run it.
func (s *Service) Allocations(ctx context.Context, venueID int64) ([]AllocationRun, error) {
	if _, err := s.runnable(ctx, venueID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT result_json, id FROM allocation_runs WHERE venue_id = ? ORDER BY id DESC LIMIT 100`, venueID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (a AllocationRun, err error) {
		var body string
		var id int64
		if err = r.Scan(&body, &id); err != nil {
			return a, err
		}
		if err = json.Unmarshal([]byte(body), &a); err != nil {
			return a, fmt.Errorf("allocation run %d: %w", id, err)
		}
		a.RunID = id
		return a, nil
	})
}
