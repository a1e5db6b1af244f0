-- turns.stands_in_for references turns(id) (0020): deleting a turn (an
-- allocation re-run deletes thousands) checks for stand-ins referencing
-- it, which without an index on the column scans the whole table per row
-- (BenchmarkAllocateSeasonDB went from about 1 s to 7–8 s).
CREATE INDEX turns_stands_in_for ON turns(stands_in_for);
