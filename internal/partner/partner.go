// Package partner runs the partner institutions (mitra binaan, issue 13
// §4): banks, state companies (BUMN), associations, universities and
// regencies whose staff accounts (role partner, members of one partner)
// foster the UMKM that consented to it — staged programmes, training with
// attendance, and PUMK loans whose schedule, days late and class come from
// the pure rules of package pumk. Who may do what is the policy's
// (account.Authorize with the partner's members as Delegates); what a
// list shows is the actor's scope (account.ConsentedTo, PartnerRecords).
// Decision 0032.
package partner

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Service runs partner institutions.
type Service struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewService returns the partners' service on db.
func NewService(db *sqldb.DB) *Service { return &Service{db: db, now: time.Now} }

// SetClock replaces the service's clock (tests, the demo's backdated loans).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// wib is the zone a loan's "today" is taken in: PUMK lenders count days
// late on the Western Indonesian calendar day.
var wib = region.Location("16")

// Today is the WIB date now.
func (s *Service) Today() time.Time {
	y, m, d := s.now().In(wib).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Kinds of partner.
var Kinds = []string{"bank", "bumn", "association", "university", "regency"}

// Partner is one institution.
type Partner struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Kind         string    `json:"kind" enum:"bank,bumn,association,university,regency"`
	ProvinceCode string    `json:"province_code" doc:"The province of its seat"`
	CreatedAt    time.Time `json:"created_at"`
	Members      int       `json:"members"`
	Fostered     int       `json:"fostered" doc:"UMKM whose consent is active"`
}

// PartnerFields is what the admin enters.
type PartnerFields struct {
	Name         string
	Kind         string
	ProvinceCode string // default 16 (Sumatera Selatan)
}

// MaxName bounds a partner's, programme's or training's name, in characters.
const MaxName = 200

func (f *PartnerFields) normalize() error {
	f.Name, f.ProvinceCode = strings.TrimSpace(f.Name), strings.TrimSpace(f.ProvinceCode)
	if f.ProvinceCode == "" {
		f.ProvinceCode = "16"
	}
	var v platform.Validation
	v.Check(f.Name != "" && utf8.RuneCountInString(f.Name) <= MaxName, "name", "Nama mitra wajib diisi (maksimal %d karakter)", MaxName)
	v.Check(validKind(f.Kind), "kind", "Jenis mitra harus bank, bumn, association, university atau regency")
	_, ok := region.ProvinceByCode(f.ProvinceCode)
	v.Check(ok, "province_code", "Provinsi tidak dikenal")
	return v.Err()
}

func validKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// CreatePartner adds an institution (the admin).
func (s *Service) CreatePartner(ctx context.Context, f PartnerFields) (Partner, error) {
	a := platform.ActorFrom(ctx)
	if err := account.Authorize(a, account.ManagePartner, account.Resource{}); err != nil {
		return Partner{}, err
	}
	if err := f.normalize(); err != nil {
		return Partner{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO partners (name, kind, province_code, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			f.Name, f.Kind, f.ProvinceCode, a.UserID, s.now().UTC()).Scan(&id)
		if sqldb.UniqueViolation(err) {
			return platform.Newf(platform.KindConflict, "Mitra dengan nama ini sudah ada").OnField("name")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create", "partner", id, nil, f)
	})
	if err != nil {
		return Partner{}, err
	}
	return s.Partner(ctx, id)
}

const partnerColumns = `p.id, p.name, p.kind, p.province_code, p.created_at,
	(SELECT COUNT(*) FROM partner_members m WHERE m.partner_id = p.id),
	(SELECT COUNT(*) FROM partner_consents c WHERE c.partner_id = p.id AND c.withdrawn_at IS NULL)`

func scanPartner(r sqldb.Scanner) (p Partner, err error) {
	err = r.Scan(&p.ID, &p.Name, &p.Kind, &p.ProvinceCode, &p.CreatedAt, &p.Members, &p.Fostered)
	return p, err
}

// Partner returns one institution; names and kinds of partners are public
// (a seller chooses whom to consent to).
func (s *Service) Partner(ctx context.Context, id int64) (Partner, error) {
	p, err := scanPartner(s.db.Reader().QueryRow(ctx, `SELECT `+partnerColumns+` FROM partners p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, platform.NotFound("Mitra")
	}
	return p, err
}

// AllPartners lists every institution by name, for a seller's consent page.
func (s *Service) AllPartners(ctx context.Context) ([]Partner, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+partnerColumns+` FROM partners p ORDER BY p.name, p.id`)
	return sqldb.Collect(rows, err, scanPartner)
}

// partnersOfStaff relates partners to a scope: a partner is its staff's.
var partnersOfStaff = account.Columns{Partner: account.PartnerRecords("p.id")}

// Partners lists the institutions the actor works for: all of them for an
// admin, its own for a partner's staff; others may not open the list.
func (s *Service) Partners(ctx context.Context) ([]Partner, error) {
	a := platform.ActorFrom(ctx)
	if err := account.OpenDesk(a, account.PartnerDesk); err != nil {
		return nil, err
	}
	where, args := account.ScopeOf(a).Where(partnersOfStaff)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+partnerColumns+` FROM partners p WHERE `+where+` ORDER BY p.name, p.id`, args...)
	return sqldb.Collect(rows, err, scanPartner)
}

// Member is a staff account of a partner.
type Member struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
}

// AddMember makes an account staff of a partner (the admin). The account
// gets the role partner; an admin or agency account is refused (its
// powers would mix with the partner's), as is staff of another partner.
func (s *Service) AddMember(ctx context.Context, partnerID, userID int64) (Member, error) {
	a := platform.ActorFrom(ctx)
	if err := account.Authorize(a, account.ManagePartner, account.Resource{}); err != nil {
		return Member{}, err
	}
	p, err := s.Partner(ctx, partnerID)
	if err != nil {
		return Member{}, err
	}
	var m Member
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var role string
		err := tx.QueryRow(ctx, `SELECT id, name, email, role FROM users WHERE id = ?`, userID).Scan(&m.UserID, &m.Name, &m.Email, &role)
		if errors.Is(err, sql.ErrNoRows) {
			return platform.Invalid("user_id", "Akun tidak ditemukan")
		}
		if err != nil {
			return err
		}
		switch platform.Role(role) {
		case platform.RoleAdmin, platform.RoleAgency:
			return platform.Invalid("user_id", "Akun admin atau dinas tidak dapat menjadi staf mitra")
		}
		var other int64
		err = tx.QueryRow(ctx, `SELECT partner_id FROM partner_members WHERE user_id = ?`, userID).Scan(&other)
		switch {
		case err == nil && other == p.ID:
			return nil // already staff
		case err == nil:
			return platform.Invalid("user_id", "Akun ini sudah menjadi staf mitra lain")
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET role = 'partner', province_code = NULL WHERE id = ?`, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO partner_members (partner_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)`,
			p.ID, userID, a.UserID, s.now().UTC()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "add_member", "partner", p.ID, map[string]string{"role": role}, map[string]int64{"user_id": userID})
	})
	return m, err
}

// Members lists a partner's staff (its staff, the admin).
func (s *Service) Members(ctx context.Context, partnerID int64) ([]Member, error) {
	if _, err := s.viewable(ctx, partnerID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT u.id, u.name, u.email FROM partner_members m JOIN users u ON u.id = m.user_id
		WHERE m.partner_id = ? ORDER BY u.name, u.id`, partnerID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (m Member, err error) {
		err = r.Scan(&m.UserID, &m.Name, &m.Email)
		return m, err
	})
}

// PartnerOfStaff returns the partner whose staff the actor is.
func (s *Service) PartnerOfStaff(ctx context.Context) (Partner, error) {
	a := platform.ActorFrom(ctx)
	var id int64
	err := s.db.Reader().QueryRow(ctx, `SELECT partner_id FROM partner_members WHERE user_id = ?`, a.UserID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Partner{}, platform.NotFound("Mitra")
	}
	if err != nil {
		return Partner{}, err
	}
	return s.Partner(ctx, id)
}

// resource is what the policy needs of a partner: its staff.
func (s *Service) resource(ctx context.Context, q sqldb.Querier, partnerID int64) (account.Resource, error) {
	staff, err := sqldb.Int64s(ctx, q, `SELECT user_id FROM partner_members WHERE partner_id = ?`, partnerID)
	return account.Resource{Delegates: staff}, err
}

// allowed loads a partner and checks the actor may act on it.
func (s *Service) allowed(ctx context.Context, partnerID int64, act account.Action) (Partner, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return Partner{}, platform.Unauthorized()
	}
	p, err := s.Partner(ctx, partnerID)
	if err != nil {
		return p, err
	}
	r, err := s.resource(ctx, s.db.Reader(), partnerID)
	if err != nil {
		return p, err
	}
	if err := account.Authorize(a, act, r); err != nil {
		return p, platform.Errorf(platform.KindForbidden, "Anda bukan staf mitra %s", p.Name)
	}
	return p, nil
}

func (s *Service) viewable(ctx context.Context, partnerID int64) (Partner, error) {
	return s.allowed(ctx, partnerID, account.ViewPartner)
}

// MayFoster reports whether the actor runs the partner's programmes and
// loans (pages show the forms to them only).
func (s *Service) MayFoster(ctx context.Context, partnerID int64) bool {
	_, err := s.allowed(ctx, partnerID, account.FosterUMKM)
	return err == nil
}

// parseDate reads a YYYY-MM-DD day.
func parseDate(field, s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil || d.Year() < 2000 || d.Year() > 2100 {
		return time.Time{}, platform.Invalid(field, "Tanggal harus berformat TTTT-BB-HH")
	}
	return d, nil
}

// CheckManageLoans says whether the actor lends for the partner (nil), or
// why not; uploads ask it before their body is read.
func (s *Service) CheckManageLoans(ctx context.Context, partnerID int64) error {
	_, err := s.allowed(ctx, partnerID, account.ManageLoans)
	return err
}

// CheckFoster says whether the actor runs the partner's programmes and
// training (nil), or why not; forms ask it before their body is read.
func (s *Service) CheckFoster(ctx context.Context, partnerID int64) error {
	_, err := s.allowed(ctx, partnerID, account.FosterUMKM)
	return err
}

// AddMemberByEmail makes the account with this email staff of a partner
// (the admin), as AddMember does.
func (s *Service) AddMemberByEmail(ctx context.Context, partnerID int64, email string) (Member, error) {
	if err := account.Authorize(platform.ActorFrom(ctx), account.ManagePartner, account.Resource{}); err != nil {
		return Member{}, err
	}
	var id int64
	err := s.db.Reader().QueryRow(ctx, `SELECT id FROM users WHERE email = ?`, strings.ToLower(strings.TrimSpace(email))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, platform.Invalid("email", "Belum ada akun dengan email ini; minta staf mitra mendaftar dulu")
	}
	if err != nil {
		return Member{}, err
	}
	return s.AddMember(ctx, partnerID, id) // its field errors name user_id
}
