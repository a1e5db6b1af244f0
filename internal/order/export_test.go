package order

// SetSettlementHooks lets tests settle in small batches and stop after one,
// as a crash would.
func SetSettlementHooks(s *Service, batch int, afterBatch func() error) {
	s.settleBatch, s.afterSettleBatch = batch, afterBatch
}
