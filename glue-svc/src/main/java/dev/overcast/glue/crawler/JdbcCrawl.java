package dev.overcast.glue.crawler;

import dev.overcast.glue.classifier.Types;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConnectionInput;
import software.amazon.awssdk.services.glue.model.JdbcTarget;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * A JDBC target: the database its connection names (JDBC_CONNECTION_URL, USERNAME, PASSWORD; PostgreSQL is the
 * engine the suite ships a driver for) read through JDBC metadata. The target's Path is {@code database/schema/table}
 * where {@code %} matches any name, as Glue takes it; each table or view becomes a catalog table named
 * {@code database_schema_table}, classification the engine's name.
 */
final class JdbcCrawl {

    private JdbcCrawl() {
    }

    static List<TableInput> tables(ConnectionInput connection, JdbcTarget target, String prefix, String crawler)
            throws SQLException {
        Map<String, String> props = connection.connectionPropertiesAsStrings();
        String url = props.get("JDBC_CONNECTION_URL");
        if (url == null) {
            throw new IllegalArgumentException("Connection " + connection.name() + " has no JDBC_CONNECTION_URL");
        }
        String[] path = target.path().split("/");
        String schemaPattern = path.length > 1 ? path[1] : "%";
        String tablePattern = path.length > 2 ? path[2] : "%";
        List<Pattern> excluded = (target.hasExclusions() ? target.exclusions() : List.<String>of()).stream()
                .map(S3Layout::glob).toList();
        String engine = url.startsWith("jdbc:") ? url.substring(5, url.indexOf(':', 5)) : "jdbc";
        List<TableInput> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, props.get("USERNAME"), props.getOrDefault("PASSWORD", ""))) {
            DatabaseMetaData meta = c.getMetaData();
            String database = path[0].equals("%") ? c.getCatalog() : path[0];
            try (ResultSet t = meta.getTables(null, schemaPattern, tablePattern, new String[] {"TABLE", "VIEW"})) {
                while (t.next()) {
                    String schema = t.getString("TABLE_SCHEM");
                    String table = t.getString("TABLE_NAME");
                    String relative = database + "/" + schema + "/" + table;
                    if (excluded.stream().anyMatch(p -> p.matcher(relative).matches())) {
                        continue;
                    }
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put("classification", engine);
                    params.put("connectionName", connection.name());
                    params.put("typeOfData", t.getString("TABLE_TYPE").equals("VIEW") ? "view" : "table");
                    params.put("UPDATED_BY_CRAWLER", crawler);
                    out.add(TableInput.builder().name(S3Layout.tableName(prefix, database + "_" + schema + "_" + table))
                            .tableType("EXTERNAL_TABLE").parameters(params)
                            .storageDescriptor(StorageDescriptor.builder().location(database + "." + schema + "." + table)
                                    .columns(columns(meta, schema, table)).serdeInfo(SerDeInfo.builder().build()).build())
                            .build());
                }
            }
        }
        return out;
    }

    private static List<Column> columns(DatabaseMetaData meta, String schema, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (ResultSet r = meta.getColumns(null, schema, table, "%")) {
            while (r.next()) {
                columns.add(Types.column(r.getString("COLUMN_NAME"),
                        hiveType(r.getString("TYPE_NAME"), r.getInt("COLUMN_SIZE"), r.getInt("DECIMAL_DIGITS"))));
            }
        }
        return columns;
    }

    /** The Hive type of a database column type, as Glue's JDBC crawler maps PostgreSQL's. */
    static String hiveType(String type, int size, int digits) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "int2", "smallint", "smallserial" -> "smallint";
            case "int4", "integer", "int", "serial" -> "int";
            case "int8", "bigint", "bigserial" -> "bigint";
            case "float4", "real" -> "float";
            case "float8", "double precision", "double" -> "double";
            case "numeric", "decimal" -> size > 0 && size <= 38 ? "decimal(" + size + "," + digits + ")" : "decimal(38,18)";
            case "bool", "boolean" -> "boolean";
            case "date" -> "date";
            case "timestamp", "timestamptz" -> "timestamp";
            case "bytea" -> "binary";
            default -> "string";
        };
    }
}
