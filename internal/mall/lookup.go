package mall

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/gerai-id/gerai/internal/sqldb"
)

// Stall is one stall of a venue by its code (public: the stall's QR page).
func (s *Service) Stall(ctx context.Context, venueID int64, code string) (Stall, bool, error) {
	return s.stallByCode(ctx, s.db.Reader(), venueID, strings.TrimSpace(code))
}

// CheckInOf is the market-day record of a stall's live turn on day, if the
// tenant checked in or the stall was released (the stall page's status);
// once a stand-in holds the day, the stand-in's.
func (s *Service) CheckInOf(ctx context.Context, venueID int64, stall, day string) (CheckIn, bool, error) {
	c, err := scanCheckIn(s.db.Reader().QueryRow(ctx, `SELECT `+checkinColumns+` FROM checkins c JOIN stalls st ON st.id = c.stall_id
		JOIN turns t ON t.id = c.turn_id
		WHERE c.venue_id = ? AND st.code = ? AND c.day = ? AND `+notStoodIn, venueID, stall, day, day))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// StallQRCodes are the secret codes of the venue's stall QRs by stall code,
// for those who run the venue (the printable QR sheet).
func (s *Service) StallQRCodes(ctx context.Context, venueID int64) (map[string]string, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT code, qr_code FROM stalls WHERE venue_id = ?`, v.ID)
	type pair struct{ code, secret string }
	list, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p pair, err error) {
		err = r.Scan(&p.code, &p.secret)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	codes := make(map[string]string, len(list))
	for _, p := range list {
		codes[p.code] = p.secret
	}
	return codes, nil
}

// AuthorizeRun checks that the actor runs the venue (its staff, its
// province's agency, an admin), for a page that must ask before it reads
// a form.
func (s *Service) AuthorizeRun(ctx context.Context, venueID int64) error {
	_, err := s.runnable(ctx, venueID)
	return err
}
