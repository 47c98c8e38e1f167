package dev.overcast.firehose.conversion;

import dev.overcast.common.auth.SuiteCredentials;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.model.SchemaConfiguration;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * The table schema record format conversion writes by: Glue's GetTable through the suite's Glue API (never its
 * schema), as the delivery stream's account, in SchemaConfiguration's Region (else the stream's); VersionId LATEST (or
 * none) takes the current table, another id GetTableVersion.
 */
@Component
public class GlueSchemas implements DisposableBean {

    private final URI endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Map<String, GlueClient> clients = new ConcurrentHashMap<>();

    private final SuiteCredentials credentials;

    public GlueSchemas(SuiteCredentials credentials, @Value("${overcast.firehose.glue-url}") String endpoint) {
        this.credentials = credentials;
        this.endpoint = URI.create(endpoint);
    }

    /** The table's columns (then its partition keys), as Glue describes them. */
    public List<Column> columns(String account, String streamRegion, SchemaConfiguration s) {
        String region = s.region() == null || s.region().isEmpty() ? streamRegion : s.region();
        GlueClient glue = clients.computeIfAbsent(account + "/" + region, k -> GlueClient.builder().endpointOverride(endpoint)
                .region(Region.of(region)).httpClient(http)
                .credentialsProvider(credentials.account(account))
                .build());
        String catalog = s.catalogId() == null || s.catalogId().isEmpty() ? null : s.catalogId();
        software.amazon.awssdk.services.glue.model.Table table;
        if (s.versionId() == null || s.versionId().isEmpty() || s.versionId().equals("LATEST")) {
            table = glue.getTable(b -> b.catalogId(catalog).databaseName(s.databaseName()).name(s.tableName())).table();
        } else {
            table = glue.getTableVersion(b -> b.catalogId(catalog).databaseName(s.databaseName()).tableName(s.tableName())
                    .versionId(s.versionId())).tableVersion().table();
        }
        List<Column> columns = new java.util.ArrayList<>(table.storageDescriptor().columns());
        if (table.hasPartitionKeys()) {
            columns.addAll(table.partitionKeys());
        }
        return columns;
    }

    @Override
    public void destroy() {
        clients.values().forEach(GlueClient::close);
        http.close();
    }
}
