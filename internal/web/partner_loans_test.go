package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gerai-id/gerai/internal/partner"
	"github.com/gerai-id/gerai/internal/partner/pumk"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/testutil"
)

// demoLogin opens a browser logged in as a demo account.
func demoLogin(t *testing.T, s *testutil.Server, email string) *browser {
	t.Helper()
	b := newBrowser(t, s)
	b.get("/masuk")
	if status, _, _ := b.post("/masuk", url.Values{"email": {email}, "password": {seed.DemoPassword}, "csrf_token": {b.csrf}}); status != http.StatusSeeOther {
		t.Fatalf("login %s: %d", email, status)
	}
	return b
}

// postFile posts a multipart form with one file field "file".
func (b *browser) postFile(path, name string, content []byte) (int, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", b.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", b.s.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

var keyInput = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)

// partnerFixture is the demo's partners as their staff see them.
type partnerFixture struct {
	pusriCtx, bankCtx context.Context
	pusri, bank       partner.Partner
}

func demoPartnerFixture(t *testing.T, s *testutil.Server) partnerFixture {
	t.Helper()
	ctx := context.Background()
	if err := seed.Demo(ctx, s.App); err != nil {
		t.Fatal(err)
	}
	as := func(email string) context.Context {
		u, err := s.App.Accounts.Authenticate(ctx, email, seed.DemoPassword, "")
		if err != nil {
			t.Fatal(err)
		}
		return platform.WithActor(ctx, u.Actor())
	}
	f := partnerFixture{pusriCtx: as("mitra@gerai.id"), bankCtx: as("mitra.bank@gerai.id")}
	var err error
	if f.pusri, err = s.App.Partners.PartnerOfStaff(f.pusriCtx); err != nil {
		t.Fatal(err)
	}
	if f.bank, err = s.App.Partners.PartnerOfStaff(f.bankCtx); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f partnerFixture) loanOfClass(t *testing.T, s *testutil.Server, ctx context.Context, partnerID int64, class string) partner.Loan {
	t.Helper()
	loans, err := s.App.Partners.Loans(ctx, partnerID)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range loans {
		if l.Class == class {
			return l
		}
	}
	t.Fatalf("partner %d has no %s loan", partnerID, class)
	return partner.Loan{}
}

// TestPartnerLoanPageAndRepayment: PT Pusri's staff opens its late loan,
// a repayment above what is owed is refused beside the field with nothing
// written, one that clears the arrears makes the loan lancar and counts
// once when resent; the bank's loan does not exist for PT Pusri's staff,
// and the bank's staff cannot repay PT Pusri's loan; a seller cannot open
// the desk.
func TestPartnerLoanPageAndRepayment(t *testing.T) {
	testutil.ForEachServer(t, func(t *testing.T, s *testutil.Server) {
		fx := demoPartnerFixture(t, s)
		t.Run("loan", func(t *testing.T) { partnerLoanPageAndRepayment(t, s, fx) })
		t.Run("consent", func(t *testing.T) { partnerDeskFormsRespectConsent(t, s, fx) })
		t.Run("admin-agency", func(t *testing.T) { partnerAdminAndAgency(t, s, fx) })
		t.Run("programmes", func(t *testing.T) { partnerProgrammeForms(t, s, fx) })
	})
}

func partnerLoanPageAndRepayment(t *testing.T, s *testutil.Server, fx partnerFixture) {
	{
		pusri := demoLogin(t, s, "mitra@gerai.id")
		bank := demoLogin(t, s, "mitra.bank@gerai.id")
		late := fx.loanOfClass(t, s, fx.pusriCtx, fx.pusri.ID, pumk.KurangLancar)
		bankLoan := fx.loanOfClass(t, s, fx.bankCtx, fx.bank.ID, pumk.Lancar)

		if status, _ := pusri.get(fmt.Sprintf("/mitra/pinjaman/%d", bankLoan.ID)); status != http.StatusNotFound {
			t.Errorf("PT Pusri's staff opens the bank's loan: %d, want 404", status)
		}
		page := fmt.Sprintf("/mitra/pinjaman/%d", late.ID)
		status, body := pusri.get(page)
		if status != 200 || !strings.Contains(body, "Kurang lancar") || !strings.Contains(body, "Jadwal angsuran") || !strings.Contains(body, late.UMKMName) {
			t.Fatalf("the late loan's page: %d", status)
		}
		key := keyInput.FindStringSubmatch(body)[1]

		// The bank's staff may not repay PT Pusri's loan: not found, nothing written.
		bank.get("/mitra")
		if status, _, _ := bank.post(page+"/angsuran", url.Values{"csrf_token": {bank.csrf}, "paid_on": {late.AsOf}, "amount": {"1000"}}); status != http.StatusNotFound {
			t.Errorf("the bank's staff repays PT Pusri's loan: %d, want 404", status)
		}

		// Above what is owed: refused beside the field, nothing written.
		over := strconv.FormatInt(late.Outstanding+1, 10)
		status, _, body = pusri.post(page+"/angsuran", url.Values{"csrf_token": {pusri.csrf}, "idempotency_key": {key}, "paid_on": {late.AsOf}, "amount": {over}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-amount"`) || !strings.Contains(body, "melebihi sisa pinjaman") {
			t.Fatalf("a repayment above what is owed: %d, want 422 with the error beside the amount", status)
		}
		if again, _ := s.App.Partners.Loan(fx.pusriCtx, late.ID); again.Paid != late.Paid || len(again.Repayments) != len(late.Repayments) {
			t.Fatalf("a refused repayment was written: paid %d → %d", late.Paid, again.Paid)
		}

		// The arrears, paid through the form (twice: a double press), once.
		form := url.Values{"csrf_token": {pusri.csrf}, "idempotency_key": {key}, "paid_on": {late.AsOf}, "amount": {strconv.FormatInt(late.Arrears, 10)}}
		for range 2 {
			if status, loc, _ := pusri.post(page+"/angsuran", form); status != http.StatusSeeOther || !strings.HasPrefix(loc, page) {
				t.Fatalf("the repayment: %d → %q", status, loc)
			}
		}
		after, err := s.App.Partners.Loan(fx.pusriCtx, late.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.Paid != late.Paid+late.Arrears || after.Class != pumk.Lancar || after.Arrears != 0 {
			t.Errorf("after paying the arrears: paid %d (want %d), class %s, arrears %d", after.Paid, late.Paid+late.Arrears, after.Class, after.Arrears)
		}
		if _, body := pusri.get(page); !strings.Contains(body, `class="class-lancar">Lancar`) {
			t.Error("the loan's page does not show the class lancar after the repayment")
		}

		seller := demoLogin(t, s, "penjual@gerai.id")
		if status, _ := seller.get("/mitra"); status == 200 {
			t.Error("a seller opens the partner desk")
		}
		if status, _ := seller.get(page); status == 200 {
			t.Error("a seller opens a loan")
		}
	}
}

// partnerDeskFormsRespectConsent (in TestPartnerLoanPageAndRepayment): a loan to a UMKM that did not
// consent is refused beside the field and nothing is lent; the exports
// list the consented UMKM only, without NIK or phone; the seller
// withdraws its consent on its page and PT Pusri no longer sees it, then
// gives it again; an import by someone else is refused before its file is
// read, a file with a bad row records nothing and names the row.
func partnerDeskFormsRespectConsent(t *testing.T, s *testutil.Server, fx partnerFixture) {
	{
		ctx := context.Background()
		pusri := demoLogin(t, s, "mitra@gerai.id")
		base := fmt.Sprintf("/mitra/%d", fx.pusri.ID)

		var stranger int64
		var strangerName string
		if err := s.App.DB.Reader().QueryRow(ctx, `SELECT id, name FROM umkm WHERE id NOT IN (SELECT umkm_id FROM partner_consents WHERE partner_id = ?)
			ORDER BY id LIMIT 1`, fx.pusri.ID).Scan(&stranger, &strangerName); err != nil {
			t.Fatal(err)
		}
		before, _ := s.App.Partners.Loans(fx.pusriCtx, fx.pusri.ID)
		_, body := pusri.get("/mitra")
		key := keyInput.FindStringSubmatch(body)[1]
		status, _, body := pusri.post(base+"/pinjaman", url.Values{"csrf_token": {pusri.csrf}, "idempotency_key": {key},
			"umkm_id": {strconv.FormatInt(stranger, 10)}, "principal": {"10.000.000"}, "tenor_months": {"12"}, "start_on": {"2026-01-05"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "belum memberi (atau sudah mencabut) persetujuan") {
			t.Fatalf("a loan to a UMKM without consent: %d, want 422 with the reason", status)
		}
		status, _, body = pusri.post(base+"/pinjaman", url.Values{"csrf_token": {pusri.csrf}, "idempotency_key": {key},
			"umkm_id": {strconv.FormatInt(stranger, 10)}, "principal": {"300.000.000"}, "tenor_months": {"48"}, "start_on": {"2026-01-05"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-principal"`) || !strings.Contains(body, `id="e-tenor_months"`) {
			t.Errorf("a loan above the ceiling: %d, want 422 beside principal and tenor", status)
		}
		if after, _ := s.App.Partners.Loans(fx.pusriCtx, fx.pusri.ID); len(after) != len(before) {
			t.Fatalf("refused loans were written: %d → %d", len(before), len(after))
		}

		status, _, csv := pusri.getRaw(base + "/binaan.csv")
		if status != 200 || strings.Contains(string(csv), strangerName) {
			t.Fatalf("binaan.csv: %d, or it lists a UMKM without consent", status)
		}
		header, _, _ := strings.Cut(string(csv), "\n")
		if strings.Contains(header, "nik") || strings.Contains(header, "telepon") || strings.Contains(header, "phone") {
			t.Errorf("binaan.csv carries personal data: %s", header)
		}
		if status, ctype, _ := pusri.getRaw(base + "/pinjaman.xlsx"); status != 200 || !strings.Contains(ctype, "spreadsheetml") {
			t.Errorf("pinjaman.xlsx: %d %s", status, ctype)
		}
		bankBrowser := demoLogin(t, s, "mitra.bank@gerai.id")
		if status, _, _ := bankBrowser.getRaw(base + "/binaan.csv"); status == 200 {
			t.Error("the bank's staff downloads PT Pusri's fostered UMKM")
		}

		// The seller's consent page: withdraw, PT Pusri loses sight; give again.
		seller := demoLogin(t, s, "penjual@gerai.id")
		var mine int64
		var myName string
		if err := s.App.DB.Reader().QueryRow(ctx, `SELECT u.id, u.name FROM umkm u JOIN users o ON o.id = u.owner_id
			JOIN partner_consents c ON c.umkm_id = u.id AND c.partner_id = ? AND c.withdrawn_at IS NULL
			WHERE o.email = ? ORDER BY u.id LIMIT 1`, fx.pusri.ID, "penjual@gerai.id").Scan(&mine, &myName); err != nil {
			t.Fatalf("the demo seller's UMKM fostered by PT Pusri: %v", err)
		}
		consentPage := fmt.Sprintf("/penjual/umkm/%d/mitra", mine)
		status, body = seller.get(consentPage)
		if status != 200 || !strings.Contains(body, "PT Pusri") || !strings.Contains(body, "Cabut persetujuan") || !strings.Contains(body, "penjualannya lewat Gerai") {
			t.Fatalf("the seller's consent page: %d", status)
		}
		if status, _ := pusri.get(consentPage); status == 200 {
			t.Error("a partner's staff opens the seller's consent page")
		}
		consent := fmt.Sprintf("%s/%d", consentPage, fx.pusri.ID)
		if status, _, _ := seller.post(consent, url.Values{"csrf_token": {seller.csrf}, "give": {"0"}}); status != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", status)
		}
		if _, _, csv := pusri.getRaw(base + "/binaan.csv"); strings.Contains(string(csv), myName) {
			t.Error("PT Pusri still lists the UMKM that withdrew its consent")
		}
		if _, body := pusri.get("/mitra"); strings.Contains(body, fmt.Sprintf(`<option value="%d">%s</option>`, mine, html.EscapeString(myName))) {
			t.Error("the desk still offers the UMKM that withdrew to the forms")
		}
		if status, _, _ := seller.post(consent, url.Values{"csrf_token": {seller.csrf}, "give": {"1"}}); status != http.StatusSeeOther {
			t.Fatalf("give again: %d", status)
		}
		if _, _, csv := pusri.getRaw(base + "/binaan.csv"); !strings.Contains(string(csv), myName) {
			t.Error("PT Pusri does not list the UMKM that consented again")
		}

		// Imports: the seller's upload is refused (not parsed); a bad row records nothing.
		late := fx.loanOfClass(t, s, fx.pusriCtx, fx.pusri.ID, pumk.Macet)
		good := fmt.Sprintf("pinjaman,tanggal,jumlah\n%d,%s,100000\n", late.ID, late.AsOf)
		seller.get("/penjual")
		if status, _ := seller.postFile(base+"/angsuran/impor", "a.csv", []byte(good)); status != http.StatusForbidden {
			t.Errorf("a seller's import: %d, want 403", status)
		}
		pusri.get("/mitra")
		bad := good + fmt.Sprintf("%d,%s,%d\n", late.ID, late.AsOf, late.Outstanding)
		status, body = pusri.postFile(base+"/angsuran/impor", "a.csv", []byte(bad))
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Baris 3") {
			t.Errorf("an import with a row above what is owed: %d, want 422 naming row 3", status)
		}
		if again, _ := s.App.Partners.Loan(fx.pusriCtx, late.ID); again.Paid != late.Paid {
			t.Fatalf("a refused import recorded %d", again.Paid-late.Paid)
		}
		status, loc := pusri.postFileLoc(base+"/angsuran/impor", "a.csv", []byte(good))
		if status != http.StatusSeeOther || !strings.Contains(loc, "dicatat=1") {
			t.Fatalf("a good import: %d → %q", status, loc)
		}
		if again, _ := s.App.Partners.Loan(fx.pusriCtx, late.ID); again.Paid != late.Paid+100000 {
			t.Errorf("the import recorded %d, want 100000", again.Paid-late.Paid)
		}
	}
}

// postFileLoc is postFile returning the redirect's location.
func (b *browser) postFileLoc(path, name string, content []byte) (int, string) {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", b.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", b.s.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

// partnerAdminAndAgency (in TestPartnerLoanPageAndRepayment): the admin
// lists the partners, adds one (an empty name refused beside the field)
// and names its staff (an unknown email refused beside the field); the
// Sumsel agency sees its UMKM fostered by several partners, the Jabar
// agency none of them, a seller not the page.
func partnerAdminAndAgency(t *testing.T, s *testutil.Server, fx partnerFixture) {
	shared, err := s.App.Partners.FosteredBySeveral(platform.WithActor(context.Background(), platform.Actor{UserID: 1, Role: platform.RoleAdmin}))
	if err != nil || len(shared) == 0 {
		t.Fatalf("the demo's UMKM fostered by several partners: %d, %v", len(shared), err)
	}
	name := html.EscapeString(shared[0].Name)
	sumsel := demoLogin(t, s, "dinas.sumsel@gerai.id")
	if status, body := sumsel.get("/dinas/mitra"); status != 200 || !strings.Contains(body, name) || !strings.Contains(body, "Bank Sumsel Babel") {
		t.Errorf("the Sumsel agency's /dinas/mitra: %d, or it lacks %s", status, name)
	}
	if status, body := demoLogin(t, s, "dinas.jabar@gerai.id").get("/dinas/mitra"); status != 200 || strings.Contains(body, name) {
		t.Errorf("the Jabar agency's /dinas/mitra: %d, or it shows Sumsel's %s", status, name)
	}
	if status, _ := demoLogin(t, s, "penjual@gerai.id").get("/dinas/mitra"); status == 200 {
		t.Error("a seller opens /dinas/mitra")
	}

	admin := demoLogin(t, s, "admin@gerai.id")
	status, body := admin.get("/admin/mitra")
	if status != 200 || !strings.Contains(body, "Bank Sumsel Babel") || !strings.Contains(body, "mitra@gerai.id") {
		t.Fatalf("/admin/mitra: %d", status)
	}
	if status, _, body := admin.post("/admin/mitra", url.Values{"csrf_token": {admin.csrf}, "name": {""}, "kind": {"bank"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-name"`) {
		t.Errorf("a partner without a name: %d, want 422 beside the name", status)
	}
	if status, _, _ := admin.post("/admin/mitra", url.Values{"csrf_token": {admin.csrf}, "name": {"Universitas Sriwijaya"}, "kind": {"university"}}); status != http.StatusSeeOther {
		t.Fatalf("a new partner: %d", status)
	}
	all, _ := s.App.Partners.AllPartners(context.Background())
	var unsri int64
	for _, p := range all {
		if p.Name == "Universitas Sriwijaya" {
			unsri = p.ID
		}
	}
	staffPath := fmt.Sprintf("/admin/mitra/%d/staf", unsri)
	if status, _, body := admin.post(staffPath, url.Values{"csrf_token": {admin.csrf}, "email": {"tidak.ada@gerai.id"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Belum ada akun dengan email ini") {
		t.Errorf("staff by an unknown email: %d, want 422 with the reason", status)
	}
	if status, _, body := admin.post(staffPath, url.Values{"csrf_token": {admin.csrf}, "email": {"dinas.sumsel@gerai.id"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-staff-`) || !strings.Contains(body, "tidak dapat menjadi staf mitra") {
		t.Errorf("an agency account as staff: %d, want 422 beside the email", status)
	}
	if status, _ := sumsel.get("/admin/mitra"); status == 200 {
		t.Error("an agency opens /admin/mitra")
	}
}

// partnerProgrammeForms (in TestPartnerLoanPageAndRepayment): PT Pusri's
// staff records a stage reached and a training with its attendance through
// the desk's forms; a UMKM without consent, a training without a title and
// an attendance with nobody ticked come back beside their fields with
// nothing written; the bank's staff cannot post PT Pusri's forms. The
// desk shows the fostered UMKM's sales once the roll-ups are folded.
func partnerProgrammeForms(t *testing.T, s *testutil.Server, fx partnerFixture) {
	ctx := context.Background()
	pusri := demoLogin(t, s, "mitra@gerai.id")
	base := fmt.Sprintf("/mitra/%d", fx.pusri.ID)
	progs, err := s.App.Partners.Programmes(fx.pusriCtx, fx.pusri.ID)
	if err != nil || len(progs) == 0 {
		t.Fatalf("PT Pusri's programmes: %v", err)
	}
	fostered, err := s.App.Partners.FosteredUMKM(fx.pusriCtx, fx.pusri.ID)
	if err != nil || len(fostered) == 0 {
		t.Fatalf("PT Pusri's fostered UMKM: %v", err)
	}
	var stranger int64
	if err := s.App.DB.Reader().QueryRow(ctx, `SELECT id FROM umkm WHERE id NOT IN (SELECT umkm_id FROM partner_consents WHERE partner_id = ?)
		ORDER BY id LIMIT 1`, fx.pusri.ID).Scan(&stranger); err != nil {
		t.Fatal(err)
	}
	last := progs[0].Stages[len(progs[0].Stages)-1]
	today := s.App.Partners.Today().Format("2006-01-02")
	pusri.get("/mitra")
	stage := url.Values{"csrf_token": {pusri.csrf}, "stage_id": {strconv.FormatInt(last.ID, 10)}, "umkm_id": {strconv.FormatInt(stranger, 10)}, "reached_on": {today}}
	if status, _, body := pusri.post(base+"/tahap", stage); status != http.StatusUnprocessableEntity || !strings.Contains(body, "belum memberi (atau sudah mencabut) persetujuan") {
		t.Errorf("a stage for a UMKM without consent: %d, want 422", status)
	}
	var climber partner.Fostered
	for _, u := range fostered {
		if u.Stage != last.Name {
			climber = u
			break
		}
	}
	stage.Set("umkm_id", strconv.FormatInt(climber.ID, 10))
	if status, _, _ := pusri.post(base+"/tahap", stage); status != http.StatusSeeOther {
		t.Fatalf("a stage reached: %d", status)
	}
	progs, _ = s.App.Partners.Programmes(fx.pusriCtx, fx.pusri.ID)
	if got := progs[0].Stages[len(progs[0].Stages)-1].Reached; got != last.Reached+1 {
		t.Errorf("UMKM at %s: %d → %d", last.Name, last.Reached, got)
	}

	if status, _, body := pusri.post(base+"/pelatihan", url.Values{"csrf_token": {pusri.csrf}, "title": {""}, "held_on": {today}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-title"`) {
		t.Errorf("a training without a title: %d, want 422 beside the title", status)
	}
	if status, _, _ := pusri.post(base+"/pelatihan", url.Values{"csrf_token": {pusri.csrf}, "title": {"Ekspor untuk pemula"}, "held_on": {today}, "place": {"Palembang"}}); status != http.StatusSeeOther {
		t.Fatalf("a training: %d", status)
	}
	trainings, _ := s.App.Partners.Trainings(fx.pusriCtx, fx.pusri.ID)
	var tr partner.Training
	for _, x := range trainings {
		if x.Title == "Ekspor untuk pemula" {
			tr = x
		}
	}
	hadir := fmt.Sprintf("%s/pelatihan/%d/hadir", base, tr.ID)
	if status, _, body := pusri.post(hadir, url.Values{"csrf_token": {pusri.csrf}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Centang UMKM yang hadir") {
		t.Errorf("attendance with nobody ticked: %d, want 422", status)
	}
	if status, _, _ := pusri.post(hadir, url.Values{"csrf_token": {pusri.csrf}, "umkm_ids": {strconv.FormatInt(fostered[0].ID, 10)}}); status != http.StatusSeeOther {
		t.Fatalf("attendance: %d", status)
	}
	if _, body := pusri.get("/mitra"); !strings.Contains(body, "Ekspor untuk pemula") || !strings.Contains(body, html.EscapeString(fostered[0].Name)) {
		t.Error("the desk does not show the training with its attendee")
	}
	bank := demoLogin(t, s, "mitra.bank@gerai.id")
	bank.get("/mitra")
	if status, _, _ := bank.post(base+"/pelatihan", url.Values{"csrf_token": {bank.csrf}, "title": {"Palsu"}, "held_on": {today}}); status != http.StatusForbidden {
		t.Errorf("the bank's staff adds a training to PT Pusri: %d, want 403", status)
	}

	if _, err := s.App.Sales.Fold(ctx); err != nil {
		t.Fatal(err)
	}
	if _, body := pusri.get("/mitra"); !strings.Contains(body, fmt.Sprintf(`id="trend-total-%d"`, fx.pusri.ID)) || !strings.Contains(body, "<svg") {
		t.Error("the desk shows no sales trend of the fostered UMKM")
	}
}
