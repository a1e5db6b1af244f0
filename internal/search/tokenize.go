package search

import "unicode/utf8"

// Tokenize lower-cases, NFC-ish normalises (strip punctuation; keep letters
// and digits; treat hyphenated reduplication "buku-buku" as one token), and
// splits text into words.
//
// Normalisation rules:
//   - ASCII letters are lower-cased; accented Latin letters are folded to
//     ASCII (é → e, ß → ss, æ → ae); full-width ASCII is folded too.
//     Combining accents, soft hyphens and zero-width joiners are dropped
//     without splitting the word.
//   - Every other character (punctuation, symbols, letters of other
//     scripts, emoji, white space) separates tokens.
//   - A hyphen between two letters joins them into one token ("buku-buku",
//     "kupu-kupu", "kuasa-mu"); this inner "-" is the only character other
//     than a-z and 0-9 a token can contain. StemText and QueryTerms never
//     emit it.
//   - An apostrophe between two letters is dropped ("jum'at" → "jumat").
//   - A dot between digits followed by exactly three digits is a thousands
//     separator and is dropped ("25.000" → "25000"); other dots and commas
//     split ("2,5" → "2", "5").
func Tokenize(text string) []string {
	var out []string
	scanTokens(text, nil, func(tok []byte) {
		out = append(out, string(tok))
	})
	return out
}

// scanTokens calls emit for each token of text. The slice passed to emit is
// only valid during the call. buf is scratch space that may be reused by
// the caller; the (possibly grown) buffer is returned.
func scanTokens(text string, buf []byte, emit func(tok []byte)) []byte {
	buf = buf[:0]
	flush := func() {
		if len(buf) > 0 {
			emit(buf)
			buf = buf[:0]
		}
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				buf = append(buf, c)
			case c >= 'A' && c <= 'Z':
				buf = append(buf, c+('a'-'A'))
			case c == '-':
				if lastIsLetter(buf) && nextIsLetter(text, i+1) {
					buf = append(buf, '-')
				} else {
					flush()
				}
			case c == '\'' || c == '`':
				if !(lastIsLetter(buf) && nextIsLetter(text, i+1)) {
					flush()
				}
			case c == '.':
				if !(lastIsDigit(buf) && thousandsGroupAt(text, i+1)) {
					flush()
				}
			default:
				flush()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == 0x2010 || r == 0x2011: // hyphen, non-breaking hyphen
			if lastIsLetter(buf) && nextIsLetter(text, i+size) {
				buf = append(buf, '-')
			} else {
				flush()
			}
		case r == 0x2018 || r == 0x2019 || r == 0x02BC || r == 0x00B4: // apostrophes
			if !(lastIsLetter(buf) && nextIsLetter(text, i+size)) {
				flush()
			}
		case r >= 0x0300 && r <= 0x036F, // combining diacritical marks
			r == 0x00AD, r == 0x200C, r == 0x200D, r == 0x2060, r == 0xFEFF: // soft hyphen, ZWNJ, ZWJ, WJ, BOM
			// dropped without splitting the word
		default:
			if f := foldRune(r); f != "" {
				buf = append(buf, f...)
			} else {
				flush()
			}
		}
		i += size
	}
	flush()
	return buf
}

func lastIsLetter(buf []byte) bool {
	return len(buf) > 0 && buf[len(buf)-1] >= 'a' && buf[len(buf)-1] <= 'z'
}

func lastIsDigit(buf []byte) bool {
	return len(buf) > 0 && buf[len(buf)-1] >= '0' && buf[len(buf)-1] <= '9'
}

// nextIsLetter reports whether the character starting at text[i] folds to
// something beginning with a letter.
func nextIsLetter(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	c := text[i]
	if c < utf8.RuneSelf {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	f := foldRune(r)
	return f != "" && f[0] >= 'a' && f[0] <= 'z'
}

// thousandsGroupAt reports whether text[i:] starts with exactly three ASCII
// digits (not followed by a fourth).
func thousandsGroupAt(text string, i int) bool {
	if i+3 > len(text) {
		return false
	}
	for j := i; j < i+3; j++ {
		if text[j] < '0' || text[j] > '9' {
			return false
		}
	}
	return i+3 == len(text) || text[i+3] < '0' || text[i+3] > '9'
}

// foldRune maps a non-ASCII rune to lower-case ASCII letters or digits, or
// returns "" when the rune is not a foldable letter or digit.
func foldRune(r rune) string {
	switch {
	case r >= 0x00C0 && r <= 0x017F:
		return foldTable[r-0x00C0]
	case r >= 0xFF10 && r <= 0xFF19: // full-width digits
		return asciiDigits[r-0xFF10 : r-0xFF10+1]
	case r >= 0xFF21 && r <= 0xFF3A: // full-width upper case
		return asciiLetters[r-0xFF21 : r-0xFF21+1]
	case r >= 0xFF41 && r <= 0xFF5A: // full-width lower case
		return asciiLetters[r-0xFF41 : r-0xFF41+1]
	}
	return ""
}

const (
	asciiDigits  = "0123456789"
	asciiLetters = "abcdefghijklmnopqrstuvwxyz"
)

// foldTable covers U+00C0..U+017F (Latin-1 Supplement letters and Latin
// Extended-A).
var foldTable = buildFoldTable()

func buildFoldTable() [0x0180 - 0x00C0]string {
	var t [0x0180 - 0x00C0]string
	// One byte per code point; '_' marks code points handled below or not
	// folded (× and ÷).
	const single = "" +
		"aaaaaa_ceeeeiiiidnooooo_ouuuuy__" + // U+00C0..U+00DF
		"aaaaaa_ceeeeiiiidnooooo_ouuuuy_y" + // U+00E0..U+00FF
		"aaaaaacccccccc" + "dddd" + "eeeeeeeeee" + "gggggggg" + "hhhh" + // U+0100..U+0127
		"iiiiiiiiii" + "__" + "jj" + "kkk" + "llllllllll" + "nnnnnnnnn" + // U+0128..U+014B
		"oooooo" + "__" + "rrrrrr" + "ssssssss" + "tttttt" + // U+014C..U+0167
		"uuuuuuuuuuuu" + "ww" + "yyy" + "zzzzzz" + "s" // U+0168..U+017F
	if len(single) != len(t) {
		panic("search: fold table has the wrong length")
	}
	for i := 0; i < len(single); i++ {
		if c := single[i]; c != '_' {
			t[i] = asciiLetters[c-'a' : c-'a'+1]
		}
	}
	multi := map[rune]string{
		0x00C6: "ae", 0x00E6: "ae", // Æ æ
		0x00DE: "th", 0x00FE: "th", // Þ þ
		0x00DF: "ss",               // ß
		0x0132: "ij", 0x0133: "ij", // Ĳ ĳ
		0x0152: "oe", 0x0153: "oe", // Œ œ
	}
	for r, s := range multi {
		t[r-0x00C0] = s
	}
	return t
}
