package dev.overcast.s3.inventory;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.MovedClock;
import dev.overcast.s3.S3TestService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.InventoryFormat;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.s3.model.InventoryOptionalField;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Inventory: configurations through the SDK, and a daily CSV report with its manifest delivered on the clock. */
class InventoryTest {

    private static final S3Client S3 = S3TestService.client();
    private final MovedClock clock = new MovedClock();

    @AfterEach
    void clockBack() {
        clock.restore();
    }

    @Test
    void dailyCsvReportAndManifestAppearInTheDestinationAndParse() throws IOException {
        String source = S3TestService.bucketName();
        String reports = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(source));
        S3.createBucket(b -> b.bucket(reports));
        S3.putObject(b -> b.bucket(source).key("a b.txt"), RequestBody.fromString("12345"));
        S3.putObject(b -> b.bucket(source).key("c.txt"), RequestBody.fromString("1"));
        assertFailure(failure(() -> S3.getBucketInventoryConfiguration(b -> b.bucket(source).id("daily"))), 404,
                "NoSuchConfiguration", "The specified configuration does not exist.");
        S3.putBucketInventoryConfiguration(b -> b.bucket(source).id("daily").inventoryConfiguration(c -> c.id("daily")
                .isEnabled(true).includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                .optionalFields(InventoryOptionalField.SIZE, InventoryOptionalField.E_TAG, InventoryOptionalField.STORAGE_CLASS)
                .destination(d -> d.s3BucketDestination(s -> s.bucket("arn:aws:s3:::" + reports).prefix("inv")
                        .format(InventoryFormat.CSV)))));
        assertThat(S3.listBucketInventoryConfigurations(b -> b.bucket(source)).inventoryConfigurationList())
                .extracting(c -> c.id()).containsExactly("daily");
        assertThat(S3.listObjectsV2(b -> b.bucket(reports)).contents()).isEmpty();

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        InventoryReports job = S3TestService.bean(InventoryReports.class);
        MovedClock.runOnce(job::deliverDue);
        List<String> keys = S3.listObjectsV2(b -> b.bucket(reports)).contents().stream().map(S3Object::key).toList();
        String manifestKey = keys.stream().filter(k -> k.endsWith("/manifest.json")).findFirst().orElseThrow();
        assertThat(manifestKey).startsWith("inv/" + source + "/daily/");
        assertThat(keys).contains(manifestKey.replace("manifest.json", "manifest.checksum"));
        JsonNode manifest = JsonMapper.builder().build().readTree(
                S3.getObjectAsBytes(b -> b.bucket(reports).key(manifestKey)).asUtf8String());
        assertThat(manifest.get("sourceBucket").asString()).isEqualTo(source);
        assertThat(manifest.get("fileFormat").asString()).isEqualTo("CSV");
        assertThat(manifest.get("fileSchema").asString()).isEqualTo("Bucket, Key, Size, ETag, StorageClass");
        String dataKey = manifest.get("files").get(0).get("key").asString();
        byte[] gz = S3.getObjectAsBytes(b -> b.bucket(reports).key(dataKey)).asByteArray();
        String csv = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).containsExactly(
                "\"" + source + "\",\"a%20b.txt\",\"5\",\"827ccb0eea8a706c4c34a16891f84e7b\",\"STANDARD\"",
                "\"" + source + "\",\"c.txt\",\"1\",\"c4ca4238a0b923820dcc509a6f75849b\",\"STANDARD\"");
        // the next report comes a day later, not at once
        assertThat(job.deliverDue()).isZero();
        S3.deleteBucketInventoryConfiguration(b -> b.bucket(source).id("daily"));
    }
}
