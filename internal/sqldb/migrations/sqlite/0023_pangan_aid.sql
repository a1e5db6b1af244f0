-- Aid, groups and surplus of the household food programme (issue 12):
-- a UMKM sells for one group of a programme at most, so its sales through
-- Gerai count once in the indicators; the reads of aid by village (the
-- officers' scope) and of what visits found of each delivered item (its
-- survival) get their indexes.
CREATE UNIQUE INDEX pangan_groups_umkm ON pangan_groups(programme_id, umkm_id);
CREATE INDEX pangan_deliveries_village ON pangan_deliveries(programme_id, village_code, id);
CREATE INDEX pangan_visit_statuses_subject ON pangan_visit_statuses(subject, subject_id, line);
CREATE INDEX pangan_groups_village ON pangan_groups(programme_id, village_code);
