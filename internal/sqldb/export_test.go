package sqldb

// PendingGroupJobs is how many InGroupTx calls wait for the next batch.
func PendingGroupJobs(db *DB) int {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return len(db.group.pending)
}
