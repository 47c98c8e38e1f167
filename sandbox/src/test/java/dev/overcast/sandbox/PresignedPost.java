package dev.overcast.sandbox;

/** A boto3 script: {@code generate_presigned_post}, then the form posted as a browser would (multipart/form-data). */
final class PresignedPost {

    private PresignedPost() {
    }

    /** Arguments: endpoint, bucket, access key, secret. Prints "presigned post ok". */
    static final String SCRIPT = """
            import sys, uuid, urllib.request, urllib.error
            import boto3
            from botocore.config import Config
            endpoint, bucket, key_id, secret = sys.argv[1:5]
            s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id=key_id, aws_secret_access_key=secret,
                              config=Config(signature_version="s3v4"))
            # boto3's default for a presigned POST at a custom endpoint: the legacy AWSAccessKeyId/signature fields
            legacy = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                                  aws_access_key_id=key_id, aws_secret_access_key=secret)
            s3.create_bucket(Bucket=bucket)

            def post(url, fields, filename, data):
                boundary = uuid.uuid4().hex
                body = b""
                for name, value in fields.items():
                    body += ("--%s\\r\\nContent-Disposition: form-data; name=\\"%s\\"\\r\\n\\r\\n%s\\r\\n"
                             % (boundary, name, value)).encode()
                body += ("--%s\\r\\nContent-Disposition: form-data; name=\\"file\\"; filename=\\"%s\\"\\r\\n"
                         "Content-Type: text/plain\\r\\n\\r\\n" % (boundary, filename)).encode() + data + b"\\r\\n"
                body += ("--%s--\\r\\n" % boundary).encode()
                request = urllib.request.Request(url, data=body, method="POST",
                                                 headers={"Content-Type": "multipart/form-data; boundary=" + boundary})
                try:
                    with urllib.request.urlopen(request) as r:
                        return r.status, r.read().decode()
                except urllib.error.HTTPError as e:
                    return e.code, e.read().decode()

            form = s3.generate_presigned_post(bucket, "uploads/${filename}",
                                              Fields={"success_action_status": "201", "Content-Type": "text/plain"},
                                              Conditions=[{"success_action_status": "201"}, {"Content-Type": "text/plain"},
                                                          ["content-length-range", 1, 1024]],
                                              ExpiresIn=600)
            status, body = post(form["url"], form["fields"], "hello.txt", b"hello from a presigned post")
            assert status == 201, (status, body)
            assert "<Key>uploads/hello.txt</Key>" in body, body
            got = s3.get_object(Bucket=bucket, Key="uploads/hello.txt")
            assert got["Body"].read() == b"hello from a presigned post"
            assert got["ContentType"] == "text/plain", got["ContentType"]

            status, body = post(form["url"], form["fields"], "big.txt", b"x" * 2000)
            assert status == 400 and "<Code>EntityTooLarge</Code>" in body, (status, body)
            tampered = dict(form["fields"], key="elsewhere/${filename}")
            status, body = post(form["url"], tampered, "hello.txt", b"hi")
            assert status == 403 and "Policy Condition failed" in body, (status, body)
            assert "x-amz-signature" in form["fields"], form["fields"]
            old = legacy.generate_presigned_post(bucket, "legacy/${filename}", ExpiresIn=600)
            assert "signature" in old["fields"], old["fields"]
            status, body = post(old["url"], old["fields"], "old.txt", b"legacy form")
            assert status == 204, (status, body)
            assert s3.get_object(Bucket=bucket, Key="legacy/old.txt")["Body"].read() == b"legacy form"
            if len(sys.argv) > 5 and sys.argv[5] == "verify":
                forged_old = dict(old["fields"], signature="AAAA" + old["fields"]["signature"][4:])
                status, body = post(old["url"], forged_old, "old.txt", b"hi")
                assert status == 403 and "SignatureDoesNotMatch" in body, (status, body)
                forged = dict(form["fields"], policy=form["fields"]["policy"][:-4] + "AAA=")
                status, body = post(form["url"], forged, "hello.txt", b"hi")
                assert status in (400, 403), (status, body)
                assert "SignatureDoesNotMatch" in body or "InvalidPolicyDocument" in body, body
            print("presigned post ok")
            """;
}
