package dev.overcast.s3.tagging;

import static dev.overcast.s3.RawS3.assertError;
import static dev.overcast.s3.RawS3.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overcast.s3.S3TestService;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

class TaggingTest {

    private final S3Client s3 = S3TestService.client();

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    @Test
    void objectTagsFromPutHeaderAndTheTaggingActions() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("k").tagging("a=1&b%20c=x%2By%3Dz"), RequestBody.fromString("v"));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet())
                .containsExactlyInAnyOrder(tag("a", "1"), tag("b c", "x+y=z"));
        assertThat(s3.getObject(b -> b.bucket(bucket).key("k")).response().tagCount()).isEqualTo(2);

        s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(t -> t.tagSet(tag("only", "one"))));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).containsExactly(tag("only", "one"));
        s3.deleteObjectTagging(b -> b.bucket(bucket).key("k"));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).isEmpty();
        assertThatThrownBy(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("missing")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.putObjectTagging(b -> b.bucket(bucket).key("missing").tagging(t -> t.tagSet(tag("a", "b")))))
                .isInstanceOf(NoSuchKeyException.class);

        // tags given when an upload starts belong to the completed object
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp").tagging("from=upload")).uploadId();
        String e = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(id).partNumber(1), RequestBody.fromString("x")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e).build())));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("mp")).tagSet()).containsExactly(tag("from", "upload"));
    }

    @Test
    void bucketTags() {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        assertThatThrownBy(() -> s3.getBucketTagging(b -> b.bucket(bucket)))
                .isInstanceOf(S3Exception.class)
                .satisfies(ex -> {
                    assertThat(((S3Exception) ex).statusCode()).isEqualTo(404);
                    assertThat(((S3Exception) ex).awsErrorDetails().errorCode()).isEqualTo("NoSuchTagSet");
                });
        s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(tag("team", "data"), tag("cost", "42"))));
        assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet())
                .containsExactlyInAnyOrder(tag("team", "data"), tag("cost", "42"));
        s3.deleteBucketTagging(b -> b.bucket(bucket));
        assertThatThrownBy(() -> s3.getBucketTagging(b -> b.bucket(bucket))).isInstanceOf(S3Exception.class);
    }

    @Test
    void invalidTagSets() throws Exception {
        String bucket = S3TestService.bucketName();
        assertThat(send("PUT", "/" + bucket, (String) null).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/" + bucket + "/k", "v").statusCode()).isEqualTo(200);
        StringBuilder eleven = new StringBuilder("<Tagging><TagSet>");
        for (int i = 0; i < 11; i++) {
            eleven.append("<Tag><Key>k").append(i).append("</Key><Value>v</Value></Tag>");
        }
        eleven.append("</TagSet></Tagging>");
        HttpResponse<String> tooMany = send("PUT", "/" + bucket + "/k?tagging", eleven.toString());
        assertError(tooMany, 400, "BadRequest");
        assertThat(tooMany.body()).contains("<Message>Object tags cannot be greater than 10</Message>");
        assertThat(send("PUT", "/" + bucket + "?tagging", eleven.toString()).statusCode()).isEqualTo(204); // buckets: 50

        HttpResponse<String> duplicate = send("PUT", "/" + bucket + "/k?tagging",
                "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>");
        assertError(duplicate, 400, "InvalidTag");
        assertThat(duplicate.body()).contains("<Message>Cannot provide multiple Tags with the same key</Message>");
        assertError(send("PUT", "/" + bucket + "/k?tagging", "<Tagging><TagSet><Tag><Key>" + "x".repeat(129)
                + "</Key><Value>1</Value></Tag></TagSet></Tagging>"), 400, "InvalidTag");
        assertError(send("PUT", "/" + bucket + "/k?tagging", "<Tagging><TagSet><Tag><Key>a</Key><Value>" + "x".repeat(257)
                + "</Value></Tag></TagSet></Tagging>"), 400, "InvalidTag");
        assertError(send("PUT", "/" + bucket + "/k2", "v", "x-amz-tagging", "a=1&a=2"), 400, "InvalidTag");
        assertThat(send("HEAD", "/" + bucket + "/k2", (String) null).statusCode()).isEqualTo(404);
        assertError(send("PUT", "/" + bucket + "/k?tagging", "<Tagging><TagSet>"), 400, "MalformedXML");
        // tag keys and values take letters, separators, digits and _ . : / = + - @ only (a NUL answered NoSuchBucket)
        HttpResponse<String> nul = send("PUT", "/" + bucket + "/k3", "v", "x-amz-tagging", "k=a%00b");
        assertError(nul, 400, "InvalidTag");
        assertThat(nul.body()).contains("<Message>The TagValue you have provided is invalid</Message>");
        assertThat(send("HEAD", "/" + bucket + "/k3", (String) null).statusCode()).isEqualTo(404);
        assertError(send("PUT", "/" + bucket + "/k3", "v", "x-amz-tagging", "a%26b=1"), 400, "InvalidTag");
        assertError(send("PUT", "/" + bucket + "?tagging",
                "<Tagging><TagSet><Tag><Key>a</Key><Value>x,y</Value></Tag></TagSet></Tagging>"), 400, "InvalidTag");
        assertThat(send("PUT", "/" + bucket + "/k?tagging", "<Tagging><TagSet><Tag><Key>é :/=+-@_.</Key>"
                + "<Value>Grüße 42</Value></Tag></TagSet></Tagging>").statusCode()).isEqualTo(200);
        // a document that is no Tagging, or a Tagging without a TagSet, is MalformedXML (both were taken)
        assertError(send("PUT", "/" + bucket + "?tagging", "<Foo><TagSet><Tag><Key>a</Key><Value>1</Value></Tag>"
                + "</TagSet></Foo>"), 400, "MalformedXML");
        assertError(send("PUT", "/" + bucket + "?tagging", "<Tagging></Tagging>"), 400, "MalformedXML");
        assertError(send("PUT", "/" + bucket + "/k?tagging", "<Tagging/>"), 400, "MalformedXML");
        assertError(send("GET", "/" + bucket + "/nope?tagging", (String) null), 404, "NoSuchKey");
        assertThat(send("DELETE", "/" + bucket + "?tagging", (String) null).statusCode()).isEqualTo(204);
        HttpResponse<String> none = send("GET", "/" + bucket + "?tagging", (String) null);
        assertError(none, 404, "NoSuchTagSet");
        assertThat(none.body()).contains("<Message>The TagSet does not exist</Message>");
    }

    @Test
    void getBucketLocation() throws Exception {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket));
        assertThat(s3.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString()).isEmpty();
        S3Client eu = S3TestService.client("000000000000", "eu-west-1");
        String euBucket = S3TestService.bucketName();
        eu.createBucket(b -> b.bucket(euBucket).createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        assertThat(eu.getBucketLocation(b -> b.bucket(euBucket)).locationConstraintAsString()).isEqualTo("eu-west-1");
        HttpResponse<String> raw = send("GET", "/" + euBucket + "?location", (String) null);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).contains("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">eu-west-1</LocationConstraint>");
        assertError(send("GET", "/" + S3TestService.bucketName() + "?location", (String) null), 404, "NoSuchBucket");
    }
}
