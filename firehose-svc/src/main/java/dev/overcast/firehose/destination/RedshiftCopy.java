package dev.overcast.firehose.destination;

import dev.overcast.firehose.FirehoseErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.firehose.model.CopyCommand;

/**
 * A Redshift CopyCommand as PostgreSQL (standing in for Redshift) runs it: {@code COPY <table> (<columns>) FROM STDIN}
 * with the CopyOptions PostgreSQL's COPY has an equal for (CSV, DELIMITER, NULL AS, QUOTE AS, IGNOREHEADER 1), JSON
 * 'auto' (each record a JSON object, its members taken by the column names), and the compression options (GZIP,
 * BZIP2, LZOP, ZSTD: Firehose reads the rows it wrote, uncompressed). Any other option is refused by name.
 */
public record RedshiftCopy(String table, List<String> columns, boolean json, String sqlOptions) {

    private static final Pattern OPTION = Pattern.compile(
            "\\s*(CSV|GZIP|BZIP2|LZOP|ZSTD|JSON\\s+'auto'|(?:DELIMITER|NULL|QUOTE)(?:\\s+AS)?\\s+'((?:[^']|'')*)'|IGNOREHEADER(?:\\s+AS)?\\s+(\\d+))\\s*",
            Pattern.CASE_INSENSITIVE);

    public static RedshiftCopy of(CopyCommand c) {
        List<String> columns = new ArrayList<>();
        if (c.dataTableColumns() != null && !c.dataTableColumns().isBlank()) {
            for (String col : c.dataTableColumns().split(",")) {
                columns.add(col.trim());
            }
        }
        String options = c.copyOptions() == null ? "" : c.copyOptions().trim();
        boolean csv = false;
        boolean json = false;
        List<String> sql = new ArrayList<>();
        Matcher m = OPTION.matcher(options);
        int at = 0;
        while (at < options.length()) {
            if (!m.find(at) || m.start() != at) {
                throw FirehoseErrors.invalidArgument("CopyOptions '" + options.substring(at).trim() + "' cannot be honoured: "
                        + "PostgreSQL stands in for Redshift here and takes CSV, DELIMITER, NULL AS, QUOTE AS, IGNOREHEADER 1, "
                        + "JSON 'auto', GZIP, BZIP2, LZOP and ZSTD.");
            }
            String word = m.group(1).toUpperCase(Locale.ROOT);
            if (word.equals("CSV")) {
                csv = true;
            } else if (word.startsWith("JSON")) {
                json = true;
            } else if (word.startsWith("DELIMITER")) {
                sql.add("DELIMITER '" + m.group(2) + "'");
            } else if (word.startsWith("NULL")) {
                sql.add("NULL '" + m.group(2) + "'");
            } else if (word.startsWith("QUOTE")) {
                sql.add("QUOTE '" + m.group(2) + "'");
            } else if (word.startsWith("IGNOREHEADER")) {
                if (!m.group(3).equals("0") && !m.group(3).equals("1")) {
                    throw FirehoseErrors.invalidArgument("CopyOptions IGNOREHEADER " + m.group(3)
                            + " cannot be honoured: PostgreSQL skips one header line at most.");
                }
                if (m.group(3).equals("1")) {
                    sql.add("HEADER true");
                }
            }
            at = m.end();
        }
        if (json && columns.isEmpty()) {
            throw FirehoseErrors.invalidArgument("CopyOptions JSON 'auto' needs DataTableColumns here: the columns are "
                    + "taken from each JSON record by name.");
        }
        if (json && (csv || !sql.isEmpty())) {
            throw FirehoseErrors.invalidArgument("CopyOptions JSON 'auto' cannot be combined with CSV or text options.");
        }
        if (json || csv) {
            sql.addFirst("FORMAT csv");
        }
        return new RedshiftCopy(c.dataTableName(), columns, json, String.join(", ", sql));
    }

    /** The COPY statement PostgreSQL runs. */
    public String statement() {
        String cols = columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")";
        return "COPY " + table + cols + " FROM STDIN" + (sqlOptions.isEmpty() ? "" : " WITH (" + sqlOptions + ")");
    }
}
