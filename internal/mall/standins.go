package mall

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// A stall released for the day (its tenant a no-show, see ReleaseNoShows)
// goes to the day's waiting list: the operator gives it to a waiting UMKM
// by a stand-in, a one-day turn that stands in for the released one
// (decision 0027). The stand-in checks in by the stall's QR, sells at the
// stall's cashier and pays the day's fee as any tenant does; the released
// turn keeps its no-show.

// Waiting is a UMKM on a released stall's waiting list for the day.
type Waiting struct {
	ApplicationID int64  `json:"application_id"`
	UMKMID        int64  `json:"umkm_id"`
	UMKMName      string `json:"umkm_name"`
	RegencyCode   string `json:"regency_code"`
	Category      string `json:"category"`
	Class         string `json:"class" enum:"tetap,bergilir,percobaan,tamu"`
	Scale         string `json:"scale"`
	// PastTurns and Attendance are its record at the venue before the day.
	PastTurns  int     `json:"past_turns"`
	Attendance float64 `json:"attendance" doc:"Share of its past market days it came (1 with no record)"`
}

// Released is a stall released today and its waiting list, first in line first.
type Released struct {
	Stall string `json:"stall" example:"K-07"`
	Day   string `json:"day" example:"2027-01-09"`
	// Turn is the released turn (its tenant did not check in in time).
	Turn    Turn      `json:"turn"`
	Waiting []Waiting `json:"waiting"`
}

// WaitingLists is, for those who run the venue, each stall released today
// (and not yet given to a stand-in) with its waiting list: the applicants
// whose season and days cover today, who hold no stall at the venue today,
// whose needs the stall meets (and its category zone, if any), not held
// back by arrears; first those of the released tenant's category (the day
// keeps the mix the allocation chose), then those with fewer past turns at
// the venue, better attendance, mikro before larger, earlier applications.
func (s *Service) WaitingLists(ctx context.Context, venueID int64) ([]Released, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return nil, err
	}
	day := s.today(v)
	rows, err := s.db.Reader().Query(ctx, `SELECT st.code FROM turns t JOIN stalls st ON st.id = t.stall_id
		JOIN checkins c ON c.turn_id = t.id AND c.day = ? AND c.status = 'no_show'
		WHERE t.venue_id = ? AND t.stands_in_for IS NULL AND t.status <> 'cancelled'
		AND NOT EXISTS (SELECT 1 FROM turns si WHERE si.stands_in_for = t.id AND si.from_date = ? AND si.status <> 'cancelled')
		ORDER BY st.code`, day, v.ID, day)
	codes, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (code string, err error) {
		err = r.Scan(&code)
		return code, err
	})
	if err != nil {
		return nil, err
	}
	out := make([]Released, 0, len(codes))
	for _, code := range codes {
		r, err := s.released(ctx, s.db.Reader(), v, code)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// GrantStandIn gives a stall released today to a UMKM of its waiting list
// (applicationID; 0 is the first in line) for the day, by those who run the
// venue. It reads the list again inside the transaction, after the venue's
// row lock (touch), so two grants at once cannot give one UMKM two stalls;
// the database holds one stand-in per stall and day.
func (s *Service) GrantStandIn(ctx context.Context, venueID int64, stall string, applicationID int64) (Turn, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Turn{}, err
	}
	now := s.now().UTC()
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		r, err := s.released(ctx, tx, v, stall)
		if err != nil {
			return err
		}
		if len(r.Waiting) == 0 {
			return conflict("Daftar tunggu lapak %s hari ini kosong", r.Stall)
		}
		pick := r.Waiting[0]
		if applicationID != 0 {
			i := slices.IndexFunc(r.Waiting, func(w Waiting) bool { return w.ApplicationID == applicationID })
			if i < 0 {
				return platform.Invalid("application_id", "Pendaftaran ini tidak ada di daftar tunggu lapak %s hari ini", r.Stall)
			}
			pick = r.Waiting[i]
		}
		err = tx.QueryRow(ctx, `INSERT INTO turns (venue_id, stall_id, umkm_id, application_id, from_date, to_date, status, origin, stands_in_for, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 'scheduled', 'manual', ?, ?) RETURNING id`,
			v.ID, r.Turn.StallID, pick.UMKMID, pick.ApplicationID, r.Day, r.Day, r.Turn.ID, now).Scan(&id)
		if sqldb.UniqueViolation(err) {
			return conflict("Lapak %s sudah diberikan kepada pengganti hari ini", r.Stall)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "grant_stand_in", "venue", v.ID, nil, map[string]any{"turn_id": id, "stall": r.Stall,
			"day": r.Day, "released_turn_id": r.Turn.ID, "application_id": pick.ApplicationID})
	})
	if err != nil {
		return Turn{}, err
	}
	return s.turn(ctx, s.db.Reader(), v.ID, id)
}

// released reads a stall released today at v, without a stand-in yet, and its waiting list.
func (s *Service) released(ctx context.Context, q sqldb.Querier, v Venue, stall string) (Released, error) {
	st, ok, err := s.stallByCode(ctx, q, v.ID, stall)
	if err != nil {
		return Released{}, err
	}
	if !ok {
		return Released{}, platform.NotFound("Lapak")
	}
	r := Released{Stall: st.Code, Day: s.today(v)}
	r.Turn, err = scanTurn(q.QueryRow(ctx, `SELECT `+turnColumns+turnJoins+`
		JOIN checkins c ON c.turn_id = t.id AND c.day = ? AND c.status = 'no_show'
		WHERE t.stall_id = ? AND t.stands_in_for IS NULL AND t.status <> 'cancelled'`, r.Day, st.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, conflict("Lapak %s tidak dilepas hari ini: penyewanya sudah hadir, belum lewat batas waktu, atau tidak ada giliran", st.Code)
	}
	if err != nil {
		return r, err
	}
	var taken int
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM turns WHERE stands_in_for = ? AND from_date = ? AND status <> 'cancelled'`,
		r.Turn.ID, r.Day).Scan(&taken); err != nil {
		return r, err
	}
	if taken > 0 {
		return r, conflict("Lapak %s sudah diberikan kepada pengganti hari ini", st.Code)
	}
	r.Waiting, err = s.waiting(ctx, q, v, st, r.Day)
	if err != nil {
		return r, err
	}
	released, err := s.application(ctx, q, v.ID, r.Turn.ApplicationID)
	if err != nil {
		return r, err
	}
	slices.SortStableFunc(r.Waiting, func(a, b Waiting) int {
		return cmp.Or(
			boolFirst(a.Category == released.Category, b.Category == released.Category),
			cmp.Compare(a.PastTurns, b.PastTurns),
			cmp.Compare(b.Attendance, a.Attendance),
			boolFirst(a.Scale == string(umkm.ScaleMikro), b.Scale == string(umkm.ScaleMikro)),
			cmp.Compare(a.ApplicationID, b.ApplicationID))
	})
	return r, nil
}

// waiting lists the applicants who could take stall st on day, unordered.
func (s *Service) waiting(ctx context.Context, q sqldb.Querier, v Venue, st Stall, day string) ([]Waiting, error) {
	d, _ := parseDate(day)
	weekday := isoWeekday(d)
	rows, err := q.Query(ctx, `SELECT `+applicationColumns+` FROM mall_applications ap
		WHERE ap.venue_id = ? AND ap.status IN ('submitted','accepted') AND ap.season_from <= ? AND ? <= ap.season_to
		AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.venue_id = ap.venue_id AND t.umkm_id = ap.umkm_id
			AND t.status <> 'cancelled' AND t.from_date <= ? AND ? <= t.to_date)
		ORDER BY ap.id`, v.ID, day, day, day, day)
	apps, err := sqldb.Collect(rows, err, scanApplication)
	if err != nil || len(apps) == 0 {
		return nil, err
	}
	held := map[int64]int{}
	if rb, err := s.currentRulebook(ctx, q, v.ID); err == nil {
		if held, err = s.arrearsOf(ctx, q, v.ID, rb.FeeRules, day); err != nil {
			return nil, err
		}
	} else if platform.ErrorKind(err) != platform.KindNotFound {
		return nil, err
	}
	past, err := s.history(ctx, q, v.ID, day)
	if err != nil {
		return nil, err
	}
	var out []Waiting
	seen := map[int64]bool{}
	for _, ap := range apps {
		fits := (!ap.Needs.Power || st.Power) && (!ap.Needs.Water || st.Water) && (!ap.Needs.Cooking || st.Cooking) &&
			(st.Category == "" || st.Category == ap.Category) && (len(ap.Weekdays) == 0 || slices.Contains(ap.Weekdays, weekday))
		if _, inArrears := held[ap.UMKMID]; !fits || inArrears || seen[ap.UMKMID] {
			continue
		}
		seen[ap.UMKMID] = true
		h := past[ap.UMKMID]
		out = append(out, Waiting{ApplicationID: ap.ID, UMKMID: ap.UMKMID, UMKMName: ap.UMKMName, RegencyCode: ap.RegencyCode,
			Category: ap.Category, Class: ap.Class, Scale: ap.Scale, PastTurns: h.turns, Attendance: h.attendance()})
	}
	return out, nil
}

// boolFirst orders true before false.
func boolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
