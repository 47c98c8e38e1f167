-- A bucket's lifecycle configuration (the rules as sent, JSON; null: none) and its TransitionDefaultMinimumObjectSize
-- (null: the default, all_storage_classes_128K). On the bucket's row, so that the cached bucket the object hot paths
-- act on answers x-amz-expiration without a query of its own.
alter table bucket add column lifecycle text;
alter table bucket add column transition_min_size text;
