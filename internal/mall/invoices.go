package mall

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Invoice statuses.
const (
	InvoiceOpen = "open"
	InvoicePaid = "paid"
	InvoiceVoid = "void"
)

// Invoice is what one tenant owes a venue for one period.
type Invoice struct {
	ID       int64  `json:"id"`
	Number   string `json:"number" example:"RTB-1-42" doc:"The bill number (the dynamic QRIS carries it)"`
	VenueID  int64  `json:"venue_id"`
	UMKMID   int64  `json:"umkm_id"`
	UMKMName string `json:"umkm_name"`
	From     string `json:"from" example:"2027-01-01"`
	To       string `json:"to" example:"2027-01-31"`
	DueDate  string `json:"due_date" example:"2027-02-14"`
	// RulebookVersion is the rulebook in force when the invoice was made.
	RulebookVersion int           `json:"rulebook_version"`
	Lines           []InvoiceLine `json:"lines"`
	Total           int64         `json:"total"`
	Paid            int64         `json:"paid"`
	Outstanding     int64         `json:"outstanding"`
	Status          string        `json:"status" enum:"open,paid,void"`
	// ArrearsDays is how many days an open invoice is past due (0 when not).
	ArrearsDays int        `json:"arrears_days"`
	CreatedAt   time.Time  `json:"created_at"`
	PaidAt      *time.Time `json:"paid_at,omitempty"`
	VoidReason  string     `json:"void_reason,omitempty"`
	// QRIS is the dynamic QRIS for the outstanding amount, built from the
	// operator's static QRIS (one invoice read; empty when none is set or
	// nothing is owed).
	QRIS     string    `json:"qris,omitempty"`
	Payments []Payment `json:"payments,omitempty"`
}

// invoiceNumber is an invoice's bill number: 25 characters at most of
// [A-Z0-9-], as a QRIS bill number must be.
func invoiceNumber(venueID, id int64) string { return fmt.Sprintf("RTB-%d-%d", venueID, id) }

const invoiceColumns = `i.id, i.venue_id, i.umkm_id, i.umkm_name, CAST(i.period_from AS TEXT), CAST(i.period_to AS TEXT),
	CAST(i.due_date AS TEXT), i.rulebook_version, i.total, i.paid, i.status, i.created_at, i.paid_at, i.void_reason`

// scanInvoice reads an invoice row; today (at the venue) gives its arrears.
func scanInvoice(today string) func(sqldb.Scanner) (Invoice, error) {
	return func(r sqldb.Scanner) (inv Invoice, err error) {
		var paidAt sql.NullTime
		err = r.Scan(&inv.ID, &inv.VenueID, &inv.UMKMID, &inv.UMKMName, &inv.From, &inv.To, &inv.DueDate, &inv.RulebookVersion,
			&inv.Total, &inv.Paid, &inv.Status, &inv.CreatedAt, &paidAt, &inv.VoidReason)
		if paidAt.Valid {
			inv.PaidAt = &paidAt.Time
		}
		inv.Number = invoiceNumber(inv.VenueID, inv.ID)
		inv.Lines = []InvoiceLine{}
		if inv.Status == InvoiceOpen {
			inv.Outstanding = inv.Total - inv.Paid
			inv.ArrearsDays = daysBetween(inv.DueDate, today)
		}
		return inv, err
	}
}

// daysBetween is b − a in days, 0 when b is not after a.
func daysBetween(a, b string) int {
	x, ok1 := parseDate(a)
	y, ok2 := parseDate(b)
	if !ok1 || !ok2 || !y.After(x) {
		return 0
	}
	return int(y.Sub(x).Hours() / 24)
}

// Invoice makes the invoices of the period from–to (both inclusive) at a
// venue by its rulebook in force: one per tenant (a UMKM with a turn
// meeting the period, or sales in it) with a line per fee kind; a tenant
// with nothing to pay gets none. It is idempotent: a rerun for the same
// period returns the invoices already made (and makes those of tenants
// that had none), never a second one; a period that overlaps another
// period already invoiced at the venue is a conflict. The venue's staff,
// its province's agency or an admin.
func (s *Service) Invoice(ctx context.Context, venueID int64, from, to string) ([]Invoice, error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return nil, err
	}
	var val platform.Validation
	start, end, _ := period(&val, "from", "to", from, to)
	if err := val.Err(); err != nil {
		return nil, err
	}
	from, to = start.Format(time.DateOnly), end.Format(time.DateOnly)
	rb, err := s.currentRulebook(ctx, s.db.Reader(), v.ID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		return nil, conflict("Lokasi ini belum menerbitkan buku aturan")
	}
	if err != nil {
		return nil, err
	}
	bills, err := s.bills(ctx, s.db.Reader(), v.ID, rb.FeeRules, start, end)
	if err != nil {
		return nil, err
	}
	due := end.AddDate(0, 0, rb.dueDays()).Format(time.DateOnly)
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		// Arrears are an allocation input: the revision moves, and the venue's row lock queues runs.
		if err := touch(ctx, tx, v.ID, now); err != nil {
			return err
		}
		var of, ot string
		err := tx.QueryRow(ctx, `SELECT CAST(period_from AS TEXT), CAST(period_to AS TEXT) FROM mall_invoices
			WHERE venue_id = ? AND status <> 'void' AND period_from <= ? AND ? <= period_to AND NOT (period_from = ? AND period_to = ?)
			ORDER BY period_from LIMIT 1`, v.ID, to, from, from, to).Scan(&of, &ot)
		if err == nil {
			return platform.Newf(platform.KindConflict, "Periode ini bertumpang tindih dengan tagihan periode %s–%s yang sudah dibuat", of, ot).OnField("from")
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var made []int64
		for _, b := range bills {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO mall_invoices (venue_id, umkm_id, umkm_name, period_from, period_to, due_date, rulebook_version,
				total, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
				v.ID, b.umkmID, b.name, from, to, due, rb.Version, b.total, platform.ActorFrom(ctx).UserID, now).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				continue // invoiced before: the first stays as it was made
			}
			if err != nil {
				return err
			}
			for n, l := range b.lines {
				if _, err := tx.Exec(ctx, `INSERT INTO mall_invoice_lines (invoice_id, line, kind, days, rate, sales, basis_points, clamped, amount)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, n+1, l.Kind, l.Days, l.Rate, l.Sales, l.BasisPoints, l.Clamped, l.Amount); err != nil {
					return err
				}
			}
			made = append(made, id)
		}
		if len(made) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, "issue_invoices", "venue", v.ID, nil, map[string]any{"from": from, "to": to,
			"rulebook_version": rb.Version, "invoice_ids": made})
	})
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+invoiceColumns+` FROM mall_invoices i
		WHERE i.venue_id = ? AND i.period_from = ? AND i.period_to = ? AND i.status <> 'void' ORDER BY i.umkm_id`, v.ID, from, to)
	list, err := sqldb.Collect(rows, err, scanInvoice(s.today(v)))
	if err != nil {
		return nil, err
	}
	return list, s.withLines(ctx, list)
}

// bill is one tenant's invoice before it is stored.
type bill struct {
	umkmID int64
	name   string
	lines  []InvoiceLine
	total  int64
}

// bills computes every tenant's invoice for start–end from what the venue
// recorded: turns, check-ins and sales.
func (s *Service) bills(ctx context.Context, q sqldb.Querier, venueID int64, r FeeRules, start, end time.Time) ([]bill, error) {
	from, to := start.Format(time.DateOnly), end.Format(time.DateOnly)
	// Rent of a month already invoiced in part needs the turns from the month's first day.
	monthStart := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	type turnRow struct {
		feeTurn
		umkmID   int64
		name     string
		inPeriod bool
	}
	rows, err := q.Query(ctx, `SELECT t.id, t.umkm_id, ap.umkm_name, ap.class, t.stands_in_for IS NOT NULL, CAST(t.from_date AS TEXT), CAST(t.to_date AS TEXT),
		(SELECT COUNT(*) FROM checkins c WHERE c.turn_id = t.id AND c.status = 'present' AND c.day >= ? AND c.day <= ?)
		FROM turns t JOIN mall_applications ap ON ap.id = t.application_id
		WHERE t.venue_id = ? AND t.status <> 'cancelled' AND t.from_date <= ? AND ? <= t.to_date ORDER BY t.id`,
		from, to, venueID, to, monthStart)
	turns, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (t turnRow, err error) {
		var class, f, e string
		var standIn bool
		err = r.Scan(&t.id, &t.umkmID, &t.name, &class, &standIn, &f, &e, &t.present)
		t.fixed = class == ClassTetap && !standIn // a stand-in pays the day, not a month's rent
		t.from, _ = parseDate(f)
		t.to, _ = parseDate(e)
		t.inPeriod = e >= from
		return t, err
	})
	if err != nil {
		return nil, err
	}
	sales, err := salesByUMKM(ctx, q, venueID, from, to)
	if err != nil {
		return nil, err
	}
	byUMKM := map[int64][]feeTurn{}
	tenant := map[int64]bool{}
	names := map[int64]string{}
	for _, t := range turns {
		byUMKM[t.umkmID] = append(byUMKM[t.umkmID], t.feeTurn)
		names[t.umkmID] = t.name
		if t.inPeriod {
			tenant[t.umkmID] = true
		}
	}
	for id := range sales {
		tenant[id] = true
	}
	if err := s.namesOf(ctx, q, venueID, tenant, names); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(tenant))
	for id := range tenant {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out []bill
	for _, id := range ids {
		lines := tenantFees(r, start, end, byUMKM[id], sales[id])
		b := bill{umkmID: id, name: names[id], lines: lines}
		for _, l := range lines {
			var ok bool
			if b.total, ok = platform.AddInt64(b.total, l.Amount); !ok {
				return nil, fmt.Errorf("mall: invoice of umkm %d overflows", id) // cannot happen within the rulebook's bounds
			}
		}
		if b.total > 0 {
			out = append(out, b)
		}
	}
	return out, nil
}

// namesOf fills in the names of tenants with sales but no turn read (from their latest application).
func (s *Service) namesOf(ctx context.Context, q sqldb.Querier, venueID int64, tenant map[int64]bool, names map[int64]string) error {
	for id := range tenant {
		if names[id] != "" {
			continue
		}
		var name string
		err := q.QueryRow(ctx, `SELECT umkm_name FROM mall_applications WHERE venue_id = ? AND umkm_id = ? ORDER BY id DESC LIMIT 1`, venueID, id).Scan(&name)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		names[id] = name
	}
	return nil
}

// salesByUMKM sums each tenant's recorded, non-voided stall sales of
// from–to at the venue, saturated at math.MaxInt64.
func salesByUMKM(ctx context.Context, q sqldb.Querier, venueID int64, from, to string) (map[int64]int64, error) {
	rows, err := q.Query(ctx, `SELECT umkm_id, `+platform.SplitSums("total")+` FROM mall_sales
		WHERE venue_id = ? AND sale_day >= ? AND sale_day <= ? AND voided_at IS NULL GROUP BY umkm_id`, venueID, from, to)
	out := map[int64]int64{}
	_, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (struct{}, error) {
		var id, hi, lo int64
		err := r.Scan(&id, &hi, &lo)
		out[id] = joinSplit(hi, lo)
		return struct{}{}, err
	})
	return out, err
}

// joinSplit is hi × platform.SumSplit + lo (two sums of platform.SplitSums),
// saturated at math.MaxInt64.
func joinSplit(hi, lo int64) int64 {
	var c platform.CheckedSum
	var v int64
	c.PlusSplit(&v, hi, lo)
	return v
}

// withLines reads the lines of each invoice of list.
func (s *Service) withLines(ctx context.Context, list []Invoice) error {
	for i := range list {
		rows, err := s.db.Reader().Query(ctx, `SELECT kind, days, rate, sales, basis_points, clamped, amount FROM mall_invoice_lines
			WHERE invoice_id = ? ORDER BY line`, list[i].ID)
		lines, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (l InvoiceLine, err error) {
			err = r.Scan(&l.Kind, &l.Days, &l.Rate, &l.Sales, &l.BasisPoints, &l.Clamped, &l.Amount)
			return l, err
		})
		if err != nil {
			return err
		}
		list[i].Lines = lines
	}
	return nil
}

// visibleInvoices relates invoices to a scope: an invoice is its UMKM
// owner's and its venue's staff's (Own), and the venue's province's.
var visibleInvoices = account.Columns{
	Own:      "(i.umkm_id IN (SELECT id FROM umkm WHERE owner_id = ?) OR i.venue_id IN (SELECT venue_id FROM venue_staff WHERE user_id = ?))",
	Province: "i.venue_id IN (SELECT id FROM venues WHERE province_code = ?)",
}

// InvoiceFilter narrows a venue's invoice list.
type InvoiceFilter struct {
	Status string // open, paid, void; "" any
	UMKMID int64  // 0 any
	// Arrears: only open invoices past due.
	Arrears bool
}

// MaxInvoiceList bounds one invoice list.
const MaxInvoiceList = 1000

// Invoices lists a venue's invoices the actor may see, newest period
// first: all to those who run the venue, its own to a tenant.
func (s *Service) Invoices(ctx context.Context, venueID int64, f InvoiceFilter) ([]Invoice, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return nil, platform.Unauthorized()
	}
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return nil, err
	}
	if f.Status != "" && !slices.Contains([]string{InvoiceOpen, InvoicePaid, InvoiceVoid}, f.Status) {
		return nil, platform.Invalid("status", "Status tagihan harus open, paid atau void")
	}
	today := s.today(v)
	scope, args := account.ScopeOf(a).Where(visibleInvoices)
	where, params := "i.venue_id = ? AND "+scope, append([]any{v.ID}, args...)
	if f.Status != "" {
		where, params = where+" AND i.status = ?", append(params, f.Status)
	}
	if f.UMKMID != 0 {
		where, params = where+" AND i.umkm_id = ?", append(params, f.UMKMID)
	}
	if f.Arrears {
		where, params = where+" AND i.status = 'open' AND i.due_date < ?", append(params, today)
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT `+invoiceColumns+` FROM mall_invoices i WHERE `+where+`
		ORDER BY i.period_to DESC, i.umkm_id, i.id LIMIT ?`, append(params, MaxInvoiceList)...)
	list, err := sqldb.Collect(rows, err, scanInvoice(today))
	if err != nil {
		return nil, err
	}
	return list, s.withLines(ctx, list)
}

// InvoiceOf returns one invoice with its lines, payments and, while it is
// owed, the dynamic QRIS to pay it: to its tenant and those who run the
// venue; others are told it does not exist.
func (s *Service) InvoiceOf(ctx context.Context, venueID, id int64) (Invoice, error) {
	a := platform.ActorFrom(ctx)
	if a.Anonymous() {
		return Invoice{}, platform.Unauthorized()
	}
	v, err := s.Venue(ctx, venueID)
	if err != nil {
		return Invoice{}, err
	}
	scope, args := account.ScopeOf(a).Where(visibleInvoices)
	inv, err := scanInvoice(s.today(v))(s.db.Reader().QueryRow(ctx, `SELECT `+invoiceColumns+` FROM mall_invoices i
		WHERE i.venue_id = ? AND i.id = ? AND `+scope, append([]any{v.ID, id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, platform.NotFound("Tagihan")
	}
	if err != nil {
		return inv, err
	}
	one := []Invoice{inv}
	if err := s.withLines(ctx, one); err != nil {
		return inv, err
	}
	inv = one[0]
	if inv.Payments, err = s.payments(ctx, inv.ID); err != nil {
		return inv, err
	}
	inv.QRIS, err = s.invoiceQRIS(ctx, inv)
	return inv, err
}

func (s *Service) invoice(ctx context.Context, q sqldb.Querier, v Venue, id int64) (Invoice, error) {
	inv, err := scanInvoice(s.today(v))(q.QueryRow(ctx, `SELECT `+invoiceColumns+` FROM mall_invoices i WHERE i.venue_id = ? AND i.id = ?`, v.ID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, platform.NotFound("Tagihan")
	}
	return inv, err
}

// arrearsOf returns the UMKM of the venue held back by their arrears on
// today: each with an open invoice more than the rulebook's limit of days
// past due, and how many days its oldest is. None when the rulebook sets
// no limit.
func (s *Service) arrearsOf(ctx context.Context, q sqldb.Querier, venueID int64, r FeeRules, today string) (map[int64]int, error) {
	out := map[int64]int{}
	t, ok := parseDate(today)
	if r.ArrearsLimitDays == 0 || !ok {
		return out, nil
	}
	cutoff := t.AddDate(0, 0, -r.ArrearsLimitDays).Format(time.DateOnly)
	rows, err := q.Query(ctx, `SELECT umkm_id, CAST(MIN(due_date) AS TEXT) FROM mall_invoices
		WHERE venue_id = ? AND status = 'open' AND due_date < ? GROUP BY umkm_id`, venueID, cutoff)
	_, err = sqldb.Collect(rows, err, func(r sqldb.Scanner) (struct{}, error) {
		var id int64
		var due string
		err := r.Scan(&id, &due)
		out[id] = daysBetween(due, today)
		return struct{}{}, err
	})
	return out, err
}

// FeeTotals sums the venue's invoices whose period ends within from–to
// (void ones left out): invoiced, paid, and in arrears (still owed on
// invoices past due today), in whole rupiah, saturated at math.MaxInt64.
// For those who run the venue (the report).
func (s *Service) FeeTotals(ctx context.Context, venueID int64, from, to string) (invoiced, paid, arrears int64, err error) {
	v, err := s.runnable(ctx, venueID)
	if err != nil {
		return 0, 0, 0, err
	}
	var val platform.Validation
	period(&val, "from", "to", from, to)
	if err := val.Err(); err != nil {
		return 0, 0, 0, err
	}
	var ih, il, ph, pl, ah, al int64
	err = s.db.Reader().QueryRow(ctx, fmt.Sprintf(`SELECT
		COALESCE(SUM(total / %[1]d), 0), COALESCE(SUM(total %% %[1]d), 0),
		COALESCE(SUM(paid / %[1]d), 0), COALESCE(SUM(paid %% %[1]d), 0),
		COALESCE(SUM(CASE WHEN status = 'open' AND due_date < ? THEN (total - paid) / %[1]d ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'open' AND due_date < ? THEN (total - paid) %% %[1]d ELSE 0 END), 0)
		FROM mall_invoices WHERE venue_id = ? AND status <> 'void' AND period_to >= ? AND period_to <= ?`, platform.SumSplit),
		s.today(v), s.today(v), v.ID, from, to).Scan(&ih, &il, &ph, &pl, &ah, &al)
	return joinSplit(ih, il), joinSplit(ph, pl), joinSplit(ah, al), err
}

// checkArrears refuses a new turn to a UMKM held back by its arrears at
// the venue: a conflict naming the reason code, as the allocation gives it.
func (s *Service) checkArrears(ctx context.Context, v Venue, umkmID int64) error {
	rb, err := s.currentRulebook(ctx, s.db.Reader(), v.ID)
	if platform.ErrorKind(err) == platform.KindNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	held, err := s.arrearsOf(ctx, s.db.Reader(), v.ID, rb.FeeRules, s.today(v))
	if err != nil {
		return err
	}
	if days, ok := held[umkmID]; ok {
		return platform.Newf(platform.KindConflict, "Retribusi menunggak %d hari, melewati batas %d hari: giliran baru diberikan setelah dilunasi (alasan: arrears)",
			days, rb.ArrearsLimitDays).OnField("application_id")
	}
	return nil
}
