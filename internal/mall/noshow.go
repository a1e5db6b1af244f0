package mall

import (
	"context"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// ReleaseNoShows marks as no-show, for today at each venue, every turn
// whose tenant has not checked in no_show_minutes (the rulebook in force)
// after the venue opened: the stall is released for the day and the day
// counted in the turn's no-show days. A rulebook without no_show_minutes
// (0) releases nothing. The day's row in checkins is the claim: the unique
// (turn, day) lets one process insert it and only that one counts the day,
// so sweeps running at once (several processes) never count twice, and a
// late check-in finds the stall released. A stand-in (given after the
// release) is never released. now is the clock (the app
// passes time.Now).
func (s *Service) ReleaseNoShows(ctx context.Context, now time.Time) (int, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+venueColumns+` FROM venues v ORDER BY v.id`)
	venues, err := sqldb.Collect(rows, err, scanVenue)
	if err != nil {
		return 0, err
	}
	released := 0
	for _, v := range venues {
		n, err := s.releaseNoShows(ctx, v, now)
		released += n
		if err != nil {
			return released, err
		}
	}
	return released, nil
}

func (s *Service) releaseNoShows(ctx context.Context, v Venue, now time.Time) (int, error) {
	day := now.In(v.Location()).Format(time.DateOnly)
	if !v.opensOn(day) {
		return 0, nil
	}
	rb, err := s.currentRulebook(ctx, s.db.Reader(), v.ID)
	if platform.ErrorKind(err) == platform.KindNotFound || (err == nil && rb.NoShowMinutes == 0) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	opens, err := time.ParseInLocation("2006-01-02 15:04", day+" "+v.OpensAt, v.Location())
	if err != nil || now.Before(opens.Add(time.Duration(rb.NoShowMinutes)*time.Minute)) {
		return 0, err
	}
	type late struct{ turn, stall, umkm int64 }
	rows, err := s.db.Reader().Query(ctx, `SELECT t.id, t.stall_id, t.umkm_id FROM turns t
		WHERE t.venue_id = ? AND t.status <> 'cancelled' AND t.stands_in_for IS NULL AND t.from_date <= ? AND ? <= t.to_date
		AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.turn_id = t.id AND c.day = ?) ORDER BY t.id`, v.ID, day, day, day)
	list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (l late, err error) {
		err = r.Scan(&l.turn, &l.stall, &l.umkm)
		return l, err
	})
	if err != nil {
		return 0, err
	}
	released := 0
	for _, l := range list {
		claimed := false
		err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			claimed = false
			res, err := tx.Exec(ctx, `INSERT INTO checkins (venue_id, turn_id, stall_id, umkm_id, day, status, created_at)
				VALUES (?, ?, ?, ?, ?, 'no_show', ?) ON CONFLICT (turn_id, day) DO NOTHING`, v.ID, l.turn, l.stall, l.umkm, day, now.UTC())
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err // checked in, or claimed by another sweep
			}
			if _, err := tx.Exec(ctx, `UPDATE turns SET no_show_days = no_show_days + 1 WHERE id = ?`, l.turn); err != nil {
				return err
			}
			claimed = true
			return nil
		})
		if err != nil {
			return released, err
		}
		if claimed {
			released++
		}
	}
	return released, nil
}
