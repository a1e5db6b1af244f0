-- Naik kelas counts what a UMKM sold at expo booths and mall stalls too
-- (issue 13 §3: "orders, expo and mall sales"; decision 0039).
--
-- Per UMKM and month (of the sale's day at the venue), the offline sales
-- and their sum, kept in the transaction that records or voids a sale
-- (sales.NoteOffline): a row only that UMKM's own cashiers write.
CREATE TABLE sales_offline_months (
    umkm_id   INTEGER NOT NULL,
    month     TEXT NOT NULL,
    sales     INTEGER NOT NULL,
    amount_hi INTEGER NOT NULL, -- whole billions of the sum (platform.SumSplit)
    amount_lo INTEGER NOT NULL, -- and the rest, summed apart so no sum can overflow
    PRIMARY KEY (umkm_id, month)
);
INSERT INTO sales_offline_months (umkm_id, month, sales, amount_hi, amount_lo)
    SELECT umkm_id, month, COUNT(*), SUM(total / 1000000000), SUM(total % 1000000000)
    FROM (SELECT x.umkm_id, substr(s.sale_day, 1, 7) AS month, s.total FROM expo_sales s JOIN exhibitors x ON x.id = s.exhibitor_id
          WHERE s.voided_at IS NULL AND x.umkm_id IS NOT NULL
          UNION ALL
          SELECT umkm_id, substr(sale_day, 1, 7), total FROM mall_sales WHERE voided_at IS NULL) AS offline
    GROUP BY umkm_id, month;
CREATE INDEX sales_offline_months_hi ON sales_offline_months(amount_hi);
CREATE INDEX sales_offline_months_lo ON sales_offline_months(amount_lo);
