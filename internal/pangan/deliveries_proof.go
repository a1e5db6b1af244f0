package pangan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// The proof of an aid delivery, and what a proven delivery counts for.

// MayProveDelivery authorises adding proof to a delivery: the agency, or
// an officer of its village. Upload handlers ask it before reading the body.
func (s *Service) MayProveDelivery(ctx context.Context, programmeID, deliveryID int64) (Owner, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Owner{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Owner{}, err
	}
	var village string
	var o Owner
	err = s.db.Reader().QueryRow(ctx, `SELECT village_code, COALESCE(household_id, 0), COALESCE(group_id, 0) FROM pangan_deliveries
		WHERE programme_id = ? AND id = ?`, p.ID, deliveryID).Scan(&village, &o.HouseholdID, &o.GroupID)
	if errors.Is(err, sql.ErrNoRows) {
		if ok, werr := s.worksIn(ctx, p); werr != nil || !ok {
			return Owner{}, cmpErr(werr, platform.Forbidden())
		}
		return Owner{}, platform.NotFound("Penyerahan bantuan")
	}
	if err != nil {
		return Owner{}, err
	}
	return o, s.mayWorkOn(ctx, p, village)
}

// Proof is what a handover's proof upload carries: images (nil when not
// sent) and, when the phone got them only then, the point and the name.
type Proof struct {
	Photo, Signature, BAST io.Reader
	Lat, Lng               *float64
	RecipientName          string
}

// AddProof stores a delivery's proof: the photo of the handover, the
// recipient's signature drawn on the phone (a PNG) and/or a photo of the
// signed handover form (BAST), through the media pipeline; the point and
// the recipient's name when they were not recorded with the delivery.
// When the proof is complete (photo, point, time, name, and a signature
// or a BAST photo) the delivery becomes proven, once: in the same
// transaction its household is marked proven and, when no visit reached
// it before, reached, and the indicators' roll-up counts it in the month
// of the handover. A group's delivery proves the group's aid; it reaches
// no household by itself (its members are reached by their own visits
// and aid). Proof of a proven delivery is evidence and is not replaced:
// a conflict.
func (s *Service) AddProof(ctx context.Context, programmeID, deliveryID int64, pr Proof) (Delivery, error) {
	if _, err := s.MayProveDelivery(ctx, programmeID, deliveryID); err != nil {
		return Delivery{}, err
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Delivery{}, err
	}
	before, err := s.delivery(ctx, s.db.Reader(), p.ID, deliveryID)
	if err != nil {
		return Delivery{}, err
	}
	if before.Proven {
		return Delivery{}, platform.Errorf(platform.KindConflict, "Penyerahan ini sudah terbukti; buktinya tidak dapat diganti")
	}
	var val platform.Validation
	pr.RecipientName = strings.TrimSpace(pr.RecipientName)
	val.Check(pr.Photo != nil || pr.Signature != nil || pr.BAST != nil || pr.Lat != nil || pr.RecipientName != "", "photo",
		"Kirim foto penyerahan, tanda tangan penerima, atau foto BAST")
	val.Check(utf8.RuneCountInString(pr.RecipientName) <= MaxRecipientName, "recipient_name", "Nama penerima paling banyak 200 karakter")
	checkPoint(&val, pr.Lat, pr.Lng)
	if err := val.Err(); err != nil {
		return Delivery{}, err
	}
	// The images are processed one after the other (one decoded image per request at a time), before the transaction.
	saved := map[string]string{}
	forgetSaved := func() {
		for _, k := range saved {
			s.forget(ctx, k)
		}
	}
	for _, f := range []struct {
		field string
		r     io.Reader
	}{{"photo", pr.Photo}, {"signature", pr.Signature}, {"bast", pr.BAST}} {
		if f.r == nil {
			continue
		}
		keys, err := s.saveImage(ctx, fmt.Sprintf("pangan/%d/deliveries/%d/%s-%s", p.ID, deliveryID, f.field, media.NewKey()), f.r, f.field)
		if err != nil {
			forgetSaved()
			return Delivery{}, err
		}
		saved[f.field] = keys["large"]
	}
	var lat, lng any
	if pr.Lat != nil {
		lat, lng = *pr.Lat, *pr.Lng
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE pangan_deliveries SET
			photo_key = CASE WHEN ? <> '' THEN ? ELSE photo_key END,
			signature_key = CASE WHEN ? <> '' THEN ? ELSE signature_key END,
			bast_key = CASE WHEN ? <> '' THEN ? ELSE bast_key END,
			recipient_name = CASE WHEN ? <> '' THEN ? ELSE recipient_name END,
			lat = COALESCE(?, lat), lng = COALESCE(?, lng)
			WHERE id = ? AND proven = FALSE`,
			saved["photo"], saved["photo"], saved["signature"], saved["signature"], saved["bast"], saved["bast"],
			pr.RecipientName, pr.RecipientName, lat, lng, deliveryID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmpErr(err, platform.Errorf(platform.KindConflict, "Penyerahan ini sudah terbukti; buktinya tidak dapat diganti"))
		}
		// The one statement that decides "proven": two uploads at once cannot both flip it.
		res, err = tx.Exec(ctx, `UPDATE pangan_deliveries SET proven = TRUE WHERE id = ? AND proven = FALSE AND photo_key <> ''
			AND lat IS NOT NULL AND lng IS NOT NULL AND recipient_name <> '' AND (signature_key <> '' OR bast_key <> '')`, deliveryID)
		if err != nil {
			return err
		}
		proven, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if proven == 1 && before.HouseholdID != 0 {
			if err := s.proveHousehold(ctx, tx, p, before); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "add_delivery_proof", "pangan_delivery", deliveryID, map[string]any{"proven": false},
			map[string]any{"proven": proven == 1, "photo": saved["photo"] != "", "signature": saved["signature"] != "", "bast": saved["bast"] != ""})
	})
	if err != nil {
		forgetSaved()
		return Delivery{}, err
	}
	for field, old := range map[string]string{"photo": before.PhotoKey, "signature": before.SignatureKey, "bast": before.BASTKey} {
		if saved[field] != "" {
			s.forget(ctx, old)
		}
	}
	return s.delivery(ctx, s.db.Reader(), p.ID, deliveryID)
}

// proveHousehold marks a household given its first proven aid (and
// reached, unless a visit reached it first: it is counted once) and adds
// it to the roll-up in the month of the handover.
func (s *Service) proveHousehold(ctx context.Context, tx *sqldb.Tx, p Programme, d Delivery) error {
	at := d.DeliveredAt.UTC()
	month := at.In(p.Location()).Format("2006-01")
	dl := newDeltas()
	res, err := tx.Exec(ctx, `UPDATE pangan_households SET proven_at = ?, updated_at = ? WHERE id = ? AND proven_at IS NULL`, at, s.now().UTC(), d.HouseholdID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		dl.proven(d.regencyPlace, month)
	}
	if res, err = tx.Exec(ctx, `UPDATE pangan_households SET reached_at = ? WHERE id = ? AND reached_at IS NULL`, at, d.HouseholdID); err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		dl.reached(d.regencyPlace, month)
	}
	return dl.write(ctx, tx, p.ID)
}
