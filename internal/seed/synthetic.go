package seed

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/region"
	"github.com/gerai-id/gerai/internal/search"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/umkm"
)

// Options sizes a synthetic data set.
type Options struct {
	UMKM     int // number of UMKM; with at least 514, every regency gets one
	Products int // number of products, spread unevenly over the UMKM
	// OrderLines is the number of order lines to write (synthetic_orders.go),
	// over the listed products the database then holds.
	OrderLines int
	Seed       int64 // the same seed gives the same data
}

// SyntheticPassword is the password of every synthetic seller account
// (seed-seller-N@seed.gerai.id).
const SyntheticPassword = "gerai-seed"

// Bulk-loading sizes: rows per INSERT statement and per transaction.
const (
	rowsPerStatement = 500
	rowsPerTx        = 20_000
	umkmPerSeller    = 10
)

// syntheticEpoch anchors the synthetic timestamps (Hari UMKM Nasional 2022,
// when Sumsel exhibited in Bandung), so that the same seed gives the same
// rows whenever it runs.
var syntheticEpoch = time.Date(2022, 8, 12, 9, 0, 0, 0, time.UTC)

// Synthetic writes opt.UMKM UMKM and opt.Products products, with one seller
// account per ten UMKM, spread over all of Indonesia's regencies, for
// performance and search testing (`gerai seed`). It appends to whatever the
// database holds: explicit ids start after the current maximum.
//
// This is the one sanctioned bypass of the domain services: rows are
// written with multi-row INSERTs (500 rows a statement, one transaction per
// 20,000 rows) and without audit entries, because going through
// umkm.Service and catalog.Service would take hours for a million products.
// It keeps the services' invariants itself: the scale follows
// umkm.ClassifyScale, products carry their UMKM's region and are listed
// when active and their UMKM verified, and the search index and its
// vocabulary hold what search.IndexProduct and search.IndexUMKM would write
// (from search.ProductDoc and search.UMKMDoc). Run it while no server writes to the same
// database, as the explicit ids could collide with concurrent inserts.
//
// progress, if not nil, is called as rows are written, per stage ("akun",
// "umkm", "produk"); see TerminalProgress.
func Synthetic(ctx context.Context, db *sqldb.DB, opt Options, progress func(stage string, done, total int)) error {
	if opt.UMKM < 0 || opt.Products < 0 || opt.OrderLines < 0 {
		return errors.New("seed: negative count")
	}
	if opt.Products > 0 && opt.UMKM == 0 {
		return errors.New("seed: products need at least one UMKM")
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	l := &loader{db: db, pg: db.Dialect == sqldb.Postgres, progress: progress}
	var err error
	if !l.pg {
		// The writer's page cache for the bulk load: 1 GiB instead of 16 MB.
		// Past a few GB of file, each multi-row INSERT into the orders'
		// indexes otherwise read most of its pages again from the file (the
		// ten-million-line seed fell from 6,000 to a few hundred lines/s).
		// The writer is one connection; it keeps the setting until closed.
		if _, err := db.Writer().Exec(ctx, `PRAGMA cache_size = -1048576`); err != nil {
			return err
		}
	}
	if l.userBase, err = maxID(ctx, db, "users"); err != nil {
		return err
	}
	if l.umkmBase, err = maxID(ctx, db, "umkm"); err != nil {
		return err
	}
	if l.productBase, err = maxID(ctx, db, "products"); err != nil {
		return err
	}
	if err := db.Reader().QueryRow(ctx,
		`SELECT COUNT(*) FROM users WHERE email LIKE 'seed-seller-%@seed.gerai.id'`).Scan(&l.sellerBase); err != nil {
		return err
	}
	hash, err := account.HashPassword(SyntheticPassword)
	if err != nil {
		return err
	}

	plan := newPlan(opt)
	if err := l.run(ctx, "akun", len(plan.sellers), func(send func(chunk) bool) { l.produceSellers(plan, hash, send) }); err != nil {
		return err
	}
	if err := l.run(ctx, "umkm", len(plan.umkm), func(send func(chunk) bool) { l.produceUMKM(plan, send) }); err != nil {
		return err
	}
	rum, err := dropRUM(ctx, db)
	if err != nil {
		return err
	}
	if err := l.run(ctx, "produk", opt.Products, func(send func(chunk) bool) { l.produceProducts(plan, opt, send) }); err != nil {
		return err
	}
	for _, def := range rum {
		if _, err := db.Writer().Exec(ctx, def); err != nil {
			return fmt.Errorf("seed: rebuild RUM index: %w", err)
		}
	}
	if opt.UMKM == 0 && opt.Products == 0 {
		// Orders added to a seeded database: its registry and index stand.
		return l.seedOrders(ctx, opt.OrderLines, opt.Seed)
	}
	// Finishing: the index stage merges what a bulk load leaves behind.
	if progress != nil {
		progress("indeks", 0, 1)
	}
	if l.pg {
		for _, t := range []string{"users", "umkm", "products"} {
			if _, err := db.Writer().Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT MAX(id) FROM `+t+`))
				WHERE EXISTS (SELECT 1 FROM `+t+`)`); err != nil {
				return fmt.Errorf("seed: setval %s: %w", t, err)
			}
		}
	} else {
		// The full-text index is left in many segments; merging them once
		// makes it smaller and every search read fewer pages.
		for _, fts := range []string{"product_fts", "umkm_fts"} {
			if _, err := db.Writer().Exec(ctx, `INSERT INTO `+fts+`(`+fts+`) VALUES ('optimize')`); err != nil {
				return fmt.Errorf("seed: optimize %s: %w", fts, err)
			}
		}
	}
	// The bulk load wrote the registry directly: its roll-ups are counted
	// again from the table.
	if err := umkm.NewService(db).RebuildRegistry(ctx); err != nil {
		return fmt.Errorf("seed: registry roll-up: %w", err)
	}
	if _, err := db.Writer().Exec(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("seed: analyze: %w", err)
	}
	if progress != nil {
		progress("indeks", 1, 1)
	}
	return l.seedOrders(ctx, opt.OrderLines, opt.Seed)
}

// dropRUM drops the products' RUM indexes (migration 0032, PostgreSQL)
// and returns the statements that make them again. A RUM index has no
// pending list as GIN does: kept during a bulk load, it slowed the load
// of products to 236 a second on a loaded machine where it ran at 800–900
// without them; built once after the load, it takes a fraction of that.
func dropRUM(ctx context.Context, db *sqldb.DB) ([]string, error) {
	if db.Dialect != sqldb.Postgres {
		return nil, nil
	}
	rows, err := db.Reader().Query(ctx, `SELECT indexname, indexdef FROM pg_indexes
		WHERE schemaname = current_schema() AND tablename = 'products' AND indexdef LIKE '% USING rum %'`)
	type index struct{ name, def string }
	found, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (i index, err error) {
		err = r.Scan(&i.name, &i.def)
		return i, err
	})
	if err != nil {
		return nil, fmt.Errorf("seed: RUM indexes: %w", err)
	}
	var defs []string
	for _, i := range found {
		if _, err := db.Writer().Exec(ctx, `DROP INDEX `+i.name); err != nil {
			return nil, fmt.Errorf("seed: drop %s: %w", i.name, err)
		}
		defs = append(defs, i.def)
	}
	return defs, nil
}

func maxID(ctx context.Context, db *sqldb.DB, table string) (int64, error) {
	var id int64
	err := db.Reader().QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&id)
	return id, err
}

// ---- the plan: sellers and UMKM, decided before anything is written ----

type seller struct {
	given, name string
	female      bool
	people      *people
}

type plannedUMKM struct {
	seller   int // index into plan.sellers
	name     string
	cat      *category
	goods    []*good
	regency  region.Regency
	place    string // regency name without "Kabupaten"/"Kota"
	verified bool
	created  time.Time
	products int
	seed     uint64 // of the generator of the UMKM's other fields
}

type plan struct {
	sellers []seller
	umkm    []plannedUMKM
}

// newRand returns the generator of one part of the data set, so that each
// part depends only on the seed and on what it is given.
func newRand(seed int64, part uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), part^0x9e3779b97f4a7c15))
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// shortPlace strips the kind of a regency from its name: "Kabupaten Ogan
// Komering Ilir" → "Ogan Komering Ilir".
func shortPlace(name string) string {
	for _, p := range []string{"Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			return rest
		}
	}
	return name
}

func newPlan(opt Options) *plan {
	r := newRand(opt.Seed, 1)
	n := opt.UMKM
	p := &plan{umkm: make([]plannedUMKM, n)}

	// Regencies: every regency once (as far as n allows), the rest weighted
	// by province, then sorted so that each seller's UMKM lie close together.
	regs := region.AllRegencies()
	cum := make([]float64, len(regs))
	total := 0.0
	for i, reg := range regs {
		w := provinceWeight(reg.ProvinceCode)
		if region.IsCity(reg) {
			w *= 1.5
		}
		total += w
		cum[i] = total
	}
	assigned := make([]region.Regency, n)
	first := r.Perm(len(regs))
	for i := range n {
		if i < len(regs) {
			assigned[i] = regs[first[i]]
		} else {
			assigned[i] = regs[min(sort.SearchFloat64s(cum, r.Float64()*total), len(regs)-1)]
		}
	}
	slices.SortStableFunc(assigned, func(a, b region.Regency) int { return strings.Compare(a.Code, b.Code) })

	catCum := make([]int, len(categories))
	catTotal := 0
	for i, c := range categories {
		catTotal += c.weight
		catCum[i] = catTotal
	}

	for i := range n {
		if i%umkmPerSeller == 0 {
			ppl := peopleOf(assigned[i].ProvinceCode)
			s := seller{female: r.IntN(2) == 0, people: ppl}
			if s.female {
				s.given = pick(r, ppl.female)
			} else {
				s.given = pick(r, ppl.male)
			}
			s.name = s.given + " " + pick(r, ppl.second)
			p.sellers = append(p.sellers, s)
		}
		u := &p.umkm[i]
		u.seller = len(p.sellers) - 1
		s := &p.sellers[u.seller]
		u.regency = assigned[i]
		u.place = shortPlace(u.regency.Name)
		ci := sort.SearchInts(catCum, r.IntN(catTotal)+1)
		u.cat = &categories[ci]
		for _, gi := range r.Perm(len(u.cat.goods))[:2+r.IntN(3)] {
			u.goods = append(u.goods, &u.cat.goods[gi])
		}
		u.name = businessName(r, u, s)
		u.verified = r.IntN(100) >= 5
		u.seed = r.Uint64()
		u.created = syntheticEpoch.Add(-time.Duration(30+r.IntN(700)) * 24 * time.Hour).Add(time.Duration(r.IntN(86400)) * time.Second)
	}

	// Products: uneven shares that add up to exactly opt.Products.
	if n > 0 {
		weights := make([]float64, n)
		sum := 0.0
		for i := range weights {
			weights[i] = 0.3 + 1.4*r.Float64()
			sum += weights[i]
		}
		given := 0
		for i := range p.umkm {
			p.umkm[i].products = int(float64(opt.Products) * weights[i] / sum)
			given += p.umkm[i].products
		}
		for i := 0; given < opt.Products; i = (i + 1) % n {
			p.umkm[i].products++
			given++
		}
	}
	return p
}

// nick is what customers call a person: the last word of the given name
// ("Ni Luh" → "Luh", "Andi Nurul" → "Nurul").
func nick(given string) string {
	if i := strings.LastIndexByte(given, ' '); i >= 0 {
		return given[i+1:]
	}
	return strings.TrimPrefix(given, "Hj. ")
}

func businessName(r *rand.Rand, u *plannedUMKM, s *seller) string {
	theme := u.goods[0].theme
	hon := pick(r, s.people.maleHon)
	if s.female {
		hon = pick(r, s.people.femaleHon)
	}
	nk := nick(s.given)
	prefix := pick(r, u.cat.prefixes)
	switch r.IntN(6) {
	case 0:
		return prefix + " " + theme + " " + hon + " " + nk
	case 1:
		return theme + " " + hon + " " + nk
	case 2:
		return prefix + " " + theme + " " + u.place
	case 3:
		return theme + " " + u.place + " " + pick(r, virtues)
	case 4:
		return prefix + " " + theme + " " + pick(r, virtues)
	default:
		return theme + " " + nk + " " + u.place
	}
}

// ---- bulk loading ----

func (l *loader) produceSellers(p *plan, hash string, send func(chunk) bool) {
	b := l.batcher(&usersTable, send)
	for i, s := range p.sellers {
		id := l.userBase + int64(i) + 1
		email := fmt.Sprintf("seed-seller-%d@seed.gerai.id", l.sellerBase+i+1)
		if !b.add(id, []any{id, email, hash, s.name, "seller", syntheticEpoch.Add(-800 * 24 * time.Hour)}, search.Doc{}) {
			return
		}
	}
	b.close()
}

var waPrefixes = []string{"811", "812", "813", "821", "822", "852", "853", "877", "878", "881", "895", "896", "831", "838"}

func roundTo(v float64, unit int64) int64 {
	return max(unit, int64(math.Round(v/float64(unit)))*unit)
}

func (l *loader) produceUMKM(p *plan, send func(chunk) bool) {
	b := l.batcher(&umkmTable, send)
	for i := range p.umkm {
		u := &p.umkm[i]
		id := l.umkmBase + int64(i) + 1
		s := &p.sellers[u.seller]
		vals, doc := umkmRow(u, s, id, l.userBase+int64(u.seller)+1)
		if !b.add(id, vals, doc) {
			return
		}
	}
	b.close()
}

// umkmRow returns the column values and search roots of one UMKM. Its
// randomness comes from the UMKM's own generator, seeded by the plan.
func umkmRow(u *plannedUMKM, s *seller, id, ownerID int64) ([]any, search.Doc) {
	r := rand.New(rand.NewPCG(u.seed, 0x5eed))
	var nouns []string
	for _, g := range u.goods {
		nouns = append(nouns, strings.ToLower(g.noun))
	}
	prov, _ := region.ProvinceByCode(u.regency.ProvinceCode)
	since := u.created.Year() - 1 - r.IntN(15)
	desc := fmt.Sprintf("Usaha %s dari %s, %s, yang memproduksi dan menjual %s. Berdiri sejak %d dan kini mempekerjakan %d warga sekitar. Melayani pembelian eceran, grosir, dan pesanan khusus.",
		u.cat.key, u.place, region.ProvinceDisplayName(prov), strings.Join(nouns, ", "), since, 1+r.IntN(25))

	var capital, turnover int64
	switch x := r.IntN(100); {
	case x < 78:
		capital = roundTo(5e6+r.Float64()*r.Float64()*850e6, 100_000)
		turnover = roundTo(30e6+r.Float64()*r.Float64()*1_900e6, 100_000)
	case x < 95:
		capital = roundTo(1_100e6+r.Float64()*3_800e6, 1_000_000)
		turnover = roundTo(2_100e6+r.Float64()*12_500e6, 1_000_000)
	default:
		capital = roundTo(5_200e6+r.Float64()*4_500e6, 10_000_000)
		turnover = roundTo(16e9+r.Float64()*32e9, 10_000_000)
	}
	scale, _ := umkm.ClassifyScale(capital, turnover)

	regDigits := strings.ReplaceAll(u.regency.Code, ".", "")
	var halal, pirt string
	if u.cat.key == "kuliner" || (u.cat.key == "pertanian" && r.IntN(2) == 0) {
		if r.IntN(100) < 85 {
			pirt = fmt.Sprintf("2%02d%s%04d-%02d", 1+r.IntN(15), regDigits, 1+r.IntN(9999), 22+r.IntN(5))
		}
		if r.IntN(100) < 60 {
			halal = fmt.Sprintf("ID%s1100%09d%02d", u.regency.ProvinceCode, r.IntN(1_000_000_000), 19+r.IntN(4))
		}
	}
	wa := fmt.Sprintf("+62%s%08d", pick(r, waPrefixes), r.IntN(100_000_000))
	address := fmt.Sprintf("%s No. %d, %s", pick(r, streets), 1+r.IntN(250), region.DisplayName(u.regency))
	nib := fmt.Sprintf("9%04d%08d", r.IntN(10_000), id%100_000_000)
	status := string(umkm.StatusSubmitted)
	var verifiedAt any
	if u.verified {
		status = string(umkm.StatusVerified)
		verifiedAt = u.created.Add(time.Duration(1+r.IntN(14)) * 24 * time.Hour)
	}
	updated := u.created
	if t, ok := verifiedAt.(time.Time); ok {
		updated = t
	}
	doc := search.UMKMDoc(u.name, u.cat.key, desc, s.name, u.regency.Code)
	return []any{id, ownerID, u.name, s.name, nib, pick(r, u.cat.kbli), u.regency.ProvinceCode, u.regency.Code, address, wa,
		u.cat.key, desc, capital, turnover, string(scale), halal, pirt, "", status, verifiedAt, u.created, updated}, doc
}

var editions = []string{"Edisi Lebaran", "Edisi Spesial", "Kemasan Hampers", "Paket Reseller", "Kemasan Ekonomis", "Edisi Terbatas"}
