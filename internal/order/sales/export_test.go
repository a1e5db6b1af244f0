package sales

// SetFoldHook makes every fold transaction of s call hook at each of its
// steps; an error there aborts it as a crash would (nil removes the hook).
func SetFoldHook(s *Service, hook func(step string) error) { s.failFold = hook }
