package mall

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The operator's staff: accounts that run one venue. They keep their role
// (usually a plain account of the operator's employee); what they may do at
// the venue comes from this list, which the policy reads as the venue's
// delegates (decision 0023).

// StaffMember is one account of a venue's operator.
type StaffMember struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
}

// mayAppoint checks that the actor may name a venue's staff: the agency of
// its province or an admin.
func (s *Service) mayAppoint(ctx context.Context, venueID int64) (Venue, error) {
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return v, err
	}
	return v, account.Authorize(platform.ActorFrom(ctx), account.SetUpVenue, account.Resource{ProvinceCode: v.ProvinceCode})
}

// AddStaff lets the account with email run the venue.
func (s *Service) AddStaff(ctx context.Context, venueID int64, email string) (StaffMember, error) {
	v, err := s.mayAppoint(ctx, venueID)
	if err != nil {
		return StaffMember{}, err
	}
	var m StaffMember
	err = s.db.Reader().QueryRow(ctx, `SELECT id, name, email FROM users WHERE email = ?`,
		strings.ToLower(strings.TrimSpace(email))).Scan(&m.UserID, &m.Name, &m.Email)
	if errors.Is(err, sql.ErrNoRows) {
		return m, platform.Invalid("email", "Belum ada akun dengan email ini; minta petugas pengelola mendaftar dulu")
	}
	if err != nil {
		return m, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO venue_staff (venue_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			v.ID, m.UserID, platform.ActorFrom(ctx).UserID, s.now().UTC())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // already staff: nothing changed, nothing to log
		}
		return audit.Record(ctx, tx, "add_staff", "venue", v.ID, nil, map[string]int64{"user_id": m.UserID})
	})
	return m, err
}

// RemoveStaff takes the venue away from an account.
func (s *Service) RemoveStaff(ctx context.Context, venueID, userID int64) error {
	v, err := s.mayAppoint(ctx, venueID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM venue_staff WHERE venue_id = ? AND user_id = ?`, v.ID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return platform.NotFound("Petugas")
		}
		return audit.Record(ctx, tx, "remove_staff", "venue", v.ID, map[string]int64{"user_id": userID}, nil)
	})
}

// Staff lists the venue's staff, for those who run it.
func (s *Service) Staff(ctx context.Context, venueID int64) ([]StaffMember, error) {
	if _, err := s.runnable(ctx, venueID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT u.id, u.name, u.email FROM venue_staff vs JOIN users u ON u.id = vs.user_id
		WHERE vs.venue_id = ? ORDER BY u.name, u.id`, venueID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (m StaffMember, err error) {
		err = r.Scan(&m.UserID, &m.Name, &m.Email)
		return m, err
	})
}
