package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// A household's plots and the aid it was given, on its own page: the
// "Lahan" section lists the plots and takes a new one with its photo in
// the same multipart form (one step on a phone; a bad photo or field
// stores nothing, see pangan.AddPlotWithPhoto), and a photo per plot to
// replace it; the "Bantuan" section lists the deliveries with what each
// still lacks, records one under a form-made Idempotency key (a double
// tap or a resend records one), and takes the proof of each unproven one:
// photos of the handover and of the signed BAST, and the signature drawn
// on the phone (static/signature-pad.js puts it in a hidden field as a PNG
// data URL; without JavaScript the pad stays hidden and the BAST photo is
// the way). Every form asks the service's May… check before its body is read.

// The anchors of the page's two sections (#lahan, #bantuan), where their forms return.
const (
	sectionPlots = "lahan"
	sectionAid   = "bantuan"
)

var (
	plotFields     = []string{"kind", "size_m2", "lat", "lng"}
	deliveryFields = []string{"package_id", "sponsor_id", "phase_id", "delivered_at", "recipient_name", "lat", "lng", "idempotency_key"}
	proofFields    = []string{"recipient_name", "lat", "lng"}
)

// householdView is the household's page with its forms: f in section
// (another form shown again with its errors) and the rest empty.
func (s *server) householdView(r *http.Request, id, hid int64, section string, f Form) (*panganHouseholdPage, error) {
	ctx := r.Context()
	rec, err := s.Pangan.HouseholdRecord(ctx, id, hid)
	if err != nil {
		return nil, err
	}
	prog, err := s.Pangan.Programme(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &panganHouseholdPage{Page: s.page(r, rec.HeadName+" — "+prog.Name), Programme: prog, Record: rec, PlotKinds: pangan.PlotKinds,
		Forms: map[string]Form{}}
	p.Address, _ = region.Place(rec.VillageCode)
	p.Runs = p.Is("admin") || (p.Is("agency") && p.Actor.ProvinceCode == prog.ProvinceCode)
	if p.Plots, err = s.Pangan.HouseholdPlots(ctx, id, hid); err != nil {
		return nil, err
	}
	if p.Aid, err = s.Pangan.HouseholdAid(ctx, id, hid); err != nil {
		return nil, err
	}
	p.Forms[sectionPlots] = NewForm(r)
	p.Forms[sectionPlots].Values["kind"] = pangan.PlotKinds[0]
	delivery := NewForm(r)
	delivery.Values["delivered_at"] = time.Now().In(prog.Location()).Format("2006-01-02T15:04")
	delivery.Values["recipient_name"] = rec.HeadName
	if len(prog.Packages) == 1 {
		delivery.Values["package_id"] = strconv.FormatInt(prog.Packages[0].ID, 10)
	}
	if len(prog.Sponsors) == 1 {
		delivery.Values["sponsor_id"] = strconv.FormatInt(prog.Sponsors[0].ID, 10)
	}
	p.Forms[sectionAid] = delivery
	if section != "" {
		p.Forms[section] = f
	}
	// A new key each time the form is rendered empty; one shown again keeps
	// the key it was sent with (nothing was recorded under it).
	if p.Forms[sectionAid].Values["idempotency_key"] == "" {
		p.Forms[sectionAid].Values["idempotency_key"] = newUUID()
	}
	if proven, err := strconv.ParseInt(r.URL.Query().Get("terbukti"), 10, 64); err == nil {
		for i := range p.Aid {
			if p.Aid[i].ID == proven && p.Aid[i].Proven {
				p.ProvenNow = &p.Aid[i]
			}
		}
	}
	return p, nil
}

// FormOf is the form of a section or of one record's form ("lahan-12",
// "bukti-7"): the one shown again with its errors, else an empty one.
func (p *panganHouseholdPage) FormOf(name string) Form {
	if f, ok := p.Forms[name]; ok {
		return f
	}
	return valuesForm()
}

// PlotPhotoForm and ProofForm name a plot's photo form and a delivery's proof form.
func (p *panganHouseholdPage) PlotPhotoForm(plot int64) Form {
	return p.FormOf(fmt.Sprintf("lahan-%d", plot))
}
func (p *panganHouseholdPage) ProofForm(delivery int64) Form {
	return p.FormOf(fmt.Sprintf("bukti-%d", delivery))
}

// M2 writes a plot's size as the page's language writes decimals.
func (p *panganHouseholdPage) M2(m2 float64) string { return formatM2(p.Lang, m2) }

// Point writes a GPS point with decimal points (as maps and phones read it).
func (p *panganHouseholdPage) Point(lat, lng *float64) string {
	if lat == nil || lng == nil {
		return ""
	}
	return strconv.FormatFloat(*lat, 'f', 5, 64) + ", " + strconv.FormatFloat(*lng, 'f', 5, 64)
}

// PhaseName is the name of a phase of the programme ("" none).
func (p *panganHouseholdPage) PhaseName(id int64) string {
	for _, ph := range p.Programme.Phases {
		if ph.ID == id {
			return ph.Name
		}
	}
	return ""
}

// householdAction runs one of the household page's forms: the service's
// check that the actor works on the household (the agency, an officer of
// its village) comes before the body is read (it may be an upload), then
// the form; done redirects to the page at section (plus the query next
// adds), a mistake shows the page again with the form's errors.
func (s *server) householdAction(section func(r *http.Request) string, fields []string,
	may func(r *http.Request, id, hid int64) error,
	act func(r *http.Request, id, hid int64, f *Form, next url.Values) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		hid, err := pathID(r, "hid")
		if err != nil {
			return err
		}
		if err := s.Pangan.MayWorkOnHousehold(r.Context(), id, hid); err != nil {
			return err
		}
		if may != nil {
			if err := may(r, id, hid); err != nil {
				return err
			}
		}
		if err := parseUpload(r); err != nil {
			if platform.ErrorKind(err) != platform.KindTooLarge {
				return err
			}
			// Too large: said beside the form's photo, the page shown again.
			f := NewForm(r)
			f.SetError(err)
			f.Errors["photo"] = f.Message
			return s.showHousehold(w, r, id, hid, section(r), f)
		}
		f := FormFromRequest(r, fields...)
		sec := section(r)
		page := fmt.Sprintf("/pengelola/pangan/%d/rumah/%d", id, hid)
		done, err := runSection(w, r, page, sec, &f, func(next url.Values) error { return act(r, id, hid, &f, next) })
		if done || err != nil {
			return err
		}
		return s.showHousehold(w, r, id, hid, sec, f)
	}
}

// showHousehold renders the household's page with f in section.
func (s *server) showHousehold(w http.ResponseWriter, r *http.Request, id, hid int64, section string, f Form) error {
	p, err := s.householdView(r, id, hid, section, f)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, f.Status(), "pangan_household", p)
	return nil
}

func fixed(name string) func(*http.Request) string { return func(*http.Request) string { return name } }

// parseCoordinate reads a typed coordinate: a sign, digits, a decimal
// point or comma ("-3,7928"); empty is none.
func parseCoordinate(f *Form, field string) *float64 {
	v := strings.TrimSpace(f.Values[field])
	if v == "" {
		return nil
	}
	x, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil || strings.ContainsAny(v, "eEnNiI") {
		f.Fail(field, "pangan_coordinate_bad")
		return nil
	}
	return &x
}

// panganAddPlot records a plot of the household with the photo sent in the same form, if any.
func (s *server) panganAddPlot(r *http.Request, id, hid int64, f *Form, _ url.Values) error {
	size, ok := parseQuantity(f.Values["size_m2"])
	if !ok {
		f.Fail("size_m2", "pangan_size_bad")
	}
	lat, lng := parseCoordinate(f, "lat"), parseCoordinate(f, "lng")
	if len(f.Errors) > 0 {
		return nil
	}
	var photo io.Reader // none: the plot without a photo
	if file, _, err := r.FormFile("photo"); err == nil {
		defer file.Close()
		photo = file
	}
	_, err := s.Pangan.AddPlotWithPhoto(r.Context(), id, pangan.PlotFields{HouseholdID: hid, Kind: f.Values["kind"], SizeM2: size, Lat: lat, Lng: lng}, photo)
	return err
}

// panganPlotPhoto replaces a plot's photo; the plot must be this household's.
func (s *server) panganPlotPhoto(r *http.Request, id, hid int64, f *Form, _ url.Values) error {
	plot, err := pathID(r, "plot")
	if err != nil {
		return err
	}
	file, err := uploadedPhoto(r)
	if err != nil {
		return err
	}
	defer file.Close()
	_, err = s.Pangan.SetPlotPhoto(r.Context(), id, plot, file)
	return err
}

// mayChangeHouseholdPlot asks the service about the plot of the path before
// its photo is read, and that it is the household's.
func (s *server) mayChangeHouseholdPlot(r *http.Request, id, hid int64) error {
	plot, err := pathID(r, "plot")
	if err != nil {
		return err
	}
	if err := s.Pangan.MayChangePlot(r.Context(), id, plot); err != nil {
		return err
	}
	plots, err := s.Pangan.HouseholdPlots(r.Context(), id, hid)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(plots, func(p pangan.Plot) bool { return p.ID == plot }) {
		return platform.NotFound("Lahan")
	}
	return nil
}

// panganRecordDelivery records a delivery to the household under the
// form's Idempotency key: sent twice, it is recorded once.
func (s *server) panganRecordDelivery(r *http.Request, id, hid int64, f *Form, _ url.Values) error {
	v := f.Values
	prog, err := s.Pangan.Programme(r.Context(), id)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, k := range []string{"package_id", "sponsor_id", "phase_id"} {
		if v[k] == "" {
			continue
		}
		n, err := strconv.ParseInt(v[k], 10, 64)
		if err != nil || n <= 0 {
			f.Fail(k, "pangan_choose_one")
			continue
		}
		ids[k] = n
	}
	if v["package_id"] == "" {
		f.Fail("package_id", "pangan_choose_one")
	}
	if v["sponsor_id"] == "" {
		f.Fail("sponsor_id", "pangan_choose_one")
	}
	at, err := time.ParseInLocation("2006-01-02T15:04", v["delivered_at"], prog.Location())
	if err != nil {
		f.Fail("delivered_at", "pangan_delivered_at_bad")
	}
	lat, lng := parseCoordinate(f, "lat"), parseCoordinate(f, "lng")
	if len(f.Errors) > 0 {
		return nil
	}
	_, err = s.Pangan.RecordDelivery(r.Context(), id, pangan.DeliveryFields{PackageID: ids["package_id"], SponsorID: ids["sponsor_id"],
		PhaseID: ids["phase_id"], HouseholdID: hid, DeliveredAt: at, RecipientName: v["recipient_name"], Lat: lat, Lng: lng}, v["idempotency_key"])
	if err != nil && f.SetError(err) {
		f.moveErrors(map[string]string{"package_code": "package_id"})
		if platform.ErrorKind(err) == platform.KindConflict {
			// This form's key recorded another delivery (a page kept from
			// before): a new key records this one when it is sent again.
			v["idempotency_key"] = newUUID()
		}
		return nil
	}
	return err
}

// Field describes one field of a form that the page shows several of (a
// proof form per delivery): its id is prefixed so that ids stay unique.
func (p *panganHouseholdPage) Field(f Form, prefix, name, label, typ, mode, hint string) map[string]any {
	return map[string]any{"F": f, "ID": prefix + "-" + name, "Name": name, "Label": label, "Type": typ, "Mode": mode, "Hint": hint}
}

// PlotKind names a kind of plot (each key written out for the catalogue's checks).
func (p *panganHouseholdPage) PlotKind(kind string) string {
	switch kind {
	case "pekarangan":
		return i18n.T(p.Lang, "plot_kind_pekarangan")
	case "lahan_sempit":
		return i18n.T(p.Lang, "plot_kind_lahan_sempit")
	case "kolam":
		return i18n.T(p.Lang, "plot_kind_kolam")
	case "kandang":
		return i18n.T(p.Lang, "plot_kind_kandang")
	}
	return kind
}

// MapLink is the address of a GPS point on OpenStreetMap ("" none).
func (p *panganHouseholdPage) MapLink(lat, lng *float64) string {
	if lat == nil || lng == nil {
		return ""
	}
	return fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=18/%.6f/%.6f", *lat, *lng, *lat, *lng)
}

// PointOf describes a form's GPS fields with the "use my location" button.
func (p *panganHouseholdPage) PointOf(f Form, prefix string) map[string]any {
	return map[string]any{"Page": p, "F": f, "Prefix": prefix}
}
