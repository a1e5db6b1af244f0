package account

import (
	"slices"

	"github.com/gerai-id/gerai/internal/platform"
)

// Action names something an actor wants to do to a record.
type Action string

const (
	ReadPrivate   Action = "read_private"   // see a record that is not public (draft UMKM, draft products, personal data)
	Update        Action = "update"         // change a record's content
	Submit        Action = "submit"         // send a UMKM for verification
	Verify        Action = "verify"         // verify or reject a UMKM
	ManageCatalog Action = "manage_catalog" // add, change or remove a UMKM's products and photos
	RunEvent      Action = "run_event"      // create and run an expo: exhibitors, booths, matching, reports
	Sell          Action = "sell"           // record on-site sales at an exhibitor's booth
	VoidSale      Action = "void_sale"      // void an on-site sale already stored (not a cashier's to do)
)

// Resource is what the policy needs to know about a record: who owns it and
// in which province it lies.
type Resource struct {
	OwnerID      int64
	ProvinceCode string
	// Delegates may act for the owner in Sell (an exhibitor's cashiers).
	Delegates []int64
}

// Authorize is the one place that decides who may do what. Every service
// calls it before reading private data or changing anything; it returns a
// forbidden (or unauthorized, for anonymous actors) error or nil.
//
//   - admin: everything.
//   - agency: read, update and verify records of its own province only; it
//     does not submit on a seller's behalf nor run a seller's catalogue.
//   - seller: its own records only, and never verifies.
//   - buyer and anonymous: nothing private.
//   - expos: RunEvent belongs to the agency of the organising province
//     (ProvinceCode); Sell at a booth to its UMKM's owner, the cashiers
//     the exhibitor was given (Delegates) and that agency; VoidSale to the
//     owner and that agency only, never to a cashier.
func Authorize(a platform.Actor, act Action, r Resource) error {
	if a.Anonymous() {
		return platform.Unauthorized()
	}
	if act == Sell && a.Role != platform.RoleAdmin && a.Role != platform.RoleAgency {
		if (r.OwnerID != 0 && r.OwnerID == a.UserID) || slices.Contains(r.Delegates, a.UserID) {
			return nil
		}
		return platform.Forbidden()
	}
	switch a.Role {
	case platform.RoleAdmin:
		return nil
	case platform.RoleAgency:
		if a.ProvinceCode == "" || a.ProvinceCode != r.ProvinceCode {
			return platform.Forbidden()
		}
		switch act {
		case ReadPrivate, Update, Verify, RunEvent, Sell, VoidSale:
			return nil
		}
	case platform.RoleSeller:
		if r.OwnerID != a.UserID {
			return platform.Forbidden()
		}
		switch act {
		case ReadPrivate, Update, Submit, ManageCatalog, VoidSale:
			return nil
		}
	}
	return platform.Forbidden()
}

// CanCreateUMKM reports whether the actor may register a UMKM owned by ownerID
// in provinceCode: sellers for themselves, agency staff in their province
// (entering a UMKM on its owner's behalf), admins anywhere.
func CanCreateUMKM(a platform.Actor, provinceCode string) error {
	if a.Anonymous() {
		return platform.Unauthorized()
	}
	switch a.Role {
	case platform.RoleAdmin, platform.RoleSeller:
		return nil
	case platform.RoleAgency:
		if a.ProvinceCode == provinceCode {
			return nil
		}
	}
	return platform.Forbidden()
}
