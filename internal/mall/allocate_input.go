package mall

import (
	"context"
	"time"

	"github.com/gerai-id/gerai/internal/mall/allocation"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// engineRulebook is the published rulebook in the engine's terms.
func engineRulebook(rb Rulebook) allocation.Rulebook {
	out := allocation.Rulebook{Version: rb.Version, TurnDays: rb.TurnDays, MaxTurnsPerUMKM: rb.MaxTurnsPerUMKM,
		CategoryCaps: rb.CategoryCaps, MinPerRegency: rb.MinPerRegency, GuestQuota: rb.GuestQuota,
		RubricThreshold: rb.RubricThreshold, Strict: rb.Strict}
	for _, c := range rb.ClassOrder {
		out.ClassOrder = append(out.ClassOrder, allocation.Class(c))
	}
	for _, p := range rb.Priorities {
		out.Priorities = append(out.Priorities, allocation.Priority(p))
	}
	return out
}

// allocationInput reads what the engine needs for a season at a venue:
// its stalls, the applications that take part (submitted or accepted, for
// a season meeting this one) with their rubric scores, history and
// arrears here, and the turns kept as they are (started by today, given by hand, or
// begun before the season).
func (s *Service) allocationInput(ctx context.Context, v Venue, rb Rulebook, from, to time.Time, today string) (allocation.Input, error) {
	q := s.db.Reader()
	fromS, toS := from.Format(time.DateOnly), to.Format(time.DateOnly)
	in := allocation.Input{Rulebook: engineRulebook(rb), Province: v.ProvinceCode, OpenWeekdays: v.OpeningWeekdays,
		Season: allocation.Season{From: from, To: to}}
	stalls, err := s.stalls(ctx, q, v.ID)
	if err != nil {
		return in, err
	}
	for _, st := range stalls {
		in.Stalls = append(in.Stalls, allocation.Stall{Code: st.Code, Kind: allocation.StallKind(st.Kind), Zone: st.Zone, Category: st.Category,
			Has: allocation.Needs{Power: st.Power, Water: st.Water, Cooking: st.Cooking}, Status: allocation.StallStatus(st.Status)})
	}
	rows, err := q.Query(ctx, `SELECT `+applicationColumns+` FROM mall_applications ap WHERE ap.venue_id = ?
		AND ap.status IN ('submitted','accepted') AND ap.season_from <= ? AND ? <= ap.season_to ORDER BY ap.id`, v.ID, toS, fromS)
	apps, err := sqldb.Collect(rows, err, scanApplication)
	if err != nil {
		return in, err
	}
	rows, err = q.Query(ctx, `SELECT st.code, t.umkm_id, t.application_id, CAST(t.from_date AS TEXT), CAST(t.to_date AS TEXT)
		FROM turns t JOIN stalls st ON st.id = t.stall_id
		WHERE t.venue_id = ? AND t.status <> 'cancelled' AND t.stands_in_for IS NULL AND t.from_date <= ? AND ? <= t.to_date AND NOT (`+replaceable("t.")+`)
		ORDER BY t.id`, v.ID, toS, fromS, today, fromS, toS)
	kept, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (t struct {
		stall, from, to string
		umkm, app       int64
	}, err error) {
		err = r.Scan(&t.stall, &t.umkm, &t.app, &t.from, &t.to)
		return t, err
	})
	if err != nil {
		return in, err
	}
	scores, err := rubricScores(ctx, q, v.ID, rb.Rubric)
	if err != nil {
		return in, err
	}
	history, err := s.history(ctx, q, v.ID, fromS)
	if err != nil {
		return in, err
	}
	// A tenant whose fees are past due beyond the rulebook's limit gets no new turn (reason arrears).
	arrears, err := s.arrearsOf(ctx, q, v.ID, rb.FeeRules, today)
	if err != nil {
		return in, err
	}

	// The engine takes one application per UMKM: the one taking part, or,
	// for a UMKM whose kept turns belong to no application taking part, the
	// turns' own application, able to come on no day of the season (its
	// turns count in the quotas; it gets nothing more).
	byUMKM := map[int64]int64{}
	for _, ap := range apps {
		if _, dup := byUMKM[ap.UMKMID]; dup {
			return in, conflict("%s punya lebih dari satu pendaftaran dalam musim ini; alokasikan tiap musimnya sendiri", ap.UMKMName)
		}
		byUMKM[ap.UMKMID] = ap.ID
		a := engineApplication(ap, scores[ap.ID], history[ap.UMKMID])
		_, a.Arrears = arrears[ap.UMKMID]
		in.Applications = append(in.Applications, a)
	}
	for _, t := range kept {
		if _, ok := byUMKM[t.umkm]; !ok {
			holder, err := s.application(ctx, q, v.ID, t.app)
			if err != nil {
				return in, err
			}
			a := engineApplication(holder, 0, history[t.umkm])
			a.From, a.To = from.AddDate(0, 0, -1), from.AddDate(0, 0, -1)
			in.Applications = append(in.Applications, a)
			byUMKM[t.umkm] = holder.ID
		}
		f, _ := parseDate(t.from)
		e, _ := parseDate(t.to)
		in.Started = append(in.Started, allocation.Turn{Stall: t.stall, UMKMID: t.umkm, ApplicationID: byUMKM[t.umkm], From: f, To: e})
	}
	return in, nil
}

func engineApplication(ap Application, score float64, h pastTurns) allocation.Application {
	f, _ := parseDate(ap.From)
	t, _ := parseDate(ap.To)
	return allocation.Application{ID: ap.ID, UMKMID: ap.UMKMID, Class: allocation.Class(ap.Class), Category: ap.Category,
		Regency: ap.RegencyCode, Province: ap.ProvinceCode, Scale: ap.Scale,
		Needs:    allocation.Needs{Power: ap.Needs.Power, Water: ap.Needs.Water, Cooking: ap.Needs.Cooking},
		Weekdays: ap.Weekdays, From: f, To: t, RubricScore: score, PastTurns: h.turns, AttendanceRate: h.attendance()}
}

// pastTurns is a UMKM's record at a venue before a season.
type pastTurns struct{ turns, attended, noShows int }

// attendance is the share of its market days it came; 1 with no record,
// so a newcomer is not ranked below those who came every time.
func (p pastTurns) attendance() float64 {
	if p.attended+p.noShows == 0 {
		return 1
	}
	return float64(p.attended) / float64(p.attended+p.noShows)
}

// history reads each UMKM's turns at the venue that ended before the day.
func (s *Service) history(ctx context.Context, q sqldb.Querier, venueID int64, before string) (map[int64]pastTurns, error) {
	rows, err := q.Query(ctx, `SELECT umkm_id, COUNT(*), COALESCE(SUM(attended_days), 0), COALESCE(SUM(no_show_days), 0) FROM turns
		WHERE venue_id = ? AND status <> 'cancelled' AND to_date < ? GROUP BY umkm_id`, venueID, before)
	out := map[int64]pastTurns{}
	_, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (struct{}, error) {
		var id int64
		var p pastTurns
		err := r.Scan(&id, &p.turns, &p.attended, &p.noShows)
		out[id] = p
		return struct{}{}, err
	})
	return out, err
}
