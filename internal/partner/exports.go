package partner

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gerai-id/gerai/internal/account"
	"github.com/gerai-id/gerai/internal/partner/pumk"
	"github.com/gerai-id/gerai/internal/platform"
	"github.com/gerai-id/gerai/internal/sqldb"
	"github.com/gerai-id/gerai/internal/tabular"
)

// ImportResult is what an import of repayments recorded.
type ImportResult struct {
	Recorded int `json:"recorded"`
	Replayed int `json:"replayed" doc:"Rows of the same file imported before, not recorded twice"`
}

// MaxImportRows bounds an import of repayments.
const MaxImportRows = 5000

// ImportRepayments records repayments from a spreadsheet (csv or xlsx:
// columns loan id, paid_on, amount; a first row that is not a number is a
// header) for the partner's loans (its staff). Every row is checked first
// — each loan the partner's, each date, each amount within what the loan
// still owes after the earlier rows — and either all rows are recorded in
// one transaction or none: the error lists each bad row (field
// "rows[N].column", N the spreadsheet's row number). Each row's
// Idempotency key is the file's hash and the row, so importing the same
// file again records nothing twice.
func (s *Service) ImportRepayments(ctx context.Context, partnerID int64, r io.Reader, format string) (ImportResult, error) {
	p, err := s.allowed(ctx, partnerID, account.ManageLoans)
	if err != nil {
		return ImportResult{}, err
	}
	data, err := io.ReadAll(io.LimitReader(r, tabular.Default.MaxFileBytes+1))
	if err != nil {
		return ImportResult{}, err
	}
	rows, err := tabular.Read(bytes.NewReader(data), format, tabular.Limits{MaxRows: MaxImportRows + 1, MaxColumns: 16})
	if err != nil {
		return ImportResult{}, err
	}
	if len(rows) > 0 && len(rows[0].Cells) > 0 {
		if _, err := strconv.ParseInt(strings.TrimSpace(rows[0].Cells[0]), 10, 64); err != nil {
			rows = rows[1:] // a header
		}
	}
	if len(rows) == 0 {
		return ImportResult{}, platform.Invalid("file", "Berkas tidak berisi baris pembayaran")
	}
	sum := sha256.Sum256(data)
	fileKey := "import:" + hex.EncodeToString(sum[:12])
	loans, err := s.Loans(ctx, p.ID)
	if err != nil {
		return ImportResult{}, err
	}
	byID := map[int64]*Loan{}
	for i := range loans {
		byID[loans[i].ID] = &loans[i]
	}
	type line struct {
		loan *Loan
		f    RepaymentFields
		key  string
	}
	var lines []line
	var bad []platform.FieldError
	today := s.Today()
	for _, row := range rows {
		cell := func(i int) string {
			if i < len(row.Cells) {
				return strings.TrimSpace(row.Cells[i])
			}
			return ""
		}
		field := func(col string) string { return fmt.Sprintf("rows[%d].%s", row.Number, col) }
		n := len(bad)
		id, err := strconv.ParseInt(cell(0), 10, 64)
		l := byID[id]
		if err != nil || l == nil {
			bad = append(bad, platform.Field(field("loan_id"), "Baris %d: pinjaman %s bukan pinjaman mitra ini", platform.Count(row.Number), cell(0)))
		}
		day, err := parseDate("paid_on", cell(1))
		if err != nil || day.After(today) {
			bad = append(bad, platform.Field(field("paid_on"), "Baris %d: tanggal bayar harus TTTT-BB-HH dan tidak setelah hari ini", platform.Count(row.Number)))
		}
		amount, err := strconv.ParseInt(strings.NewReplacer(".", "", ",", "", "Rp", "", " ", "").Replace(cell(2)), 10, 64)
		if err != nil {
			bad = append(bad, platform.Field(field("amount"), "Baris %d: jumlah harus angka rupiah", platform.Count(row.Number)))
		}
		if len(bad) > n {
			continue
		}
		f := RepaymentFields{PaidOn: day.Format(time.DateOnly), Amount: amount}
		key := fmt.Sprintf("%s:%d", fileKey, row.Number)
		if err := pumk.CheckRepayment(rules(l.Schedule), repaid(l.Repayments), amount); err != nil {
			left := pumk.Owed(rules(l.Schedule))
			for _, r := range l.Repayments {
				left -= r.Amount
			}
			bad = append(bad, platform.Field(field("amount"), "Baris %d: jumlah harus lebih dari Rp0 dan tidak melebihi sisa pinjaman (%s)",
				platform.Count(row.Number), platform.Rupiah(left)))
			continue
		}
		// Later rows of the same loan see this one as already paid.
		l.Repayments = append(l.Repayments, Repayment{LoanID: l.ID, PaidOn: f.PaidOn, Amount: f.Amount})
		lines = append(lines, line{loan: l, f: f, key: key})
	}
	if len(bad) > 0 {
		return ImportResult{}, &platform.Error{Kind: platform.KindInvalid, Message: "Tidak ada pembayaran yang dicatat: periksa baris yang salah", Fields: bad}
	}
	var res ImportResult
	err = s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res = ImportResult{}
		for _, ln := range lines {
			_, replayed, err := s.insertRepayment(ctx, tx, *ln.loan, ln.f, ln.key)
			if err != nil {
				return err
			}
			if replayed {
				res.Replayed++
			} else {
				res.Recorded++
			}
		}
		return nil
	})
	return res, err
}

// classLabel is how a class reads in an export.
var classLabel = map[string]string{pumk.Lancar: "Lancar", pumk.KurangLancar: "Kurang lancar", pumk.Diragukan: "Diragukan", pumk.Macet: "Macet"}

// WriteUMKMExport writes the fostered UMKM as csv or xlsx (its staff, the admin).
func (s *Service) WriteUMKMExport(ctx context.Context, partnerID int64, format string, w io.Writer) error {
	list, err := s.FosteredUMKM(ctx, partnerID)
	if err != nil {
		return err
	}
	header := []any{"id", "nama", "pemilik", "provinsi", "kabupaten_kota", "kategori", "skala", "persetujuan_sejak", "tahap_terakhir"}
	var rows [][]any
	for _, u := range list {
		rows = append(rows, []any{u.ID, u.Name, u.OwnerName, u.ProvinceCode, u.RegencyCode, u.Category, u.Scale,
			u.ConsentSince.In(wib).Format(time.DateOnly), u.Stage})
	}
	return writeTable(format, w, "UMKM binaan", header, rows)
}

// WriteLoanExport writes the partner's loans with today's class (its staff, the admin).
func (s *Service) WriteLoanExport(ctx context.Context, partnerID int64, format string, w io.Writer) error {
	list, err := s.Loans(ctx, partnerID)
	if err != nil {
		return err
	}
	header := []any{"id", "umkm_id", "umkm", "pokok", "tenor_bulan", "mulai", "kewajiban", "dibayar", "sisa", "tunggakan", "hari_terlambat", "kolektibilitas", "per_tanggal"}
	var rows [][]any
	for _, l := range list {
		rows = append(rows, []any{l.ID, l.UMKMID, l.UMKMName, l.Principal, l.TenorMonths, l.StartOn, l.Owed, l.Paid, l.Outstanding,
			l.Arrears, l.DaysLate, classLabel[l.Class], l.AsOf})
	}
	return writeTable(format, w, "Pinjaman", header, rows)
}

func writeTable(format string, w io.Writer, sheet string, header []any, rows [][]any) error {
	switch format {
	case "csv":
		c := tabular.NewCSVWriter(w, true)
		c.Row(header...)
		for _, r := range rows {
			c.Row(r...)
		}
		return c.Flush()
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return err
		}
		for i, r := range append([][]any{header}, rows...) {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if err := tabular.SetCell(f, sheet, cell, v); err != nil {
					return err
				}
			}
		}
		return f.Write(w)
	}
	return platform.Invalid("format", "Format harus csv atau xlsx")
}
