-- An agency's distinct buyers at scale (decision 0039): per province and
-- buyer, the months in which the buyer bought from that province's UMKM or
-- had an order delivered to it, as sales_buyer_months keeps them for all
-- provinces. An agency's count reads its province's rows only.
CREATE TABLE sales_buyer_provinces (
    province TEXT NOT NULL,
    era      BIGINT NOT NULL,
    buyer_id BIGINT NOT NULL,
    months   BIGINT NOT NULL,
    PRIMARY KEY (province, era, buyer_id)
);
CREATE INDEX sales_buyer_provinces_buyer ON sales_buyer_provinces(buyer_id);
INSERT INTO sales_buyer_provinces (province, era, buyer_id, months)
    SELECT province, idx / 60, buyer_id, BIT_OR(CAST(1 AS BIGINT) << (idx % 60))
    FROM (SELECT seller_province AS province, buyer_id, CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER) - 1 AS idx
          FROM sales_buyers
          UNION
          SELECT buyer_province, buyer_id, CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER) - 1
          FROM sales_buyers WHERE buyer_province <> '') AS m
    GROUP BY province, idx / 60, buyer_id;
