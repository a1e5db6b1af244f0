-- The dashboards at scale (issue 13, "Speed"; bench/README.md).
--
-- Sales by the seller's regency and category over every buyer province:
-- the admin's by-area figures read this (a twelfth of sales_areas' rows or
-- fewer, since sales_areas keeps the buyer's province for the agencies'
-- scope), and an agency's are its own UMKM's here plus what its buyers
-- bought elsewhere, from sales_areas by the buyer's province.
CREATE TABLE sales_regions (
    month           TEXT NOT NULL,
    seller_province TEXT NOT NULL,
    seller_regency  TEXT NOT NULL,
    category        TEXT NOT NULL,
    orders          BIGINT NOT NULL,
    amount_hi       BIGINT NOT NULL, -- whole billions of the sum (platform.SumSplit)
    amount_lo       BIGINT NOT NULL, -- and the rest, summed apart so no sum can overflow
    PRIMARY KEY (month, seller_regency, category)
);
INSERT INTO sales_regions (month, seller_province, seller_regency, category, orders, amount_hi, amount_lo)
    SELECT month, seller_province, seller_regency, category, SUM(orders), SUM(amount_hi), SUM(amount_lo)
    FROM sales_areas GROUP BY month, seller_province, seller_regency, category;
CREATE INDEX sales_regions_seller ON sales_regions(seller_province, month);
CREATE INDEX sales_areas_buyer ON sales_areas(buyer_province, month);

-- Naik kelas: a UMKM's twelve months pass a turnover only if one of them
-- passes a twelfth of it; these find those months without reading the rest.
CREATE INDEX sales_umkm_months_hi ON sales_umkm_months(amount_hi);
CREATE INDEX sales_umkm_months_lo ON sales_umkm_months(amount_lo);
