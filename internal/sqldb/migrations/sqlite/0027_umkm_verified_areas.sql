-- Open data counts the verified UMKM by regency, scale and year of
-- verification (umkm.VerifiedCounts): a partial index over exactly those
-- columns answers the GROUP BY from the index alone, whatever the size of
-- the registry's drafts and rejections.
CREATE INDEX umkm_verified_areas ON umkm(province_code, regency_code, scale, verified_at) WHERE status = 'verified';
