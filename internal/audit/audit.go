// Package audit writes the log of changes: who changed what, when, and the
// record before and after. It is written in the same transaction as the
// change, so a change without its audit entry cannot happen.
package audit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Entry is one audit record.
type Entry struct {
	ID        int64           `json:"id"`
	ActorID   int64           `json:"actor_id"`
	Action    string          `json:"action"`
	Entity    string          `json:"entity"`
	EntityID  int64           `json:"entity_id"`
	Before    json.RawMessage `json:"before,omitempty"`
	After     json.RawMessage `json:"after,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

// Record writes an entry inside tx. before and after are marshalled to JSON;
// nil means "did not exist". Callers pass records with personal data
// already in the shape they store, never passwords.
func Record(ctx context.Context, tx *sqldb.Tx, action, entity string, entityID int64, before, after any) error {
	actor := platform.ActorFrom(ctx)
	var actorID any
	if !actor.Anonymous() {
		actorID = actor.UserID
	}
	_, err := tx.Exec(ctx,
		`INSERT INTO audit_log (actor_id, action, entity, entity_id, before_json, after_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		actorID, action, entity, entityID, marshal(before), marshal(after), time.Now().UTC())
	return err
}

func marshal(v any) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return string(b)
}

// List returns the entries of one record, oldest first.
func List(ctx context.Context, q sqldb.Querier, entity string, entityID int64) ([]Entry, error) {
	rows, err := q.Query(ctx,
		`SELECT id, COALESCE(actor_id, 0), action, entity, entity_id, COALESCE(before_json, ''), COALESCE(after_json, ''), created_at
		   FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id`, entity, entityID)
	return sqldb.Collect(rows, err, func(r sqldb.Scanner) (e Entry, err error) {
		var before, after string
		err = r.Scan(&e.ID, &e.ActorID, &e.Action, &e.Entity, &e.EntityID, &before, &after, &e.CreatedAt)
		if before != "" {
			e.Before = json.RawMessage(before)
		}
		if after != "" {
			e.After = json.RawMessage(after)
		}
		return e, err
	})
}
