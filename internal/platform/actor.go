package platform

import "context"

// Role is what an account may do in Gerai.
type Role string

const (
	RoleBuyer  Role = "buyer"
	RoleSeller Role = "seller"
	RoleAgency Role = "agency"
	RoleAdmin  Role = "admin"
	// RolePartner is the staff of a partner institution (mitra: a bank, a
	// state company, an association…), member of one partner.
	RolePartner Role = "partner"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleBuyer, RoleSeller, RoleAgency, RoleAdmin, RolePartner:
		return true
	}
	return false
}

// Actor is the person a request acts for. The zero Actor is an anonymous visitor.
type Actor struct {
	UserID       int64
	Name         string
	Email        string
	Role         Role
	ProvinceCode string // agency staff only: the province they administer
}

// Anonymous reports whether nobody is logged in.
func (a Actor) Anonymous() bool { return a.UserID == 0 }

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or the anonymous actor.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
