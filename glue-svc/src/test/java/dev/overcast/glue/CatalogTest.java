package dev.overcast.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.*;

/** The Data Catalog through the SDK: databases, tables and versions, partitions and their expressions. */
class CatalogTest {

    static GlueClient glue;
    static String db;
    static String table;

    @BeforeAll
    static void catalog() {
        glue = GlueTestService.client();
        db = GlueTestService.name("db");
        glue.createDatabase(b -> b.databaseInput(d -> d.name(db).description("sales")));
        table = "events";
        glue.createTable(b -> b.databaseName(db).tableInput(t -> t.name("Events").tableType("EXTERNAL_TABLE")
                .storageDescriptor(sd -> sd.location("s3://bucket/events/")
                        .columns(Column.builder().name("id").type("bigint").build()))
                .partitionKeys(Column.builder().name("year").type("int").build(),
                        Column.builder().name("region").type("string").build())));
        List<PartitionInput> inputs = new ArrayList<>();
        for (int year = 2015; year <= 2024; year++) {
            for (String region : List.of("eu", "us", "ap")) {
                inputs.add(PartitionInput.builder().values(Integer.toString(year), region).storageDescriptor(
                        sd -> sd.location("s3://bucket/events/")).build());
            }
        }
        BatchCreatePartitionResponse created = glue.batchCreatePartition(b -> b.databaseName(db).tableName(table)
                .partitionInputList(inputs));
        assertThat(created.errors()).isEmpty();
    }

    @Test
    void databasesAreListedInPagesAndErrorsAreGluesOwn() {
        String other = GlueTestService.name("DB");
        glue.createDatabase(b -> b.databaseInput(d -> d.name(other).parameters(java.util.Map.of("k", "v"))));
        Database got = glue.getDatabase(b -> b.name(other)).database();
        assertThat(got.name()).isEqualTo(other.toLowerCase());
        assertThat(got.parameters()).containsEntry("k", "v");
        assertThat(got.catalogId()).isEqualTo("000000000000");
        assertThatThrownBy(() -> glue.createDatabase(b -> b.databaseInput(d -> d.name(other))))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("Database already exists.");
        assertThatThrownBy(() -> glue.getDatabase(b -> b.name("nope_nope")))
                .isInstanceOf(EntityNotFoundException.class).hasMessageContaining("Database nope_nope not found.");
        List<String> names = new ArrayList<>();
        glue.getDatabasesPaginator(b -> b.maxResults(1)).forEach(page -> page.databaseList().forEach(d -> names.add(d.name())));
        assertThat(names).contains(db, other.toLowerCase()).doesNotHaveDuplicates();
        glue.deleteDatabase(b -> b.name(other));
        assertThatThrownBy(() -> glue.getDatabase(b -> b.name(other))).isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void validationFollowsTheModel() {
        assertThatThrownBy(() -> glue.createDatabase(b -> b.databaseInput(d -> d.name(""))))
                .isInstanceOf(GlueException.class)
                .hasMessageContaining("1 validation error detected: Value '' at 'databaseInput.name' failed to satisfy"
                        + " constraint: Member must have length greater than or equal to 1");
    }

    @Test
    void tableVersionsAreKeptAndSkipArchiveRewritesTheCurrentOne() {
        String name = GlueTestService.name("t");
        glue.createTable(b -> b.databaseName(db).tableInput(t -> t.name(name).parameters(java.util.Map.of(
                "table_type", "ICEBERG", "metadata_location", "s3://b/m.json"))));
        glue.updateTable(b -> b.databaseName(db).tableInput(t -> t.name(name).description("v2")));
        glue.updateTable(b -> b.databaseName(db).tableInput(t -> t.name(name).description("v3")));
        glue.updateTable(b -> b.databaseName(db).skipArchive(true).tableInput(t -> t.name(name).description("v3b")));
        Table current = glue.getTable(b -> b.databaseName(db).name(name)).table();
        assertThat(current.description()).isEqualTo("v3b");
        assertThat(current.versionId()).isEqualTo("3");
        List<TableVersion> versions = glue.getTableVersions(b -> b.databaseName(db).tableName(name)).tableVersions();
        assertThat(versions).extracting(TableVersion::versionId).containsExactly("3", "2", "1");
        assertThat(versions.get(2).table().parameters()).containsEntry("table_type", "ICEBERG")
                .containsEntry("metadata_location", "s3://b/m.json");
        glue.deleteTableVersion(b -> b.databaseName(db).tableName(name).versionId("2"));
        BatchDeleteTableVersionResponse batch = glue.batchDeleteTableVersion(b -> b.databaseName(db).tableName(name)
                .versionIds("1", "9", "3"));
        assertThat(batch.errors()).extracting(TableVersionError::versionId).containsExactly("9", "3");
        assertThat(glue.getTableVersions(b -> b.databaseName(db).tableName(name)).tableVersions())
                .extracting(TableVersion::versionId).containsExactly("3");
        assertThatThrownBy(() -> glue.updateTable(b -> b.databaseName(db).versionId("1")
                .tableInput(t -> t.name(name)))).isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> glue.getTable(b -> b.databaseName(db).name("missing")))
                .isInstanceOf(EntityNotFoundException.class).hasMessageContaining("Table missing not found.");
        assertThat(glue.getTables(b -> b.databaseName(db).expression("t_*")).tableList()).extracting(Table::name)
                .containsExactly(name);
        assertThat(glue.searchTables(b -> b.searchText(name)).tableList()).extracting(Table::name).containsExactly(name);
    }

    private List<List<String>> partitions(String expression) {
        List<List<String>> values = new ArrayList<>();
        glue.getPartitionsPaginator(b -> b.databaseName(db).tableName(table).expression(expression).maxResults(4))
                .forEach(page -> page.partitions().forEach(p -> values.add(p.values())));
        return values;
    }

    @Test
    void getPartitionsEvaluatesExpressions() {
        assertThat(partitions(null)).hasSize(30);
        assertThat(partitions("year > 2022")).hasSize(6);
        assertThat(partitions("year >= 2022 AND year <= 2023 AND region = 'eu'"))
                .containsExactlyInAnyOrder(List.of("2022", "eu"), List.of("2023", "eu"));
        assertThat(partitions("year BETWEEN 2016 AND 2017")).hasSize(6);
        assertThat(partitions("region IN ('eu', 'ap') AND year = 2020"))
                .containsExactlyInAnyOrder(List.of("2020", "eu"), List.of("2020", "ap"));
        assertThat(partitions("(year = 2015 OR year = 2024) AND NOT region = 'us'")).hasSize(4);
        assertThat(partitions("region LIKE 'e%' AND year < 2017")).hasSize(2);
        assertThat(partitions("year NOT IN (2015, 2016) AND region <> 'us'")).hasSize(16);
        // numbers compare as numbers for an int key, strings as strings for a string key
        assertThat(partitions("year > '2023'")).hasSize(3);
        assertThat(partitions("region > 'eu'")).hasSize(10);
        assertThatThrownBy(() -> partitions("colour = 'red'")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> partitions("year >")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void segmentsSplitThePartitions() {
        int total = 0;
        for (int s = 0; s < 3; s++) {
            int seg = s;
            total += glue.getPartitions(b -> b.databaseName(db).tableName(table)
                    .segment(g -> g.segmentNumber(seg).totalSegments(3))).partitions().size();
        }
        assertThat(total).isEqualTo(30);
    }

    @Test
    void partitionsAreCreatedReadUpdatedAndDeleted() {
        String name = GlueTestService.name("p");
        glue.createTable(b -> b.databaseName(db).tableInput(t -> t.name(name)
                .partitionKeys(Column.builder().name("dt").type("string").build())));
        glue.createPartition(b -> b.databaseName(db).tableName(name).partitionInput(p -> p.values("2024-01-01")));
        assertThatThrownBy(() -> glue.createPartition(b -> b.databaseName(db).tableName(name)
                .partitionInput(p -> p.values("2024-01-01")))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> glue.createPartition(b -> b.databaseName(db).tableName(name)
                .partitionInput(p -> p.values("a", "b")))).isInstanceOf(InvalidInputException.class);
        glue.updatePartition(b -> b.databaseName(db).tableName(name).partitionValueList("2024-01-01")
                .partitionInput(p -> p.values("2024-01-02").parameters(java.util.Map.of("a", "b"))));
        Partition p = glue.getPartition(b -> b.databaseName(db).tableName(name).partitionValues("2024-01-02")).partition();
        assertThat(p.parameters()).containsEntry("a", "b");
        assertThat(p.tableName()).isEqualTo(name);
        assertThat(glue.batchGetPartition(b -> b.databaseName(db).tableName(name).partitionsToGet(
                v -> v.values("2024-01-02"), v -> v.values("2024-01-01"))).partitions()).hasSize(1);
        assertThat(glue.getPartitions(b -> b.databaseName(db).tableName(name).expression("dt > '2024-01-01'"))
                .partitions()).hasSize(1);
        glue.deletePartition(b -> b.databaseName(db).tableName(name).partitionValues("2024-01-02"));
        assertThatThrownBy(() -> glue.getPartition(b -> b.databaseName(db).tableName(name).partitionValues("2024-01-02")))
                .isInstanceOf(EntityNotFoundException.class);
        glue.createPartitionIndex(b -> b.databaseName(db).tableName(name)
                .partitionIndex(i -> i.indexName("by_dt").keys("dt")));
        assertThat(glue.getPartitionIndexes(b -> b.databaseName(db).tableName(name)).partitionIndexDescriptorList())
                .extracting(PartitionIndexDescriptor::indexStatusAsString).containsExactly("ACTIVE");
    }
}
