package partner

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/audit"
	"github.com/gerai-id/gerai/internal/partner/pumk"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
)

// Instalment is one month of a loan's schedule.
type Instalment struct {
	N         int    `json:"n" doc:"1 for the first month"`
	DueOn     string `json:"due_on" format:"date"`
	Principal int64  `json:"principal"`
	Fee       int64  `json:"fee"`
}

// Repayment is money a loan received.
type Repayment struct {
	ID         int64     `json:"id"`
	LoanID     int64     `json:"loan_id"`
	PaidOn     string    `json:"paid_on" format:"date"`
	Amount     int64     `json:"amount"`
	RecordedBy int64     `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
	// Replayed is true when an Idempotency-Key returned this earlier repayment.
	Replayed bool `json:"replayed,omitempty"`
}

// Loan is a PUMK loan with where it stands today (WIB).
type Loan struct {
	ID          int64     `json:"id"`
	PartnerID   int64     `json:"partner_id"`
	UMKMID      int64     `json:"umkm_id"`
	UMKMName    string    `json:"umkm_name" doc:"The borrower: the partner's own record, kept after a consent is withdrawn"`
	Principal   int64     `json:"principal"`
	TenorMonths int       `json:"tenor_months"`
	StartOn     string    `json:"start_on" format:"date"`
	FeePermille int       `json:"fee_permille" doc:"Yearly administration fee on each loan year's opening balance, in permille (30 = 3%)"`
	Owed        int64     `json:"owed" doc:"The schedule's total: principal and fees"`
	CreatedAt   time.Time `json:"created_at"`
	AsOf        string    `json:"as_of" format:"date" doc:"The WIB day the status below is computed for"`
	pumk.Status
	Schedule   []Instalment `json:"schedule,omitempty"`
	Repayments []Repayment  `json:"repayments,omitempty"`
	// Replayed is true when an Idempotency-Key returned this earlier loan.
	Replayed bool `json:"replayed,omitempty"`
}

// LoanFields is a loan the partner's staff grant.
type LoanFields struct {
	UMKMID      int64
	Principal   int64
	TenorMonths int
	StartOn     string // YYYY-MM-DD
}

// MaxKey bounds an Idempotency-Key.
const MaxKey = 200

func checkKey(key string) (string, error) {
	key = strings.TrimSpace(key)
	if len(key) > MaxKey {
		return "", platform.Invalid("idempotency_key", "Idempotency-Key maksimal %d karakter", MaxKey)
	}
	return key, nil
}

func nullKey(key string) any {
	if key == "" {
		return nil
	}
	return key
}

// CreateLoan lends to a fostered UMKM (the partner's staff) under the
// PUMK rules: at most Rp250 juta over 1–36 months, the fee 3% a year.
// The UMKM's consent must be active. An Idempotency-Key (optional)
// returns the first loan on a retry with the same fields, and is a
// conflict with others. Nothing is written when anything is refused.
func (s *Service) CreateLoan(ctx context.Context, partnerID int64, f LoanFields, key string) (Loan, error) {
	p, err := s.allowed(ctx, partnerID, account.ManageLoans)
	if err != nil {
		return Loan{}, err
	}
	var val platform.Validation
	key, err = checkKey(key)
	val.Merge(err)
	start, err := parseDate("start_on", f.StartOn)
	val.Merge(err)
	schedule, err := pumk.Schedule(f.Principal, f.TenorMonths, start)
	val.Merge(err)
	if f.UMKMID <= 0 {
		val.Add("umkm_id", "Pilih UMKM binaan")
	} else if ok, err := consented(ctx, s.db.Reader(), f.UMKMID, p.ID); err != nil {
		return Loan{}, err
	} else if !ok {
		val.Merge(errNoConsent("umkm_id"))
	}
	if err := val.Err(); err != nil {
		return Loan{}, err
	}
	f.StartOn = start.Format(time.DateOnly)
	if key != "" {
		if l, found, err := s.replayLoan(ctx, p.ID, key, f); found || err != nil {
			return l, err
		}
	}
	var id int64
	replayed := false
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO partner_loans (partner_id, umkm_id, principal, tenor_months, start_on, fee_permille, owed,
			idempotency_key, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (partner_id, idempotency_key) DO NOTHING RETURNING id`,
			p.ID, f.UMKMID, f.Principal, f.TenorMonths, f.StartOn, pumk.FeePermille, pumk.Owed(schedule), nullKey(key),
			platform.ActorFrom(ctx).UserID, s.now().UTC()).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			replayed = true // a concurrent request with this key came first
			return nil
		}
		if err != nil {
			return err
		}
		for _, in := range schedule {
			if _, err := tx.Exec(ctx, `INSERT INTO partner_loan_schedule (loan_id, n, due_on, principal, fee) VALUES (?, ?, ?, ?, ?)`,
				id, in.N, in.DueOn.Format(time.DateOnly), in.Principal, in.Fee); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "create", "partner_loan", id, nil, f)
	})
	if err != nil {
		return Loan{}, err
	}
	if replayed {
		l, _, err := s.replayLoan(ctx, p.ID, key, f)
		return l, err
	}
	return s.loan(ctx, id)
}

// replayLoan returns the loan an Idempotency-Key already made.
func (s *Service) replayLoan(ctx context.Context, partnerID int64, key string, f LoanFields) (Loan, bool, error) {
	var id int64
	err := s.db.Reader().QueryRow(ctx, `SELECT id FROM partner_loans WHERE partner_id = ? AND idempotency_key = ?`, partnerID, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Loan{}, false, nil
	}
	if err != nil {
		return Loan{}, true, err
	}
	l, err := s.loan(ctx, id)
	if err != nil {
		return l, true, err
	}
	if l.UMKMID != f.UMKMID || l.Principal != f.Principal || l.TenorMonths != f.TenorMonths || l.StartOn != f.StartOn {
		return Loan{}, true, platform.Errorf(platform.KindConflict, "Idempotency-Key ini sudah dipakai untuk pinjaman yang berbeda")
	}
	l.Replayed = true
	return l, true, nil
}

const loanColumns = `l.id, l.partner_id, l.umkm_id, u.name, l.principal, l.tenor_months, l.start_on, l.fee_permille, l.owed, l.created_at`

func scanLoan(r sqldb.Scanner) (l Loan, err error) {
	err = r.Scan(&l.ID, &l.PartnerID, &l.UMKMID, &l.UMKMName, &l.Principal, &l.TenorMonths, &l.StartOn, &l.FeePermille, &l.Owed, &l.CreatedAt)
	return l, err
}

// loan loads a loan with its schedule, repayments and today's status,
// unchecked.
func (s *Service) loan(ctx context.Context, id int64) (Loan, error) {
	l, err := scanLoan(s.db.Reader().QueryRow(ctx, `SELECT `+loanColumns+` FROM partner_loans l JOIN umkm u ON u.id = l.umkm_id WHERE l.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return l, platform.NotFound("Pinjaman")
	}
	if err != nil {
		return l, err
	}
	list := []Loan{l}
	if err := s.fill(ctx, list, `l.id = ?`, id); err != nil {
		return l, err
	}
	return list[0], nil
}

// fill loads the schedules and repayments of loans (those matching cond)
// and computes each one's status today.
func (s *Service) fill(ctx context.Context, loans []Loan, cond string, args ...any) error {
	at := map[int64]int{}
	for i, l := range loans {
		at[l.ID] = i
	}
	rows, err := s.db.Reader().Query(ctx, `SELECT s.loan_id, s.n, s.due_on, s.principal, s.fee FROM partner_loan_schedule s
		JOIN partner_loans l ON l.id = s.loan_id WHERE `+cond+` ORDER BY s.loan_id, s.n`, args...)
	type row struct {
		loan int64
		in   Instalment
	}
	ins, err := sqldb.Collect(rows, err, func(r sqldb.Scanner) (x row, err error) {
		err = r.Scan(&x.loan, &x.in.N, &x.in.DueOn, &x.in.Principal, &x.in.Fee)
		return x, err
	})
	if err != nil {
		return err
	}
	for _, x := range ins {
		if i, ok := at[x.loan]; ok {
			loans[i].Schedule = append(loans[i].Schedule, x.in)
		}
	}
	rows, err = s.db.Reader().Query(ctx, `SELECT r.id, r.loan_id, r.paid_on, r.amount, r.recorded_by, r.recorded_at FROM partner_repayments r
		JOIN partner_loans l ON l.id = r.loan_id WHERE `+cond+` ORDER BY r.loan_id, r.paid_on, r.id`, args...)
	reps, err := sqldb.Collect(rows, err, scanRepayment)
	if err != nil {
		return err
	}
	for _, r := range reps {
		if i, ok := at[r.LoanID]; ok {
			loans[i].Repayments = append(loans[i].Repayments, r)
		}
	}
	today := s.Today()
	for i := range loans {
		loans[i].AsOf = today.Format(time.DateOnly)
		loans[i].Status = pumk.StatusOn(rules(loans[i].Schedule), repaid(loans[i].Repayments), today)
	}
	return nil
}

const repaymentColumns = `r.id, r.loan_id, r.paid_on, r.amount, r.recorded_by, r.recorded_at`

func scanRepayment(r sqldb.Scanner) (p Repayment, err error) {
	err = r.Scan(&p.ID, &p.LoanID, &p.PaidOn, &p.Amount, &p.RecordedBy, &p.RecordedAt)
	return p, err
}

// rules turns stored instalments into the pumk package's.
func rules(schedule []Instalment) []pumk.Instalment {
	out := make([]pumk.Instalment, len(schedule))
	for i, in := range schedule {
		due, _ := time.Parse(time.DateOnly, in.DueOn)
		out[i] = pumk.Instalment{N: in.N, DueOn: due, Principal: in.Principal, Fee: in.Fee}
	}
	return out
}

func repaid(list []Repayment) []pumk.Repayment {
	out := make([]pumk.Repayment, len(list))
	for i, r := range list {
		d, _ := time.Parse(time.DateOnly, r.PaidOn)
		out[i] = pumk.Repayment{PaidOn: d, Amount: r.Amount}
	}
	return out
}

// Loan returns a loan with its schedule, repayments, days late and class
// today (the partner's staff, the admin).
func (s *Service) Loan(ctx context.Context, id int64) (Loan, error) {
	l, err := s.loan(ctx, id)
	if err != nil {
		return l, err
	}
	if _, err := s.viewable(ctx, l.PartnerID); err != nil {
		if platform.ErrorKind(err) == platform.KindForbidden {
			return Loan{}, platform.NotFound("Pinjaman") // another partner's loan does not exist for this actor
		}
		return Loan{}, err
	}
	return l, nil
}

// loansOfStaff: a partner's staff see its loans, whatever the consent.
var loansOfStaff = account.Columns{Partner: account.PartnerRecords("l.partner_id")}

// Loans lists a partner's loans, newest first, each with today's status
// (its staff, the admin). A UMKM that withdrew its consent keeps its loans
// here: they are the partner's records.
func (s *Service) Loans(ctx context.Context, partnerID int64) ([]Loan, error) {
	if _, err := s.viewable(ctx, partnerID); err != nil {
		return nil, err
	}
	where, args := account.ScopeOf(platform.ActorFrom(ctx)).Where(loansOfStaff)
	args = append([]any{partnerID}, args...)
	rows, err := s.db.Reader().Query(ctx, `SELECT `+loanColumns+` FROM partner_loans l JOIN umkm u ON u.id = l.umkm_id
		WHERE l.partner_id = ? AND `+where+` ORDER BY l.id DESC`, args...)
	loans, err := sqldb.Collect(rows, err, scanLoan)
	if err != nil || len(loans) == 0 {
		return loans, err
	}
	if err := s.fill(ctx, loans, `l.partner_id = ? AND `+where, args...); err != nil {
		return nil, err
	}
	return loans, nil
}

// RepaymentFields is money a borrower paid.
type RepaymentFields struct {
	PaidOn string // YYYY-MM-DD, not after today (WIB)
	Amount int64
}

// Repay records a repayment of a loan (the partner's staff). A repayment
// above what the loan still owes is refused and nothing is written, also
// when several arrive at once (the conditional update and the table's
// CHECK decide). An Idempotency-Key (optional) returns the first repayment
// on a retry with the same fields.
func (s *Service) Repay(ctx context.Context, loanID int64, f RepaymentFields, key string) (Repayment, error) {
	l, err := s.loan(ctx, loanID)
	if err != nil {
		return Repayment{}, err
	}
	if _, err := s.allowed(ctx, l.PartnerID, account.ManageLoans); err != nil {
		if platform.ErrorKind(err) == platform.KindForbidden {
			if _, err := s.viewable(ctx, l.PartnerID); err != nil {
				return Repayment{}, platform.NotFound("Pinjaman")
			}
		}
		return Repayment{}, err
	}
	var val platform.Validation
	key, err = checkKey(key)
	val.Merge(err)
	paidOn, err := parseDate("paid_on", f.PaidOn)
	val.Merge(err)
	if err == nil {
		val.Check(!paidOn.After(s.Today()), "paid_on", "Tanggal pembayaran tidak boleh setelah hari ini")
		start, _ := time.Parse(time.DateOnly, l.StartOn)
		val.Check(!paidOn.Before(start), "paid_on", "Tanggal pembayaran tidak boleh sebelum pinjaman dimulai")
	}
	val.Merge(pumk.CheckRepayment(rules(l.Schedule), repaid(l.Repayments), f.Amount))
	if err := val.Err(); err != nil {
		return Repayment{}, err
	}
	f.PaidOn = paidOn.Format(time.DateOnly)
	if key != "" {
		if r, found, err := s.replayRepayment(ctx, loanID, key, f); found || err != nil {
			return r, err
		}
	}
	var id int64
	replayed := false
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		id, replayed, err = s.insertRepayment(ctx, tx, l, f, key)
		return err
	})
	if err != nil {
		return Repayment{}, err
	}
	if replayed {
		r, _, err := s.replayRepayment(ctx, loanID, key, f)
		return r, err
	}
	return scanRepayment(s.db.Reader().QueryRow(ctx, `SELECT `+repaymentColumns+` FROM partner_repayments r WHERE r.id = ?`, id))
}

// insertRepayment writes one repayment inside tx and raises the loan's
// paid total only while it stays within what is owed.
func (s *Service) insertRepayment(ctx context.Context, tx *sqldb.Tx, l Loan, f RepaymentFields, key string) (id int64, replayed bool, err error) {
	err = tx.QueryRow(ctx, `INSERT INTO partner_repayments (loan_id, paid_on, amount, idempotency_key, recorded_by, recorded_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (loan_id, idempotency_key) DO NOTHING RETURNING id`,
		l.ID, f.PaidOn, f.Amount, nullKey(key), platform.ActorFrom(ctx).UserID, s.now().UTC()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, true, nil
	}
	if err != nil {
		return 0, false, err
	}
	res, err := tx.Exec(ctx, `UPDATE partner_loans SET paid = paid + ? WHERE id = ? AND paid + ? <= owed`, f.Amount, l.ID, f.Amount)
	if err != nil {
		return 0, false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return 0, false, err
		}
		var left int64
		if err := tx.QueryRow(ctx, `SELECT owed - paid FROM partner_loans WHERE id = ?`, l.ID).Scan(&left); err != nil {
			return 0, false, err
		}
		return 0, false, platform.Invalid("amount", "Pembayaran melebihi sisa pinjaman (%s)", platform.Rupiah(left))
	}
	return id, false, audit.Record(ctx, tx, "repay", "partner_loan", l.ID, nil, map[string]any{"repayment_id": id, "paid_on": f.PaidOn, "amount": f.Amount})
}

func (s *Service) replayRepayment(ctx context.Context, loanID int64, key string, f RepaymentFields) (Repayment, bool, error) {
	r, err := scanRepayment(s.db.Reader().QueryRow(ctx, `SELECT `+repaymentColumns+` FROM partner_repayments r
		WHERE r.loan_id = ? AND r.idempotency_key = ?`, loanID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Repayment{}, false, nil
	}
	if err != nil {
		return Repayment{}, true, err
	}
	if r.PaidOn != f.PaidOn || r.Amount != f.Amount {
		return Repayment{}, true, platform.Errorf(platform.KindConflict, "Idempotency-Key ini sudah dipakai untuk pembayaran yang berbeda")
	}
	r.Replayed = true
	return r, true, nil
}

// ClassTotal is the loans of one collectibility class.
type ClassTotal struct {
	Class       string `json:"class" enum:"lancar,kurang_lancar,diragukan,macet"`
	Loans       int    `json:"loans"`
	Outstanding int64  `json:"outstanding"`
}

// Portfolio is a partner's loans by class today.
type Portfolio struct {
	AsOf        string       `json:"as_of" format:"date"`
	Loans       int          `json:"loans"`
	Outstanding int64        `json:"outstanding"`
	ByClass     []ClassTotal `json:"by_class" doc:"Every class, in order lancar, kurang_lancar, diragukan, macet"`
	// AtRisk is the outstanding of loans more than 30 days late.
	AtRisk int64 `json:"at_risk"`
	// PAR30 is AtRisk over Outstanding, in basis points (1/100 of a percent); 0 without outstanding.
	PAR30 int64 `json:"par30_bp" doc:"Portfolio at risk: outstanding of loans > 30 days late / total outstanding, in basis points"`
}

// Classes are the collectibility classes in order.
var Classes = []string{pumk.Lancar, pumk.KurangLancar, pumk.Diragukan, pumk.Macet}

// PortfolioOf sums a partner's loans by class (its staff, the admin).
func (s *Service) PortfolioOf(ctx context.Context, partnerID int64) (Portfolio, error) {
	loans, err := s.Loans(ctx, partnerID)
	if err != nil {
		return Portfolio{}, err
	}
	return Summarize(loans, s.Today()), nil
}

// Summarize sums loans by class; the sums are checked (platform.CheckedSum)
// and stop at the bound rather than wrap round.
func Summarize(loans []Loan, today time.Time) Portfolio {
	var sum platform.CheckedSum
	p := Portfolio{AsOf: today.Format(time.DateOnly), Loans: len(loans)}
	at := map[string]int{}
	for i, c := range Classes {
		p.ByClass = append(p.ByClass, ClassTotal{Class: c})
		at[c] = i
	}
	for _, l := range loans {
		c := &p.ByClass[at[l.Class]]
		c.Loans++
		sum.Plus(&c.Outstanding, l.Outstanding)
		sum.Plus(&p.Outstanding, l.Outstanding)
		if l.DaysLate > 30 {
			sum.Plus(&p.AtRisk, l.Outstanding)
		}
	}
	if p.Outstanding > 0 {
		// In floating point: AtRisk × 10,000 may pass int64 where the ratio does not.
		p.PAR30 = int64(float64(p.AtRisk) * 10_000 / float64(p.Outstanding))
	}
	return p
}
