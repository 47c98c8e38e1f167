-- Chunks are written as rows of about 8 KB (overcast.s3.chunk-size): kept whole in their heap page rather than cut
-- into 2 KB TOAST slices, each with an index entry of its own. Larger chunks of older blobs stay as they are.
alter table object_chunk set (toast_tuple_target = 8160);

-- Replaced and deleted objects leave whole blobs of dead chunk rows behind (swept from orphan_blob): vacuum them
-- unthrottled and early, so that their space is reused before the table grows by as much again.
alter table object_chunk set (autovacuum_vacuum_cost_delay = 0, autovacuum_vacuum_scale_factor = 0.02,
                              autovacuum_vacuum_threshold = 1000);
