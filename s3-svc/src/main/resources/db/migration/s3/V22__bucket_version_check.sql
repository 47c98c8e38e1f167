-- The object hot paths (PutObject, GetObject, HeadObject) act on a bucket row cached in the service. Their statements
-- first check that the row is still the version it was read at (its xmin) and fail with SQLSTATE OC001 when it is
-- not (changed or deleted since), before anything is written; the service then reads the bucket again and retries.
-- A null version checks nothing (callers that read the bucket fresh).
create function check_bucket_version(bucket_name text, version bigint) returns void language plpgsql as $$
begin
    if version is not null
       and not exists (select 1 from bucket b where b.name = bucket_name and b.xmin::text::bigint = version) then
        raise exception 'bucket % changed since it was cached', bucket_name using errcode = 'OC001';
    end if;
end
$$;
