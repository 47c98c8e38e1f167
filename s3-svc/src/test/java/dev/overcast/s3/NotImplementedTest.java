package dev.overcast.s3;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 requests the service does not implement answer S3's 501 NotImplemented naming the operation, never another
 * operation's answer.
 */
class NotImplementedTest {

    private static final S3Client S3 = S3TestService.client();
    private static String bucket;

    @BeforeAll
    static void createBucket() {
        bucket = S3TestService.bucketName();
        S3.createBucket(b -> b.bucket(bucket));
        S3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("a,b\n1,2\n"));
    }

    @Test
    void bucketAndObjectSubresourcesThroughTheSdk() {
        assertFailure(failure(() -> S3.getBucketMetadataTableConfiguration(b -> b.bucket(bucket))), 501,
                "NotImplemented", "GetBucketMetadataTableConfiguration is not implemented by Overcast yet.");
        assertFailure(failure(() -> S3.deleteBucketMetadataTableConfiguration(b -> b.bucket(bucket))), 501,
                "NotImplemented", "DeleteBucketMetadataTableConfiguration is not implemented by Overcast yet.");
    }

    @Test
    void selectObjectContentIsNotTakenForAnotherOperation() throws Exception {
        // an event-stream action (only the async clients have it): it answered NoSuchUpload as a CompleteMultipartUpload
        HttpResponse<String> select = send("POST", "/" + bucket + "/k?select&select-type=2",
                "<SelectObjectContentRequest><Expression>select * from s3object</Expression><ExpressionType>SQL"
                        + "</ExpressionType><InputSerialization><CSV/></InputSerialization><OutputSerialization><CSV/>"
                        + "</OutputSerialization></SelectObjectContentRequest>");
        assertError(select, 501, "NotImplemented");
        assertThat(select.body()).contains("<Message>SelectObjectContent is not implemented by Overcast yet.</Message>");
        assertThat(S3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("a,b\n1,2\n");
    }
}
