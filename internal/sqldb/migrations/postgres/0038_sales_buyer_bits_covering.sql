-- The distinct buyers of a period read only the era's bits (decision 0039):
-- indexes that hold them, so that the count reads the index alone. Through
-- the primary keys it visited one table page per buyer (at 10 million
-- order lines, 258,000 pages and 0.6 s for Sumsel's agency on PostgreSQL;
-- 36 ms with the index).
CREATE INDEX sales_buyer_provinces_bits ON sales_buyer_provinces(province, era, buyer_id, months);
CREATE INDEX sales_buyer_months_bits ON sales_buyer_months(era, buyer_id, months);
