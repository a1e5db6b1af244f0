package pangan

import (
	"context"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The reads a group's web page needs beside the API's: the group with its
// members, the UMKM it sells through and what that UMKM sold on Gerai.

// MaxGroupMembersShown bounds the members a group's page lists (a
// dasawisma has ten to twenty households, a KWT a few dozen).
const MaxGroupMembersShown = 500

// GroupView is a group's page.
type GroupView struct {
	FoodGroup
	// Households are its members, masked as in every list, by number
	// (FoodGroup.Members counts them).
	Households []Household
	// UMKMName is the name of the UMKM it sells through ("" when none is
	// linked, or the UMKM is not public and the reader may not see it).
	UMKMName string
	// Sold is the value its UMKM sold through Gerai (paid, not cancelled
	// orders' subtotals, all months): the indicators' "value sold through Gerai".
	Sold int64
}

// Group is one group's page: to the programme's agency, an admin and the
// officers of the group's village (who work on its members); refused to
// anyone else (MayWorkOnGroup).
func (s *Service) Group(ctx context.Context, programmeID, groupID int64) (GroupView, error) {
	p, g, err := s.workableGroup(ctx, programmeID, groupID)
	if err != nil {
		return GroupView{}, err
	}
	v := GroupView{FoodGroup: g}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+householdColumns+` FROM pangan_households h
		WHERE h.programme_id = ? AND h.group_id = ? ORDER BY h.id LIMIT ?`, p.ID, g.ID, MaxGroupMembersShown)
	if v.Households, err = sqldb.Collect(rows, err, scanHousehold); err != nil {
		return v, err
	}
	if g.UMKMID == 0 {
		return v, nil
	}
	if s.Registry != nil {
		u, err := s.Registry.Get(ctx, g.UMKMID)
		if err != nil && platform.ErrorKind(err) != platform.KindNotFound {
			return v, err
		}
		v.UMKMName = u.Name
	}
	v.Sold, err = s.sumSales(ctx, p, ` AND g.id = ?`, []any{g.ID}, "", "")
	return v, err
}

// MayWorkOnGroup says whether the actor may open a group and add its
// members: the programme's agency, an admin, an officer of the group's
// village. A group the programme does not have is not found for those who
// work in the programme, refused for everyone else. The web asks it before
// reading a group's form.
func (s *Service) MayWorkOnGroup(ctx context.Context, programmeID, groupID int64) error {
	_, _, err := s.workableGroup(ctx, programmeID, groupID)
	return err
}

func (s *Service) workableGroup(ctx context.Context, programmeID, groupID int64) (Programme, FoodGroup, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Programme{}, FoodGroup{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return p, FoodGroup{}, err
	}
	g, err := s.group(ctx, s.db.Reader(), p.ID, groupID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		if ok, werr := s.worksIn(ctx, p); werr != nil || !ok {
			return p, g, cmpErr(werr, platform.Forbidden())
		}
	}
	if err != nil {
		return p, g, err
	}
	return p, g, s.mayWorkOn(ctx, p, g.VillageCode)
}
