package account

import "time"

// SetClock makes s read the time from now.
func SetClock(s *Service, now func() time.Time) { s.now = now }

// SetLoginLimits replaces s's login limits.
func SetLoginLimits(s *Service, l LoginLimits) { s.limits = l }

// SetPasswordWork gives s slots for hashes at once and replaces the argon2id
// functions it runs in them, so that a test can count the calls in flight.
func SetPasswordWork(s *Service, slots int, hash func(string) (string, error), check func(string, string) (bool, error)) {
	s.hashes = newHashSlots(slots)
	s.hashPassword, s.checkPassword = hash, check
}

// PasswordProblem is passwordProblem.
var PasswordProblem = passwordProblem

// HashesWaiting is how many callers of s wait for a hash slot.
func HashesWaiting(s *Service) int { return int(s.hashes.waiting.Load()) }

// SetResetLimits replaces s's password reset request limits.
func SetResetLimits(s *Service, l LoginLimits) { s.resetLimits = l }
