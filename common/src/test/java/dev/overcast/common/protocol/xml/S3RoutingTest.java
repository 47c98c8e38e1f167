package dev.overcast.common.protocol.xml;

import static dev.overcast.common.protocol.CodecHarness.catchAws;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.ProtocolCodec;
import dev.overcast.common.protocol.ProtocolCodecs;
import dev.overcast.common.protocol.TestHttpRequest;
import dev.overcast.common.protocol.TestHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;

class S3RoutingTest {

    static final ProtocolCodec CODEC = ProtocolCodecs.forApi(AwsApiDescriptor.s3(S3Client.class));

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET    | /                                  | -                  | ListBuckets
            PUT    | /b                                 | -                  | CreateBucket
            PUT    | /b/                                | -                  | CreateBucket
            HEAD   | /b                                 | -                  | HeadBucket
            GET    | /b                                 | -                  | ListObjects
            GET    | /b/                                | -                  | ListObjects
            GET    | /b?list-type=2                     | -                  | ListObjectsV2
            GET    | /b?list-type=2&prefix=a%2Fb        | -                  | ListObjectsV2
            GET    | /b?versions                        | -                  | ListObjectVersions
            GET    | /b?location                        | -                  | GetBucketLocation
            GET    | /b?tagging                         | -                  | GetBucketTagging
            PUT    | /b?tagging                         | -                  | PutBucketTagging
            DELETE | /b                                 | -                  | DeleteBucket
            POST   | /b?delete                          | -                  | DeleteObjects
            PUT    | /b/k                               | -                  | PutObject
            PUT    | /b/k?x-id=PutObject                | -                  | PutObject
            PUT    | /b/dir/sub/k.txt                   | -                  | PutObject
            PUT    | /b/k                               | x-amz-copy-source  | CopyObject
            PUT    | /b/k?partNumber=1&uploadId=u       | -                  | UploadPart
            PUT    | /b/k?partNumber=1&uploadId=u       | x-amz-copy-source  | UploadPartCopy
            GET    | /b/k                               | -                  | GetObject
            GET    | /b/k?x-id=GetObject                | -                  | GetObject
            HEAD   | /b/k                               | -                  | HeadObject
            DELETE | /b/k                               | -                  | DeleteObject
            DELETE | /b/k?uploadId=u                    | -                  | AbortMultipartUpload
            POST   | /b/k?uploads                       | -                  | CreateMultipartUpload
            POST   | /b/k?uploadId=u                    | -                  | CompleteMultipartUpload
            GET    | /b/k?tagging                       | -                  | GetObjectTagging
            GET    | /b?uploads                         | -                  | ListMultipartUploads
            GET    | /b/k?uploadId=u                    | -                  | ListParts
            """)
    void routes(String method, String pathAndQuery, String header, String expected) {
        TestHttpRequest req = header == null ? TestHttpRequest.of(method, pathAndQuery)
                : TestHttpRequest.of(method, pathAndQuery, header, "src/key");
        assertThat(CODEC.route(req).name()).isEqualTo(expected);
    }

    @Test
    void labelsAreDecoded() {
        TestHttpRequest req = TestHttpRequest.of("GET", "/my-bucket/dir/a%20b%2Bc/%E2%82%AC.txt?versionId=v1");
        GetObjectRequest r = (GetObjectRequest) CODEC.readRequest(req, CODEC.route(req));
        assertThat(r.bucket()).isEqualTo("my-bucket");
        assertThat(r.key()).isEqualTo("dir/a b+c/€.txt");
        assertThat(r.versionId()).isEqualTo("v1");
    }

    @Test
    void uploadPartCopyMembers() {
        TestHttpRequest req = TestHttpRequest.of("PUT", "/b/k?partNumber=3&uploadId=u1",
                "x-amz-copy-source", "src/key", "x-amz-copy-source-range", "bytes=0-9");
        UploadPartCopyRequest r = (UploadPartCopyRequest) CODEC.readRequest(req, CODEC.route(req));
        assertThat(r.partNumber()).isEqualTo(3);
        assertThat(r.uploadId()).isEqualTo("u1");
        assertThat(r.copySource()).isEqualTo("src/key");
        assertThat(r.copySourceRange()).isEqualTo("bytes=0-9");
    }

    @Test
    void noMatchIsMethodNotAllowed() throws Exception {
        TestHttpRequest req = TestHttpRequest.of("PATCH", "/b/k");
        AwsException e = catchAws(() -> CODEC.route(req));
        assertThat(e.code()).isEqualTo("MethodNotAllowed");
        assertThat(e.status()).isEqualTo(405);
        assertThat(e.fields()).containsEntry("Method", "PATCH").containsEntry("ResourceType", "OBJECT");
        TestHttpResponse out = new TestHttpResponse();
        CODEC.writeError(e, req, "RID1", out);
        assertThat(out.status).isEqualTo(405);
        assertThat(out.bodyText()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>MethodNotAllowed</Code>"
                + "<Message>The specified method is not allowed against this resource.</Message>"
                + "<Method>PATCH</Method><ResourceType>OBJECT</ResourceType><RequestId>RID1</RequestId><HostId>");
    }

    @Test
    void headErrorsHaveNoBody() throws Exception {
        TestHttpRequest req = TestHttpRequest.of("HEAD", "/b/k");
        TestHttpResponse out = new TestHttpResponse();
        CODEC.writeError(new AwsException("NoSuchKey", 404, "The specified key does not exist."), req, "r", out);
        assertThat(out.status).isEqualTo(404);
        assertThat(out.body.size()).isZero();
    }

    @Test
    void malformedXml() {
        for (String body : new String[] {"<Tagging><TagSet>", "not xml", "<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging><x/>",
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Tagging><TagSet><Tag><Key>&e;</Key></Tag></TagSet></Tagging>"}) {
            TestHttpRequest req = TestHttpRequest.of("PUT", "/b?tagging").withBody(body.getBytes());
            AwsException e = catchAws(() -> CODEC.readRequest(req, CODEC.route(req)));
            assertThat(e.code()).as(body).isEqualTo("MalformedXML");
            assertThat(e.status()).isEqualTo(400);
        }
    }
}
