package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The operator's (admin's) management of accounts: finding users, changing
// their role and province, disabling and enabling them. Every method
// authorises Operate first; role and disable changes are staff changes and
// are audit-logged in the same transaction.

// userColumns says which accounts an actor sees in bulk: none but its own
// (the admin, whose scope is everything, sees all).
var userColumns = Columns{Own: "id = ?"}

// UserFilter narrows ListUsers.
type UserFilter struct {
	Query  string        // part of the email or the name, any case
	Role   platform.Role // "" for every role
	Limit  int           // at most 100; 0 means 50
	Offset int
}

// UserPage is one page of ListUsers.
type UserPage struct {
	Items []ManagedUser
	More  bool // a further page exists
}

// ManagedUser is an account as the admin's list shows it.
type ManagedUser struct {
	User
	Disabled bool
}

// mayOperate checks the actor is the platform's operator.
func mayOperate(ctx context.Context) error {
	err := Authorize(platform.ActorFrom(ctx), Operate, Resource{})
	if platform.ErrorKind(err) == platform.KindForbidden {
		return platform.Errorf(platform.KindForbidden, "Hanya operator (admin) yang mengelola akun")
	}
	return err
}

// ListUsers returns accounts matching f, newest first (admin only; a
// forbidden error otherwise).
func (s *Service) ListUsers(ctx context.Context, f UserFilter) (UserPage, error) {
	if err := mayOperate(ctx); err != nil {
		return UserPage{}, err
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	where, args := ScopeOf(platform.ActorFrom(ctx)).Where(userColumns)
	q := strings.ToLower(strings.TrimSpace(f.Query))
	if q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(q) + "%"
		where += ` AND (LOWER(email) LIKE ? ESCAPE '\' OR LOWER(name) LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	if f.Role != "" {
		if !f.Role.Valid() {
			return UserPage{}, &platform.Error{Kind: platform.KindInvalid, Message: "Peran tidak dikenal",
				Fields: []platform.FieldError{{Field: "role", Message: "Pilih peran dari daftar"}}}
		}
		where += ` AND role = ?`
		args = append(args, string(f.Role))
	}
	args = append(args, f.Limit+1, f.Offset)
	rows, err := s.db.Reader().Query(ctx,
		`SELECT id, email, name, role, COALESCE(province_code, ''), created_at, disabled_at IS NOT NULL
		   FROM users WHERE `+where+` ORDER BY id DESC LIMIT ? OFFSET ?`, args...)
	items, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (u ManagedUser, err error) {
		err = r.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.ProvinceCode, &u.CreatedAt, &u.Disabled)
		return u, err
	})
	if err != nil {
		return UserPage{}, err
	}
	p := UserPage{Items: items}
	if len(items) > f.Limit {
		p.Items, p.More = items[:f.Limit], true
	}
	return p, nil
}

// ManagedUserByID returns one account with its state (admin only).
func (s *Service) ManagedUserByID(ctx context.Context, id int64) (ManagedUser, error) {
	if err := mayOperate(ctx); err != nil {
		return ManagedUser{}, err
	}
	return managedUser(ctx, s.db.Reader(), id)
}

func managedUser(ctx context.Context, q sqldb.Querier, id int64) (ManagedUser, error) {
	var u ManagedUser
	err := q.QueryRow(ctx, `SELECT id, email, name, role, COALESCE(province_code, ''), created_at, disabled_at IS NOT NULL FROM users WHERE id = ?`, id).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.ProvinceCode, &u.CreatedAt, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return ManagedUser{}, platform.NotFound("Akun")
	}
	return u, err
}

// staffState is what the audit log keeps of an account's staff changes.
type staffState struct {
	Role         platform.Role `json:"role"`
	ProvinceCode string        `json:"province_code,omitempty"`
	Disabled     bool          `json:"disabled"`
}

func stateOf(u ManagedUser) staffState {
	return staffState{Role: u.Role, ProvinceCode: u.ProvinceCode, Disabled: u.Disabled}
}

// SetRole gives an account a role and (for agency staff) a province (admin
// only). An admin cannot demote themselves, so the platform always keeps
// an admin. The change is audit-logged; the account's sessions see the new
// role at once in this process.
func (s *Service) SetRole(ctx context.Context, id int64, role platform.Role, provinceCode string) (ManagedUser, error) {
	if err := mayOperate(ctx); err != nil {
		return ManagedUser{}, err
	}
	var v platform.Validation
	v.Check(role.Valid(), "role", "Pilih peran dari daftar")
	if role == platform.RoleAgency {
		_, ok := region.ProvinceByCode(provinceCode)
		v.Check(ok, "province", "Akun dinas harus memiliki provinsi")
	} else {
		provinceCode = ""
	}
	if err := v.Err(); err != nil {
		return ManagedUser{}, err
	}
	actor := platform.ActorFrom(ctx)
	var out ManagedUser
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := managedUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Role == platform.RoleAdmin && role != platform.RoleAdmin {
			if id == actor.UserID {
				return platform.Newf(platform.KindConflict, "Anda tidak dapat menurunkan peran akun Anda sendiri").OnField("role")
			}
			if err := keepAnAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET role = ?, province_code = ? WHERE id = ?`, string(role), nullString(provinceCode), id); err != nil {
			return err
		}
		out = before
		out.Role, out.ProvinceCode = role, provinceCode
		if stateOf(before) == stateOf(out) {
			return nil
		}
		return audit.Record(ctx, tx, "set_role", "user", id, stateOf(before), stateOf(out))
	})
	if err == nil {
		s.sessions.dropUser(id)
	}
	return out, err
}

// keepAnAdmin refuses to take away the last enabled admin other than id.
func keepAnAdmin(ctx context.Context, tx *sqldb.Tx, id int64) error {
	var others int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> ?`, id).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return platform.Newf(platform.KindConflict, "Platform harus tetap memiliki satu admin aktif").OnField("role")
	}
	return nil
}

// SetDisabled disables (or enables again) an account (admin only). A
// disabled account cannot log in, and its sessions and API tokens are
// deleted in the same transaction. An admin cannot disable themselves.
func (s *Service) SetDisabled(ctx context.Context, id int64, disabled bool) (ManagedUser, error) {
	if err := mayOperate(ctx); err != nil {
		return ManagedUser{}, err
	}
	actor := platform.ActorFrom(ctx)
	var out ManagedUser
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		before, err := managedUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Disabled == disabled {
			out = before
			return nil
		}
		if disabled {
			if id == actor.UserID {
				return platform.Newf(platform.KindConflict, "Anda tidak dapat menonaktifkan akun Anda sendiri").OnField("disabled")
			}
			if before.Role == platform.RoleAdmin {
				if err := keepAnAdmin(ctx, tx, id); err != nil {
					return err
				}
			}
		}
		var at any
		if disabled {
			at = s.now().UTC()
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET disabled_at = ? WHERE id = ?`, at, id); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		out = before
		out.Disabled = disabled
		action := "enable"
		if disabled {
			action = "disable"
		}
		return audit.Record(ctx, tx, action, "user", id, stateOf(before), stateOf(out))
	})
	if err == nil {
		s.sessions.dropUser(id)
	}
	return out, err
}

// AuditTrail returns the staff changes of one account, oldest first (admin only).
func (s *Service) AuditTrail(ctx context.Context, id int64) ([]audit.Entry, error) {
	if err := mayOperate(ctx); err != nil {
		return nil, err
	}
	return audit.List(ctx, s.db.Reader(), "user", id)
}

// disabledLogin is the error of a correct password for a disabled account.
var disabledLogin = &platform.Error{Kind: platform.KindUnauthorized, Message: "Akun ini dinonaktifkan; hubungi admin Gerai"}
