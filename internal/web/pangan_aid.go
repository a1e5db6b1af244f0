package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/i18n"
	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
)

// A household's or a group's plots and the aid it was given, on its own
// page (the sections are templates/partials/pangan_aid.html): the "Lahan"
// section lists the plots and takes a new one with its photo in the same
// multipart form (one step on a phone; a bad photo or field stores
// nothing, see pangan.AddPlotWithPhoto), and a photo per plot to replace
// it; the "Bantuan" section lists the deliveries with what each still
// lacks, records one under a form-made Idempotency key (a double tap or a
// resend records one), and takes the proof of each unproven one: photos
// of the handover and of the signed BAST, and the signature drawn on the
// phone (static/pangan-aid.js puts it in a hidden field as a PNG data URL;
// without JavaScript the pad stays hidden and the BAST photo is the way).
// Every form asks the service's May… check before its body is read.

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

// aidOwner is whose plots and aid a page shows and records: a household
// (the path's {hid}) or a group (its {gid}).
type aidOwner struct {
	group bool
	id    int64
}

// is reports whether the service's owner of a record is this one.
func (o aidOwner) is(owner pangan.Owner) bool {
	if o.group {
		return owner.GroupID == o.id
	}
	return owner.HouseholdID == o.id
}

// ownerPath reads the owner from the path of a household's or a group's route.
func ownerPath(r *http.Request, group bool) (aidOwner, error) {
	name := "hid"
	if group {
		name = "gid"
	}
	id, err := pathID(r, name)
	return aidOwner{group: group, id: id}, err
}

// page is the owner's page, where its forms return.
func (o aidOwner) page(programmeID int64) string {
	if o.group {
		return groupURL(programmeID, o.id)
	}
	return fmt.Sprintf("/pengelola/pangan/%d/rumah/%d", programmeID, o.id)
}

// fields name the owner as the service's records do (one of the two ids).
func (o aidOwner) householdID() int64 {
	if o.group {
		return 0
	}
	return o.id
}
func (o aidOwner) groupID() int64 {
	if o.group {
		return o.id
	}
	return 0
}

// mayWorkOnOwner is the service's check that the actor records for the
// owner (the agency, an officer of its village).
func (s *server) mayWorkOnOwner(r *http.Request, id int64, o aidOwner) error {
	if o.group {
		return s.Pangan.MayWorkOnGroup(r.Context(), id, o.id)
	}
	return s.Pangan.MayWorkOnHousehold(r.Context(), id, o.id)
}

func (s *server) ownerPlots(r *http.Request, id int64, o aidOwner) ([]pangan.Plot, error) {
	if o.group {
		return s.Pangan.GroupPlots(r.Context(), id, o.id)
	}
	return s.Pangan.HouseholdPlots(r.Context(), id, o.id)
}

func (s *server) ownerAid(r *http.Request, id int64, o aidOwner) ([]pangan.Delivery, error) {
	if o.group {
		return s.Pangan.GroupAid(r.Context(), id, o.id)
	}
	return s.Pangan.HouseholdAid(r.Context(), id, o.id)
}

// panganAidPage is what a household's and a group's pages share: the
// programme, the "Lahan" and "Bantuan" sections and the forms of the page
// by section ("lahan", "bantuan", the page's own) or record ("lahan-12",
// "bukti-7").
type panganAidPage struct {
	Page
	Programme pangan.Programme
	// Base is the owner's page, where the sections' forms post.
	Base string
	// ForGroup: the owner is a group (its proven aid reaches no household).
	ForGroup  bool
	Plots     []pangan.Plot
	Aid       []pangan.Delivery
	PlotKinds []string
	Forms     map[string]Form
	// ProvenNow is the delivery whose proof just completed (?terbukti=).
	ProvenNow *pangan.Delivery
}

// newAidPage starts an owner's page: its plots, its aid and the sections'
// empty forms (the delivery's recipient is recipient); the page's own
// forms go in Forms before finishForms puts the one shown again.
func (s *server) newAidPage(r *http.Request, title string, prog pangan.Programme, o aidOwner, recipient string) (panganAidPage, error) {
	p := panganAidPage{Page: s.page(r, title), Programme: prog, Base: o.page(prog.ID), ForGroup: o.group, PlotKinds: pangan.PlotKinds, Forms: map[string]Form{}}
	var err error
	if p.Plots, err = s.ownerPlots(r, prog.ID, o); err != nil {
		return p, err
	}
	if p.Aid, err = s.ownerAid(r, prog.ID, o); err != nil {
		return p, err
	}
	p.Forms[sectionPlots] = NewForm(r)
	p.Forms[sectionPlots].Values["kind"] = pangan.PlotKinds[0]
	delivery := NewForm(r)
	delivery.Values["delivered_at"] = time.Now().In(prog.Location()).Format("2006-01-02T15:04")
	delivery.Values["recipient_name"] = recipient
	if len(prog.Packages) == 1 {
		delivery.Values["package_id"] = strconv.FormatInt(prog.Packages[0].ID, 10)
	}
	if len(prog.Sponsors) == 1 {
		delivery.Values["sponsor_id"] = strconv.FormatInt(prog.Sponsors[0].ID, 10)
	}
	p.Forms[sectionAid] = delivery
	if proven, err := strconv.ParseInt(r.URL.Query().Get("terbukti"), 10, 64); err == nil {
		for i := range p.Aid {
			if p.Aid[i].ID == proven && p.Aid[i].Proven {
				p.ProvenNow = &p.Aid[i]
			}
		}
	}
	return p, nil
}

// finishForms puts f in section (a form shown again with its errors) and
// gives the delivery form its key: a new one each time the form is
// rendered empty; one shown again keeps the key it was sent with (nothing
// was recorded under it).
func (p *panganAidPage) finishForms(section string, f Form) {
	if section != "" {
		p.Forms[section] = f
	}
	if p.Forms[sectionAid].Values["idempotency_key"] == "" {
		p.Forms[sectionAid].Values["idempotency_key"] = newUUID()
	}
}

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
	aid, err := s.newAidPage(r, rec.HeadName+" — "+prog.Name, prog, aidOwner{id: hid}, rec.HeadName)
	if err != nil {
		return nil, err
	}
	p := &panganHouseholdPage{panganAidPage: aid, Record: rec}
	p.Address, _ = region.Place(rec.VillageCode)
	p.Runs = p.Is("admin") || (p.Is("agency") && p.Actor.ProvinceCode == prog.ProvinceCode)
	p.finishForms(section, f)
	return p, nil
}

// FormOf is the form of a section or of one record's form ("lahan-12",
// "bukti-7"): the one shown again with its errors, else an empty one.
func (p *panganAidPage) FormOf(name string) Form {
	if f, ok := p.Forms[name]; ok {
		return f
	}
	return valuesForm()
}

// PlotPhotoForm and ProofForm name a plot's photo form and a delivery's proof form.
func (p *panganAidPage) PlotPhotoForm(plot int64) Form {
	return p.FormOf(fmt.Sprintf("lahan-%d", plot))
}
func (p *panganAidPage) ProofForm(delivery int64) Form {
	return p.FormOf(fmt.Sprintf("bukti-%d", delivery))
}

// M2 writes a plot's size as the page's language writes decimals.
func (p *panganAidPage) M2(m2 float64) string { return formatM2(p.Lang, m2) }

// Point writes a GPS point with decimal points (as maps and phones read it).
func (p *panganAidPage) Point(lat, lng *float64) string {
	if lat == nil || lng == nil {
		return ""
	}
	return strconv.FormatFloat(*lat, 'f', 5, 64) + ", " + strconv.FormatFloat(*lng, 'f', 5, 64)
}

// PhaseName is the name of a phase of the programme ("" none).
func (p *panganAidPage) PhaseName(id int64) string {
	for _, ph := range p.Programme.Phases {
		if ph.ID == id {
			return ph.Name
		}
	}
	return ""
}

// ownerAction runs one of the "Lahan" and "Bantuan" forms of a
// household's or a group's page: the service's check that the actor works
// on the owner (the agency, an officer of its village) and may's on the
// path's record come before the body is read (it may be an upload), then
// the form; done redirects to the page at section (plus the query next
// adds), a mistake shows the page again with the form's errors.
func (s *server) ownerAction(group bool, section func(r *http.Request) string, fields []string,
	may func(r *http.Request, id int64, o aidOwner) error,
	act func(r *http.Request, id int64, o aidOwner, f *Form, next url.Values) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		o, err := ownerPath(r, group)
		if err != nil {
			return err
		}
		if err := s.mayWorkOnOwner(r, id, o); err != nil {
			return err
		}
		if may != nil {
			if err := may(r, id, o); err != nil {
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
			return s.showOwner(w, r, id, o, section(r), f)
		}
		f := FormFromRequest(r, fields...)
		sec := section(r)
		done, err := runSection(w, r, o.page(id), sec, &f, func(next url.Values) error { return act(r, id, o, &f, next) })
		if done || err != nil {
			return err
		}
		return s.showOwner(w, r, id, o, sec, f)
	}
}

// showOwner renders the owner's page with f in section.
func (s *server) showOwner(w http.ResponseWriter, r *http.Request, id int64, o aidOwner, section string, f Form) error {
	var p any
	var err error
	name := "pangan_household"
	if o.group {
		name = "pangan_group"
		p, err = s.panganGroupView(r, id, o.id, section, f)
	} else {
		p, err = s.householdView(r, id, o.id, section, f)
	}
	if err != nil {
		return err
	}
	// The household's page has the whole NIK, a group's its members: no cache may keep them.
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, f.Status(), name, p)
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

// panganAddPlot records a plot of the owner with the photo sent in the same form, if any.
func (s *server) panganAddPlot(r *http.Request, id int64, o aidOwner, f *Form, _ url.Values) error {
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
	_, err := s.Pangan.AddPlotWithPhoto(r.Context(), id, pangan.PlotFields{HouseholdID: o.householdID(), GroupID: o.groupID(), Kind: f.Values["kind"], SizeM2: size, Lat: lat, Lng: lng}, photo)
	return err
}

// panganPlotPhoto replaces a plot's photo (mayChangeOwnerPlot checked it is the owner's).
func (s *server) panganPlotPhoto(r *http.Request, id int64, _ aidOwner, f *Form, _ url.Values) error {
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

// mayChangeOwnerPlot asks the service about the plot of the path before
// its photo is read, and that it is the owner's.
func (s *server) mayChangeOwnerPlot(r *http.Request, id int64, o aidOwner) error {
	plot, err := pathID(r, "plot")
	if err != nil {
		return err
	}
	owner, err := s.Pangan.MayChangePlot(r.Context(), id, plot)
	if err != nil {
		return err
	}
	if !o.is(owner) {
		return platform.NotFound("Lahan")
	}
	return nil
}

// panganRecordDelivery records a delivery to the owner under the form's
// Idempotency key: sent twice, it is recorded once.
func (s *server) panganRecordDelivery(r *http.Request, id int64, o aidOwner, f *Form, _ url.Values) error {
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
		PhaseID: ids["phase_id"], HouseholdID: o.householdID(), GroupID: o.groupID(), DeliveredAt: at, RecipientName: v["recipient_name"], Lat: lat, Lng: lng}, v["idempotency_key"])
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
func (p *panganAidPage) Field(f Form, prefix, name, label, typ, mode, hint string) map[string]any {
	return map[string]any{"F": f, "ID": prefix + "-" + name, "Name": name, "Label": label, "Type": typ, "Mode": mode, "Hint": hint}
}

// PlotKind names a kind of plot (each key written out for the catalogue's checks).
func (p *panganAidPage) PlotKind(kind string) string {
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
func (p *panganAidPage) MapLink(lat, lng *float64) string {
	if lat == nil || lng == nil {
		return ""
	}
	return fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=18/%.6f/%.6f", *lat, *lng, *lat, *lng)
}

// PointOf describes a form's GPS fields with the "use my location" button.
func (p *panganAidPage) PointOf(f Form, prefix string) map[string]any {
	return map[string]any{"Page": p, "F": f, "Prefix": prefix}
}
