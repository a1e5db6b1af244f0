-- The households' saving of one month (Indicators.Saving) reads that
-- month's production of an area: by month first, then the area's villages.
CREATE INDEX pangan_production_month ON pangan_production(programme_id, month, village_code, household_id);
