-- SSE-C: objects and uploads written with a customer-provided key keep that key's MD5 (never the key). Their
-- bytes are AES-256-CTR ciphertext; each blob (a single-part object's own, or an uploaded part's) has its own
-- random 16-byte initial counter block, and the counter for byte n is that block plus n / 16, so any byte range
-- decrypts on its own.
alter table object add column sse_customer_key_md5 text;
alter table object add column sse_iv bytea;
alter table multipart_upload add column sse_customer_key_md5 text;
alter table upload_part add column sse_iv bytea;
alter table object_part add column sse_iv bytea;
