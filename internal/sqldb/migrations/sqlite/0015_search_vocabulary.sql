-- The search vocabulary (internal/search/vocab.go): every root of the
-- products' index with the number of products whose name or body holds it,
-- kept in the transaction that indexes a product. "Maksud Anda" suggestions
-- are drawn from it.
CREATE TABLE search_terms (
    term  TEXT PRIMARY KEY,
    docs  INTEGER NOT NULL
) WITHOUT ROWID;

-- Which version of its document each index holds (search.ProductDocVersion,
-- search.UMKMDocVersion). At start the server rebuilds an index whose
-- version is older, in one transaction: here the existing rows gain their
-- seller's place names, the listed facet and the vocabulary.
CREATE TABLE search_index (
    name     TEXT PRIMARY KEY,
    version  INTEGER NOT NULL
);
INSERT INTO search_index (name, version) VALUES ('products', 0), ('umkm', 0);

-- Browsing by price (sort=price_asc/price_desc without words), in all of
-- Indonesia or one province.
CREATE INDEX products_price ON products(listed, price, id);
CREATE INDEX products_province_price ON products(listed, province_code, price, id);
