package account

import (
	"slices"

	"github.com/gerai-id/gerai/internal/platform"
)

// Action names something an actor wants to do to a record.
type Action string

const (
	ReadPrivate   Action = "read_private"    // see a record that is not public (draft UMKM, draft products, personal data)
	Update        Action = "update"          // change a record's content
	Submit        Action = "submit"          // send a UMKM for verification
	Verify        Action = "verify"          // verify or reject a UMKM; see and count a province's registry
	ManageCatalog Action = "manage_catalog"  // add, change or remove a UMKM's products and photos
	RunEvent      Action = "run_event"       // create and run an expo: exhibitors, booths, matching, reports
	ManageBooth   Action = "manage_booth"    // an exhibitor's booth: bring products, name cashiers
	Sell          Action = "sell"            // record on-site sales at an exhibitor's booth
	Coordinate    Action = "coordinate"      // run a group (kelompok): open, close and order its group orders
	Participate   Action = "participate"     // see a group and add one's own items to its orders
	EditOwn       Action = "edit_own"        // change a record only its author may change (a member's line in a group order)
	Fulfil        Action = "fulfil"          // process a UMKM's orders (pack, ship): its owner alone; staff only read them
	Operate       Action = "operate"         // the platform operator's money: province money flow, payouts to UMKM
	Pay           Action = "pay"             // pay what one owes (the simulator's "mark paid"): the payer only
	VoidSale      Action = "void_sale"       // void an on-site sale already stored (not a cashier's to do)
	RunVenue      Action = "run_venue"       // run a mall venue: stalls, rulebook, curation, allocation, turns
	SetUpVenue    Action = "set_up_venue"    // create a mall venue and appoint its operator's staff
	ApplyForStall Action = "apply_for_stall" // a UMKM applies for turns at a venue
	CheckIn       Action = "check_in"        // a tenant checks in at its stall on a market day
	SellAtStall   Action = "sell_at_stall"   // a tenant records its sales at its mall stall (the stall cashier)
	// The household food programme (pangan).
	RunProgramme   Action = "run_programme"   // configure a food programme; register households, groups, plots, aid; assign officers
	VisitHousehold Action = "visit_household" // record a field visit at a household (the officers of its village)
	ReadNIK        Action = "read_nik"        // see a household's whole NIK (its page only: the agency and the village's officers)
	// Partner institutions (mitra binaan).
	ManagePartner Action = "manage_partner" // create a partner institution, name its staff (the admin alone)
	ViewPartner   Action = "view_partner"   // see a partner's fostered UMKM, programmes, training, loans and portfolio
	FosterUMKM    Action = "foster_umkm"    // run a partner's programmes, stages reached, training and attendance
	ManageLoans   Action = "manage_loans"   // lend to a fostered UMKM and record its repayments
	GiveConsent   Action = "give_consent"   // a UMKM consents to be fostered by a partner, or withdraws it
)

// Resource is what the policy needs to know about a record: who owns it and
// in which province it lies.
type Resource struct {
	OwnerID      int64
	ProvinceCode string
	// Delegates may act with the owner: an exhibitor's cashiers (Sell), a
	// group's members (Participate), a venue's operator staff (RunVenue), a
	// village's field officers (VisitHousehold, ReadNIK).
	Delegates []int64
}

// Authorize is the one place that decides who may do what. Every service
// calls it before reading private data or changing anything; it returns a
// forbidden (or unauthorized, for anonymous actors) error or nil.
//
//   - admin: everything but what is personal (Coordinate, Participate,
//     EditOwn belong to the people of a group alone; Fulfil to the seller;
//     Pay to the payer).
//   - agency: read, update and verify records of its own province only; it
//     does not submit on a seller's behalf nor run a seller's catalogue.
//   - seller: its own records only, and never verifies.
//   - buyer and anonymous: nothing private.
//   - expos: RunEvent belongs to the agency of the organising province
//     (ProvinceCode); ManageBooth and VoidSale to the booth's owner and
//     that agency, never to a cashier; Sell besides to the cashiers the
//     exhibitor was given (Delegates).
//   - groups: Coordinate to the coordinator (OwnerID), Participate to the
//     coordinator and the members (Delegates), EditOwn to the author.
//   - Pay belongs to the owner (the buyer who owes the money) alone: not the
//     seller who is owed it, not the agency, not an admin.
//   - Operate: the admin (the platform's operator) alone.
//   - mall venues: RunVenue belongs to the venue's staff (Delegates: the
//     accounts of its operator, whatever their role, for that venue only),
//     to the agency of the venue's province and to an admin; SetUpVenue
//     (creating a venue, appointing its staff) to that agency and an
//     admin, never to staff (an operator does not widen its own team);
//     ApplyForStall to the UMKM's owner alone (it
//     commits the business to come), not to the agency or an admin;
//     CheckIn likewise (it says the tenant stands at its stall), and
//     SellAtStall (the sales are the tenant's own takings: staff and the
//     agency void a wrong one, they do not record one).
//   - food programmes: RunProgramme to the agency of the programme's
//     province and an admin; VisitHousehold to the field officers of the
//     household's village (Delegates) and that agency; ReadNIK to the
//     same officers and agency and nobody else, not an admin (personal
//     data goes only to those whose work needs it, UU 27/2022).
//   - partner institutions: ManagePartner to an admin alone; ViewPartner
//     to the partner's staff (Delegates) and an admin; FosterUMKM and
//     ManageLoans to the partner's staff alone (the lender records its own
//     loans, the platform's operator does not); GiveConsent to the UMKM's
//     owner alone (OwnerID): neither an admin nor the agency consents on a
//     business's behalf.
func Authorize(a platform.Actor, act Action, r Resource) error {
	if a.Anonymous() {
		return platform.Unauthorized()
	}
	owner := r.OwnerID != 0 && r.OwnerID == a.UserID
	switch act {
	case Coordinate, EditOwn, Fulfil, Pay, ApplyForStall, CheckIn, SellAtStall, GiveConsent:
		return allowIf(owner)
	case ManagePartner:
		return allowIf(a.Role == platform.RoleAdmin)
	case FosterUMKM, ManageLoans:
		return allowIf(a.Role == platform.RolePartner && slices.Contains(r.Delegates, a.UserID))
	case ViewPartner:
		return allowIf(a.Role == platform.RoleAdmin || (a.Role == platform.RolePartner && slices.Contains(r.Delegates, a.UserID)))
	case Participate:
		return allowIf(owner || slices.Contains(r.Delegates, a.UserID))
	case Operate:
		return allowIf(a.Role == platform.RoleAdmin)
	case RunVenue, VisitHousehold:
		if slices.Contains(r.Delegates, a.UserID) {
			return nil
		}
	case ReadNIK:
		return allowIf(slices.Contains(r.Delegates, a.UserID) ||
			(a.Role == platform.RoleAgency && a.ProvinceCode != "" && a.ProvinceCode == r.ProvinceCode))
	case Sell, ManageBooth, VoidSale:
		if owner || (act == Sell && slices.Contains(r.Delegates, a.UserID)) {
			return nil
		}
		if a.Role != platform.RoleAdmin && a.Role != platform.RoleAgency {
			return platform.Forbidden()
		}
	}
	switch a.Role {
	case platform.RoleAdmin:
		return nil
	case platform.RoleAgency:
		if a.ProvinceCode == "" || a.ProvinceCode != r.ProvinceCode {
			return platform.Forbidden()
		}
		switch act {
		case ReadPrivate, Update, Verify, RunEvent, ManageBooth, Sell, VoidSale, RunVenue, SetUpVenue, RunProgramme, VisitHousehold:
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

func allowIf(ok bool) error {
	if ok {
		return nil
	}
	return platform.Forbidden()
}

// Desk is a part of the UI made for some roles: the pages a seller or an
// agency officer works from. Opening a desk is one decision; what its
// pages show is then each record's (Authorize) and the actor's scope.
type Desk string

const (
	SellerDesk Desk = "seller" // a seller's UMKM, catalogue and orders (sellers; the admin, who helps them)
	StaffDesk  Desk = "staff"  // the agency's queue, expos and settings (agency staff, the admin)
	AdminDesk  Desk = "admin"  // the operator's pages: accounts and payouts (the admin alone)
	// PartnerDesk: a partner institution's pages, /mitra (its staff; the admin, who sees every partner).
	PartnerDesk Desk = "partner"
)

// OpenDesk decides who may open a desk's pages.
func OpenDesk(a platform.Actor, d Desk) error {
	if a.Anonymous() {
		return platform.Unauthorized()
	}
	switch d {
	case SellerDesk:
		return allowIf(a.Role == platform.RoleSeller || a.Role == platform.RoleAdmin)
	case StaffDesk:
		return allowIf(a.Role == platform.RoleAgency || a.Role == platform.RoleAdmin)
	case AdminDesk:
		return allowIf(a.Role == platform.RoleAdmin)
	case PartnerDesk:
		return allowIf(a.Role == platform.RolePartner || a.Role == platform.RoleAdmin)
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
