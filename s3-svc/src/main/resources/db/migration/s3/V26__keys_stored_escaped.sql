-- Keys are stored escaped from now on (dev.overcast.s3.StoredText), so that they may hold U+0000 as on S3: U+0000 as
-- U+0001 U+0001, U+0001 as U+0001 U+0002, every other character as itself. Keys stored before could hold no U+0000
-- but may hold U+0001: escape those (the escape is one-to-one, so no two keys collide).
update object set key = replace(key, chr(1), chr(1) || chr(2)) where strpos(key, chr(1)) > 0;
update multipart_upload set key = replace(key, chr(1), chr(1) || chr(2)) where strpos(key, chr(1)) > 0;
