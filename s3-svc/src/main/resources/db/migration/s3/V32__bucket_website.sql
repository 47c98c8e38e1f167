-- A bucket's static website configuration (the WebsiteConfiguration as sent, JSON), served on its website endpoint.
create table bucket_website (
    bucket        text primary key references bucket (name) on delete cascade,
    configuration text not null
);
