-- Blobs that nothing refers to any more (a version replaced or deleted, a part replaced, an upload aborted): the
-- transaction that drops their owner records them here, and a background sweeper deletes their chunks a bounded
-- batch per transaction, so that replacing or deleting a large object costs the request one row, not the whole blob.
create table orphan_blob (
    blob_id bigint primary key
);
