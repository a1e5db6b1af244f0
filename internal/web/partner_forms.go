package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gerai-id/gerai/internal/idn"
	"github.com/gerai-id/gerai/internal/partner"
)

// The desk's forms (routes in routes.go, run by partnerAction): lend to a
// fostered UMKM, import repayments from a spreadsheet, record a stage
// reached, add a training, record its attendance. Each is the partner's
// staff's alone (the policy's ManageLoans and FosterUMKM).

var (
	loanFields       = []string{"umkm_id", "principal", "tenor_months", "start_on", "idempotency_key"}
	stageFields      = []string{"stage_id", "umkm_id", "reached_on"}
	trainingFields   = []string{"title", "held_on", "place"}
	attendanceFields = []string{"training_id"}
)

// formID reads a record id chosen in a select; 0 when none is.
func formID(f *Form, name string) int64 {
	n, err := strconv.ParseInt(f.Values[name], 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// partnerLend lends to a fostered UMKM; the form's idempotency key makes
// a second press, or a resend, lend once.
func (s *server) partnerLend(r *http.Request, id int64, f *Form, _ url.Values) error {
	principal, ok := idn.ParseRupiah(f.Values["principal"])
	if !ok {
		f.Fail("principal", "amount_invalid")
	}
	tenor, err := strconv.Atoi(f.Values["tenor_months"])
	if err != nil {
		f.Fail("tenor_months", "partner_tenor_invalid")
	}
	if len(f.Errors) > 0 {
		return nil
	}
	l, err := s.Partners.CreateLoan(r.Context(), id, partner.LoanFields{UMKMID: formID(f, "umkm_id"), Principal: principal,
		TenorMonths: tenor, StartOn: f.Values["start_on"]}, f.Values["idempotency_key"])
	if err == nil {
		f.Values["loan"] = strconv.FormatInt(l.ID, 10)
	}
	return err
}

// partnerImport records repayments from an uploaded XLSX or CSV: all rows
// or none, the refused rows listed above the form.
func (s *server) partnerImport(r *http.Request, id int64, f *Form, next url.Values) error {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.Fail("file", "partner_import_file_missing")
		return nil
	}
	defer file.Close()
	format := "xlsx"
	if strings.HasSuffix(strings.ToLower(hdr.Filename), ".csv") {
		format = "csv"
	}
	res, err := s.Partners.ImportRepayments(r.Context(), id, file, format)
	if err != nil {
		return err
	}
	next.Set("dicatat", strconv.Itoa(res.Recorded))
	next.Set("ulang", strconv.Itoa(res.Replayed))
	return nil
}

func (s *server) partnerStage(r *http.Request, id int64, f *Form, _ url.Values) error {
	if formID(f, "stage_id") == 0 {
		f.Fail("stage_id", "partner_stage_missing")
		return nil
	}
	return s.Partners.RecordStage(r.Context(), id, formID(f, "stage_id"), formID(f, "umkm_id"), f.Values["reached_on"])
}

func (s *server) partnerTraining(r *http.Request, id int64, f *Form, _ url.Values) error {
	_, err := s.Partners.CreateTraining(r.Context(), id, f.Values["title"], f.Values["held_on"], f.Values["place"])
	return err
}

// partnerAttendance records the ticked UMKM as having attended.
func (s *server) partnerAttendance(r *http.Request, id int64, f *Form, _ url.Values) error {
	training, err := pathID(r, "training")
	if err != nil {
		return err
	}
	f.Values["training_id"] = strconv.FormatInt(training, 10)
	var ids []int64
	for _, v := range r.PostForm["umkm_ids"] {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 {
			f.Fail("umkm_ids", "partner_attendance_missing")
			return nil
		}
		ids = append(ids, n)
	}
	if len(ids) == 0 {
		f.Fail("umkm_ids", "partner_attendance_missing")
		return nil
	}
	return s.Partners.RecordAttendance(r.Context(), id, training, ids)
}
