// Package shop holds every way of building a domain error that the
// scanner must see (lines marked "problem" must be reported, every message
// in want.txt found).
package shop

import (
	"fmt"
	"net/url"

	"github.com/gerai-id/gerai/internal/platform"
)

type Charge struct{}

// Check is not a Validation's: its arguments are no messages.
func (Charge) Check(provider, field string, max int) error { return nil }

func conflict(format string, args ...any) error {
	return platform.Errorf(platform.KindConflict, format, args...)
}

func conflictAgain(msg string) error { return conflict(msg) }

func checkMore(v *platform.Validation) { v.Check(false, "z", "Dari parameter") }

func build(name string, n int) error {
	var v platform.Validation
	v.Check(n > 0, "items["+name+"].quantity", "Jumlah minimal 1")
	v.Add(name, "Nama %s terlalu panjang", name)
	v.Check(n < 9, "n", fmt.Sprintf("Maksimal %d", n)) // problem
	checkMore(&v)
	Charge{}.Check("midtrans", "order_id", 50)
	var c Charge
	c.Check("x", "y", 1)
	q := url.Values{}
	q.Add("k", name)
	field := func(msg string) error {
		e := platform.Newf(platform.KindInvalid, msg).OnField("photo")
		return e
	}
	_ = field("Foto rusak")
	_ = conflict("Booth %s dipakai", name)
	_ = conflictAgain("Sudah ditutup")
	_ = platform.Invalid("x", "Harga "+name) // problem
	_ = &platform.Error{Kind: platform.KindInvalid, Message: "Literal lama"}
	_ = &platform.Error{Kind: platform.KindInvalid, Message: "tidak dipakai", Key: "Kunci %d", Args: []any{1}}
	_ = []platform.FieldError{{Field: "a", Message: "Di dalam daftar"}}
	first := platform.Field("a", "Bidang %s", name)
	_ = &platform.Error{Kind: platform.KindInvalid, Message: first.Message, Key: first.Key, Args: first.Args}
	_ = &platform.Error{Kind: platform.KindInvalid, Message: first.Message} // problem
	_ = platform.NotFound("Barang")
	_ = platform.Textf("%d menit", n)
	_ = platform.Msg("catatan sistem")
	msg := "Variabel"
	_ = conflict(msg) // problem
	return v.Err()
}
