-- reconcile:revision 20261124T101500Z_merge_abc123
-- reconcile:parents 20261123T140501Z_add_sample 20261123T150000Z_add_freezer
-- reconcile:message Merge two heads
-- reconcile:schema-hash sha256:0000000000000000000000000000000000000000000000000000000000000000
-- reconcile:checksum sha256:1111111111111111111111111111111111111111111111111111111111111111
-- an ordinary comment
-- +up
-- reconcile:no-transaction
CREATE INDEX CONCURRENTLY i ON t (c);
-- +down
DROP INDEX i;
