package dev.overcast.dynamodb.table;

import dev.overcast.dynamodb.schema.TableDef;

/**
 * Published by DeleteTable inside its transaction, before the table and its items go, to the listeners that keep
 * what DynamoDB keeps of a deleted table (the SYSTEM backup of a table with point-in-time recovery on): they run
 * synchronously, in that transaction, so the table goes only with what they wrote.
 */
public record TableDeleting(TableDef table) {
}
