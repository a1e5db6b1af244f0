package catalog

// SetSearchWindow makes PostgreSQL searches walk only w ids before sorting
// the rest (search.Match.Window), so that tests reach both paths with a
// handful of products.
func SetSearchWindow(s *Service, w int64) { s.window = w }
