package dev.overcast.glue.table;

import dev.overcast.glue.GlueErrors;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ErrorDetail;
import software.amazon.awssdk.services.glue.model.PartitionIndex;
import software.amazon.awssdk.services.glue.model.TableInput;

/** Rules about tables shared by the table actions. */
final class Tables {

    private Tables() {
    }

    /**
     * GetTables' Expression as a PostgreSQL regular expression over the whole name: Glue takes Hive's patterns, where
     * {@code *} stands for any characters and {@code |} separates alternatives.
     */
    static String namePattern(String expression) {
        if (expression == null || expression.isBlank()) {
            return null;
        }
        StringBuilder re = new StringBuilder("^(");
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '*' && (i == 0 || expression.charAt(i - 1) != '.')) {
                re.append(".*");
            } else {
                re.append(c);
            }
        }
        return re.append(")$").toString();
    }

    static long versionNumber(String versionId) {
        try {
            return Long.parseLong(versionId);
        } catch (NumberFormatException e) {
            throw GlueErrors.invalidInput("Invalid version id: " + versionId);
        }
    }

    static ErrorDetail notFoundDetail(String message) {
        return ErrorDetail.builder().errorCode("EntityNotFoundException").errorMessage(message).build();
    }

    /** An Iceberg table created through OpenTableFormatInput: Glue records it as an EXTERNAL_TABLE of table_type ICEBERG. */
    static TableInput asIceberg(TableInput input) {
        Map<String, String> parameters = new HashMap<>(input.hasParameters() ? input.parameters() : Map.of());
        parameters.putIfAbsent("table_type", "ICEBERG");
        return input.toBuilder().tableType(input.tableType() == null ? "EXTERNAL_TABLE" : input.tableType())
                .parameters(parameters).build();
    }

    /** A partition index's keys must be partition keys of the table. */
    static void checkIndexKeys(CatalogTable t, PartitionIndex index) {
        for (String key : index.keys()) {
            if (t.partitionKeys().stream().map(Column::name).noneMatch(key::equalsIgnoreCase)) {
                throw GlueErrors.invalidInput("Partition index key " + key + " is not a partition key of table " + t.name()
                        + ".");
            }
        }
    }
}
