package umkm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Listener is told, inside the same transaction, that a UMKM changed, so
// that other domains (the catalogue) can follow its status and region
// without reading this package's tables.
type Listener func(ctx context.Context, tx *sqldb.Tx, u UMKM) error

// Service runs the registry.
type Service struct {
	db        *sqldb.DB
	listeners []Listener
	// Media stores logos.
	Media media.Storage
	now   func() time.Time
}

// NewService returns a registry on db.
func NewService(db *sqldb.DB) *Service { return &Service{db: db, now: time.Now} }

// OnChange registers l to run after every change of a UMKM.
func (s *Service) OnChange(l Listener) { s.listeners = append(s.listeners, l) }

const columns = `id, owner_id, name, owner_name, nib, kbli, province_code, regency_code, address, whatsapp, category,
	description, capital, turnover, scale, halal_cert, pirt, bpom, logo_key, status, reject_reason,
	COALESCE(verified_by, 0), verified_at, submitted_at, created_at, updated_at`

func scan(row interface{ Scan(...any) error }) (UMKM, error) {
	var u UMKM
	var verifiedAt, submittedAt sql.NullTime
	err := row.Scan(&u.ID, &u.OwnerID, &u.Name, &u.OwnerName, &u.NIB, &u.KBLI, &u.ProvinceCode, &u.RegencyCode,
		&u.Address, &u.WhatsApp, &u.Category, &u.Description, &u.Capital, &u.Turnover, &u.Scale, &u.HalalCert,
		&u.PIRT, &u.BPOM, &u.LogoKey, &u.Status, &u.RejectReason, &u.VerifiedBy, &verifiedAt, &submittedAt, &u.CreatedAt, &u.UpdatedAt)
	if verifiedAt.Valid {
		t := verifiedAt.Time
		u.VerifiedAt = &t
	}
	if submittedAt.Valid {
		t := submittedAt.Time
		u.SubmittedAt = &t
	}
	return u, err
}

func (s *Service) load(ctx context.Context, q sqldb.Querier, id int64) (UMKM, error) {
	u, err := scan(q.QueryRow(ctx, `SELECT `+columns+` FROM umkm WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return UMKM{}, platform.NotFound("UMKM")
	}
	return u, err
}

func resource(u UMKM) account.Resource {
	return account.Resource{OwnerID: u.OwnerID, ProvinceCode: u.ProvinceCode}
}

// Get returns a UMKM the actor may see: verified ones are public, the rest
// only to their owner and their province's agency. A UMKM the actor may not
// see is reported as not found, so that its existence does not leak.
func (s *Service) Get(ctx context.Context, id int64) (UMKM, error) {
	u, err := s.load(ctx, s.db.Reader(), id)
	if err != nil {
		return UMKM{}, err
	}
	if u.Status != StatusVerified && account.Authorize(platform.ActorFrom(ctx), account.ReadPrivate, resource(u)) != nil {
		return UMKM{}, platform.NotFound("UMKM")
	}
	return u, nil
}

// GetMany returns the UMKM of ids the actor may see (as Get decides), by
// id, reading 500 a query: a dashboard listing hundreds of UMKM read them
// one by one.
func (s *Service) GetMany(ctx context.Context, ids []int64) (map[int64]UMKM, error) {
	actor := platform.ActorFrom(ctx)
	out := make(map[int64]UMKM, len(ids))
	for chunk := ids; len(chunk) > 0; chunk = chunk[min(len(chunk), 500):] {
		part := chunk[:min(len(chunk), 500)]
		rows, err := s.db.Reader().Query(ctx, `SELECT `+columns+` FROM umkm WHERE id IN `+sqldb.InList(len(part)), sqldb.Args(part)...)
		found, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (UMKM, error) { return scan(r) })
		if err != nil {
			return nil, err
		}
		for _, u := range found {
			if u.Status == StatusVerified || account.Authorize(actor, account.ReadPrivate, resource(u)) == nil {
				out[u.ID] = u
			}
		}
	}
	return out, nil
}

// CanUpdate reports whether the actor may change u's profile.
func CanUpdate(ctx context.Context, u UMKM) error {
	return account.Authorize(platform.ActorFrom(ctx), account.Update, resource(u))
}

// CanReadPrivate reports whether the actor may see u's private data
// (capital and turnover, unlisted records): its owner, its province's
// agency, an admin.
func CanReadPrivate(ctx context.Context, u UMKM) error {
	return account.Authorize(platform.ActorFrom(ctx), account.ReadPrivate, resource(u))
}

// CanManage reports whether the actor may change u's catalogue.
func CanManage(ctx context.Context, u UMKM) error {
	return account.Authorize(platform.ActorFrom(ctx), account.ManageCatalog, resource(u))
}

// Create registers a new UMKM in draft, owned by the acting user (a seller
// for itself; an agency officer holds the ones it enters).
func (s *Service) Create(ctx context.Context, f Fields) (UMKM, error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return UMKM{}, platform.Unauthorized()
	}
	prov, scale, err := f.Normalize()
	if err != nil {
		return UMKM{}, err
	}
	if err := account.CanCreateUMKM(actor, prov); err != nil {
		return UMKM{}, err
	}
	var u UMKM
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		u, err = s.insert(ctx, tx, actor.UserID, f, prov, scale)
		return err
	})
	return u, err
}

func (s *Service) insert(ctx context.Context, tx *sqldb.Tx, ownerID int64, f Fields, prov string, scale Scale) (UMKM, error) {
	now := s.now().UTC()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO umkm (owner_id, name, owner_name, nib, kbli, province_code, regency_code, address,
		whatsapp, category, description, capital, turnover, scale, halal_cert, pirt, bpom, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id`,
		ownerID, f.Name, f.OwnerName, f.NIB, f.KBLI, prov, f.RegencyCode, f.Address, f.WhatsApp, f.Category,
		f.Description, f.Capital, f.Turnover, string(scale), f.HalalCert, f.PIRT, f.BPOM, now, now).Scan(&id)
	if sqldb.UniqueViolation(err) {
		return UMKM{}, nibTaken()
	}
	if err != nil {
		return UMKM{}, err
	}
	u, err := s.load(ctx, tx, id)
	if err != nil {
		return UMKM{}, err
	}
	return u, s.changed(ctx, tx, "create", nil, u)
}

func nibTaken() error {
	return &platform.Error{Kind: platform.KindConflict, Message: "NIB sudah terdaftar",
		Fields: []platform.FieldError{{Field: "nib", Message: "NIB ini sudah terdaftar untuk UMKM lain"}}}
}

// doc is what the search index holds of u.
func doc(u UMKM) search.Doc {
	return search.UMKMDoc(u.Name, u.Category, u.Description, u.OwnerName, u.RegencyCode)
}

// changed writes the audit entry, refreshes the search index and tells the listeners.
func (s *Service) changed(ctx context.Context, tx *sqldb.Tx, action string, before *UMKM, after UMKM) error {
	var b any
	if before != nil {
		b = before
	}
	if err := audit.Record(ctx, tx, action, "umkm", after.ID, b, after); err != nil {
		return err
	}
	if err := search.IndexUMKM(ctx, tx, after.ID, doc(after)); err != nil {
		return err
	}
	if err := countRegistry(ctx, tx, before, after); err != nil {
		return err
	}
	for _, l := range s.listeners {
		if err := l(ctx, tx, after); err != nil {
			return err
		}
	}
	return nil
}

// Update replaces the editable profile. When the owner changes what the
// agency verified (name, NIB or region) of a verified UMKM, it goes back to
// the verification queue.
func (s *Service) Update(ctx context.Context, id int64, f Fields) (UMKM, error) {
	prov, scale, err := f.Normalize()
	if err != nil {
		return UMKM{}, err
	}
	var after UMKM
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.authorize(ctx, account.Update, before); err != nil {
			return err
		}
		actor := platform.ActorFrom(ctx)
		if account.Authorize(actor, account.Update, account.Resource{OwnerID: before.OwnerID, ProvinceCode: prov}) != nil {
			// An agency may not move a UMKM out of the province it administers.
			return &platform.Error{Kind: platform.KindForbidden, Message: "Dinas tidak dapat memindahkan UMKM ke provinsi lain",
				Fields: []platform.FieldError{{Field: "regency_code", Message: "Di luar provinsi Anda"}}}
		}
		status := before.Status
		// A change of what was verified, by someone who may not verify it
		// (its owner), goes back to the agency.
		if before.Status == StatusVerified && account.Authorize(actor, account.Verify, resource(before)) != nil &&
			(f.Name != before.Name || f.NIB != before.NIB || f.RegencyCode != before.RegencyCode) {
			status = StatusSubmitted
		}
		_, err = tx.Exec(ctx, `UPDATE umkm SET name = ?, owner_name = ?, nib = ?, kbli = ?, province_code = ?, regency_code = ?,
			address = ?, whatsapp = ?, category = ?, description = ?, capital = ?, turnover = ?, scale = ?, halal_cert = ?,
			pirt = ?, bpom = ?, status = ?, updated_at = ?,
			submitted_at = CASE WHEN ? <> status AND ? = 'submitted' THEN ? ELSE submitted_at END WHERE id = ?`,
			f.Name, f.OwnerName, f.NIB, f.KBLI, prov, f.RegencyCode, f.Address, f.WhatsApp, f.Category, f.Description,
			f.Capital, f.Turnover, string(scale), f.HalalCert, f.PIRT, f.BPOM, string(status), s.now().UTC(),
			string(status), string(status), s.now().UTC(), id)
		if sqldb.UniqueViolation(err) {
			return nibTaken()
		}
		if err != nil {
			return err
		}
		if after, err = s.load(ctx, tx, id); err != nil {
			return err
		}
		return s.changed(ctx, tx, "update", &before, after)
	})
	return after, err
}

// authorize checks act on u; an actor who may not even see a private UMKM gets not-found.
func (s *Service) authorize(ctx context.Context, act account.Action, u UMKM) error {
	actor := platform.ActorFrom(ctx)
	if err := account.Authorize(actor, act, resource(u)); err != nil {
		if u.Status != StatusVerified && account.Authorize(actor, account.ReadPrivate, resource(u)) != nil {
			if actor.Anonymous() {
				return platform.Unauthorized()
			}
			return platform.NotFound("UMKM")
		}
		return err
	}
	return nil
}

// transition moves a UMKM from one of the from statuses to to, checked by act.
func (s *Service) transition(ctx context.Context, id int64, act account.Action, action string, from []Status, to Status, reason string) (UMKM, error) {
	var after UMKM
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.authorize(ctx, act, before); err != nil {
			return err
		}
		allowed := false
		for _, f := range from {
			allowed = allowed || before.Status == f
		}
		if !allowed {
			return platform.Errorf(platform.KindConflict, "UMKM berstatus %s tidak dapat di-%s", before.Status, action)
		}
		now := s.now().UTC()
		var verifiedBy, verifiedAt any
		if to == StatusVerified || to == StatusRejected {
			verifiedBy, verifiedAt = platform.ActorFrom(ctx).UserID, now
		}
		if _, err := tx.Exec(ctx, `UPDATE umkm SET status = ?, reject_reason = ?, verified_by = ?, verified_at = ?, updated_at = ?,
			submitted_at = CASE WHEN ? = 'submitted' THEN ? ELSE submitted_at END WHERE id = ?`,
			string(to), reason, verifiedBy, verifiedAt, now, string(to), now, id); err != nil {
			return err
		}
		if after, err = s.load(ctx, tx, id); err != nil {
			return err
		}
		return s.changed(ctx, tx, action, &before, after)
	})
	return after, err
}

// Submit sends a draft or rejected UMKM to its province's agency.
func (s *Service) Submit(ctx context.Context, id int64) (UMKM, error) {
	return s.transition(ctx, id, account.Submit, "submit", []Status{StatusDraft, StatusRejected}, StatusSubmitted, "")
}

// Verify marks a submitted UMKM verified: it and its active products become visible to buyers.
func (s *Service) Verify(ctx context.Context, id int64) (UMKM, error) {
	return s.transition(ctx, id, account.Verify, "verify", []Status{StatusSubmitted}, StatusVerified, "")
}

// Reject returns a submitted UMKM to its owner with a reason.
func (s *Service) Reject(ctx context.Context, id int64, reason string) (UMKM, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 1000 {
		return UMKM{}, &platform.Error{Kind: platform.KindInvalid, Message: "Alasan penolakan wajib diisi",
			Fields: []platform.FieldError{{Field: "reason", Message: "Tuliskan alasan penolakan (maksimal 1000 karakter)"}}}
	}
	return s.transition(ctx, id, account.Verify, "reject", []Status{StatusSubmitted}, StatusRejected, reason)
}

// SaveLogo resizes an uploaded image and makes it the UMKM's logo.
func (s *Service) SaveLogo(ctx context.Context, id int64, r io.Reader) (UMKM, error) {
	u, err := s.Get(ctx, id)
	if err != nil {
		return UMKM{}, err
	}
	if err := s.authorize(ctx, account.Update, u); err != nil {
		return UMKM{}, err
	}
	if s.Media == nil {
		return UMKM{}, errors.New("umkm: no media storage configured")
	}
	keys, err := media.Save(ctx, s.Media, fmt.Sprintf("logos/%d/%s", id, media.NewKey()), r, media.MaxUploadBytes)
	if err != nil {
		return UMKM{}, media.UserError(err)
	}
	return s.setLogo(ctx, id, keys["thumb"])
}

func (s *Service) setLogo(ctx context.Context, id int64, key string) (UMKM, error) {
	var after UMKM
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := s.load(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.authorize(ctx, account.Update, before); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE umkm SET logo_key = ?, updated_at = ? WHERE id = ?`, key, s.now().UTC(), id); err != nil {
			return err
		}
		if after, err = s.load(ctx, tx, id); err != nil {
			return err
		}
		return s.changed(ctx, tx, "set_logo", &before, after)
	})
	return after, err
}

// AuditTrail returns the audit log of a UMKM, for its owner and its agency.
func (s *Service) AuditTrail(ctx context.Context, id int64) ([]audit.Entry, error) {
	u, err := s.load(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, account.ReadPrivate, u); err != nil {
		return nil, err
	}
	return audit.List(ctx, s.db.Reader(), "umkm", id)
}

// Upsert creates the UMKM with f's NIB, or updates it when that NIB is
// already registered: the NIB is the natural key, so importing the same
// spreadsheet twice creates no duplicates. created reports which happened.
func (s *Service) Upsert(ctx context.Context, f Fields) (u UMKM, created bool, err error) {
	actor := platform.ActorFrom(ctx)
	if actor.Anonymous() {
		return UMKM{}, false, platform.Unauthorized()
	}
	prov, scale, err := f.Normalize()
	if err != nil {
		return UMKM{}, false, err
	}
	var id int64
	err = s.db.Reader().QueryRow(ctx, `SELECT id FROM umkm WHERE nib = ?`, f.NIB).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if err := account.CanCreateUMKM(actor, prov); err != nil {
			return UMKM{}, false, err
		}
		err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
			var err error
			u, err = s.insert(ctx, tx, actor.UserID, f, prov, scale)
			return err
		})
		return u, err == nil, err
	}
	if err != nil {
		return UMKM{}, false, err
	}
	if cur, err := s.load(ctx, s.db.Reader(), id); err == nil && cur.Fields() == f &&
		s.authorize(ctx, account.Update, cur) == nil {
		return cur, false, nil // unchanged: no write, no audit entry
	}
	u, err = s.Update(ctx, id, f)
	return u, false, err
}
