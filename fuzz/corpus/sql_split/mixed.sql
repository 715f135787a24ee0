-- reconcile:no-transaction
CREATE INDEX CONCURRENTLY sample_idx ON sample (taken_at);
/* a /* nested */ comment */ SELECT 'a;b', $$x;y$$, $tag$ ; $tag$;
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;;
ALTER TABLE person ADD COLUMN phone text;
-- trailing comment
