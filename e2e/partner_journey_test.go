package e2e

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/gerai-id/gerai/internal/partner/pumk"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/seed"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/testutil"
)

// TestPartnerJourneyInChromium is issue 13's partner journey, on a 412 px
// phone: PT Pusri's staff logs in, opens from its desk a loan that is
// late (kurang lancar), records through the form a repayment of its
// arrears, sees the loan become lancar, and back on /mitra the portfolio
// has one kurang lancar loan fewer and one lancar loan more. The demo's
// loans (seed.Demo) are the data.
func TestPartnerJourneyInChromium(t *testing.T) {
	s := testutil.NewServer(t, sqldb.SQLite)
	ctx := context.Background()
	if err := seed.Demo(ctx, s.App); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Sales.Fold(ctx); err != nil { // the server's sweep folds the demo's orders; a test server has none running
		t.Fatal(err)
	}
	u, err := s.App.Accounts.Authenticate(ctx, "mitra@gerai.id", seed.DemoPassword, "")
	if err != nil {
		t.Fatal(err)
	}
	staff := platform.WithActor(ctx, u.Actor())
	pusri, err := s.App.Partners.PartnerOfStaff(staff)
	if err != nil {
		t.Fatal(err)
	}
	loans, err := s.App.Partners.Loans(staff, pusri.ID)
	if err != nil {
		t.Fatal(err)
	}
	var late int64
	for _, l := range loans {
		if l.Class == pumk.KurangLancar {
			late = l.ID
			break
		}
	}
	if late == 0 {
		t.Fatal("the demo's PT Pusri has no kurang lancar loan")
	}

	b := newBrowser(t, s.URL)
	b.do("phone viewport", chromedp.EmulateViewport(412, 915, chromedp.EmulateMobile))
	narrow := func(what string) {
		t.Helper()
		if w := eval[int](b, "page width", `document.documentElement.scrollWidth`); w > 412 {
			t.Errorf("%s (%s) is %d px wide on a 412 px phone", what, b.path(), w)
		}
	}
	b.open("/masuk", 200)
	b.fill("#f-email", "mitra@gerai.id")
	b.fill("#f-password", seed.DemoPassword)
	b.clickNav("log in", `main form[action="/masuk"] button[type=submit]`, 200)
	if b.path() != "/mitra" {
		t.Fatalf("the partner's staff lands on %s, want /mitra", b.path())
	}
	count := func(class string) int {
		t.Helper()
		n, err := strconv.Atoi(b.text(fmt.Sprintf("#mitra-%d table.portfolio tr.class-%s td.n", pusri.ID, class)))
		if err != nil {
			t.Fatalf("the portfolio's %s count: %v", class, err)
		}
		return n
	}
	lancar, kurang := count("lancar"), count("kurang_lancar")
	if kurang < 1 {
		t.Fatalf("the desk shows %d kurang lancar loans", kurang)
	}
	if total := b.text(fmt.Sprintf("#trend-total-%d", pusri.ID)); total == "Rp0" {
		t.Errorf("the fostered UMKM's sales trend totals %s", total)
	}
	narrow("the partner desk")
	b.screenshot("50-partner-desk-412.png")

	b.clickNav("open the late loan", fmt.Sprintf("#pinjaman-%d a", late), 200)
	if got := b.text("#class"); got != "Kurang lancar" {
		t.Fatalf("the late loan's class reads %q", got)
	}
	arrears := b.attr("#arrears", "data-amount")
	if n, err := strconv.ParseInt(arrears, 10, 64); err != nil || n <= 0 {
		t.Fatalf("the late loan's arrears: %q", arrears)
	}
	narrow("the loan page")
	b.fill("#f-amount", arrears)
	b.screenshot("51-partner-loan-late-412.png")
	b.clickNav("record the repayment", `form[action$="/angsuran"] button[type=submit]`, 200)
	if got := b.text("#class"); got != "Lancar" {
		t.Errorf("after paying the arrears the loan's class reads %q, want Lancar", got)
	}
	if got := b.text("#days-late"); got != "0" {
		t.Errorf("after paying the arrears the loan is %s days late", got)
	}
	b.screenshot("52-partner-loan-repaid-412.png")

	b.clickNav("back to the desk", `main a[href^="/mitra#"]`, 200)
	if got := count("kurang_lancar"); got != kurang-1 {
		t.Errorf("kurang lancar loans on the desk: %d → %d, want %d", kurang, got, kurang-1)
	}
	if got := count("lancar"); got != lancar+1 {
		t.Errorf("lancar loans on the desk: %d → %d, want %d", lancar, got, lancar+1)
	}
	b.screenshot("53-partner-desk-after-412.png")
}
