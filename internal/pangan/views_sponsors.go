package pangan

import (
	"context"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The reads the sponsors' web pages need beside the API's: which sponsors
// an account reads for (its way to their reports), each sponsor's staff
// for the agency, and a sponsor's whole delivery list for its CSV.

// Sponsorship is a sponsor of a programme whose report the actor reads as
// its staff.
type Sponsorship struct {
	ProgrammeID   int64
	ProgrammeName string
	ProvinceCode  string
	Sponsor       Sponsor
}

// MySponsorships are the sponsors the actor is staff of (pangan_sponsor_staff),
// by programme and sponsor name; none for an anonymous reader.
func (s *Service) MySponsorships(ctx context.Context) ([]Sponsorship, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, nil
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT p.id, p.name, p.province_code, sp.id, sp.name, sp.kind
		FROM pangan_sponsor_staff ss JOIN pangan_sponsors sp ON sp.id = ss.sponsor_id JOIN pangan_programmes p ON p.id = sp.programme_id
		WHERE ss.user_id = ? ORDER BY p.name, sp.name, sp.id`, a.UserID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (x Sponsorship, err error) {
		err = r.Scan(&x.ProgrammeID, &x.ProgrammeName, &x.ProvinceCode, &x.Sponsor.ID, &x.Sponsor.Name, &x.Sponsor.Kind)
		return x, err
	})
}

// SponsorStaffOf lists the accounts given a sponsor's view in the
// programme, by sponsor and name: the programme's agency and an admin.
func (s *Service) SponsorStaffOf(ctx context.Context, programmeID int64) ([]SponsorStaff, error) {
	p, err := s.runnable(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT ss.sponsor_id, u.id, u.name FROM pangan_sponsor_staff ss
		JOIN pangan_sponsors sp ON sp.id = ss.sponsor_id JOIN users u ON u.id = ss.user_id
		WHERE sp.programme_id = ? ORDER BY ss.sponsor_id, u.name, u.id`, p.ID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (st SponsorStaff, err error) {
		err = r.Scan(&st.SponsorID, &st.UserID, &st.Name)
		return st, err
	})
}

// SponsorDeliveries calls fn with each of a sponsor's deliveries, newest
// first, masked as in its report (initials, no stored proof) for whoever
// reads it: SponsorReport's readers.
func (s *Service) SponsorDeliveries(ctx context.Context, programmeID, sponsorID int64, fn func(Delivery) error) error {
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return err
	}
	if platform.ActorFrom(ctx).Anonymous() {
		return platform.Unauthorized()
	}
	if _, err := p.sponsor(sponsorID); err != nil {
		return err
	}
	if err := s.maySeeSponsor(ctx, p, sponsorID); err != nil {
		return err
	}
	const pageSize = 500
	cache := map[int64][]AidItem{}
	before := int64(1) << 62
	for {
		// A page at a time, so no read stays open while the file is written out.
		rows, err := s.db.Reader().Query(ctx, `SELECT `+deliveryColumns+deliveryFrom+`
			WHERE d.programme_id = ? AND d.sponsor_id = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?`, p.ID, sponsorID, before, pageSize)
		page, err := sqldb.Collect(rows, err, scanDelivery)
		if err != nil {
			return err
		}
		for _, d := range page {
			if d.Items, err = s.packageItems(ctx, cache, d.PackageID); err != nil {
				return err
			}
			if err := fn(d.masked()); err != nil {
				return err
			}
		}
		if len(page) < pageSize {
			return nil
		}
		before = page[len(page)-1].ID
	}
}
