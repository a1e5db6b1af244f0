package mall

import (
	"context"
	"sort"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Curation: those who run a venue score applications against its published
// rubric, each blind to the others' scores until the application is
// decided, so that no curator follows another.

// Score is one curator's score of one criterion.
type Score struct {
	CuratorID int64  `json:"curator_id"`
	Criterion string `json:"criterion"`
	Score     int    `json:"score"`
}

// SetScores records the actor's scores of an application (criterion →
// 0–MaxScore) against the rubric in force; scores are closed once the
// application is decided.
func (s *Service) SetScores(ctx context.Context, venueID, appID int64, scores map[string]int) ([]Score, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return nil, err
	}
	ap, err := s.application(ctx, s.db.Reader(), v.ID, appID)
	if err != nil {
		return nil, err
	}
	rb, err := s.currentRulebook(ctx, s.db.Reader(), v.ID)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, c := range rb.Rubric {
		known[c.Key] = true
	}
	var val platform.Validation
	val.Check(len(scores) > 0, "scores", "Isi nilai sedikitnya satu kriteria")
	for _, k := range sortedKeys(scores) {
		val.Check(known[k], "scores."+k, "Kriteria %s tidak ada di rubrik lokasi ini", k)
		val.Check(scores[k] >= 0 && scores[k] <= MaxScore, "scores."+k, "Nilai 0–%d", MaxScore)
	}
	if err := val.Err(); err != nil {
		return nil, err
	}
	if ap.Status != Submitted {
		return nil, conflict("Pendaftaran ini sudah diputuskan; nilainya tidak dapat diubah")
	}
	curator := platform.ActorFrom(ctx).UserID
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		for _, k := range sortedKeys(scores) {
			if _, err := tx.Exec(ctx, `INSERT INTO curation_scores (application_id, curator_id, criterion, score, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (application_id, curator_id, criterion) DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at`,
				appID, curator, k, scores[k], now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "score", "mall_application", appID, nil, scores)
	})
	if err != nil {
		return nil, err
	}
	return s.Scores(ctx, venueID, appID)
}

// Scores lists an application's scores to those who run the venue: each
// curator's own only until the application is decided, everyone's after.
func (s *Service) Scores(ctx context.Context, venueID, appID int64) ([]Score, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return nil, err
	}
	ap, err := s.application(ctx, s.db.Reader(), v.ID, appID)
	if err != nil {
		return nil, err
	}
	q, args := `SELECT curator_id, criterion, score FROM curation_scores WHERE application_id = ?`, []any{appID}
	if ap.Status == Submitted {
		q += ` AND curator_id = ?`
		args = append(args, platform.ActorFrom(ctx).UserID)
	}
	rows, err := s.db.Reader().Query(ctx, q+` ORDER BY curator_id, criterion`, args...)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (sc Score, err error) {
		err = r.Scan(&sc.CuratorID, &sc.Criterion, &sc.Score)
		return sc, err
	})
}

// rubricScores computes each application's rubric score for the
// allocation: per curator the weighted mean over the rubric's criteria
// (a criterion not scored counts 0), then the mean over curators; an
// application nobody scored has 0.
func rubricScores(ctx context.Context, q sqldb.Querier, venueID int64, rubric []Criterion) (map[int64]float64, error) {
	out := map[int64]float64{}
	if len(rubric) == 0 {
		return out, nil
	}
	weight, total := map[string]int{}, 0
	for _, c := range rubric {
		weight[c.Key] = c.Weight
		total += c.Weight
	}
	rows, err := q.Query(ctx, `SELECT cs.application_id, cs.curator_id, cs.criterion, cs.score FROM curation_scores cs
		JOIN mall_applications ap ON ap.id = cs.application_id WHERE ap.venue_id = ?`, venueID)
	type key struct{ app, curator int64 }
	sums := map[key]int{}
	_, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (struct{}, error) {
		var k key
		var criterion string
		var score int
		err := r.Scan(&k.app, &k.curator, &criterion, &score)
		sums[k] += weight[criterion] * score
		return struct{}{}, err
	})
	if err != nil {
		return nil, err
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	// Summed in a fixed order, so that the same scores give the same floats.
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].app < keys[j].app || (keys[i].app == keys[j].app && keys[i].curator < keys[j].curator)
	})
	curators := map[int64]int{}
	for _, k := range keys {
		out[k.app] += float64(sums[k]) / float64(total)
		curators[k.app]++
	}
	for app, n := range curators {
		out[app] /= float64(n)
	}
	return out, nil
}
