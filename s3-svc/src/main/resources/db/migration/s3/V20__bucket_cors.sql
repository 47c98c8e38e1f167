-- A bucket's CORS configuration: its rules in order (the first that matches a request answers it), as JSON.
create table bucket_cors (
    bucket text  primary key references bucket (name) on delete cascade,
    rules  jsonb not null
);
