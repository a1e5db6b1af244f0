package seed

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/app"
	"github.com/gerai-id/gerai/internal/catalog"
	"github.com/gerai-id/gerai/internal/order"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/umkm"
	"github.com/gerai-id/gerai/internal/web"
)

// metaDemoLoaded is the meta key recording that Demo completed.
const metaDemoLoaded = "demo_loaded"

// Demo loads the demo data set (`gerai serve --demo`): the DemoLogins
// accounts, one seller account per other demo UMKM, about sixty-five UMKM
// in Sumatera Selatan and Jawa Barat with their products and a generated
// photo each, most of them verified by their province's agency, a few
// waiting in the verification queue, one rejected and one draft; the expos
// (demo_expo.go), the open-air mall Pasar Kreatif Jawa Barat with a
// season in progress (demo_mall.go), and the household food programme
// Gerakan Sumsel Mandiri Pangan with a year of field visits and Jawa
// Barat's adopted copy (demo_pangan.go), and a year of orders across
// provinces for the cooperation dashboard (demo_orders.go, written in bulk).
//
// Everything goes through the services, each step acting as the user who
// would do it, so the audit log, the search index and the listed flags are
// exactly what real use produces. Demo is idempotent: completion is
// recorded in the meta table (key demo_loaded) and a later call returns at
// once. After an interrupted load, accounts are reused and UMKM already
// registered (by NIB) are skipped.
func Demo(ctx context.Context, a *app.App) error {
	loaded, err := metaValue(ctx, a.DB.Reader(), metaDemoLoaded)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if loaded != "" {
		return nil
	}

	users := map[string]account.User{}
	for _, l := range DemoLogins {
		n := demoNames[l.Email]
		u, err := demoAccount(ctx, a, account.NewUser{Email: l.Email, Password: DemoPassword, Name: n.name,
			Role: platform.Role(l.Role), ProvinceCode: n.province})
		if err != nil {
			return err
		}
		users[l.Email] = u
	}
	agencyOf := map[string]account.User{"16": users["dinas.sumsel@gerai.id"], "32": users["dinas.jabar@gerai.id"]}

	photos := newPhotoPool(ctx, a.Catalog)
	for _, d := range append(demoUMKMs[:len(demoUMKMs):len(demoUMKMs)], demoMallUMKMs...) {
		if err := demoLoadUMKM(ctx, a, d, users, agencyOf, photos); err != nil {
			photos.wait()
			return err
		}
	}
	if err := photos.wait(); err != nil {
		return err
	}
	if err := demoOrders(ctx, a, users, time.Now()); err != nil {
		return fmt.Errorf("demo orders: %w", err)
	}
	if err := demoGroupBuying(ctx, a, users); err != nil {
		return fmt.Errorf("demo group buying: %w", err)
	}
	if err := demoOrderAwaitingPayment(ctx, a, users); err != nil {
		return fmt.Errorf("demo order: %w", err)
	}
	if err := demoExpo(ctx, a, users); err != nil {
		return fmt.Errorf("demo expo: %w", err)
	}
	if err := demoRunningExpo(ctx, a, users, time.Now()); err != nil {
		return fmt.Errorf("demo running expo: %w", err)
	}
	if err := demoMall(ctx, a, users, time.Now()); err != nil {
		return fmt.Errorf("demo mall: %w", err)
	}
	if err := demoPangan(ctx, a, users, time.Now()); err != nil {
		return fmt.Errorf("demo food programme: %w", err)
	}
	if err := demoPartners(ctx, a, users); err != nil {
		return fmt.Errorf("demo partners: %w", err)
	}
	return setMeta(ctx, a.DB.Writer(), metaDemoLoaded, time.Now().UTC().Format(time.RFC3339))
}

// PrepareDemo prepares a for `gerai serve --demo`: it loads the demo data (see
// Demo) and lists the demo accounts on the login page.
func PrepareDemo(ctx context.Context, a *app.App) error {
	if err := Demo(ctx, a); err != nil {
		return err
	}
	for _, l := range DemoLogins {
		a.DemoLogins = append(a.DemoLogins, web.DemoLogin{Email: l.Email, Password: DemoPassword, Role: demoRoleLabel(l.Email, l.Role)})
	}
	return nil
}

// demoOrderAwaitingPayment leaves the demo buyer an order of a Kelom Geulis
// pair waiting for its payment, so that the order page, its payment page
// and the seller's order list have something to show.
func demoOrderAwaitingPayment(ctx context.Context, a *app.App, users map[string]account.User) error {
	var product int64
	err := a.DB.Reader().QueryRow(ctx, `SELECT p.id FROM products p JOIN umkm u ON u.id = p.umkm_id
		WHERE u.owner_id = ? AND p.listed = TRUE ORDER BY p.id LIMIT 1`, users["euis.kelom@demo.gerai.id"].ID).Scan(&product)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the seller's UMKM is not verified: nothing to order
	}
	if err != nil {
		return err
	}
	provider := "simulator" // on with --demo; bank transfer where it is off (tests)
	if !a.Payments.Has(provider) {
		provider = order.Transfer
	}
	_, err = a.Orders.Checkout(platform.WithActor(ctx, users["pembeli@gerai.id"].Actor()), order.CheckoutRequest{
		Items: []order.LineRequest{{ProductID: product, Quantity: 1}}, DeliveryMethod: order.Courier, PaymentProvider: provider,
		Address: order.Address{Name: "Budi Santoso", Phone: "081234567001", Street: "Jl. Dago No. 12", RegencyCode: "32.73"}}, "")
	return err
}

// demoAccount creates an account, or returns it when an earlier,
// interrupted load already created it.
func demoAccount(ctx context.Context, a *app.App, n account.NewUser) (account.User, error) {
	u, err := a.Accounts.Create(ctx, n)
	if platform.ErrorKind(err) == platform.KindConflict {
		u, err = a.Accounts.Authenticate(ctx, n.Email, n.Password, "")
	}
	if err != nil {
		return account.User{}, fmt.Errorf("demo account %s: %w", n.Email, err)
	}
	return u, nil
}

// demoNIB is the 13-digit NIB of a demo UMKM, derived from its name.
func demoNIB(name string) string { return fmt.Sprintf("812%010d", hashOf(name)) }

func demoLoadUMKM(ctx context.Context, a *app.App, d demoUMKM, users map[string]account.User,
	agencyOf map[string]account.User, photos *photoPool) error {
	var existing int64
	err := a.DB.Reader().QueryRow(ctx, `SELECT id FROM umkm WHERE nib = ?`, demoNIB(d.name)).Scan(&existing)
	if err == nil {
		return nil // loaded by an earlier, interrupted call
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	owner, ok := users[d.ownerEmail]
	if !ok {
		owner, err = demoAccount(ctx, a, account.NewUser{Email: d.ownerEmail, Password: DemoPassword, Name: d.ownerName,
			Role: platform.RoleSeller})
		if err != nil {
			return err
		}
		users[d.ownerEmail] = owner
	}
	octx := platform.WithActor(ctx, owner.Actor())
	u, err := a.UMKM.Create(octx, umkm.Fields{Name: d.name, OwnerName: d.ownerName, NIB: demoNIB(d.name), KBLI: d.kbli,
		RegencyCode: d.regency, Address: d.address, WhatsApp: d.whatsapp, Category: d.category, Description: d.description,
		Capital: d.capital, Turnover: d.turnover, HalalCert: d.halalCert, PIRT: d.pirt})
	if err != nil {
		return fmt.Errorf("demo UMKM %s: %w", d.name, err)
	}
	for _, dp := range d.products {
		p, err := a.Catalog.Create(octx, u.ID, catalog.Fields{Name: dp.name, Description: dp.description, Category: d.category,
			Price: dp.price, Stock: dp.stock, WeightGrams: dp.grams, Halal: dp.halal, Status: catalog.StatusActive})
		if err != nil {
			return fmt.Errorf("demo product %s: %w", dp.name, err)
		}
		photos.add(octx, p.ID, append([]motif{dp.motif}, demoGallery[dp.name]...), d.category, dp.name)
	}
	if d.status == umkm.StatusDraft {
		return nil
	}
	if _, err := a.UMKM.Submit(octx, u.ID); err != nil {
		return fmt.Errorf("demo submit %s: %w", d.name, err)
	}
	actx := platform.WithActor(ctx, agencyOf[strings.SplitN(d.regency, ".", 2)[0]].Actor())
	switch d.status {
	case umkm.StatusVerified:
		_, err = a.UMKM.Verify(actx, u.ID)
	case umkm.StatusRejected:
		_, err = a.UMKM.Reject(actx, u.ID, d.rejectReason)
	}
	if err != nil {
		return fmt.Errorf("demo verification %s: %w", d.name, err)
	}
	return nil
}

// photoPool draws product pictures and uploads them through
// catalog.AddPhotos on a few goroutines while the rest of the demo loads:
// resizing is the slow part of Demo.
type photoPool struct {
	jobs chan photoJob
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error
}

type photoJob struct {
	ctx      context.Context
	product  int64
	motifs   []motif // one photo each, in this order
	category string
	name     string
}

// demoGallery gives a few demo products more photos than their own, so that
// the product page's gallery shows.
var demoGallery = map[string][]motif{
	"Pempek Kapal Selam Besar isi 5":   {motifJar, motifDiscs},
	"Kemplang Panggang Original 250 g": {motifBlocks},
}

func newPhotoPool(ctx context.Context, cat *catalog.Service) *photoPool {
	p := &photoPool{jobs: make(chan photoJob, 256)}
	for range max(2, runtime.GOMAXPROCS(0)) {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range p.jobs {
				if p.failed() {
					continue
				}
				err := func() error {
					var imgs []io.Reader
					for _, m := range j.motifs {
						img, err := productPNG(m, j.category, j.name)
						if err != nil {
							return err
						}
						imgs = append(imgs, bytes.NewReader(img))
					}
					_, err := cat.AddPhotos(j.ctx, j.product, imgs...)
					return err
				}()
				if err != nil {
					p.mu.Lock()
					if p.err == nil {
						p.err = fmt.Errorf("demo photo of %s: %w", j.name, err)
					}
					p.mu.Unlock()
				}
			}
		}()
	}
	return p
}

func (p *photoPool) failed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err != nil
}

func (p *photoPool) add(ctx context.Context, product int64, motifs []motif, category, name string) {
	p.jobs <- photoJob{ctx: ctx, product: product, motifs: motifs, category: category, name: name}
}

// wait finishes the queued photos and returns the first error.
func (p *photoPool) wait() error {
	close(p.jobs)
	p.wg.Wait()
	return p.err
}

// demoRoleLabel is the catalogue key of what a demo account is for on the
// login page: its role, "cashier" for the account that only keeps a booth's
// till, "operator" for the account that runs the demo's open-air mall,
// "officer" for the food programme's field officer, "sponsor" for its
// sponsor's staff.
func demoRoleLabel(email, role string) string {
	switch email {
	case demoCashier:
		return "demo_role_cashier"
	case demoOperator:
		return "demo_role_operator"
	case demoOfficer:
		return "demo_role_officer"
	case demoSponsor:
		return "demo_role_sponsor"
	}
	return "admin_role_" + role
}
