package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/pangan"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/tabular"
)

// A food programme's sponsors (issue 12: "the sponsor sees only its own
// aid and the results on it"): the agency page's "Penyandang dana"
// section, with who reads each sponsor's report and the form to give an
// account that view; the sponsor's report page with its deliveries as a
// CSV, masked for every reader (pangan.SponsorReport says why); and the
// sponsor staff's way in, "Bantuan saya" on /pangan.

// sponsorFields are the staff form's fields (the officer form on the
// same page has its own email field).
var sponsorFields = []string{"sponsor_id", "sponsor_email"}

// sponsorRow is a sponsor on the agency page with the accounts reading its report.
type sponsorRow struct {
	pangan.Sponsor
	Staff []string
}

// panganManageSponsors fills the agency page's sponsor section.
func (s *server) panganManageSponsors(r *http.Request, p *panganManagePage) error {
	staff, err := s.Pangan.SponsorStaffOf(r.Context(), p.Programme.ID)
	if err != nil {
		return err
	}
	for _, sp := range p.Programme.Sponsors {
		row := sponsorRow{Sponsor: sp}
		for _, st := range staff {
			if st.SponsorID == sp.ID {
				row.Staff = append(row.Staff, st.Name)
			}
		}
		p.Sponsors = append(p.Sponsors, row)
	}
	if added, err := strconv.ParseInt(r.URL.Query().Get("sponsor_baru"), 10, 64); err == nil {
		for _, st := range staff {
			if st.UserID == added {
				p.AddedStaff = st.Name
			}
		}
	}
	return nil
}

func (s *server) panganAddSponsorStaff(r *http.Request, id int64, f *Form, next url.Values) error {
	sid, err := strconv.ParseInt(f.Values["sponsor_id"], 10, 64)
	if err != nil || sid <= 0 {
		f.Fail("sponsor_id", "pangan_sponsor_pick")
	}
	if strings.TrimSpace(f.Values["sponsor_email"]) == "" {
		f.Fail("sponsor_email", "pangan_sponsor_email_missing")
	}
	if len(f.Errors) > 0 {
		return nil
	}
	st, err := s.Pangan.AddSponsorStaff(r.Context(), id, sid, f.Values["sponsor_email"])
	if err != nil {
		if f.SetError(err) {
			f.moveErrors(map[string]string{"email": "sponsor_email"})
			return nil
		}
		return err
	}
	next.Set("sponsor_baru", strconv.FormatInt(st.UserID, 10))
	return nil
}

type panganSponsorPage struct {
	Page
	Programme pangan.Programme
	Report    pangan.SponsorReport
	CSV       string
	// Runs: the agency reads it (a link back to its programme page).
	Runs bool
}

func sponsorURL(programmeID, sponsorID int64) string {
	return fmt.Sprintf("/pangan/%d/sponsor/%d", programmeID, sponsorID)
}

// SponsorURL is a sponsor's report page, for the templates.
func (p Page) SponsorURL(programmeID, sponsorID int64) string {
	return sponsorURL(programmeID, sponsorID)
}

func sponsorPath(r *http.Request) (id, sid int64, err error) {
	if id, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	sid, err = pathID(r, "sid")
	return id, sid, err
}

// panganSponsor is a sponsor's report: its results, each item's survival
// and its latest deliveries, initials only. Its staff, the programme's
// agency and an admin; anyone else is refused by the service.
func (s *server) panganSponsor(w http.ResponseWriter, r *http.Request) error {
	id, sid, err := sponsorPath(r)
	if err != nil {
		return err
	}
	rep, err := s.Pangan.SponsorReport(r.Context(), id, sid)
	if err != nil {
		return err
	}
	prog, err := s.Pangan.Programme(r.Context(), id)
	if err != nil {
		return err
	}
	p := &panganSponsorPage{Page: s.pageT(r, "title_pangan_sponsor", rep.Sponsor.Name, prog.Name), Programme: prog, Report: rep,
		CSV: sponsorURL(id, sid) + "/penyerahan.csv"}
	p.Runs = p.Is("admin") || (p.Is("agency") && p.Actor.ProvinceCode == prog.ProvinceCode)
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, http.StatusOK, "pangan_sponsor", p)
	return nil
}

// sponsorCSVHeader names the columns of a sponsor's delivery list, in
// Indonesian like the agency's handover register (bast.go) whose rows
// they match by number, village and date.
var sponsorCSVHeader = []any{"nomor_bast", "tanggal_serah_terima", "paket", "rincian_barang", "penerima_inisial", "jenis_penerima",
	"penerima_di_lapangan_inisial", "kode_desa", "desa_kelurahan", "kecamatan", "kabupaten_kota", "foto_penyerahan", "tanda_tangan",
	"foto_bast", "status_bukti"}

// panganSponsorCSV is every delivery of the sponsor, masked as on its page.
func (s *server) panganSponsorCSV(w http.ResponseWriter, r *http.Request) error {
	id, sid, err := sponsorPath(r)
	if err != nil {
		return err
	}
	prog, err := s.Pangan.Programme(r.Context(), id)
	if err != nil {
		return err
	}
	yes := func(b bool) string {
		if b {
			return "ya"
		}
		return "tidak"
	}
	var cw *tabular.CSVWriter
	err = s.Pangan.SponsorDeliveries(r.Context(), id, sid, func(d pangan.Delivery) error {
		if cw == nil { // the first row: the reader may read it, the file starts
			startSponsorCSV(w, id, sid)
			cw = tabular.NewCSVWriter(w, false)
			cw.Row(sponsorCSVHeader...)
		}
		var items []string
		for _, it := range d.Items {
			items = append(items, fmt.Sprintf("%s × %d %s", it.Name, it.Quantity, it.Unit))
		}
		kind := "kelompok"
		if d.HouseholdID != 0 {
			kind = "rumah_tangga"
		}
		a, _ := region.Place(d.VillageCode)
		cw.Row(d.Number, d.DeliveredAt.In(prog.Location()).Format("2006-01-02"), d.PackageName, strings.Join(items, "; "), d.HeadName, kind,
			d.RecipientName, d.VillageCode, a.Village.Name, a.District.Name, a.Regency.Name, yes(d.HasPhoto), yes(d.HasSignature), yes(d.HasBAST), d.Status)
		return nil
	})
	if err != nil {
		if cw == nil {
			return err
		}
		s.Log.Error("sponsor deliveries CSV", "programme", id, "sponsor", sid, "err", err)
		return nil
	}
	if cw == nil { // no delivery yet: the header alone
		startSponsorCSV(w, id, sid)
		cw = tabular.NewCSVWriter(w, false)
		cw.Row(sponsorCSVHeader...)
	}
	return cw.Flush()
}

func startSponsorCSV(w http.ResponseWriter, id, sid int64) {
	w.Header().Set("Cache-Control", "private, no-store")
	attachment(w, fmt.Sprintf("bantuan-%d-penyandang-%d", id, sid), "csv")
}
