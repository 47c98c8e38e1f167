-- Inventory configurations (the InventoryConfiguration as sent, JSON) and when each last delivered a report (by the
-- suite's clock; null: never), so that a report falls due daily or weekly after the last one.
create table bucket_inventory (
    bucket        text not null references bucket (name) on delete cascade,
    id            text collate "C" not null,
    configuration text not null,
    last_report   timestamptz,
    primary key (bucket, id)
);
