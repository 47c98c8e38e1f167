package dev.overcast.glue.classifier;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * What a classifier found in one file: its classification ({@code csv}, {@code json}, {@code parquet}, {@code avro}),
 * the compression it was read through ({@code none}, {@code gzip}, {@code snappy}), its columns, and the table
 * parameters the format needs (a CSV's delimiter and header).
 */
public record FileSchema(String classification, String compression, List<Column> columns, Map<String, String> parameters) {
}
