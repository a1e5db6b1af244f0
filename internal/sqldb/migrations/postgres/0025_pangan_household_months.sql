-- What each household ate from its own yard in a month, at the reference
-- prices: the saving whose spread the indicators show. Kept in the
-- transaction that writes the production records (as pangan_stats is), so
-- a province's spread reads one short row per household from an index
-- instead of its month of production records (80,000 households: 400 ms).
CREATE TABLE pangan_household_months (
    programme_id BIGINT NOT NULL REFERENCES pangan_programmes(id),
    household_id BIGINT NOT NULL REFERENCES pangan_households(id),
    month        TEXT NOT NULL, -- YYYY-MM at the province
    village_code TEXT NOT NULL,
    value_home   BIGINT NOT NULL DEFAULT 0 CHECK (value_home >= 0),
    PRIMARY KEY (programme_id, household_id, month)
);
CREATE INDEX pangan_household_months_saving ON pangan_household_months(programme_id, month, village_code, value_home);

INSERT INTO pangan_household_months (programme_id, household_id, month, village_code, value_home)
SELECT programme_id, household_id, month, MIN(village_code), SUM(CASE WHEN use = 'home' THEN value ELSE 0 END)
FROM pangan_production GROUP BY programme_id, household_id, month;

-- The production index 0024 made for the saving is no longer read.
DROP INDEX pangan_production_month;
