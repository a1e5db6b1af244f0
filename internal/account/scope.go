package account

import (
	"strings"

	"github.com/gerai-id/gerai/internal/platform"
)

// Scope is what an actor may see in bulk: the counterpart of Authorize for
// lists, searches, exports and aggregates. It is derived from the actor once
// (ScopeOf) and turned into SQL by Where, so no package writes its own
// "an agency sees its province" filter.
type Scope struct {
	// All: every record (admin).
	All bool
	// ProvinceCode: besides public records, those of this province (agency).
	ProvinceCode string
	// UserID: besides public records, the actor's own (seller, buyer).
	UserID int64
	// PartnerStaff: besides those, the records of the partner institution
	// whose staff the actor (UserID) is, and of the UMKM that consented to it.
	PartnerStaff bool
}

// ScopeOf returns the actor's scope:
//
//   - admin: everything;
//   - agency: public records, those of its province and its own (its
//     officers buy too);
//   - seller and buyer: public records and their own;
//   - partner staff: public records, their own, their partner's records
//     and those of the UMKM whose consent to their partner is active;
//   - anonymous: public records only.
//
// An agency account without a province sees only public records.
func ScopeOf(a platform.Actor) Scope {
	switch {
	case a.Anonymous():
		return Scope{}
	case a.Role == platform.RoleAdmin:
		return Scope{All: true}
	case a.Role == platform.RoleAgency:
		return Scope{ProvinceCode: a.ProvinceCode, UserID: a.UserID}
	case a.Role == platform.RolePartner:
		return Scope{UserID: a.UserID, PartnerStaff: true}
	default:
		return Scope{UserID: a.UserID}
	}
}

// Columns says how one table's rows relate to a scope: each field is a SQL
// condition whose every "?" takes the same value. An empty field means no
// row is visible that way (a list with no Public condition is private: an
// anonymous actor sees nothing of it).
type Columns struct {
	Public   string // rows anyone may see, e.g. "status = 'verified'"
	Own      string // rows of the actor, "?" is its user id, e.g. "owner_id = ?"
	Province string // rows of a province, "?" is its code, e.g. "province_code = ?"
	// Partner: rows of a partner institution's staff, "?" is the staff's
	// user id; build it with PartnerRecords or ConsentedTo.
	Partner string
}

// PartnerRecords is the Partner condition of a table whose rows belong to a
// partner institution (its loans, programmes, training): partnerCol names
// the row's partner id.
func PartnerRecords(partnerCol string) string {
	return partnerCol + " IN (SELECT partner_id FROM partner_members WHERE user_id = ?)"
}

// ConsentedTo is the Partner condition of a table whose rows are a UMKM's
// (its profile, its sales, the stages it reached): umkmCol names the row's
// UMKM, visible while that UMKM's consent to the staff's partner is active.
// A withdrawn consent hides the rows at once (decision 0032).
func ConsentedTo(umkmCol string) string {
	return umkmCol + ` IN (SELECT pc.umkm_id FROM partner_consents pc JOIN partner_members pm ON pm.partner_id = pc.partner_id
		WHERE pm.user_id = ? AND pc.withdrawn_at IS NULL)`
}

// Where turns the scope into one parenthesised SQL condition over c with its
// arguments, to be ANDed into a query.
func (s Scope) Where(c Columns) (string, []any) {
	if s.All {
		return "(1 = 1)", nil
	}
	var conds []string
	var args []any
	if c.Public != "" {
		conds = append(conds, c.Public)
	}
	add := func(cond string, v any) {
		conds = append(conds, cond)
		for range strings.Count(cond, "?") {
			args = append(args, v)
		}
	}
	if s.ProvinceCode != "" && c.Province != "" {
		add(c.Province, s.ProvinceCode)
	}
	if s.UserID != 0 && c.Own != "" {
		add(c.Own, s.UserID)
	}
	if s.PartnerStaff && s.UserID != 0 && c.Partner != "" {
		add(c.Partner, s.UserID)
	}
	if len(conds) == 0 {
		return "(1 = 0)", nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}
