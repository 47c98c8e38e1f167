package dev.overcast.glue.crawler;

import dev.overcast.glue.classifier.FileSchema;
import dev.overcast.glue.classifier.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/** The table and partition definitions a crawler writes for each classification, with the formats Hive reads them by. */
final class Formats {

    private static final String TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat";
    private static final String TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

    private Formats() {
    }

    static TableInput tableInput(String name, S3Layout.TableFiles t, FileSchema s, String crawler, int files, long size) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("classification", s.classification());
        params.put("compressionType", s.compression());
        params.put("typeOfData", "file");
        params.put("UPDATED_BY_CRAWLER", crawler);
        params.put("CrawlerSchemaDeserializerVersion", "1.0");
        params.put("CrawlerSchemaSerializerVersion", "1.0");
        params.put("objectCount", Integer.toString(files));
        params.put("sizeKey", Long.toString(size));
        params.putAll(s.parameters());
        return TableInput.builder().name(name).tableType("EXTERNAL_TABLE").owner("owner").retention(0)
                .parameters(params)
                .partitionKeys(t.partitionKeys().stream().map(k -> Types.column(k, "string")).toList())
                .storageDescriptor(descriptor(t.location(), s.classification(), s.columns(), s.parameters())).build();
    }

    static PartitionInput partitionInput(List<String> values, String location, TableInput table) {
        StorageDescriptor sd = table.storageDescriptor().toBuilder().location(location).build();
        return PartitionInput.builder().values(values).storageDescriptor(sd).parameters(table.parameters()).build();
    }

    private static StorageDescriptor descriptor(String location, String classification, List<Column> columns,
                                                Map<String, String> formatParams) {
        String input;
        String output;
        String serde;
        Map<String, String> serdeParams = new LinkedHashMap<>();
        // a grok or XML classifier names its own classification; its parameters tell which it was
        String format = formatParams.containsKey("grokPattern") ? "grok"
                : formatParams.containsKey("rowTag") ? "xml" : classification;
        switch (format) {
            case "parquet" -> {
                input = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
                output = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
                serde = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
                serdeParams.put("serialization.format", "1");
            }
            case "orc" -> {
                input = "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat";
                output = "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat";
                serde = "org.apache.hadoop.hive.ql.io.orc.OrcSerde";
                serdeParams.put("serialization.format", "1");
            }
            case "avro" -> {
                input = "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat";
                output = "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat";
                serde = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";
            }
            case "grok" -> {
                input = TEXT_INPUT;
                output = TEXT_OUTPUT;
                serde = "com.amazonaws.glue.serde.GrokSerDe";
                serdeParams.put("input.format", formatParams.get("grokPattern"));
                if (formatParams.containsKey("grokCustomPatterns")) {
                    serdeParams.put("input.grokCustomPatterns", formatParams.get("grokCustomPatterns"));
                }
            }
            case "xml" -> {
                input = "com.ibm.spss.hive.serde2.xml.XmlInputFormat";
                output = "org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat";
                serde = "com.ibm.spss.hive.serde2.xml.XmlSerDe";
            }
            case "json" -> {
                input = TEXT_INPUT;
                output = TEXT_OUTPUT;
                serde = "org.openx.data.jsonserde.JsonSerDe";
                serdeParams.put("paths", String.join(",", columns.stream().map(Column::name).sorted().toList()));
            }
            default -> {
                input = TEXT_INPUT;
                output = TEXT_OUTPUT;
                serde = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
                serdeParams.put("field.delim", formatParams.getOrDefault("delimiter", ","));
            }
        }
        return StorageDescriptor.builder().location(location).columns(columns).inputFormat(input).outputFormat(output)
                .compressed(false).numberOfBuckets(-1).storedAsSubDirectories(false)
                .serdeInfo(SerDeInfo.builder().serializationLibrary(serde).parameters(serdeParams).build()).build();
    }
}
