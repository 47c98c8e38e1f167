-- The checksum each part of a multipart object was uploaded with (in the object's algorithm), for
-- GetObjectAttributes' ObjectParts. Null for parts without one and for objects completed before this column.
alter table object_part add column checksum text;
