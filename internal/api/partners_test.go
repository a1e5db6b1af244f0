package api_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/testutil"
)

// partnerWorld is a shop (Siti's Sumsel UMKM, Asep's Jabar UMKM) with two
// partner institutions, P (staff pA) and Q (staff pB), made by the admin.
type partnerWorld struct {
	*shop
	admin, agency16, pA, pB string
	p, q                    int64
}

func newPartnerWorld(t *testing.T, s *testutil.Server) *partnerWorld {
	t.Helper()
	w := &partnerWorld{shop: newShop(t, s, 100)}
	s.MustUser("admin@x.id", platform.RoleAdmin, "")
	w.admin, w.agency16 = s.MustToken("admin@x.id"), s.MustToken("dinas16@x.id")
	a := s.MustUser("staf@pusri.id", platform.RoleBuyer, "")
	b := s.MustUser("staf@bank.id", platform.RoleBuyer, "")
	w.p = w.mustPartner(t, "PT Pusri", "bumn", a.ID)
	w.q = w.mustPartner(t, "Bank Sumsel Babel", "bank", b.ID)
	w.pA, w.pB = s.MustToken("staf@pusri.id"), s.MustToken("staf@bank.id")
	return w
}

func (w *partnerWorld) mustPartner(t *testing.T, name, kind string, staff int64) int64 {
	t.Helper()
	var p struct{ ID int64 }
	if res := w.s.Do("POST", "/api/v1/partners", w.admin, map[string]any{"name": name, "kind": kind}, &p); res.StatusCode != 201 {
		t.Fatalf("create partner: %d %s", res.StatusCode, res.Body)
	}
	if res := w.s.Do("POST", fmt.Sprintf("/api/v1/partners/%d/members", p.ID), w.admin, map[string]any{"user_id": staff}, nil); res.StatusCode != 201 {
		t.Fatalf("add member: %d %s", res.StatusCode, res.Body)
	}
	return p.ID
}

func (w *partnerWorld) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := w.s.App.DB.Reader().QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func listIDs(t *testing.T, s *testutil.Server, path, token string) (int, []int64) {
	t.Helper()
	var out struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	res := s.Do("GET", path, token, nil, &out)
	var ids []int64
	for _, it := range out.Items {
		ids = append(ids, it.ID)
	}
	return res.StatusCode, ids
}

type loanOut struct {
	ID          int64  `json:"id"`
	Owed        int64  `json:"owed"`
	Outstanding int64  `json:"outstanding"`
	DaysLate    int    `json:"days_late"`
	Class       string `json:"class"`
	Schedule    []struct {
		DueOn     string `json:"due_on"`
		Principal int64  `json:"principal"`
		Fee       int64  `json:"fee"`
	} `json:"schedule"`
}

func (w *partnerWorld) postKeyed(t *testing.T, path, token, key string, body any, out any) testutil.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", w.s.URL+path, strings.NewReader(toJSON(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return w.s.Send(req, out)
}

func TestPartnersAreMadeByTheAdminAndSeeOnlyTheirOwn(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPartnerWorld(t, s)
		for _, c := range []struct {
			who, token string
			body       map[string]any
			want       int
		}{
			{"agency", w.agency16, map[string]any{"name": "Koperasi X", "kind": "association"}, 403},
			{"seller", w.sellerA, map[string]any{"name": "Koperasi X", "kind": "association"}, 403},
			{"partner staff", w.pA, map[string]any{"name": "Koperasi X", "kind": "association"}, 403},
			{"admin, unknown kind", w.admin, map[string]any{"name": "Koperasi X", "kind": "ormas"}, 422},
			{"admin, same name", w.admin, map[string]any{"name": "PT Pusri", "kind": "bumn"}, 409},
		} {
			if res := s.Do("POST", "/api/v1/partners", c.token, c.body, nil); res.StatusCode != c.want {
				t.Errorf("%s creates a partner: %d, want %d (%s)", c.who, res.StatusCode, c.want, res.Body)
			}
		}
		if n := w.count(t, "partners"); n != 2 {
			t.Errorf("%d partners after the refusals, want 2", n)
		}
		if _, ids := listIDs(t, s, "/api/v1/partners", w.admin); len(ids) != 2 {
			t.Errorf("admin lists %v, want both partners", ids)
		}
		if _, ids := listIDs(t, s, "/api/v1/partners", w.pA); len(ids) != 1 || ids[0] != w.p {
			t.Errorf("PT Pusri's staff lists %v, want only %d", ids, w.p)
		}
		if st, _ := listIDs(t, s, "/api/v1/partners", w.sellerA); st != 403 {
			t.Errorf("a seller lists partners: %d, want 403", st)
		}
		var me struct{ Role string }
		s.Do("GET", "/api/v1/me", w.pA, nil, &me)
		if me.Role != "partner" {
			t.Errorf("staff's role is %q, want partner", me.Role)
		}
		// Staff of one partner cannot be named staff of another, nor can an agency account.
		var staffA struct{ ID int64 }
		s.Do("GET", "/api/v1/me", w.pA, nil, &staffA)
		if res := s.Do("POST", fmt.Sprintf("/api/v1/partners/%d/members", w.q), w.admin, map[string]any{"user_id": staffA.ID}, nil); res.StatusCode != 422 {
			t.Errorf("staff of P added to Q: %d, want 422", res.StatusCode)
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/partners/%d/members", w.q), w.pB, map[string]any{"user_id": staffA.ID}, nil); res.StatusCode != 403 {
			t.Errorf("staff adds members: %d, want 403", res.StatusCode)
		}
	})
}

func TestConsentDecidesWhatAPartnerSeesAndLoansOutliveIt(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPartnerWorld(t, s)
		consent := fmt.Sprintf("/api/v1/umkm/%d/partners/%d", w.umkmA, w.p)
		loans := fmt.Sprintf("/api/v1/partners/%d/loans", w.p)
		loan := map[string]any{"umkm_id": w.umkmA, "principal": 50_000_000, "tenor_months": 24, "start_on": "2026-01-15"}

		// Without consent: nothing to see, no loan.
		if _, ids := listIDs(t, s, fmt.Sprintf("/api/v1/partners/%d/umkm", w.p), w.pA); len(ids) != 0 {
			t.Errorf("fostered before consent: %v", ids)
		}
		if res := s.Do("POST", loans, w.pA, loan, nil); res.StatusCode != 422 || !strings.Contains(string(res.Body), "umkm_id") {
			t.Errorf("loan without consent: %d %s, want 422 on umkm_id", res.StatusCode, res.Body)
		}
		// Only the owner consents.
		for _, c := range []struct{ who, token string }{{"another seller", w.seller2}, {"the partner's staff", w.pA}, {"the agency", w.agency16}, {"the admin", w.admin}} {
			if res := s.Do("POST", consent, c.token, nil, nil); res.StatusCode != 403 {
				t.Errorf("%s consents for Siti: %d, want 403", c.who, res.StatusCode)
			}
		}
		if res := s.Do("POST", consent, w.sellerA, nil, nil); res.StatusCode != 201 {
			t.Fatalf("owner consents: %d %s", res.StatusCode, res.Body)
		}
		if _, ids := listIDs(t, s, fmt.Sprintf("/api/v1/partners/%d/umkm", w.p), w.pA); len(ids) != 1 || ids[0] != w.umkmA {
			t.Errorf("P's staff sees %v, want [%d]", ids, w.umkmA)
		}
		if st, _ := listIDs(t, s, fmt.Sprintf("/api/v1/partners/%d/umkm", w.p), w.pB); st != 403 {
			t.Errorf("Q's staff opens P's UMKM: %d, want 403", st)
		}
		if _, ids := listIDs(t, s, fmt.Sprintf("/api/v1/partners/%d/umkm", w.q), w.pB); len(ids) != 0 {
			t.Errorf("Q's staff sees %v though nobody consented to Q", ids)
		}
		if st, ids := listIDs(t, s, fmt.Sprintf("/api/v1/partners/%d/umkm", w.p), w.admin); st != 200 || len(ids) != 1 {
			t.Errorf("admin: %d %v", st, ids)
		}

		// Refused loans write nothing.
		before := w.count(t, "partner_loans")
		for _, c := range []struct {
			name, token string
			body        map[string]any
			want        int
		}{
			{"above Rp250 juta", w.pA, map[string]any{"umkm_id": w.umkmA, "principal": 250_000_001, "tenor_months": 12, "start_on": "2026-01-15"}, 422},
			{"zero", w.pA, map[string]any{"umkm_id": w.umkmA, "principal": 0, "tenor_months": 12, "start_on": "2026-01-15"}, 422},
			{"37 months", w.pA, map[string]any{"umkm_id": w.umkmA, "principal": 1_000_000, "tenor_months": 37, "start_on": "2026-01-15"}, 422},
			{"no months", w.pA, map[string]any{"umkm_id": w.umkmA, "principal": 1_000_000, "tenor_months": 0, "start_on": "2026-01-15"}, 422},
			{"bad date", w.pA, map[string]any{"umkm_id": w.umkmA, "principal": 1_000_000, "tenor_months": 12, "start_on": "2026-02-30"}, 422},
			{"the seller", w.sellerA, loan, 403},
			{"another partner's staff", w.pB, loan, 403},
			{"the admin", w.admin, loan, 403},
			{"the agency", w.agency16, loan, 403},
		} {
			if res := s.Do("POST", loans, c.token, c.body, nil); res.StatusCode != c.want {
				t.Errorf("loan %s: %d, want %d (%s)", c.name, res.StatusCode, c.want, res.Body)
			}
		}
		if n := w.count(t, "partner_loans"); n != before {
			t.Errorf("refused loans wrote %d rows", n-before)
		}

		var l loanOut
		if res := w.postKeyed(t, loans, w.pA, "loan-1", loan, &l); res.StatusCode != 201 || len(l.Schedule) != 24 {
			t.Fatalf("loan: %d %s", res.StatusCode, res.Body)
		}
		if l.Schedule[0].DueOn != "2026-02-15" || l.Schedule[0].Principal != 50_000_000/24+1 {
			t.Errorf("first instalment %+v", l.Schedule[0])
		}
		var again loanOut
		if res := w.postKeyed(t, loans, w.pA, "loan-1", loan, &again); res.StatusCode != 200 || again.ID != l.ID {
			t.Errorf("retry with the key: %d id %d, want 200 and %d", res.StatusCode, again.ID, l.ID)
		}
		other := map[string]any{"umkm_id": w.umkmA, "principal": 60_000_000, "tenor_months": 24, "start_on": "2026-01-15"}
		if res := w.postKeyed(t, loans, w.pA, "loan-1", other, nil); res.StatusCode != 409 {
			t.Errorf("same key, other loan: %d, want 409", res.StatusCode)
		}
		if st, _ := listIDs(t, s, fmt.Sprintf("/api/v1/loans/%d", l.ID), w.pB); st != 404 {
			t.Errorf("Q's staff opens P's loan: %d, want 404", st)
		}
		if st, _ := listIDs(t, s, fmt.Sprintf("/api/v1/partners/%d/loans", w.p), w.pB); st != 403 {
			t.Errorf("Q's staff lists P's loans: %d, want 403", st)
		}
		if st, _ := listIDs(t, s, fmt.Sprintf("/api/v1/loans/%d", l.ID), w.sellerA); st != 404 {
			t.Errorf("the seller opens the partner's loan record: %d, want 404", st)
		}

		// Withdrawn: the UMKM disappears from P's list, its loan stays, no new loan.
		if res := s.Do("DELETE", consent, w.sellerA, nil, nil); res.StatusCode != 204 {
			t.Fatalf("withdraw: %d %s", res.StatusCode, res.Body)
		}
		if _, ids := listIDs(t, s, fmt.Sprintf("/api/v1/partners/%d/umkm", w.p), w.pA); len(ids) != 0 {
			t.Errorf("after withdrawal P's staff still sees %v", ids)
		}
		if _, ids := listIDs(t, s, loans, w.pA); len(ids) != 1 || ids[0] != l.ID {
			t.Errorf("after withdrawal P's loans are %v, want [%d]", ids, l.ID)
		}
		if res := s.Do("POST", loans, w.pA, loan, nil); res.StatusCode != 422 {
			t.Errorf("loan after withdrawal: %d, want 422", res.StatusCode)
		}
		if res := s.Do("DELETE", consent, w.sellerA, nil, nil); res.StatusCode != 404 {
			t.Errorf("withdraw twice: %d, want 404", res.StatusCode)
		}
	})
}

func TestRepaymentsMoveTheLoanBetweenClasses(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPartnerWorld(t, s)
		today := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
		s.App.Partners.SetClock(func() time.Time { return today })
		if res := s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/partners/%d", w.umkmA, w.p), w.sellerA, nil, nil); res.StatusCode != 201 {
			t.Fatal(res.StatusCode)
		}
		// 12 months from 2026-07-01: instalments due 1 Aug … 1 Dec; nothing paid, 123 days late.
		var l loanOut
		if res := s.Do("POST", fmt.Sprintf("/api/v1/partners/%d/loans", w.p), w.pA,
			map[string]any{"umkm_id": w.umkmA, "principal": 12_000_000, "tenor_months": 12, "start_on": "2026-07-01"}, &l); res.StatusCode != 201 {
			t.Fatalf("loan: %d %s", res.StatusCode, res.Body)
		}
		get := func() loanOut {
			var out loanOut
			if res := s.Do("GET", fmt.Sprintf("/api/v1/loans/%d", l.ID), w.pA, nil, &out); res.StatusCode != 200 {
				t.Fatalf("get loan: %d", res.StatusCode)
			}
			return out
		}
		if got := get(); got.Class != "kurang_lancar" || got.DaysLate != 123 {
			t.Errorf("unpaid: %s, %d days late; want kurang_lancar, 123", got.Class, got.DaysLate)
		}
		var port struct {
			AtRisk  int64 `json:"at_risk"`
			PAR     int64 `json:"par30_bp"`
			ByClass []struct {
				Class string `json:"class"`
				Loans int    `json:"loans"`
			} `json:"by_class"`
		}
		s.Do("GET", fmt.Sprintf("/api/v1/partners/%d/portfolio", w.p), w.pA, nil, &port)
		if port.PAR != 10_000 || port.ByClass[1].Loans != 1 {
			t.Errorf("portfolio before: %+v, want everything at risk in kurang_lancar", port)
		}

		repay := fmt.Sprintf("/api/v1/loans/%d/repayments", l.ID)
		before := w.count(t, "partner_repayments")
		for _, c := range []struct {
			name  string
			token string
			body  map[string]any
			want  int
		}{
			{"above what is owed", w.pA, map[string]any{"paid_on": "2026-12-01", "amount": l.Owed + 1}, 422},
			{"nothing", w.pA, map[string]any{"paid_on": "2026-12-01", "amount": 0}, 422},
			{"tomorrow", w.pA, map[string]any{"paid_on": "2026-12-03", "amount": 1000}, 422},
			{"bad date", w.pA, map[string]any{"paid_on": "1-12-2026", "amount": 1000}, 422},
			{"another partner's staff", w.pB, map[string]any{"paid_on": "2026-12-01", "amount": 1000}, 404},
			{"the borrower", w.sellerA, map[string]any{"paid_on": "2026-12-01", "amount": 1000}, 404},
			{"the admin", w.admin, map[string]any{"paid_on": "2026-12-01", "amount": 1000}, 403},
		} {
			if res := s.Do("POST", repay, c.token, c.body, nil); res.StatusCode != c.want {
				t.Errorf("repayment %s: %d, want %d (%s)", c.name, res.StatusCode, c.want, res.Body)
			}
		}
		if n := w.count(t, "partner_repayments"); n != before {
			t.Errorf("refused repayments wrote %d rows", n-before)
		}
		// Paying the first four instalments leaves the fifth (due 1 Dec) one day late: lancar.
		var due int64
		for _, in := range l.Schedule[:4] {
			due += in.Principal + in.Fee
		}
		if res := w.postKeyed(t, repay, w.pA, "rep-1", map[string]any{"paid_on": "2026-12-02", "amount": due}, nil); res.StatusCode != 201 {
			t.Fatalf("repay: %d %s", res.StatusCode, res.Body)
		}
		if res := w.postKeyed(t, repay, w.pA, "rep-1", map[string]any{"paid_on": "2026-12-02", "amount": due}, nil); res.StatusCode != 200 {
			t.Errorf("retry: %d, want 200", res.StatusCode)
		}
		if got := get(); got.Class != "lancar" || got.DaysLate != 1 || got.Outstanding != l.Owed-due {
			t.Errorf("after repaying: %+v", got)
		}
		s.Do("GET", fmt.Sprintf("/api/v1/partners/%d/portfolio", w.p), w.pA, nil, &port)
		if port.PAR != 0 || port.ByClass[0].Loans != 1 {
			t.Errorf("portfolio after: %+v, want lancar and nothing at risk", port)
		}
	})
}

func xlsxOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRepaymentImportIsAllRowsOrNone(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPartnerWorld(t, s)
		s.App.Partners.SetClock(func() time.Time { return time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) })
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/partners/%d", w.umkmA, w.p), w.sellerA, nil, nil)
		var l loanOut
		if res := s.Do("POST", fmt.Sprintf("/api/v1/partners/%d/loans", w.p), w.pA,
			map[string]any{"umkm_id": w.umkmA, "principal": 12_000_000, "tenor_months": 12, "start_on": "2026-07-01"}, &l); res.StatusCode != 201 {
			t.Fatalf("loan: %d %s", res.StatusCode, res.Body)
		}
		upload := func(token string, file []byte) testutil.Response {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			fw, _ := mw.CreateFormFile("file", "angsuran.xlsx")
			fw.Write(file)
			mw.Close()
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/partners/%d/repayments/import", s.URL, w.p), &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Authorization", "Bearer "+token)
			return s.Send(req, nil)
		}
		bad := xlsxOf(t, [][]any{{"pinjaman", "tanggal", "jumlah"}, {l.ID, "2026-08-01", 1_030_000}, {l.ID, "2026-09-01", l.Owed}, {999999, "2026-09-01", 1000}})
		res := upload(w.pA, bad)
		if res.StatusCode != 422 || !strings.Contains(string(res.Body), "rows[3].amount") || !strings.Contains(string(res.Body), "rows[4].loan_id") {
			t.Errorf("bad file: %d %s, want 422 naming rows 3 and 4", res.StatusCode, res.Body)
		}
		if n := w.count(t, "partner_repayments"); n != 0 {
			t.Errorf("a refused import wrote %d repayments", n)
		}
		if res := upload(w.pB, bad); res.StatusCode != 403 {
			t.Errorf("another partner imports: %d, want 403", res.StatusCode)
		}
		good := xlsxOf(t, [][]any{{"pinjaman", "tanggal", "jumlah"}, {l.ID, "2026-08-01", 1_030_000}, {l.ID, "2026-09-01", 1_030_000}})
		if res := upload(w.pA, good); res.StatusCode != 200 || !strings.Contains(string(res.Body), `"recorded":2`) {
			t.Errorf("good file: %d %s", res.StatusCode, res.Body)
		}
		if res := upload(w.pA, good); res.StatusCode != 200 || !strings.Contains(string(res.Body), `"replayed":2`) {
			t.Errorf("same file again: %d %s, want both rows replayed", res.StatusCode, res.Body)
		}
		if n := w.count(t, "partner_repayments"); n != 2 {
			t.Errorf("%d repayments, want 2", n)
		}
	})
}

func TestProgrammesAndTrainingNeedConsent(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		w := newPartnerWorld(t, s)
		s.Do("POST", fmt.Sprintf("/api/v1/umkm/%d/partners/%d", w.umkmA, w.p), w.sellerA, nil, nil)
		var prog struct {
			ID     int64
			Stages []struct {
				ID      int64
				Reached int
			}
		}
		body := map[string]any{"name": "Naik Kelas", "stages": []string{"Go Modern", "Go Digital", "Go Online", "Go Global"}}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/partners/%d/programmes", w.p), w.pB, body, nil); res.StatusCode != 403 {
			t.Errorf("Q's staff adds a programme to P: %d", res.StatusCode)
		}
		if res := s.Do("POST", fmt.Sprintf("/api/v1/partners/%d/programmes", w.p), w.pA, body, &prog); res.StatusCode != 201 || len(prog.Stages) != 4 {
			t.Fatalf("programme: %d %s", res.StatusCode, res.Body)
		}
		stage := fmt.Sprintf("/api/v1/partners/%d/stages/%d/umkm", w.p, prog.Stages[1].ID)
		if res := s.Do("POST", stage, w.pA, map[string]any{"umkm_id": w.umkmB, "reached_on": "2026-06-01"}, nil); res.StatusCode != 422 {
			t.Errorf("stage of a UMKM without consent: %d, want 422", res.StatusCode)
		}
		if res := s.Do("POST", stage, w.pA, map[string]any{"umkm_id": w.umkmA, "reached_on": "2026-06-01"}, nil); res.StatusCode != 204 {
			t.Fatalf("stage: %d %s", res.StatusCode, res.Body)
		}
		var fostered struct{ Items []struct{ Stage string } }
		s.Do("GET", fmt.Sprintf("/api/v1/partners/%d/umkm", w.p), w.pA, nil, &fostered)
		if len(fostered.Items) != 1 || fostered.Items[0].Stage != "Go Digital" {
			t.Errorf("fostered: %+v, want Go Digital", fostered.Items)
		}
		var tr struct{ ID int64 }
		if res := s.Do("POST", fmt.Sprintf("/api/v1/partners/%d/trainings", w.p), w.pA, map[string]any{"title": "Foto produk", "held_on": "2026-05-20"}, &tr); res.StatusCode != 201 {
			t.Fatalf("training: %d %s", res.StatusCode, res.Body)
		}
		att := fmt.Sprintf("/api/v1/partners/%d/trainings/%d/attendance", w.p, tr.ID)
		if res := s.Do("POST", att, w.pA, map[string]any{"umkm_ids": []int64{w.umkmA, w.umkmB}}, nil); res.StatusCode != 422 {
			t.Errorf("attendance with a UMKM that did not consent: %d, want 422", res.StatusCode)
		}
		if n := w.count(t, "partner_training_attendance"); n != 0 {
			t.Errorf("refused attendance wrote %d rows", n)
		}
		if res := s.Do("POST", att, w.pA, map[string]any{"umkm_ids": []int64{w.umkmA}}, nil); res.StatusCode != 204 {
			t.Fatalf("attendance: %d %s", res.StatusCode, res.Body)
		}
		// After withdrawal the stage and the attendance are no longer P's to see.
		s.Do("DELETE", fmt.Sprintf("/api/v1/umkm/%d/partners/%d", w.umkmA, w.p), w.sellerA, nil, nil)
		var progs struct {
			Items []struct{ Stages []struct{ Reached int } }
		}
		s.Do("GET", fmt.Sprintf("/api/v1/partners/%d/programmes", w.p), w.pA, nil, &progs)
		if progs.Items[0].Stages[1].Reached != 0 {
			t.Errorf("stage still counts a UMKM that withdrew")
		}
		var trs struct{ Items []struct{ Attendees []int64 } }
		s.Do("GET", fmt.Sprintf("/api/v1/partners/%d/trainings", w.p), w.pA, nil, &trs)
		if len(trs.Items[0].Attendees) != 0 {
			t.Errorf("attendance still shows a UMKM that withdrew: %v", trs.Items[0].Attendees)
		}
	})
}
