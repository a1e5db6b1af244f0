package pangan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Kinds of plot: a yard, a small plot, a fish pond, a pen.
var PlotKinds = []string{"pekarangan", "lahan_sempit", "kolam", "kandang"}

// MaxPlotM2 bounds a plot's size: 10 hectares, far above any yard or
// group's demonstration plot, so a typo in the unit is caught.
const MaxPlotM2 = 100_000

// Indonesia's bounds for a GPS point (Rote to Weh, Sabang to Merauke, with a margin).
const (
	minLat, maxLat = -11.0, 6.0
	minLng, maxLng = 95.0, 141.0
)

// Plot is a household's or a group's yard, small plot, pond or pen.
type Plot struct {
	ID          int64      `json:"id"`
	ProgrammeID int64      `json:"programme_id"`
	HouseholdID int64      `json:"household_id,omitempty"`
	GroupID     int64      `json:"group_id,omitempty"`
	Kind        string     `json:"kind" enum:"pekarangan,lahan_sempit,kolam,kandang"`
	SizeM2      float64    `json:"size_m2"`
	VillageCode string     `json:"village_code"`
	PhotoKey    string     `json:"photo_key,omitempty" doc:"The stored photo (large variant); its thumbnail is thumb.jpg beside it"`
	Lat         *float64   `json:"lat,omitempty"`
	Lng         *float64   `json:"lng,omitempty"`
	LastAliveAt *time.Time `json:"last_alive_at,omitempty" doc:"The last visit that found something alive on it"`
	CreatedAt   time.Time  `json:"created_at"`
}

// PlotFields is a plot as the agency or the village's officer records it.
type PlotFields struct {
	HouseholdID int64 // one of the two
	GroupID     int64
	Kind        string
	SizeM2      float64
	Lat, Lng    *float64
}

const plotColumns = `id, programme_id, COALESCE(household_id, 0), COALESCE(group_id, 0), kind, size_m2, village_code, photo_key, lat, lng, last_alive_at, created_at`

func scanPlot(r sqldb.Scanner) (p Plot, err error) {
	var lat, lng sql.NullFloat64
	var alive sql.NullTime
	err = r.Scan(&p.ID, &p.ProgrammeID, &p.HouseholdID, &p.GroupID, &p.Kind, &p.SizeM2, &p.VillageCode, &p.PhotoKey, &lat, &lng, &alive, &p.CreatedAt)
	if lat.Valid && lng.Valid {
		p.Lat, p.Lng = &lat.Float64, &lng.Float64
	}
	if alive.Valid {
		p.LastAliveAt = &alive.Time
	}
	return p, err
}

// checkPoint checks an optional GPS point: both or neither, inside Indonesia.
func checkPoint(val *platform.Validation, lat, lng *float64) {
	if lat == nil && lng == nil {
		return
	}
	val.Check(lat != nil && !math.IsNaN(*lat) && *lat >= minLat && *lat <= maxLat, "lat", "Lintang harus di wilayah Indonesia (−11 sampai 6)")
	val.Check(lng != nil && !math.IsNaN(*lng) && *lng >= minLng && *lng <= maxLng, "lng", "Bujur harus di wilayah Indonesia (95 sampai 141)")
}

// owner is where a plot or a delivery belongs: a household or a group, and its village.
type owner struct {
	household Household
	group     FoodGroup
	village   string
}

// ownerOf finds a household or a group of the programme (exactly one of
// the ids) and authorises the actor on its village (the agency, or an
// officer of that village); one that is not the programme's is a field
// error to those who work in the programme and refused to anyone else.
func (s *Service) ownerOf(ctx context.Context, p Programme, householdID, groupID int64) (owner, error) {
	var o owner
	if (householdID == 0) == (groupID == 0) {
		if ok, err := s.worksIn(ctx, p); err != nil || !ok {
			return o, cmpErr(err, platform.Forbidden())
		}
		return o, platform.Invalid("household_id", "Isi rumah tangga atau kelompok (salah satu)")
	}
	var err error
	field := "household_id"
	if householdID != 0 {
		o.household, err = s.householdOf(ctx, p.ID, householdID)
		o.village = o.household.VillageCode
	} else {
		field = "group_id"
		o.group, err = s.group(ctx, s.db.Reader(), p.ID, groupID)
		o.village = o.group.VillageCode
	}
	if errors.Is(err, errNoHousehold) || platform.ErrorKind(err) == platform.KindNotFound {
		if ok, err := s.worksIn(ctx, p); err != nil || !ok {
			return o, cmpErr(err, platform.Forbidden())
		}
		if field == "group_id" {
			return o, platform.Invalid(field, "Kelompok tidak ada di program ini")
		}
		return o, platform.Invalid(field, "Rumah tangga tidak ada di program ini")
	}
	if err != nil {
		return o, err
	}
	return o, s.mayWorkOn(ctx, p, o.village)
}

// cmpErr is err when there is one, else fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// AddPlot records a household's or a group's plot: the agency, or an
// officer of its village. Size more than 0 up to 100,000 m²; the GPS
// point, when given, inside Indonesia.
func (s *Service) AddPlot(ctx context.Context, programmeID int64, f PlotFields) (Plot, error) {
	return s.AddPlotWithPhoto(ctx, programmeID, f, nil)
}

// AddPlotWithPhoto is AddPlot with the plot's photo (nil: none) taken in
// the same step, as a phone's form sends both: the photo is stored first
// and the plot written with it, so a bad photo (its error on "photo")
// leaves no plot behind and a bad field stores no photo.
func (s *Service) AddPlotWithPhoto(ctx context.Context, programmeID int64, f PlotFields, photo io.Reader) (Plot, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Plot{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Plot{}, err
	}
	o, err := s.ownerOf(ctx, p, f.HouseholdID, f.GroupID)
	if err != nil {
		return Plot{}, err
	}
	var val platform.Validation
	val.Check(slices.Contains(PlotKinds, f.Kind), "kind", "Jenis lahan harus pekarangan, lahan_sempit, kolam, atau kandang")
	val.Check(!math.IsNaN(f.SizeM2) && f.SizeM2 > 0 && f.SizeM2 <= MaxPlotM2, "size_m2", "Luas lahan harus lebih dari 0 dan paling banyak 100.000 m²")
	checkPoint(&val, f.Lat, f.Lng)
	if err := val.Err(); err != nil {
		return Plot{}, err
	}
	var household, group any
	if f.HouseholdID != 0 {
		household = f.HouseholdID
	} else {
		group = f.GroupID
	}
	var lat, lng any
	if f.Lat != nil {
		lat, lng = *f.Lat, *f.Lng
	}
	photoKey := ""
	if photo != nil {
		keys, err := s.saveImage(ctx, fmt.Sprintf("pangan/%d/plots/new-%s", p.ID, media.NewKey()), photo, "photo")
		if err != nil {
			return Plot{}, err
		}
		photoKey = keys["large"]
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO pangan_plots (programme_id, household_id, group_id, kind, size_m2, village_code, lat, lng, photo_key, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.ID, household, group, f.Kind, f.SizeM2, o.village, lat, lng, photoKey, s.now().UTC()).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "add_plot", "pangan_plot", id, nil, map[string]any{"programme_id": p.ID, "household_id": f.HouseholdID,
			"group_id": f.GroupID, "kind": f.Kind, "size_m2": f.SizeM2, "photo_key": photoKey})
	})
	if err != nil {
		s.forget(ctx, photoKey)
		return Plot{}, err
	}
	return s.plot(ctx, s.db.Reader(), p.ID, id)
}

func (s *Service) plot(ctx context.Context, q sqldb.Querier, programmeID, id int64) (Plot, error) {
	pl, err := scanPlot(q.QueryRow(ctx, `SELECT `+plotColumns+` FROM pangan_plots WHERE programme_id = ? AND id = ?`, programmeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return pl, platform.NotFound("Lahan")
	}
	return pl, err
}

// MayChangePlot authorises changing a plot (its photo): the agency, or an
// officer of the plot's village. Upload handlers ask it before reading the body.
func (s *Service) MayChangePlot(ctx context.Context, programmeID, plotID int64) (Owner, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Owner{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return Owner{}, err
	}
	pl, err := s.plot(ctx, s.db.Reader(), p.ID, plotID)
	if err != nil {
		if ok, werr := s.worksIn(ctx, p); werr != nil || !ok {
			return Owner{}, cmpErr(werr, platform.Forbidden())
		}
		return Owner{}, err
	}
	return Owner{HouseholdID: pl.HouseholdID, GroupID: pl.GroupID}, s.mayWorkOn(ctx, p, pl.VillageCode)
}

// Owner is whose a plot or a delivery is: a household's or a group's.
type Owner struct{ HouseholdID, GroupID int64 }

// SetPlotPhoto stores a plot's photo through the media pipeline (JPEG,
// PNG, GIF or WebP up to 10 MB, resized), replacing the one it had.
func (s *Service) SetPlotPhoto(ctx context.Context, programmeID, plotID int64, r io.Reader) (Plot, error) {
	if _, err := s.MayChangePlot(ctx, programmeID, plotID); err != nil {
		return Plot{}, err
	}
	before, err := s.plot(ctx, s.db.Reader(), programmeID, plotID)
	if err != nil {
		return Plot{}, err
	}
	keys, err := s.saveImage(ctx, fmt.Sprintf("pangan/%d/plots/%d/%s", programmeID, plotID, media.NewKey()), r, "photo")
	if err != nil {
		return Plot{}, err
	}
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE pangan_plots SET photo_key = ? WHERE id = ?`, keys["large"], plotID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "set_plot_photo", "pangan_plot", plotID, nil, map[string]any{"photo_key": keys["large"]})
	})
	if err != nil {
		s.forget(ctx, keys["large"])
		return Plot{}, err
	}
	s.forget(ctx, before.PhotoKey)
	return s.plot(ctx, s.db.Reader(), programmeID, plotID)
}

// saveImage stores an uploaded image's variants under prefix; its errors
// are the uploader's, on field.
func (s *Service) saveImage(ctx context.Context, prefix string, r io.Reader, field string) (map[string]string, error) {
	if s.Media == nil {
		return nil, platform.Invalid(field, "Penyimpanan foto belum disiapkan di server ini")
	}
	keys, err := media.Save(ctx, s.Media, prefix, r, media.MaxUploadBytes)
	if err != nil {
		err = media.UserError(err)
		var e *platform.Error
		if errors.As(err, &e) && field != "photo" {
			for i := range e.Fields {
				e.Fields[i].Field = field
			}
		}
		return nil, err
	}
	return keys, nil
}

// forget deletes a stored image's variants (best effort: an orphan file is
// harmless, a failed request is not).
func (s *Service) forget(ctx context.Context, largeKey string) {
	if largeKey == "" || s.Media == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	_ = s.Media.Delete(ctx, largeKey)
	if len(largeKey) > len("large.jpg") {
		_ = s.Media.Delete(ctx, largeKey[:len(largeKey)-len("large.jpg")]+"thumb.jpg")
	}
}

// HouseholdPlots are a household's plots, to the agency and the officers
// of its village (the visit form lists each plot's status from them).
func (s *Service) HouseholdPlots(ctx context.Context, programmeID, householdID int64) ([]Plot, error) {
	p, err := s.householdOpen(ctx, programmeID, householdID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+plotColumns+` FROM pangan_plots WHERE programme_id = ? AND household_id = ? ORDER BY id`, p.ID, householdID)
	return sqldb.Collect(rows, err, scanPlot)
}

// GroupPlots are a group's own plots (a KWT's demonstration plot, its
// pond), to those who may open the group: the agency and the officers of
// its village (MayWorkOnGroup).
func (s *Service) GroupPlots(ctx context.Context, programmeID, groupID int64) ([]Plot, error) {
	p, g, err := s.workableGroup(ctx, programmeID, groupID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+plotColumns+` FROM pangan_plots WHERE programme_id = ? AND group_id = ? ORDER BY id`, p.ID, g.ID)
	return sqldb.Collect(rows, err, scanPlot)
}

// householdOpen loads the programme of a household the actor may read
// the records of (the agency and the officers of its village): the first
// step of a household's plots and aid.
func (s *Service) householdOpen(ctx context.Context, programmeID, householdID int64) (Programme, error) {
	if platform.ActorFrom(ctx).Anonymous() {
		return Programme{}, platform.Unauthorized()
	}
	p, err := s.Programme(ctx, programmeID)
	if err != nil {
		return p, err
	}
	if _, err := s.ownerOf(ctx, p, householdID, 0); err != nil {
		if platform.ErrorKind(err) == platform.KindInvalid {
			return p, platform.NotFound("Rumah tangga")
		}
		return p, err
	}
	return p, nil
}
