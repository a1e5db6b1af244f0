package platform

import (
	"github.com/gerai-id/gerai/internal/idn"
)

// Arguments of an error message that read differently by language. Each
// prints itself in Indonesian (%s), so Message stays the Indonesian text;
// package i18n writes them the reader's way.

// Count is a number with its thousands grouped: 1.500 in Indonesian, 1,500
// in English.
type Count int64

func (n Count) String() string { return idn.FormatInt(int64(n)) }

// Rupiah is an amount of whole rupiah: Rp1.500.000 in Indonesian,
// Rp1,500,000 in English.
type Rupiah int64

func (r Rupiah) String() string { return idn.Rupiah(int64(r)) }

// Text is a message used as an argument of another (the "%d menit" of
// "Coba lagi dalam %s."), translated with it. Its format is a literal, as
// for Errorf.
type Text struct {
	Key  string
	Args []any
}

// Textf is the Text of an Indonesian format and its arguments.
func Textf(format string, args ...any) Text { return Text{Key: format, Args: args} }

func (t Text) String() string { return sprintf(t.Key, t.Args) }
