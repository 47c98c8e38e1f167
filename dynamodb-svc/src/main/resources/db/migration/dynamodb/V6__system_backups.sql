-- Backups DynamoDB makes itself: deleting a table with point-in-time recovery on leaves a SYSTEM backup of it
-- ("<table>$DeletedTableBackup"), kept 35 days.
alter table backup add column backup_type text not null default 'USER';
alter table backup add column expires_at timestamptz;
