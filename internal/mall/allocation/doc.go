// Package allocation is the open-air mall's allocation engine: a pure
// function from a venue's published rulebook, its stalls, the season's
// applications and the turns already started to the season's turns, a
// reason for every application left without one, and a fairness measure.
// It reads no database and no clock; the mall's storage calls Allocate and
// keeps what it returns. Decision 0022 (docs/decisions) gives the reasons.
//
// # Turns
//
// A season (From–To, inclusive) is cut into consecutive periods of
// Rulebook.TurnDays starting at From; the last one ends at To. A period with
// no opening day of the venue (Input.OpenWeekdays) is not a turn. A turn is
// one stall for one period; a fixed tenant's season is one turn per period,
// all on one stall. The season's capacity (Result.StallTurns) is active
// stalls × turns, and quotas written as shares are shares of it, rounded
// down.
//
// # Availability
//
// An applicant can come to a turn when at least one opening day of the turn
// is one of its weekdays (none given: any day) and lies between its From and
// To dates (unset: unbounded). With weekly turns, a UMKM that can come on
// Saturdays and Sundays can take any week; with daily turns, only Saturdays
// and Sundays.
//
// # Phases
//
// The classes are served in Rulebook.ClassOrder (tetap, bergilir,
// percobaan, tamu by default), each from what the earlier ones left:
//
//   - tetap (fixed): each applicant in turn gets one stall for every turn it
//     can come and does not yet hold — the stall of its started turns when
//     that stall is free, otherwise any one stall free for all of them — or
//     nothing. Fixed tenants are not limited by MaxTurnsPerUMKM.
//   - every other class rotates: round r gives each applicant still in play
//     that holds fewer than r turns one more turn, until nobody can have
//     one, so nobody has a second turn before everybody who can still get a
//     first has one (Amsterdam's expansion rounds, with turns for places).
//     An applicant that finds no turn leaves the phase, since turns are only
//     ever taken; one that reaches MaxTurnsPerUMKM stops.
//
// Inside a round (and inside the fixed phase) applicants of a regency below
// MinPerRegency are served first, then everyone else, each in the order of
// Rulebook.Priorities (never_had_turn, mikro, attendance, rubric, as listed)
// and then of a shuffle seeded by Input.Seed: application a's tie key is
// splitmix64(Seed ^ splitmix64(a.ID)), so the order does not depend on the
// order of the input.
//
// An applicant's turn is the one where it fits best: first the stall type
// that suits it best (a stall zoned for its category, then one with the
// fewest properties it does not need, so that cooking and water stalls stay
// for those who need them), then the turn with the most free stalls of its
// kinds per applicant able to come, then the earliest; the stall is the
// first free one of that type by code.
//
// # Rules
//
// A stall matches when it is active, has every property needed (listrik,
// air, boleh memasak) and is zoned for no category or for the applicant's.
// An applicant holds at most one stall per turn. A category's stall-turns
// never exceed its cap, the guests' (UMKM of another province, any class)
// never exceed GuestQuota; started turns count in both, and in the UMKM's
// turns and its regency's. MinPerRegency counts the turns of each regency of
// the venue's province that has at least one eligible applicant.
//
// # Fairness
//
// Applicants are compared inside groups the rules cannot tell apart: the
// same class, the same turns they can come to, the same needs, the same
// category, both guests or both local. Eligible applicants only (those
// passing arrears, rubric, availability and stall checks); fixed tenants
// are not compared (their tenancy is all or nothing). Result.Fairness.MaxGap
// is the largest difference in turns inside a group. The rounds keep it at
// one nearly always; when an applicant's choices made another lose a turn,
// a repair hands one of the richer applicant's new turns, in a turn the
// poorer does not hold, to the poorer, until no gap of two is left. Started
// turns never move, so a gap made by them alone stays, and shows in MaxGap.
//
// # Relaxation
//
// Upper bounds (category caps, the guest quota, the turns per UMKM) always
// hold for the turns the engine gives; started turns can exceed them, and
// then they are reported in Result.Relaxed with the cause started_turns.
// MinPerRegency is a lower bound: when it cannot hold (fewer stall-turns
// than regencies × minimum, or the regency's applicants are stopped by a
// cap, a quota, their needs, their days or the fairness bound), it is
// relaxed and reported per regency with its causes. A rule listed in
// Rulebook.Strict is never relaxed: Allocate refuses with an error naming
// the rule, the regency or category, and the rules it conflicts with.
//
// # Reasons
//
// An application with no turn at all has exactly one Reason, the first
// that applies in this order:
//
//  1. arrears: fees in arrears past the limit;
//  2. below_threshold: rubric score below RubricThreshold;
//  3. not_available: no turn of the season on its days at all;
//  4. no_matching_stall: no active stall of the venue has its properties;
//  5. category_full: its category's cap has no room left (for a fixed
//     tenant: not enough for its season);
//  6. quota_reached: a guest, and the guest quota has no room left;
//  7. no_matching_stall: stalls are free in turns it can come, but none with
//     its properties;
//  8. not_available: no stall is free in any turn it can come.
//
// Applications that got some turns but fewer than they could carry no reason.
package allocation
