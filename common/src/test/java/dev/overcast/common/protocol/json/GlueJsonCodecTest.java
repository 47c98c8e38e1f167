package dev.overcast.common.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.CodecHarness;
import dev.overcast.common.protocol.Protocol;
import dev.overcast.common.protocol.ProtocolCodec;
import dev.overcast.common.protocol.ProtocolCodecs;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.CreateTableRequest;
import software.amazon.awssdk.services.glue.model.CreateTableResponse;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTableResponse;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

class GlueJsonCodecTest {

    static final AwsApiDescriptor API = AwsApiDescriptor.jsonRpc("glue", "glue", Protocol.AWS_JSON_1_1, "AWSGlue",
            GlueClient.class, "");

    final ProtocolCodec codec = ProtocolCodecs.forApi(API);
    final CodecHarness wire = new CodecHarness(codec);
    final GlueClient glue = wire.client(GlueClient.builder());

    @AfterEach
    void close() {
        glue.close();
    }

    static StorageDescriptor sd() {
        return StorageDescriptor.builder().location("s3://b/t/").inputFormat("in").outputFormat("out")
                .compressed(false).numberOfBuckets(-1)
                .columns(Column.builder().name("id").type("bigint").comment("pk").build(),
                        Column.builder().name("m").type("map<string,int>").parameters(Map.of("k", "v")).build())
                .serdeInfo(SerDeInfo.builder().serializationLibrary("lib").parameters(Map.of("field.delim", ",")).build())
                .build();
    }

    @Test
    void createAndGetTable() {
        CreateTableRequest request = CreateTableRequest.builder().databaseName("db").tableInput(TableInput.builder()
                .name("t").tableType("EXTERNAL_TABLE").parameters(Map.of("classification", "csv"))
                .storageDescriptor(sd()).lastAccessTime(Instant.parse("2024-01-01T00:00:00.5Z")).build()).build();
        wire.nextResponse = CreateTableResponse.builder().build();
        glue.createTable(request);
        assertThat(wire.lastRequest.header("X-Amz-Target")).isEqualTo("AWSGlue.CreateTable");
        assertThat(wire.lastRequest.header("Content-Type")).startsWith("application/x-amz-json-1.1");
        assertThat(request.equalsBySdkFields(wire.lastDecoded)).as("decoded %s", wire.lastDecoded).isTrue();

        GetTableResponse response = GetTableResponse.builder().table(Table.builder().name("t").databaseName("db")
                .createTime(Instant.parse("2023-02-03T04:05:06Z")).updateTime(Instant.parse("2023-02-03T04:05:06.789Z"))
                .storageDescriptor(sd()).parameters(Map.of("a", "b")).isRegisteredWithLakeFormation(false).build())
                .build();
        wire.nextResponse = response;
        GetTableResponse got = glue.getTable(GetTableRequest.builder().databaseName("db").name("t").build());
        assertThat(got.equalsBySdkFields(response)).as("parsed %s", got).isTrue();
        assertThat(wire.lastResponse.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    }

    @Test
    void error() {
        wire.nextError = new AwsException("EntityNotFoundException", 400, "Table t not found.");
        assertThatThrownBy(() -> glue.getTable(GetTableRequest.builder().databaseName("db").name("t").build()))
                .isInstanceOfSatisfying(EntityNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Table t not found.");
                });
    }
}
