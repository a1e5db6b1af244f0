package allocation

import "time"

// Class is a tenancy class; the rulebook's ClassOrder says in which order
// the classes are served.
type Class string

const (
	// ClassTetap is a fixed tenant: one stall for every turn of the season
	// it can come, all or nothing.
	ClassTetap Class = "tetap"
	// ClassBergilir is a rotating tenant: turns shared out in rounds.
	ClassBergilir Class = "bergilir"
	// ClassPercobaan is a trial tenant, rotating, served after bergilir by default.
	ClassPercobaan Class = "percobaan"
	// ClassTamu is a guest (typically of a partner province), rotating, served last by default.
	ClassTamu Class = "tamu"
)

// DefaultClassOrder is the order of the phases when the rulebook names none.
var DefaultClassOrder = []Class{ClassTetap, ClassBergilir, ClassPercobaan, ClassTamu}

// Priority names one criterion that orders applicants inside a round; the
// rulebook lists them from the strongest.
type Priority string

const (
	// PriorityNeverHadTurn puts applicants with no turn in earlier seasons first.
	PriorityNeverHadTurn Priority = "never_had_turn"
	// PriorityMikro puts mikro-scale businesses first.
	PriorityMikro Priority = "mikro"
	// PriorityAttendance puts higher attendance rates first.
	PriorityAttendance Priority = "attendance"
	// PriorityRubric puts higher rubric scores first.
	PriorityRubric Priority = "rubric"
)

// Rule names, as they appear in Relaxation.Rule, Relaxation.Because and
// Rulebook.Strict.
const (
	RuleMinPerRegency = "min_per_regency"
	RuleCategoryCaps  = "category_caps"
	RuleGuestQuota    = "guest_quota"
	RuleMaxTurns      = "max_turns_per_umkm"
	// Causes that are not rules of the rulebook.
	CauseStallTurns      = "stall_turns"      // fewer stall-turns in the season than the rule asks
	CauseStallProperties = "stall_properties" // no free stall with the properties needed
	CauseAvailability    = "availability"     // no free stall on the days the applicants can come
	CauseFairness        = "fairness"         // the fairness bound took the turn
	CauseStartedTurns    = "started_turns"    // turns already started, which never move
)

// Rulebook is a venue's published allocation rules. It is data: the engine
// has no rule of its own beyond what is written here and in the package
// documentation.
type Rulebook struct {
	Version int `json:"version"`
	// TurnDays is the length of one turn in days (1, 2, 7, 30…).
	TurnDays int `json:"turn_days"`
	// MaxTurnsPerUMKM caps the turns of one rotating UMKM in the season; 0 is no cap.
	// Fixed tenants (tetap) are not capped: their tenancy is the season.
	MaxTurnsPerUMKM int `json:"max_turns_per_umkm"`
	// CategoryCaps caps a category's share of the season's stall-turns
	// (kuliner: 0.4). A category not named is not capped.
	CategoryCaps map[string]float64 `json:"category_caps"`
	// MinPerRegency asks at least this many turns for every regency of the
	// venue's province that has an eligible applicant; a lower bound, relaxed
	// (and reported) when it cannot hold unless named in Strict.
	MinPerRegency int `json:"min_per_regency"`
	// GuestQuota caps the share of stall-turns given to UMKM of another
	// province (any class); 0 admits no guest.
	GuestQuota float64 `json:"guest_quota"`
	// ClassOrder is the order of the phases; empty is DefaultClassOrder.
	ClassOrder []Class `json:"class_order,omitempty"`
	// Priorities order applicants inside a round, strongest first; ties go
	// to a shuffle seeded by Input.Seed.
	Priorities []Priority `json:"priorities,omitempty"`
	// RubricThreshold is the lowest rubric score admitted.
	RubricThreshold float64 `json:"rubric_threshold"`
	// Strict names rules that must not be relaxed: when one cannot hold,
	// Allocate refuses with an error naming it and what it conflicts with.
	Strict []string `json:"strict,omitempty"`
}

// StallKind is the kind of a stall.
type StallKind string

const (
	KindKios    StallKind = "kios"
	KindTenda   StallKind = "tenda"
	KindGerobak StallKind = "gerobak"
	KindMeja    StallKind = "meja"
)

// StallStatus says whether a stall can be given out.
type StallStatus string

const (
	StatusActive      StallStatus = "active"
	StatusUnderRepair StallStatus = "under_repair"
)

// Needs are the stall properties an applicant needs; a stall matches when
// it has at least these.
type Needs struct {
	Power   bool // listrik
	Water   bool // air
	Cooking bool // boleh memasak
}

// Stall is one lapak of the venue.
type Stall struct {
	Code string
	Kind StallKind
	Zone string
	// Category, when set, reserves the stall for that category (a category zone).
	Category string
	Has      Needs
	Status   StallStatus
}

// Application is one UMKM's application for the season. One UMKM has at
// most one application in an Input.
type Application struct {
	ID       int64
	UMKMID   int64
	Class    Class
	Category string
	Regency  string // Kemendagri code, e.g. "32.73"
	Province string // a guest when it is not the venue's
	Scale    string // "mikro", "kecil", "menengah"
	Needs    Needs
	// Weekdays are the ISO weekdays (1 Monday … 7 Sunday) it can come; empty is every day.
	Weekdays []int
	// From and To bound the dates it can come (inclusive); a zero value is unbounded.
	From, To time.Time
	// RubricScore is the curators' score; below Rulebook.RubricThreshold is not admitted.
	RubricScore float64
	// PastTurns counts its turns in earlier seasons.
	PastTurns int
	// AttendanceRate is the share (0–1) of its past market days it came.
	AttendanceRate float64
	// Arrears is set when it owes fees past the rulebook's limit.
	Arrears bool
}

// Season is the period allocated; both dates inclusive. Turns are
// consecutive periods of Rulebook.TurnDays starting at From, the last one
// cut at To.
type Season struct {
	From, To time.Time
}

// Turn is one stall given to one UMKM for one period. Dates are civil
// dates (UTC midnight in results), both inclusive.
type Turn struct {
	Stall         string
	UMKMID        int64
	ApplicationID int64
	From, To      time.Time
	// Started marks a turn that was passed in Input.Started (kept as it was).
	Started bool
}

// Input is everything one allocation reads.
type Input struct {
	Rulebook Rulebook
	// Province is the venue's province code; applicants of another are guests.
	Province string
	// OpenWeekdays are the ISO weekdays the venue opens; empty is every day.
	// A period with no opening day is not a turn.
	OpenWeekdays []int
	Season       Season
	Stalls       []Stall
	Applications []Application
	// Started are turns already begun (or otherwise fixed): never moved,
	// counted in every quota and in each UMKM's turns.
	Started []Turn
	// Seed breaks ties between applicants the priorities cannot tell apart.
	Seed uint64
}

// Reason says why an application got no turn at all. The values are API
// values.
type Reason string

const (
	ReasonArrears         Reason = "arrears"
	ReasonBelowThreshold  Reason = "below_threshold"
	ReasonNotAvailable    Reason = "not_available"
	ReasonNoMatchingStall Reason = "no_matching_stall"
	ReasonCategoryFull    Reason = "category_full"
	ReasonQuotaReached    Reason = "quota_reached"
)

// Unassigned is an application that got no turn, with the one reason.
type Unassigned struct {
	ApplicationID int64
	UMKMID        int64
	Reason        Reason
}

// Fairness is the stated measure of the result.
type Fairness struct {
	// MaxGap is the largest difference in turns (started turns included)
	// between two applicants of one comparison group (see the package
	// documentation). It is at most 1 unless started turns force more.
	MaxGap int
	// Groups counts the comparison groups with two members or more.
	Groups int
}

// Relaxation reports one rule that did not hold in the result.
type Relaxation struct {
	Rule    string   // RuleMinPerRegency, RuleCategoryCaps, RuleGuestQuota, RuleMaxTurns
	Subject string   // the regency, the category, "guests", or the application id
	Want    int      // the bound, in turns
	Got     int      // what the result has
	Because []string // the causes, sorted: rules (e.g. category_caps) or Cause* values
}

// Result is an allocation.
type Result struct {
	RulebookVersion int
	Seed            uint64
	// Turns are the started turns and the new ones, by date then stall.
	Turns []Turn
	// Unassigned are the applications with no turn at all, by id.
	Unassigned []Unassigned
	Fairness   Fairness
	// StallTurns is the season's capacity: active stalls × turns.
	StallTurns int
	// UnfilledStallTurns are the stall-turns of active stalls given to no one.
	UnfilledStallTurns int
	// Relaxed lists the rules that did not hold and why, sorted.
	Relaxed []Relaxation
}
