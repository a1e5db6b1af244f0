package account

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/gerai-id/gerai/internal/platform"
	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's second recommended set (19 MiB, 2 passes),
// which keeps a login under ~30 ms on a 2-core machine.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an encoded argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("malformed password hash")

// CheckPassword reports whether password matches an encoded hash from HashPassword.
func CheckPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	var mem, iters uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iters, &threads); err != nil {
		return false, errBadHash
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, iters, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// hashSlots bounds the argon2id computations running at once in a process.
// Each holds argonMemory (19 MiB) while it runs, and sixty wrong logins at
// once took a server from 140 MB to 1.2 GB; the work is CPU-bound, so more
// hashes at once than cores would not finish sooner anyway. Every password
// hash and check of the Service goes through one.
type hashSlots struct {
	free    chan struct{}
	waiting atomic.Int64 // callers queued for a slot
}

// newHashSlots returns n slots; n <= 0 means one per core, and at least two.
func newHashSlots(n int) *hashSlots {
	if n <= 0 {
		n = max(2, runtime.GOMAXPROCS(0))
	}
	return &hashSlots{free: make(chan struct{}, n)}
}

// run runs fn holding a slot. A caller still waiting for one when its
// context ends (the client went away, the request timed out) gets the
// context's error and fn does not run.
func (h *hashSlots) run(ctx context.Context, fn func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.waiting.Add(1)
	select {
	case h.free <- struct{}{}:
		h.waiting.Add(-1)
	case <-ctx.Done():
		h.waiting.Add(-1)
		return ctx.Err()
	}
	defer func() { <-h.free }()
	return fn()
}

// Password rules for new passwords.
const (
	minPasswordLen   = 8 // characters
	maxPasswordBytes = 256
)

//go:embed data/common-passwords.txt
var commonPasswordsFile string

// commonPasswords are the embedded list's passwords long enough to pass the
// length rule, lower-cased: "Password1" is as guessable as "password1".
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 4000)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsFile))
	for sc.Scan() {
		if p := strings.ToLower(sc.Text()); utf8.RuneCountInString(p) >= minPasswordLen {
			m[p] = struct{}{}
		}
	}
	return m
})

// passwordProblem says what is wrong with password as the new password of
// the account with (normalised) email: an invalid error on the field
// "password", nil when nothing is. It is the one rule for every new
// password: self-registration and accounts made by an operator alike.
func passwordProblem(email, password string) error {
	local, _, _ := strings.Cut(email, "@")
	switch {
	case utf8.RuneCountInString(password) < minPasswordLen:
		return platform.Invalid("password", "Kata sandi minimal 8 karakter")
	case len(password) > maxPasswordBytes:
		return platform.Invalid("password", "Kata sandi terlalu panjang")
	case email != "" && (strings.EqualFold(password, email) || strings.EqualFold(password, local)):
		return platform.Invalid("password", "Kata sandi tidak boleh sama dengan email")
	}
	if _, common := commonPasswords()[strings.ToLower(password)]; common {
		return platform.Invalid("password", "Kata sandi ini termasuk yang paling sering dipakai dan mudah ditebak: pilih yang lain")
	}
	return nil
}
