-- reconcile:revision 20261201T052807Z_lab_locations_and_sample_counts_dc7149
-- reconcile:parents 20261126T015924Z_initial_biobank_schema_28fc4f
-- reconcile:message Lab locations and sample counts
-- reconcile:schema-hash sha256:7d51aca433029d5411918b5d233e52355dd85e3b32f07834585a89120a3ce811
-- reconcile:checksum sha256:f645d64c343b52e9a4ae651c3519c84a3903c3a1a926ebf44b9c3975c510396b
-- +up
CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
-- reconcile:hazard TAKES_ACCESS_EXCLUSIVE_LOCK
ALTER TABLE public.lab ADD COLUMN location public.geometry(Point,4326);
-- reconcile:hazard TAKES_ACCESS_EXCLUSIVE_LOCK
COMMENT ON COLUMN public.lab.location IS 'Where the laboratory is (longitude, latitude).';
-- reconcile:hazard CANNOT_RUN_IN_TRANSACTION INDEX_BUILD
-- reconcile:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS lab_location_idx ON public.lab USING gist (location);
CREATE VIEW public.lab_sample_counts AS
SELECT l.id AS lab_id,
    l.name AS lab,
    count(s.id)::integer AS samples
   FROM public.lab l
     LEFT JOIN public.sample s ON s.lab_id = l.id
  GROUP BY l.id, l.name;
COMMENT ON VIEW public.lab_sample_counts IS 'How many samples each laboratory holds (a view).';
-- +down
DROP VIEW public.lab_sample_counts;
-- reconcile:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS public.lab_location_idx;
ALTER TABLE public.lab DROP COLUMN location;
DROP EXTENSION postgis;
