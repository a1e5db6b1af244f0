package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/expo"
	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/media"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/tabular"
	"github.com/gerai-id/gerai/internal/umkm"
)

// The organising agency's pages: create an event, then run it from one
// page (status, booths, exhibitors and applications, business matching,
// visitors, report), each form showing its errors beside its fields.

type expoAgencyListPage struct {
	Page
	Events    []expo.Event
	Form      Form
	Provinces []region.Province
}

func (s *server) expoAgencyList(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	f := NewForm(r)
	f.Values["time_zone"] = "Asia/Jakarta"
	return s.renderExpoAgencyList(w, r, http.StatusOK, f)
}

func (s *server) renderExpoAgencyList(w http.ResponseWriter, r *http.Request, status int, f Form) error {
	events, err := s.Expo.RunEvents(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, status, "expo_agency_list", &expoAgencyListPage{Page: s.pageT(r, "title_agency_expos"), Events: events, Form: f, Provinces: region.Provinces()})
	return nil
}

var eventFormFields = []string{"name", "organiser_province_code", "host_province_code", "city", "venue", "starts_on", "ends_on", "time_zone", "description"}

func (s *server) expoCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return err
	}
	f := FormFromRequest(r, eventFormFields...)
	v := f.Values
	e, err := s.Expo.CreateEvent(r.Context(), expo.EventFields{Name: v["name"], OrganiserProvince: v["organiser_province_code"],
		HostProvince: v["host_province_code"], City: v["city"], Venue: v["venue"], StartsOn: v["starts_on"], EndsOn: v["ends_on"],
		TimeZone: v["time_zone"], Description: v["description"]})
	if err != nil {
		if !f.SetError(err) {
			return err
		}
		return s.renderExpoAgencyList(w, r, f.Status(), f)
	}
	http.Redirect(w, r, fmt.Sprintf("/dinas/expo/%d", e.ID), http.StatusSeeOther)
	return nil
}

type expoManagePage struct {
	Page
	Event      expo.Event
	Dates      string
	Next       []expo.Status
	Exhibitors []expo.Exhibitor
	Booths     []expo.Booth
	Buyers     []expo.MatchingBuyer
	Meetings   []expo.Meeting
	Days       []string
	Visitors   map[string]int64
	Categories []string
	Forms      map[string]Form
	// UMKMChoices are the verified UMKM of the organiser's province the
	// exhibitor form offers (UMKMQuery narrows them; UMKMMore: there are
	// more than shown), Regencies those of its and the host's province.
	UMKMChoices []umkm.UMKM
	UMKMQuery   string
	UMKMMore    bool
	Regencies   []region.Regency
}

// umkmChoiceLimit is how many UMKM the exhibitor form's list offers.
const umkmChoiceLimit = 100

var expoSections = []string{"status", "booths", "exhibitor", "buyer", "meeting", "outcome", "visitors"}

func (s *server) expoManageView(r *http.Request, id int64, section string, f Form) (*expoManagePage, error) {
	if err := requireDesk(r, account.StaffDesk); err != nil {
		return nil, err
	}
	ctx := r.Context()
	e, err := s.Expo.Event(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &expoManagePage{Page: s.pageT(r, "title_expo_manage", e.Name), Event: e, Dates: eventDates(r, e), Days: e.Days(), Categories: umkm.Categories, Forms: map[string]Form{}}
	if p.Buyers, err = s.Expo.Buyers(ctx, id); err != nil { // also checks the actor runs this event
		return nil, err
	}
	if p.Exhibitors, err = s.Expo.Exhibitors(ctx, id); err != nil {
		return nil, err
	}
	p.UMKMQuery = strings.TrimSpace(r.URL.Query().Get("cari_umkm"))
	if len(p.UMKMQuery) > 200 {
		p.UMKMQuery = p.UMKMQuery[:200]
	}
	choices, err := s.UMKM.List(ctx, umkm.Filter{Text: p.UMKMQuery, ProvinceCode: e.OrganiserProvince,
		Status: umkm.StatusVerified, Limit: umkmChoiceLimit})
	if err != nil {
		return nil, err
	}
	p.UMKMChoices, p.UMKMMore = choices.Items, choices.NextCursor != ""
	p.Regencies = region.Regencies(e.OrganiserProvince)
	if e.HostProvince != e.OrganiserProvince {
		p.Regencies = append(p.Regencies, region.Regencies(e.HostProvince)...)
	}
	if p.Booths, err = s.Expo.Booths(ctx, id); err != nil {
		return nil, err
	}
	if p.Meetings, err = s.Expo.Meetings(ctx, id); err != nil {
		return nil, err
	}
	if p.Visitors, err = s.Expo.Visitors(ctx, id); err != nil {
		return nil, err
	}
	p.Next = e.NextStatuses()
	for _, sec := range expoSections {
		p.Forms[sec] = NewForm(r)
	}
	if section != "" {
		p.Forms[section] = f
	}
	if p.Forms["meeting"].Values["minutes"] == "" {
		p.Forms["meeting"].Values["minutes"] = "30"
	}
	return p, nil
}

func (s *server) expoManage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.expoManageView(r, id, "", NewForm(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "expo_manage", p)
	return nil
}

// expoAction runs one of the manage page's forms: the user's mistakes are
// shown beside that form's fields, anything else is an error page.
func (s *server) expoAction(section string, fields []string, act func(r *http.Request, id int64, f *Form) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		// Every form here is the organiser's: ask before reading the body,
		// which may carry a spreadsheet.
		if err := s.Expo.AuthorizeRun(r.Context(), id); err != nil {
			return err
		}
		if err := parseUpload(r); err != nil {
			return err
		}
		f := FormFromRequest(r, fields...)
		err = act(r, id, &f)
		if err == nil && len(f.Errors) == 0 {
			http.Redirect(w, r, fmt.Sprintf("/dinas/expo/%d#%s", id, section), http.StatusSeeOther)
			return nil
		}
		if err != nil && !f.SetError(err) {
			return err
		}
		if f.Message == "" {
			f.MarkInvalid()
		}
		p, verr := s.expoManageView(r, id, section, f)
		if verr != nil {
			return verr
		}
		s.render(w, r, f.Status(), "expo_manage", p)
		return nil
	}
}

// formInt reads a whole number from the form, or puts the message of key beside the field.
func formInt(f *Form, name, key string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(f.Values[name]), 10, 64)
	if err != nil {
		f.Fail(name, key)
	}
	return n
}

func (s *server) expoStatus(r *http.Request, id int64, f *Form) error {
	if f.Values["status"] == "publish" || f.Values["status"] == "unpublish" {
		_, err := s.Expo.PublishReport(r.Context(), id, f.Values["status"] == "publish")
		return err
	}
	// Reopening a finished expo cannot be undone by the cashiers' sales it
	// lets in: the organiser ticks that it means it.
	e, err := s.Expo.Event(r.Context(), id)
	if err != nil {
		return err
	}
	if e.Status == expo.Closed && expo.Status(f.Values["status"]) == expo.Running && f.Values["confirm"] != "1" {
		f.Fail("confirm", "reopen_confirm_missing")
		f.Message = f.Errors["confirm"]
		return nil
	}
	_, err = s.Expo.SetStatus(r.Context(), id, expo.Status(f.Values["status"]))
	return err
}

// boothSheetLimits bound an uploaded booth list: SetBooths takes at most
// 2,000 booths, each a code and a size of up to 20 characters.
var boothSheetLimits = tabular.Limits{MaxFileBytes: media.MaxUploadBytes, MaxUnpackedBytes: 16 << 20, MaxRows: 5000, MaxColumns: 20, MaxCellBytes: 1 << 10}

// expoBooths reads the booth list, one per line: "A-01 3x3" or "A-01,3x3",
// typed or pasted, or from an uploaded CSV or XLSX (code, size; a header
// row is skipped).
func (s *server) expoBooths(r *http.Request, id int64, f *Form) error {
	var list []expo.BoothInput
	if file, hdr, err := r.FormFile("booths_file"); err == nil {
		format := "csv"
		if strings.HasSuffix(strings.ToLower(hdr.Filename), ".xlsx") {
			format = "xlsx"
		}
		sheet, rerr := tabular.Read(file, format, boothSheetLimits)
		file.Close()
		if platform.ErrorKind(rerr) == platform.KindTooLarge {
			f.Errors["booths"] = errText(r, rerr)
			return rerr
		}
		if rerr != nil {
			f.Fail("booths", "booth_file_bad")
			return nil
		}
		for i, line := range sheet {
			row := line.Cells
			if len(row) == 0 || strings.TrimSpace(row[0]) == "" {
				continue
			}
			if first := strings.ToLower(strings.TrimSpace(row[0])); i == 0 && (strings.Contains(first, "kode") || first == "booth" || first == "code") {
				continue // the header row
			}
			b := expo.BoothInput{Code: strings.TrimSpace(row[0])}
			if len(row) > 1 {
				b.Size = strings.TrimSpace(row[1])
			}
			list = append(list, b)
		}
	}
	for _, line := range strings.Split(f.Values["booths"], "\n") {
		fields := strings.FieldsFunc(line, func(c rune) bool { return c == ',' || c == ';' || c == '\t' || c == ' ' })
		if len(fields) == 0 {
			continue
		}
		b := expo.BoothInput{Code: fields[0]}
		if len(fields) > 1 {
			b.Size = fields[1]
		}
		list = append(list, b)
	}
	if len(list) == 0 {
		f.Fail("booths", "booth_list_missing")
		return nil
	}
	_, err := s.Expo.SetBooths(r.Context(), id, list)
	if err != nil && len(errFields(r, err)) > 0 {
		f.SetError(err)
		f.Errors["booths"] = errFields(r, err)[0].Message
		return nil
	}
	return err
}

func (s *server) expoAddExhibitor(r *http.Request, id int64, f *Form) error {
	v := f.Values
	n := expo.NewExhibitor{Kind: v["kind"], Name: v["name"], RegencyCode: v["regency_code"], Category: v["category"], Booth: v["booth"]}
	n.ParentID, _ = strconv.ParseInt(v["parent_id"], 10, 64)
	if n.Kind == expo.KindUMKM {
		n.UMKMID = formInt(f, "umkm_id", "pick_umkm_from_list")
		if len(f.Errors) > 0 {
			return nil
		}
	}
	_, err := s.Expo.AddExhibitor(r.Context(), id, n)
	return err
}

func (s *server) expoDecide(r *http.Request, id int64, f *Form) error {
	x, err := pathID(r, "exhibitor")
	if err != nil {
		return err
	}
	_, err = s.Expo.Decide(r.Context(), id, x, f.Values["approve"] == "1")
	return err
}

func (s *server) expoBoothOf(r *http.Request, id int64, f *Form) error {
	x, err := pathID(r, "exhibitor")
	if err != nil {
		return err
	}
	_, err = s.Expo.AssignBooth(r.Context(), id, x, f.Values["booth"])
	return err
}

func (s *server) expoAddBuyer(r *http.Request, id int64, f *Form) error {
	v := f.Values
	_, err := s.Expo.AddBuyer(r.Context(), id, expo.MatchingBuyer{Name: v["name"], Company: v["company"], Kind: v["kind"],
		Categories: r.Form["categories"], Phone: v["phone"]})
	return err
}

func (s *server) expoSchedule(r *http.Request, id int64, f *Form) error {
	e, err := s.Expo.Event(r.Context(), id)
	if err != nil {
		return err
	}
	buyer := formInt(f, "buyer_id", "pick_buyer")
	exhibitor := formInt(f, "exhibitor_id", "pick_exhibitor")
	minutes := formInt(f, "minutes", "minutes_bad")
	start, perr := time.ParseInLocation("2006-01-02T15:04", f.Values["starts_at"], e.Location())
	if perr != nil {
		f.Fail("starts_at", "starts_at_missing")
	}
	if len(f.Errors) > 0 {
		return nil
	}
	_, err = s.Expo.Schedule(r.Context(), id, buyer, exhibitor, start, start.Add(time.Duration(minutes)*time.Minute))
	return err
}

func (s *server) expoOutcome(r *http.Request, id int64, f *Form) error {
	m, err := pathID(r, "meeting")
	if err != nil {
		return err
	}
	value, ok := idn.ParseRupiah(cmpOr(f.Values["value"], "0"))
	if !ok {
		f.Fail("value", "deal_value_bad")
		return nil
	}
	_, err = s.Expo.RecordOutcome(r.Context(), id, m, f.Values["outcome"], value, f.Values["notes"])
	return err
}

func (s *server) expoVisitors(r *http.Request, id int64, f *Form) error {
	n := formInt(f, "visitors", "visitors_bad")
	if len(f.Errors) > 0 {
		return nil
	}
	return s.Expo.SetVisitors(r.Context(), id, f.Values["day"], n)
}
