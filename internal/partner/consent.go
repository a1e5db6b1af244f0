package partner

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// CoversProfileSales is what a consent lets the partner see: the UMKM's
// profile (name, owner, region, scale, contact) and its sales through
// Gerai by month. Loans a partner made stay its records whatever the
// consent (a debt does not vanish when a UMKM withdraws, decision 0032).
const CoversProfileSales = "profile_sales"

// Consent is a UMKM's consent to a partner.
type Consent struct {
	ID          int64      `json:"id"`
	UMKMID      int64      `json:"umkm_id"`
	PartnerID   int64      `json:"partner_id"`
	PartnerName string     `json:"partner_name"`
	Covers      string     `json:"covers" enum:"profile_sales"`
	GivenAt     time.Time  `json:"given_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// Active reports whether the consent still holds.
func (c Consent) Active() bool { return c.WithdrawnAt == nil }

// umkmOwner returns a UMKM's owner and province.
func (s *Service) umkmOwner(ctx context.Context, q sqldb.Querier, umkmID int64) (owner int64, prov string, err error) {
	err = q.QueryRow(ctx, `SELECT owner_id, province_code FROM umkm WHERE id = ?`, umkmID).Scan(&owner, &prov)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", platform.NotFound("UMKM")
	}
	return owner, prov, err
}

// mayConsent checks the actor owns the UMKM (GiveConsent).
func (s *Service) mayConsent(ctx context.Context, umkmID int64) error {
	owner, _, err := s.umkmOwner(ctx, s.db.Reader(), umkmID)
	if err != nil {
		return err
	}
	if err := account.Authorize(platform.ActorFrom(ctx), account.GiveConsent, account.Resource{OwnerID: owner}); err != nil {
		if platform.ErrorKind(err) == platform.KindForbidden {
			return platform.Errorf(platform.KindForbidden, "Persetujuan pembinaan hanya diberikan oleh pemilik UMKM")
		}
		return err
	}
	return nil
}

// GiveConsent records the UMKM's consent to be fostered by the partner
// (the UMKM's owner alone). Consenting again while a consent holds
// returns it unchanged.
func (s *Service) GiveConsent(ctx context.Context, umkmID, partnerID int64) (Consent, error) {
	if err := s.mayConsent(ctx, umkmID); err != nil {
		return Consent{}, err
	}
	if _, err := s.Partner(ctx, partnerID); err != nil {
		return Consent{}, err
	}
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO partner_consents (umkm_id, partner_id, covers, given_by, given_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (umkm_id, partner_id) WHERE withdrawn_at IS NULL DO NOTHING RETURNING id`,
			umkmID, partnerID, CoversProfileSales, platform.ActorFrom(ctx).UserID, s.now().UTC()).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // already given
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "give_consent", "umkm", umkmID, nil, map[string]any{"partner_id": partnerID, "covers": CoversProfileSales})
	})
	if err != nil {
		return Consent{}, err
	}
	return s.activeConsent(ctx, umkmID, partnerID)
}

// WithdrawConsent ends the UMKM's consent to the partner (its owner). The
// partner's staff no longer see the UMKM's profile, sales or stages; its
// loans stay the partner's records.
func (s *Service) WithdrawConsent(ctx context.Context, umkmID, partnerID int64) error {
	if err := s.mayConsent(ctx, umkmID); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE partner_consents SET withdrawn_at = ?, withdrawn_by = ?
			WHERE umkm_id = ? AND partner_id = ? AND withdrawn_at IS NULL`, s.now().UTC(), platform.ActorFrom(ctx).UserID, umkmID, partnerID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return platform.NotFound("Persetujuan")
		}
		return audit.Record(ctx, tx, "withdraw_consent", "umkm", umkmID, map[string]any{"partner_id": partnerID}, nil)
	})
}

const consentColumns = `c.id, c.umkm_id, c.partner_id, p.name, c.covers, c.given_at, c.withdrawn_at`

func scanConsent(r sqldb.Scanner) (c Consent, err error) {
	var w sql.NullTime
	err = r.Scan(&c.ID, &c.UMKMID, &c.PartnerID, &c.PartnerName, &c.Covers, &c.GivenAt, &w)
	if w.Valid {
		t := w.Time
		c.WithdrawnAt = &t
	}
	return c, err
}

func (s *Service) activeConsent(ctx context.Context, umkmID, partnerID int64) (Consent, error) {
	c, err := scanConsent(s.db.Reader().QueryRow(ctx, `SELECT `+consentColumns+` FROM partner_consents c JOIN partners p ON p.id = c.partner_id
		WHERE c.umkm_id = ? AND c.partner_id = ? AND c.withdrawn_at IS NULL`, umkmID, partnerID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, platform.NotFound("Persetujuan")
	}
	return c, err
}

// ConsentsOf lists a UMKM's consents, active and withdrawn, newest first
// (its owner).
func (s *Service) ConsentsOf(ctx context.Context, umkmID int64) ([]Consent, error) {
	if err := s.mayConsent(ctx, umkmID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+consentColumns+` FROM partner_consents c JOIN partners p ON p.id = c.partner_id
		WHERE c.umkm_id = ? ORDER BY c.given_at DESC, c.id DESC`, umkmID)
	return sqldb.Collect(rows, err, scanConsent)
}

// consented reports whether the UMKM's consent to the partner is active.
func consented(ctx context.Context, q sqldb.Querier, umkmID, partnerID int64) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM partner_consents WHERE umkm_id = ? AND partner_id = ? AND withdrawn_at IS NULL`,
		umkmID, partnerID).Scan(&n)
	return n > 0, err
}

// errNoConsent refuses work on a UMKM that did not consent (or withdrew).
func errNoConsent(field string) error {
	return platform.Invalid(field, "UMKM ini belum memberi (atau sudah mencabut) persetujuan pembinaan kepada mitra ini")
}

// Fostered is a UMKM a partner fosters, as its consent lets it see.
type Fostered struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	OwnerName    string    `json:"owner_name"`
	ProvinceCode string    `json:"province_code"`
	RegencyCode  string    `json:"regency_code"`
	Category     string    `json:"category"`
	Scale        string    `json:"scale"`
	ConsentSince time.Time `json:"consent_since"`
	// Stage is the last stage reached in the partner's programmes ("" none).
	Stage string `json:"stage"`
}

// fosteredByStaff: a partner's staff see the UMKM consenting to it.
var fosteredByStaff = account.Columns{Partner: account.ConsentedTo("c.umkm_id")}

// FosteredUMKM lists the UMKM whose consent to the partner is active (its
// staff, the admin), by name.
func (s *Service) FosteredUMKM(ctx context.Context, partnerID int64) ([]Fostered, error) {
	if _, err := s.viewable(ctx, partnerID); err != nil {
		return nil, err
	}
	where, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(fosteredByStaff)
	rows, err := s.db.Reader().Query(ctx, `SELECT u.id, u.name, u.owner_name, u.province_code, u.regency_code, u.category, u.scale, c.given_at,
		COALESCE((SELECT st.name FROM partner_stages_reached r JOIN partner_programme_stages st ON st.id = r.stage_id
			JOIN partner_programmes pp ON pp.id = st.programme_id
			WHERE r.umkm_id = u.id AND pp.partner_id = c.partner_id ORDER BY r.reached_on DESC, st.position DESC LIMIT 1), '')
		FROM partner_consents c JOIN umkm u ON u.id = c.umkm_id
		WHERE c.partner_id = ? AND c.withdrawn_at IS NULL AND `+where+` ORDER BY u.name, u.id`, append([]any{partnerID}, args...)...)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (f Fostered, err error) {
		err = r.Scan(&f.ID, &f.Name, &f.OwnerName, &f.ProvinceCode, &f.RegencyCode, &f.Category, &f.Scale, &f.ConsentSince, &f.Stage)
		return f, err
	})
}

// SharedUMKM is a UMKM fostered by several partners.
type SharedUMKM struct {
	ID           int64    `json:"id"`
	Name         string   `json:"name"`
	ProvinceCode string   `json:"province_code"`
	RegencyCode  string   `json:"regency_code"`
	Partners     []string `json:"partners"`
}

// sharedByProvince: the agency sees the UMKM of its province.
var sharedByProvince = account.Columns{Province: "u.province_code = ?"}

// FosteredBySeveral lists the UMKM with active consents to two partners or
// more, for the agency (its province) and the admin (all).
func (s *Service) FosteredBySeveral(ctx context.Context) ([]SharedUMKM, error) {
	a := platform.ActorFrom(ctx)
	if err := account.OpenDesk(a, account.StaffDesk); err != nil {
		return nil, err
	}
	where, args := account.ScopeOf(a).Where(sharedByProvince)
	type pair struct {
		u    SharedUMKM
		name string
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT u.id, u.name, u.province_code, u.regency_code, p.name
		FROM partner_consents c JOIN umkm u ON u.id = c.umkm_id JOIN partners p ON p.id = c.partner_id
		WHERE c.withdrawn_at IS NULL AND `+where+` AND c.umkm_id IN (SELECT umkm_id FROM partner_consents WHERE withdrawn_at IS NULL
			GROUP BY umkm_id HAVING COUNT(*) >= 2)
		ORDER BY u.name, u.id, p.name`, args...)
	pairs, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (p pair, err error) {
		err = r.Scan(&p.u.ID, &p.u.Name, &p.u.ProvinceCode, &p.u.RegencyCode, &p.name)
		return p, err
	})
	if err != nil {
		return nil, err
	}
	var out []SharedUMKM
	for _, p := range pairs {
		if n := len(out); n > 0 && out[n-1].ID == p.u.ID {
			out[n-1].Partners = append(out[n-1].Partners, p.name)
			continue
		}
		p.u.Partners = []string{p.name}
		out = append(out, p.u)
	}
	return out, nil
}
