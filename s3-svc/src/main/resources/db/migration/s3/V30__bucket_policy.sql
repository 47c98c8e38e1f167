-- A bucket's policy (the document as sent; null: none) and its PublicAccessBlock configuration (the shape as JSON;
-- null: none). On the bucket's row, so that the cached bucket every request is checked against carries them.
alter table bucket add column policy text;
alter table bucket add column public_access_block text;
