-- Search in id order on PostgreSQL (issue 14 §1; decision 0043).
--
-- A GIN index gives the matches of a word as an unordered set, so the
-- newest 20 of "kopi" in Jawa Barat cost a fetch and sort of every match
-- (or a walk of the id index testing each product). A RUM index (Debian's
-- postgresql-15-rum) stores each product's id beside its entry and returns
-- the matches in id order, as SQLite's FTS5 does: the first page costs the
-- same however many products match.
--
-- Optional: where the extension is not installed, or may not be created by
-- this role, nothing changes and search keeps its GIN plan (catalog detects
-- the indexes at start). The indexes can be made later by hand, as in
-- docs/postgresql.md. The extension goes into public (not the first schema
-- of the search path), so that dropping one schema never drops it.
DO $$
DECLARE
    ext_schema text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
        RAISE NOTICE 'rum is not installed: search keeps its GIN indexes';
        RETURN;
    END IF;
    BEGIN
        CREATE EXTENSION IF NOT EXISTS rum SCHEMA public;
    EXCEPTION
        WHEN insufficient_privilege THEN
            RAISE NOTICE 'rum may not be created by this role: search keeps its GIN indexes';
            RETURN;
        WHEN unique_violation OR duplicate_object THEN
            NULL; -- created meanwhile by a migration of another schema
    END;
    SELECT n.nspname INTO ext_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'rum';
    EXECUTE format('CREATE INDEX products_title_rum ON products USING rum (title_vector %I.rum_tsvector_addon_ops, id) WITH (attach = id, to = title_vector)', ext_schema);
    EXECUTE format('CREATE INDEX products_search_rum ON products USING rum (search_vector %I.rum_tsvector_addon_ops, id) WITH (attach = id, to = search_vector)', ext_schema);
END
$$;
