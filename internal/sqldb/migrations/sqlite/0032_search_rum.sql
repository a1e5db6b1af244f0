-- Search in id order on PostgreSQL (issue 14 §1; decision 0043): a RUM
-- index there. SQLite's FTS5 already returns matches in rowid order.
SELECT 1;
