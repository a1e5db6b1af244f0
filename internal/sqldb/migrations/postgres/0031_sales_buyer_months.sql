-- Distinct buyers at scale (issue 13, "Speed"; decision 0039).
--
-- The months in which each buyer has a counted order, as a bit set per
-- sixty months (era = month index / 60, bit = month index % 60, the month
-- index being year × 12 + month − 1): the admin's distinct buyers over any
-- range of months is a count of the buyers whose bits meet the range's,
-- one row per buyer, instead of a distinct count over every buyer × month
-- × province pair. The sweep keeps it with the other sales roll-ups.
CREATE TABLE sales_buyer_months (
    buyer_id BIGINT NOT NULL,
    era      BIGINT NOT NULL,
    months   BIGINT NOT NULL,
    PRIMARY KEY (buyer_id, era)
);
INSERT INTO sales_buyer_months (buyer_id, era, months)
    SELECT buyer_id, idx / 60, BIT_OR(CAST(1 AS BIGINT) << (idx % 60))
    FROM (SELECT DISTINCT buyer_id, CAST(substr(month, 1, 4) AS INTEGER) * 12 + CAST(substr(month, 6, 2) AS INTEGER) - 1 AS idx
          FROM sales_buyers) AS m
    GROUP BY buyer_id, idx / 60;

-- A buyer's months, to recompute the bits of the buyers a fold touched;
-- an agency's or a province pair's buyers, without reading every province's.
CREATE INDEX sales_buyers_buyer ON sales_buyers(buyer_id, month);
CREATE INDEX sales_buyers_seller ON sales_buyers(seller_province, month);
CREATE INDEX sales_buyers_buyer_province ON sales_buyers(buyer_province, month);
