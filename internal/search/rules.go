package search

// This file holds the derivational-prefix disambiguation rules of the
// Sastrawi stemmer (Nazief–Adriani, extended by Confix Stripping (CS),
// Enhanced CS (ECS), the CC infix rules and Sastrawi's own rules 41–42),
// numbered as in the reference implementation. Each rule either returns a
// candidate word (ok == true) or does not apply. The rules are written as
// byte tests instead of regular expressions so the stemmer stays fast; the
// comment on each rule gives the reference pattern.

func isVowel(c byte) bool {
	switch c {
	case 'a', 'i', 'u', 'e', 'o':
		return true
	}
	return false
}

// isConsonant matches the class [bcdfghjklmnpqrstvwxyz].
func isConsonant(c byte) bool {
	return c >= 'a' && c <= 'z' && !isVowel(c)
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// at returns w[i], or 0 when i is out of range.
func at(w string, i int) byte {
	if i < len(w) {
		return w[i]
	}
	return 0
}

func hasPrefix(w, p string) bool { return len(w) >= len(p) && w[:len(p)] == p }

type rule func(w string) (string, bool)

// prefixGroups lists the disambiguator groups in the order Sastrawi's
// VisitorProvider registers them. Within a group the rules are tried in
// order until one yields a dictionary word; otherwise the candidate of the
// last rule is used (and none when the last rule does not apply).
var prefixGroups = [][]rule{
	{rule1a, rule1b},
	{rule2},
	{rule3},
	{rule4},
	{rule5},
	{rule6a, rule6b},
	{rule7},
	{rule8},
	{rule9},
	{rule10},
	{rule11},
	{rule12},
	{rule13a, rule13b},
	{rule14},
	{rule15a, rule15b},
	{rule16},
	{rule17a, rule17b, rule17c, rule17d},
	{rule18a, rule18b},
	{rule19},
	{rule20},
	{rule21a, rule21b},
	{rule23},
	{rule24},
	{rule25},
	{rule26a, rule26b},
	{rule27},
	{rule28a, rule28b},
	{rule29},
	{rule30a, rule30b, rule30c},
	{rule31a, rule31b},
	{rule32},
	{rule34},
	// CS additional rules.
	{rule35},
	{rule36},
	// CC infix rules.
	{rule37a, rule37b},
	{rule38a, rule38b},
	{rule39a, rule39b},
	{rule40a, rule40b},
	// Sastrawi rules: ku-A, kau-A.
	{rule41},
	{rule42},
}

// Rule 1a: berV -> ber-V.  ^ber([aiueo].*)$
func rule1a(w string) (string, bool) {
	if hasPrefix(w, "ber") && isVowel(at(w, 3)) {
		return w[3:], true
	}
	return "", false
}

// Rule 1b: berV -> be-rV.  ^ber([aiueo].*)$ -> r\1
func rule1b(w string) (string, bool) {
	if hasPrefix(w, "ber") && isVowel(at(w, 3)) {
		return "r" + w[3:], true
	}
	return "", false
}

// Rule 2: berCAP -> ber-CAP where P != 'er'.  ^ber([C])([a-z])(.*)
func rule2(w string) (string, bool) {
	if hasPrefix(w, "ber") && isConsonant(at(w, 3)) && isLower(at(w, 4)) {
		if hasPrefix(w[5:], "er") {
			return "", false
		}
		return w[3:], true
	}
	return "", false
}

// Rule 3: berCAerV -> ber-CAerV where C != 'r'.  ber([C])([a-z])er([V])(.*)
func rule3(w string) (string, bool) {
	if hasPrefix(w, "ber") && isConsonant(at(w, 3)) && isLower(at(w, 4)) &&
		at(w, 5) == 'e' && at(w, 6) == 'r' && isVowel(at(w, 7)) {
		if w[3] == 'r' {
			return "", false
		}
		return w[3:], true
	}
	return "", false
}

// Rule 4: belajar -> bel-ajar.
func rule4(w string) (string, bool) {
	if w == "belajar" {
		return "ajar", true
	}
	return "", false
}

// Rule 5: beC1erC2 -> be-C1erC2 where C1 != 'r'.
// ^be([bcdfghjklmnpqstvwxyz])(er[C])(.*)$
func rule5(w string) (string, bool) {
	if hasPrefix(w, "be") && isConsonant(at(w, 2)) && w[2] != 'r' &&
		at(w, 3) == 'e' && at(w, 4) == 'r' && isConsonant(at(w, 5)) {
		return w[2:], true
	}
	return "", false
}

// Rule 6a: terV -> ter-V.
func rule6a(w string) (string, bool) {
	if hasPrefix(w, "ter") && isVowel(at(w, 3)) {
		return w[3:], true
	}
	return "", false
}

// Rule 6b: terV -> te-rV.
func rule6b(w string) (string, bool) {
	if hasPrefix(w, "ter") && isVowel(at(w, 3)) {
		return "r" + w[3:], true
	}
	return "", false
}

// Rule 7: terCerV -> ter-CerV where C != 'r'.  ^ter([C])er([V].*)$
func rule7(w string) (string, bool) {
	if hasPrefix(w, "ter") && isConsonant(at(w, 3)) && at(w, 4) == 'e' && at(w, 5) == 'r' && isVowel(at(w, 6)) {
		if w[3] == 'r' {
			return "", false
		}
		return w[3:], true
	}
	return "", false
}

// Rule 8: terCP -> ter-CP where C != 'r' and P != 'er'.  ^ter([C])(.*)$
func rule8(w string) (string, bool) {
	if hasPrefix(w, "ter") && isConsonant(at(w, 3)) {
		if w[3] == 'r' || hasPrefix(w[4:], "er") {
			return "", false
		}
		return w[3:], true
	}
	return "", false
}

// Rule 9: teC1erC2 -> te-C1erC2 where C1 != 'r'.  ^te([C])er([C])(.*)$
func rule9(w string) (string, bool) {
	if hasPrefix(w, "te") && isConsonant(at(w, 2)) && at(w, 3) == 'e' && at(w, 4) == 'r' && isConsonant(at(w, 5)) {
		if w[2] == 'r' {
			return "", false
		}
		return w[2:], true
	}
	return "", false
}

// Rule 10: me{l|r|w|y}V -> me-{l|r|w|y}V.
func rule10(w string) (string, bool) {
	if hasPrefix(w, "me") && isVowel(at(w, 3)) {
		switch w[2] {
		case 'l', 'r', 'w', 'y':
			return w[2:], true
		}
	}
	return "", false
}

// Rule 11: mem{b|f|v} -> mem-{b|f|v}.
func rule11(w string) (string, bool) {
	if hasPrefix(w, "mem") {
		switch at(w, 3) {
		case 'b', 'f', 'v':
			return w[3:], true
		}
	}
	return "", false
}

// Rule 12 (CS): mempe -> mem-pe, to stem mempengaruhi.
func rule12(w string) (string, bool) {
	if hasPrefix(w, "mempe") {
		return w[3:], true
	}
	return "", false
}

// Rule 13a: mem{rV|V} -> me-m{rV|V}.  ^mem([V])(.*)$
func rule13a(w string) (string, bool) {
	if hasPrefix(w, "mem") && isVowel(at(w, 3)) {
		return "m" + w[3:], true
	}
	return "", false
}

// Rule 13b: mem{rV|V} -> me-p{rV|V}.  ^mem([V])(.*)$
func rule13b(w string) (string, bool) {
	if hasPrefix(w, "mem") && isVowel(at(w, 3)) {
		return "p" + w[3:], true
	}
	return "", false
}

// Rule 14 (modified by Sastrawi and ECS): men{c|d|j|s|t|z} -> men-{c|d|j|s|t|z}.
func rule14(w string) (string, bool) {
	if hasPrefix(w, "men") {
		switch at(w, 3) {
		case 'c', 'd', 'j', 's', 't', 'z':
			return w[3:], true
		}
	}
	return "", false
}

// Rule 15a: menV -> me-nV.
func rule15a(w string) (string, bool) {
	if hasPrefix(w, "men") && isVowel(at(w, 3)) {
		return "n" + w[3:], true
	}
	return "", false
}

// Rule 15b: menV -> me-tV.
func rule15b(w string) (string, bool) {
	if hasPrefix(w, "men") && isVowel(at(w, 3)) {
		return "t" + w[3:], true
	}
	return "", false
}

// Rule 16 (CS): meng{g|h|q|k} -> meng-{g|h|q|k}.
func rule16(w string) (string, bool) {
	if hasPrefix(w, "meng") {
		switch at(w, 4) {
		case 'g', 'h', 'q', 'k':
			return w[4:], true
		}
	}
	return "", false
}

// Rule 17a: mengV -> meng-V.
func rule17a(w string) (string, bool) {
	if hasPrefix(w, "meng") && isVowel(at(w, 4)) {
		return w[4:], true
	}
	return "", false
}

// Rule 17b: mengV -> meng-kV.
func rule17b(w string) (string, bool) {
	if hasPrefix(w, "meng") && isVowel(at(w, 4)) {
		return "k" + w[4:], true
	}
	return "", false
}

// Rule 17c (ECS): menge -> menge-, to stem mengebom.
func rule17c(w string) (string, bool) {
	if hasPrefix(w, "menge") {
		return w[5:], true
	}
	return "", false
}

// Rule 17d: mengV -> me-ngV, to stem menganga.
func rule17d(w string) (string, bool) {
	if hasPrefix(w, "meng") && isVowel(at(w, 4)) {
		return "ng" + w[4:], true
	}
	return "", false
}

// Rule 18a (CC): menyV -> me-nyV, to stem menyala.
func rule18a(w string) (string, bool) {
	if hasPrefix(w, "meny") && isVowel(at(w, 4)) {
		return "ny" + w[4:], true
	}
	return "", false
}

// Rule 18b: menyV -> meny-sV.
func rule18b(w string) (string, bool) {
	if hasPrefix(w, "meny") && isVowel(at(w, 4)) {
		return "s" + w[4:], true
	}
	return "", false
}

// Rule 19 (ECS): mempA -> mem-pA where A is not 'e' (nor 'n', as in the
// reference character class), to stem memproteksi.
func rule19(w string) (string, bool) {
	if hasPrefix(w, "memp") {
		c := at(w, 4)
		if isLower(c) && c != 'e' && c != 'n' {
			return w[3:], true
		}
	}
	return "", false
}

// Rule 20: pe{w|y}V -> pe-{w|y}V.
func rule20(w string) (string, bool) {
	if hasPrefix(w, "pe") && (at(w, 2) == 'w' || at(w, 2) == 'y') && isVowel(at(w, 3)) {
		return w[2:], true
	}
	return "", false
}

// Rule 21a: perV -> per-V.
func rule21a(w string) (string, bool) {
	if hasPrefix(w, "per") && isVowel(at(w, 3)) {
		return w[3:], true
	}
	return "", false
}

// Rule 21b: perV -> pe-rV.
func rule21b(w string) (string, bool) {
	if hasPrefix(w, "per") && isVowel(at(w, 3)) {
		return w[2:], true
	}
	return "", false
}

// Rule 23: perCAP -> per-CAP where P != 'er'.  ^per([C])([a-z])(.*)$
func rule23(w string) (string, bool) {
	if hasPrefix(w, "per") && isConsonant(at(w, 3)) && isLower(at(w, 4)) {
		if hasPrefix(w[5:], "er") {
			return "", false
		}
		return w[3:], true
	}
	return "", false
}

// Rule 24: perCAerV -> per-CAerV where C != 'r'.
func rule24(w string) (string, bool) {
	if hasPrefix(w, "per") && isConsonant(at(w, 3)) && isLower(at(w, 4)) &&
		at(w, 5) == 'e' && at(w, 6) == 'r' && isVowel(at(w, 7)) {
		if w[3] == 'r' {
			return "", false
		}
		return w[3:], true
	}
	return "", false
}

// Rule 25: pem{b|f|v} -> pem-{b|f|v}.
func rule25(w string) (string, bool) {
	if hasPrefix(w, "pem") {
		switch at(w, 3) {
		case 'b', 'f', 'v':
			return w[3:], true
		}
	}
	return "", false
}

// Rule 26a: pem{rV|V} -> pe-m{rV|V}.  ^pem([V])(.*)$
func rule26a(w string) (string, bool) {
	if hasPrefix(w, "pem") && isVowel(at(w, 3)) {
		return "m" + w[3:], true
	}
	return "", false
}

// Rule 26b: pem{rV|V} -> pe-p{rV|V}.  ^pem([V])(.*)$
func rule26b(w string) (string, bool) {
	if hasPrefix(w, "pem") && isVowel(at(w, 3)) {
		return "p" + w[3:], true
	}
	return "", false
}

// Rule 27 (modified by Sastrawi): pen{c|d|j|s|t|z} -> pen-{c|d|j|s|t|z},
// to stem penstabilan and pentranskripsi.
func rule27(w string) (string, bool) {
	if hasPrefix(w, "pen") {
		switch at(w, 3) {
		case 'c', 'd', 'j', 's', 't', 'z':
			return w[3:], true
		}
	}
	return "", false
}

// Rule 28a: penV -> pe-nV.
func rule28a(w string) (string, bool) {
	if hasPrefix(w, "pen") && isVowel(at(w, 3)) {
		return "n" + w[3:], true
	}
	return "", false
}

// Rule 28b: penV -> pe-tV.
func rule28b(w string) (string, bool) {
	if hasPrefix(w, "pen") && isVowel(at(w, 3)) {
		return "t" + w[3:], true
	}
	return "", false
}

// Rule 29 (ECS): pengC -> peng-C.
func rule29(w string) (string, bool) {
	if hasPrefix(w, "peng") && isConsonant(at(w, 4)) {
		return w[4:], true
	}
	return "", false
}

// Rule 30a: pengV -> peng-V.
func rule30a(w string) (string, bool) {
	if hasPrefix(w, "peng") && isVowel(at(w, 4)) {
		return w[4:], true
	}
	return "", false
}

// Rule 30b: pengV -> peng-kV.
func rule30b(w string) (string, bool) {
	if hasPrefix(w, "peng") && isVowel(at(w, 4)) {
		return "k" + w[4:], true
	}
	return "", false
}

// Rule 30c (ECS): penge -> penge-, to stem pengebom.
func rule30c(w string) (string, bool) {
	if hasPrefix(w, "penge") {
		return w[5:], true
	}
	return "", false
}

// Rule 31a (CC): penyV -> pe-nyV.
func rule31a(w string) (string, bool) {
	if hasPrefix(w, "peny") && isVowel(at(w, 4)) {
		return "ny" + w[4:], true
	}
	return "", false
}

// Rule 31b: penyV -> peny-sV.
func rule31b(w string) (string, bool) {
	if hasPrefix(w, "peny") && isVowel(at(w, 4)) {
		return "s" + w[4:], true
	}
	return "", false
}

// Rule 32: pelV -> pe-lV, except pelajar -> ajar.
func rule32(w string) (string, bool) {
	if w == "pelajar" {
		return "ajar", true
	}
	if hasPrefix(w, "pel") && isVowel(at(w, 3)) {
		return w[2:], true
	}
	return "", false
}

// Rule 34: peCP -> pe-CP where P != 'er'.  ^pe([C])(.*)$
// (Rule 33, peCerV -> per-erV, has no implementation in the reference.)
func rule34(w string) (string, bool) {
	if hasPrefix(w, "pe") && isConsonant(at(w, 2)) {
		if hasPrefix(w[3:], "er") {
			return "", false
		}
		return w[2:], true
	}
	return "", false
}

// isC1 matches the class [bcdfghjkpqstvxz] used by rules 35 and 36.
func isC1(c byte) bool {
	switch c {
	case 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'p', 'q', 's', 't', 'v', 'x', 'z':
		return true
	}
	return false
}

// Rule 35 (CS): terC1erC2 -> ter-C1erC2 where C1 != 'r'.
func rule35(w string) (string, bool) {
	if hasPrefix(w, "ter") && isC1(at(w, 3)) && at(w, 4) == 'e' && at(w, 5) == 'r' && isConsonant(at(w, 6)) {
		return w[3:], true
	}
	return "", false
}

// Rule 36 (CS): peC1erC2 -> pe-C1erC2 where C1 != {r|w|y|l|m|n}.
func rule36(w string) (string, bool) {
	if hasPrefix(w, "pe") && isC1(at(w, 2)) && at(w, 3) == 'e' && at(w, 4) == 'r' && isConsonant(at(w, 5)) {
		return w[2:], true
	}
	return "", false
}

// infixA implements the "a" half of the CC infix rules 37–40: CxyV -> CxyV
// (the word is kept as it is).
func infixA(w string, x, y byte) (string, bool) {
	if isConsonant(at(w, 0)) && at(w, 1) == x && at(w, 2) == y && isVowel(at(w, 3)) {
		return w, true
	}
	return "", false
}

// infixB implements the "b" half of the CC infix rules 37–40: CxyV -> CV.
func infixB(w string, x, y byte) (string, bool) {
	if isConsonant(at(w, 0)) && at(w, 1) == x && at(w, 2) == y && isVowel(at(w, 3)) {
		return w[:1] + w[3:], true
	}
	return "", false
}

// Rule 37a: CerV -> CerV.
func rule37a(w string) (string, bool) { return infixA(w, 'e', 'r') }

// Rule 37b: CerV -> CV.
func rule37b(w string) (string, bool) { return infixB(w, 'e', 'r') }

// Rule 38a: CelV -> CelV.
func rule38a(w string) (string, bool) { return infixA(w, 'e', 'l') }

// Rule 38b: CelV -> CV.
func rule38b(w string) (string, bool) { return infixB(w, 'e', 'l') }

// Rule 39a: CemV -> CemV.
func rule39a(w string) (string, bool) { return infixA(w, 'e', 'm') }

// Rule 39b: CemV -> CV.
func rule39b(w string) (string, bool) { return infixB(w, 'e', 'm') }

// Rule 40a: CinV -> CinV.
func rule40a(w string) (string, bool) { return infixA(w, 'i', 'n') }

// Rule 40b: CinV -> CV.
func rule40b(w string) (string, bool) { return infixB(w, 'i', 'n') }

// Rule 41: kuA -> ku-A.
func rule41(w string) (string, bool) {
	if hasPrefix(w, "ku") {
		return w[2:], true
	}
	return "", false
}

// Rule 42: kauA -> kau-A.
func rule42(w string) (string, bool) {
	if hasPrefix(w, "kau") {
		return w[3:], true
	}
	return "", false
}
