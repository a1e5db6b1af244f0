package mall

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/mall/allocation"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Rules are a venue's published rules as data: what the allocation engine
// applies, what the public reads, what the operator changes by publishing a
// new version. Shares are fractions of the season's stall-turns (0.4 is 40%).
type Rules struct {
	TurnDays        int                `json:"turn_days" doc:"Length of one turn in days (1 a day, 7 a week, 30 a month)"`
	MaxTurnsPerUMKM int                `json:"max_turns_per_umkm" required:"false" doc:"Most turns one rotating UMKM gets in a season; 0 is no cap"`
	CategoryCaps    map[string]float64 `json:"category_caps" required:"false" doc:"Largest share of the stall-turns per category, e.g. kuliner 0.4"`
	MinPerRegency   int                `json:"min_per_regency" required:"false" doc:"At least this many turns for each regency/city of the province that applied"`
	GuestQuota      float64            `json:"guest_quota" required:"false" doc:"Largest share of the stall-turns for UMKM of another province"`
	NoShowMinutes   int                `json:"no_show_minutes" required:"false" doc:"A stall not checked in this long after opening goes to the waiting list"`
	// Categories the venue takes; empty: every category of the registry.
	Categories []string `json:"categories,omitempty" doc:"Categories the venue takes; empty takes every category"`
	ClassOrder []string `json:"class_order,omitempty" doc:"Order in which tenancy classes are served (default tetap, bergilir, percobaan, tamu)"`
	Priorities []string `json:"priorities,omitempty" doc:"Order of applicants inside a round: never_had_turn, mikro, attendance, rubric"`
	// Rubric is what curators score (0–MaxScore per criterion).
	Rubric          []Criterion `json:"rubric,omitempty"`
	RubricThreshold float64     `json:"rubric_threshold,omitempty" doc:"Lowest weighted mean rubric score admitted (0–5)"`
	Strict          []string    `json:"strict,omitempty" doc:"Rules never relaxed: the allocation is refused instead"`
	FeeRules
}

// Criterion is one line of the curation rubric.
type Criterion struct {
	Key    string `json:"key" example:"produk_lokal"`
	Label  string `json:"label" example:"Produk lokal daerah"`
	Weight int    `json:"weight" doc:"1–10"`
}

// MaxScore is the highest score of one criterion.
const MaxScore = 5

// Rulebook is one published version of a venue's rules.
type Rulebook struct {
	VenueID     int64     `json:"venue_id"`
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	Rules
}

// The values of the rulebook's ordered lists: the engine's vocabulary.
var (
	tenancyClasses = []string{ClassTetap, ClassBergilir, ClassPercobaan, ClassTamu}
	priorityNames  = []string{string(allocation.PriorityNeverHadTurn), string(allocation.PriorityMikro),
		string(allocation.PriorityAttendance), string(allocation.PriorityRubric)}
	strictNames = []string{allocation.RuleMinPerRegency, allocation.RuleCategoryCaps, allocation.RuleGuestQuota, allocation.RuleMaxTurns}
)

var criterionKey = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

func share(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) && f >= 0 && f <= 1 }

// takes reports whether the rules admit applications of category c.
func (r Rules) takes(c string) bool {
	return umkm.ValidCategory(c) && (len(r.Categories) == 0 || slices.Contains(r.Categories, c))
}

// validate checks each rule on its own, then the rules against each other:
// a rulebook whose quotas cannot all hold is refused naming the rules.
func (r *Rules) validate() error {
	var v platform.Validation
	v.Check(r.TurnDays >= 1 && r.TurnDays <= MaxSeasonDays, "turn_days", "Lama giliran 1–%d hari", MaxSeasonDays)
	v.Check(r.MaxTurnsPerUMKM >= 0 && r.MaxTurnsPerUMKM <= 1000, "max_turns_per_umkm", "Batas giliran per UMKM 0–1000 (0: tanpa batas)")
	v.Check(r.MinPerRegency >= 0 && r.MinPerRegency <= 1000, "min_per_regency", "Minimum per kabupaten/kota 0–1000")
	v.Check(share(r.GuestQuota), "guest_quota", "Kuota tamu harus antara 0 dan 1 (bagian dari giliran lapak)")
	v.Check(r.NoShowMinutes >= 0 && r.NoShowMinutes <= 24*60, "no_show_minutes", "Batas terlambat 0–1440 menit")
	for i, c := range r.Categories {
		v.Check(umkm.ValidCategory(c), fmt.Sprintf("categories[%d]", i), "Kategori harus salah satu dari: %s", strings.Join(umkm.Categories, ", "))
		v.Check(!slices.Contains(r.Categories[:i], c), fmt.Sprintf("categories[%d]", i), "Kategori %s disebut dua kali", c)
	}
	for _, c := range sortedKeys(r.CategoryCaps) {
		f := "category_caps." + c
		v.Check(umkm.ValidCategory(c), f, "Kategori harus salah satu dari: %s", strings.Join(umkm.Categories, ", "))
		v.Check(share(r.CategoryCaps[c]), f, "Batas kategori %s harus antara 0 dan 1 (bagian dari giliran lapak)", c)
	}
	oneOf(&v, "class_order", r.ClassOrder, tenancyClasses)
	// An order, not a filter: a class left out would leave its applicants unserved without a reason.
	v.Check(len(r.ClassOrder) == 0 || len(r.ClassOrder) == len(tenancyClasses), "class_order", "Urutan kelas harus menyebut keempat kelas: %s", strings.Join(tenancyClasses, ", "))
	oneOf(&v, "priorities", r.Priorities, priorityNames)
	oneOf(&v, "strict", r.Strict, strictNames)
	keys := map[string]bool{}
	v.Check(len(r.Rubric) <= 20, "rubric", "Rubrik paling banyak 20 kriteria")
	for i, c := range r.Rubric {
		f := fmt.Sprintf("rubric[%d]", i)
		v.Check(criterionKey.MatchString(c.Key), f+".key", "Kunci kriteria 1–40 huruf kecil, angka atau garis bawah")
		v.Check(!keys[c.Key], f+".key", "Kriteria %s disebut dua kali", c.Key)
		keys[c.Key] = true
		v.Check(strings.TrimSpace(c.Label) != "" && len(c.Label) <= 100, f+".label", "Nama kriteria wajib diisi (maksimal 100 karakter)")
		v.Check(c.Weight >= 1 && c.Weight <= 10, f+".weight", "Bobot kriteria 1–10")
	}
	v.Check(!math.IsNaN(r.RubricThreshold) && r.RubricThreshold >= 0 && r.RubricThreshold <= MaxScore, "rubric_threshold", "Ambang rubrik 0–%d", MaxScore)
	r.FeeRules.validate(&v)
	if err := v.Err(); err != nil {
		return err
	}
	return r.conflicts()
}

// conflicts finds rules that cannot hold together whatever the stalls and
// the applicants: the answer names each rule (a field error on it) and the
// message names them all.
func (r *Rules) conflicts() error {
	var fields []platform.FieldError
	var names []string
	add := func(rule string, fe platform.FieldError) {
		fields = append(fields, fe)
		if !slices.Contains(names, rule) {
			names = append(names, rule)
		}
	}
	for _, c := range sortedKeys(r.CategoryCaps) {
		if !r.takes(c) {
			add("category_caps", platform.Field("category_caps."+c, "Lokasi tidak menerima kategori %s (categories), jadi batasnya tidak berlaku", c))
			add("categories", platform.Field("categories", "Kategori %s dibatasi (category_caps) tetapi tidak diterima", c))
		}
	}
	// Every category taken capped at nothing: no turn can ever be given.
	taken := r.Categories
	if len(taken) == 0 {
		taken = umkm.Categories
	}
	open := false
	for _, c := range taken {
		if capped, ok := r.CategoryCaps[c]; !ok || capped > 0 {
			open = true
		}
	}
	if !open {
		add("category_caps", platform.Field("category_caps", "Batas kategori tidak menyisakan satu giliran pun"))
		if r.MinPerRegency > 0 {
			add("min_per_regency", platform.Field("min_per_regency", "Minimum per kabupaten/kota tidak dapat dipenuhi bila semua kategori berbatas 0"))
		}
	}
	if r.RubricThreshold > 0 && len(r.Rubric) == 0 {
		add("rubric_threshold", platform.Field("rubric_threshold", "Ambang rubrik tanpa rubrik: tidak ada pendaftar yang dapat lolos"))
		add("rubric", platform.Field("rubric", "Ambang rubrik memerlukan kriteria rubrik"))
	}
	if len(fields) == 0 {
		return nil
	}
	e := platform.Newf(platform.KindInvalid, "Aturan yang tidak dapat berlaku bersama: %s", strings.Join(names, ", "))
	e.Fields = fields
	return e
}

func oneOf(v *platform.Validation, field string, got, known []string) {
	for i, g := range got {
		f := fmt.Sprintf("%s[%d]", field, i)
		v.Check(slices.Contains(known, g), f, "Nilai harus salah satu dari: %s", strings.Join(known, ", "))
		v.Check(!slices.Contains(got[:i], g), f, "%s disebut dua kali", g)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// PublishRulebook publishes a new version of the venue's rules: each call
// is a version of its own, in force from now on (turns already given stay).
func (s *Service) PublishRulebook(ctx context.Context, venueID int64, r Rules) (Rulebook, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return Rulebook{}, err
	}
	if err := r.validate(); err != nil {
		return Rulebook{}, err
	}
	if r.CategoryCaps == nil {
		r.CategoryCaps = map[string]float64{}
	}
	body, err := json.Marshal(r)
	if err != nil {
		return Rulebook{}, err
	}
	now := s.now().UTC()
	out := Rulebook{VenueID: v.ID, PublishedAt: now, Rules: r}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		// The venue's row is locked (touch), so versions are given one at a time.
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM rulebooks WHERE venue_id = ?`, v.ID).Scan(&out.Version); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO rulebooks (venue_id, version, rules_json, published, published_at, created_by, created_at)
			VALUES (?, ?, ?, TRUE, ?, ?, ?)`, v.ID, out.Version, string(body), now, platform.ActorFrom(ctx).UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publish_rulebook", "venue", v.ID, nil, out)
	})
	if err != nil {
		return Rulebook{}, err
	}
	return out, nil
}

func scanRulebook(r sqldb.Scanner) (Rulebook, error) {
	var rb Rulebook
	var body string
	if err := r.Scan(&rb.VenueID, &rb.Version, &rb.PublishedAt, &body); err != nil {
		return rb, err
	}
	return rb, json.Unmarshal([]byte(body), &rb.Rules)
}

const rulebookColumns = `venue_id, version, published_at, rules_json`

// CurrentRulebook returns the rules in force at a venue (public); not
// found when none was published.
func (s *Service) CurrentRulebook(ctx context.Context, venueID int64) (Rulebook, error) {
	if _, err := s.Venue(ctx, venueID); err != nil {
		return Rulebook{}, err
	}
	return s.currentRulebook(ctx, s.db.Reader(), venueID)
}

func (s *Service) currentRulebook(ctx context.Context, q sqldb.Querier, venueID int64) (Rulebook, error) {
	rb, err := scanRulebook(q.QueryRow(ctx, `SELECT `+rulebookColumns+` FROM rulebooks
		WHERE venue_id = ? AND published ORDER BY version DESC LIMIT 1`, venueID))
	if errors.Is(err, sql.ErrNoRows) {
		return rb, platform.NotFound("Buku aturan")
	}
	return rb, err
}

// RulebookVersions lists every published version of a venue's rules, newest first (public).
func (s *Service) RulebookVersions(ctx context.Context, venueID int64) ([]Rulebook, error) {
	if _, err := s.Venue(ctx, venueID); err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+rulebookColumns+` FROM rulebooks
		WHERE venue_id = ? AND published ORDER BY version DESC`, venueID)
	return sqldb.Collect(rows, err, scanRulebook)
}
