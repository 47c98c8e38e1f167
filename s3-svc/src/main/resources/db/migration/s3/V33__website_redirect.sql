-- x-amz-website-redirect-location: where the website endpoint redirects a request for the object (null: nowhere).
alter table object add column website_redirect text;
alter table multipart_upload add column website_redirect text;
