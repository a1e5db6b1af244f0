-- Where a province's buyers' money goes (the operator's choice): through the
-- operator's gateway account (ledger per UMKM) or straight to each UMKM.
CREATE TABLE province_settings (
    province_code TEXT PRIMARY KEY,
    money_flow    TEXT NOT NULL CHECK (money_flow IN ('gateway','direct'))
);
