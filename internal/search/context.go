package search

// This file ports Sastrawi's stemming context (Context.php): the order in
// which affixes are removed, the confix-stripping precedence adjustment and
// ECS "loop pengembalian akhiran".

// Affix types recorded for each removal (the reference uses "P", "PP",
// "DS" and "DP").
const (
	affixParticle    byte = 'P' // -lah, -kah, -tah, -pun
	affixPossessive  byte = 'O' // -ku, -mu, -nya
	affixDerivSuffix byte = 'S' // -i, -kan, -an, -is, -isme, -isasi
	affixDerivPrefix byte = 'D' // di-, ke-, se-, me-, pe-, be-, te-, ...
)

const (
	shortWordMaxBytes = 3  // words of at most this many bytes are not stemmed
	maxStemLen        = 48 // longer tokens are returned unchanged (Gerai addition)
	loopPrefixPasses  = 3  // prefixes are removed at most this many times
	kanSuffix         = "kan"
)

type removal struct {
	subject string // the word before the removal
	result  string // the word after the removal
	removed string // the removed part (meaningful for suffixes)
	kind    byte
}

// stemContext holds the state of one singular-word stemming run.
type stemContext struct {
	dict     *Dictionary
	original string
	current  string
	stopped  bool
	removals []removal
	scratch  [8]removal
}

func (c *stemContext) found() bool {
	_, ok := c.dict.entries[c.current]
	return ok
}

func (c *stemContext) add(r removal) {
	c.removals = append(c.removals, r)
	c.current = r.result
}

// stemSingular returns the dictionary word reached from word, or word itself
// when no dictionary word is reached.
func stemSingular(d *Dictionary, word string) string {
	c := stemContext{dict: d, original: word, current: word}
	c.removals = c.scratch[:0]
	c.run()
	if c.found() {
		return c.current
	}
	return c.original
}

func (c *stemContext) run() {
	// Step 1: the word itself is a root.
	if c.found() {
		return
	}
	// DontStemShortWord: stops the process after the first visitor of each
	// later visitor list (as the reference does).
	if len(c.current) <= shortWordMaxBytes {
		c.stopped = true
	}

	// Confix stripping: for be-lah, be-an, me-i, di-i, pe-i and ter-i try
	// removing prefixes before suffixes.
	if precedenceAdjustment(c.original) {
		c.removePrefixes()
		if c.found() {
			return
		}
		c.removeSuffixes()
		if c.found() {
			return
		}
		// The trial failed: restore the word and continue with the normal
		// precedence (suffixes first, prefixes afterwards).
		c.current = c.original
		c.removals = c.removals[:0]
	}

	// Steps 2, 3.
	c.removeSuffixes()
	if c.found() {
		return
	}
	// Steps 4, 5.
	c.removePrefixes()
	if c.found() {
		return
	}
	c.loopPengembalianAkhiran()
}

// precedenceAdjustment reports whether the word matches one of the confix
// patterns ^be.*lah$, ^be.*an$, ^me.*i$, ^di.*i$, ^pe.*i$, ^ter.*i$.
func precedenceAdjustment(w string) bool {
	n := len(w)
	switch {
	case hasPrefix(w, "be") && n >= 5 && w[n-3:] == "lah":
		return true
	case hasPrefix(w, "be") && n >= 4 && w[n-2:] == "an":
		return true
	case (hasPrefix(w, "me") || hasPrefix(w, "di") || hasPrefix(w, "pe")) && n >= 3 && w[n-1] == 'i':
		return true
	case hasPrefix(w, "ter") && n >= 4 && w[n-1] == 'i':
		return true
	}
	return false
}

// removeSuffixes runs the suffix visitors: inflectional particle,
// possessive pronoun, derivational suffix.
func (c *stemContext) removeSuffixes() {
	steps := [...]func(string) string{removeParticle, removePossessive, removeDerivationalSuffix}
	kinds := [...]byte{affixParticle, affixPossessive, affixDerivSuffix}
	for i, step := range steps {
		if res := step(c.current); res != c.current {
			c.add(removal{subject: c.current, result: res, removed: c.current[len(res):], kind: kinds[i]})
		}
		if c.found() || c.stopped {
			return
		}
	}
}

// removeParticle removes -*(lah|kah|tah|pun)$.
func removeParticle(w string) string {
	for _, s := range [...]string{"lah", "kah", "tah", "pun"} {
		if len(w) >= len(s) && w[len(w)-len(s):] == s {
			return trimHyphens(w[:len(w)-len(s)])
		}
	}
	return w
}

// removePossessive removes -*(ku|mu|nya)$.
func removePossessive(w string) string {
	for _, s := range [...]string{"nya", "ku", "mu"} {
		if len(w) >= len(s) && w[len(w)-len(s):] == s {
			return trimHyphens(w[:len(w)-len(s)])
		}
	}
	return w
}

func trimHyphens(w string) string {
	for len(w) > 0 && w[len(w)-1] == '-' {
		w = w[:len(w)-1]
	}
	return w
}

// removeDerivationalSuffix removes (is|isme|isasi|i|kan|an)$. The reference
// regular expression picks the leftmost match, which is the longest of the
// alternatives that end the word.
func removeDerivationalSuffix(w string) string {
	for _, s := range [...]string{"isasi", "isme", "kan", "is", "an", "i"} {
		if len(w) >= len(s) && w[len(w)-len(s):] == s {
			return w[:len(w)-len(s)]
		}
	}
	return w
}

// removePrefixes removes up to three derivational prefixes, stopping as
// soon as a dictionary word is reached.
func (c *stemContext) removePrefixes() {
	for i := 0; i < loopPrefixPasses; i++ {
		c.acceptPrefixVisitors()
		if c.found() {
			return
		}
	}
}

// acceptPrefixVisitors runs the prefix visitors in order and returns after
// the first one that removes a prefix.
func (c *stemContext) acceptPrefixVisitors() {
	// RemovePlainPrefix: ^(di|ke|se).
	if hasPrefix(c.current, "di") || hasPrefix(c.current, "ke") || hasPrefix(c.current, "se") {
		c.add(removal{subject: c.current, result: c.current[2:], removed: c.current[:2], kind: affixDerivPrefix})
		return
	}
	if c.stopped {
		return
	}
	for _, group := range prefixGroups {
		result, ok := "", false
		for _, r := range group {
			result, ok = r(c.current)
			if ok {
				if _, hit := c.dict.entries[result]; hit {
					break
				}
			}
		}
		if !ok || result == "" {
			continue
		}
		c.add(removal{subject: c.current, result: result, kind: affixDerivPrefix})
		return
	}
}

// loopPengembalianAkhiran is the ECS suffix-restoring loop: put the
// prefixes back, then re-attach the removed suffixes one at a time (from
// the innermost) and retry prefix removal on each form; "-kan" is first
// restored as "-k" only.
func (c *stemContext) loopPengembalianAkhiran() {
	// restorePrefix: back to the word before the first prefix removal, and
	// forget all prefix removals.
	for _, r := range c.removals {
		if r.kind == affixDerivPrefix {
			c.current = r.subject
			break
		}
	}
	kept := c.removals[:0]
	for _, r := range c.removals {
		if r.kind != affixDerivPrefix {
			kept = append(kept, r)
		}
	}
	c.removals = kept

	// Only suffix removals are left; snapshot them (the reference copies the
	// array and restores it after each failed attempt).
	var snapshotBuf [4]removal
	snapshot := append(snapshotBuf[:0], c.removals...)
	restored := c.current

	for i := len(snapshot) - 1; i >= 0; i-- {
		r := snapshot[i]
		if r.removed == kanSuffix {
			c.current = r.result + "k"
			c.removePrefixes()
			if c.found() {
				return
			}
			c.current = r.result + kanSuffix
		} else {
			c.current = r.subject
		}
		c.removePrefixes()
		if c.found() {
			return
		}
		c.removals = append(c.removals[:0], snapshot...)
		c.current = restored
	}
}
