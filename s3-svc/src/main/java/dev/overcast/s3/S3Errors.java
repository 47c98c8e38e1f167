package dev.overcast.s3;

import dev.overcast.common.error.AwsException;

/** S3's errors: codes, statuses and messages as S3 sends them. */
public final class S3Errors {

    private S3Errors() {
    }

    /**
     * An object or part PUT whose length nothing gives (neither Content-Length nor Transfer-Encoding): HTTP/1.1 reads
     * no body then, and S3 refuses rather than store what would be an empty object.
     */
    public static AwsException missingContentLength() {
        return new AwsException("MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
    }

    /** Throws {@link #missingContentLength} for a body whose length nothing gives. */
    public static void requireLength(Long contentLength, dev.overcast.common.api.RequestContext ctx) {
        if (contentLength == null && ctx.http().header("Transfer-Encoding") == null) {
            throw missingContentLength();
        }
    }

    public static AwsException noSuchBucket(String bucket) {
        return new AwsException("NoSuchBucket", 404, "The specified bucket does not exist").with("BucketName", bucket);
    }

    public static AwsException noSuchKey(String key) {
        return new AwsException("NoSuchKey", 404, "The specified key does not exist.").with("Key", key);
    }

    public static AwsException bucketAlreadyExists(String bucket) {
        return new AwsException("BucketAlreadyExists", 409, "The requested bucket name is not available. The bucket "
                + "namespace is shared by all users of the system. Please select a different name and try again.")
                .with("BucketName", bucket);
    }

    public static AwsException bucketAlreadyOwnedByYou(String bucket) {
        return new AwsException("BucketAlreadyOwnedByYou", 409,
                "Your previous request to create the named bucket succeeded and you already own it.")
                .with("BucketName", bucket);
    }

    public static AwsException bucketNotEmpty(String bucket) {
        return new AwsException("BucketNotEmpty", 409, "The bucket you tried to delete is not empty")
                .with("BucketName", bucket);
    }

    public static AwsException invalidBucketName(String bucket) {
        return new AwsException("InvalidBucketName", 400, "The specified bucket is not valid.").with("BucketName", bucket);
    }

    public static AwsException accessDenied() {
        return new AwsException("AccessDenied", 403, "Access Denied");
    }

    public static AwsException permanentRedirect(String bucket, String region) {
        return new AwsException("PermanentRedirect", 301, "The bucket you are attempting to access must be addressed "
                + "using the specified endpoint. Please send all future requests to this endpoint.")
                .with("Bucket", bucket)
                .with("Endpoint", "s3." + region + ".amazonaws.com")
                .withHeader("x-amz-bucket-region", region);
    }

    public static AwsException illegalLocationConstraint(String requested, String endpointRegion) {
        String message = requested == null
                ? "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."
                : "The " + requested + " location constraint is incompatible for the region specific endpoint this request was sent to.";
        return new AwsException("IllegalLocationConstraintException", 400, message);
    }

    public static AwsException invalidLocationConstraint(String requested) {
        return new AwsException("InvalidLocationConstraint", 400, "The specified location-constraint is not valid")
                .with("LocationConstraint", requested);
    }

    public static AwsException keyTooLong(int length) {
        return new AwsException("KeyTooLongError", 400, "Your key is too long")
                .with("Size", Integer.toString(length)).with("MaxSizeAllowed", "1024");
    }

    public static AwsException metadataTooLarge(int size) {
        return new AwsException("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size.")
                .with("Size", Integer.toString(size)).with("MaxSizeAllowed", "2048");
    }

    public static AwsException badDigest() {
        return new AwsException("BadDigest", 400, "The Content-MD5 you specified did not match what we received.");
    }

    public static AwsException invalidDigest() {
        return new AwsException("InvalidDigest", 400, "The Content-MD5 you specified is not valid.");
    }

    public static AwsException invalidRange(String range, long size) {
        return new AwsException("InvalidRange", 416, "The requested range is not satisfiable")
                .with("RangeRequested", range).with("ActualObjectSize", Long.toString(size))
                .withHeader("Content-Range", "bytes */" + size);
    }

    public static AwsException incompleteBody() {
        return new AwsException("IncompleteBody", 400,
                "You did not provide the number of bytes specified by the Content-Length HTTP header");
    }

    public static AwsException invalidArgument(String message, String name, String value) {
        return new AwsException("InvalidArgument", 400, message).with("ArgumentName", name).with("ArgumentValue", value);
    }

    public static AwsException noSuchUpload(String uploadId) {
        return new AwsException("NoSuchUpload", 404, "The specified upload does not exist. The upload ID may be invalid, "
                + "or the upload may have been aborted or completed.").with("UploadId", uploadId);
    }

    public static AwsException invalidPart(String uploadId, int partNumber, String etag) {
        return new AwsException("InvalidPart", 400, "One or more of the specified parts could not be found.  The part "
                + "may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
                .with("UploadId", uploadId).with("PartNumber", Integer.toString(partNumber)).with("ETag", etag);
    }

    public static AwsException invalidPartOrder(String uploadId) {
        return new AwsException("InvalidPartOrder", 400, "The list of parts was not in ascending order. The parts list "
                + "must be specified in order by part number.").with("UploadId", uploadId);
    }

    public static AwsException entityTooSmall(long size, long minimum, int partNumber, String etag) {
        return new AwsException("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.")
                .with("ProposedSize", Long.toString(size)).with("MinSizeAllowed", Long.toString(minimum))
                .with("PartNumber", Integer.toString(partNumber)).with("ETag", etag);
    }

    public static AwsException invalidPartNumber(int partNumber) {
        return invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                Integer.toString(partNumber));
    }

    public static AwsException malformedXml() {
        return new AwsException("MalformedXML", 400,
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    public static AwsException invalidRequest(String message) {
        return new AwsException("InvalidRequest", 400, message);
    }

    public static AwsException invalidCopySource(String header) {
        return invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                "x-amz-copy-source", header);
    }

    public static AwsException invalidCopySourceRange(String range) {
        return invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and "
                + "last are the zero-based offsets of the first and last bytes to copy", "x-amz-copy-source-range", range);
    }

    public static AwsException copySourceRangeOutside(String range, long size) {
        return invalidArgument("Range specified is not valid for source object of size: " + size,
                "x-amz-copy-source-range", range);
    }

    public static AwsException badChecksum(String algorithm) {
        return new AwsException("BadDigest", 400, "The " + algorithm + " you specified did not match the calculated checksum.");
    }

    public static AwsException conditionalRequestConflict() {
        return new AwsException("ConditionalRequestConflict", 409, "A conflicting operation occurred. If using PutObject "
                + "you can retry the request. If using multipart upload you should initiate another "
                + "CreateMultipartUpload request and re-upload each part.");
    }

    public static AwsException preconditionFailed(String condition) {
        return new AwsException("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold")
                .with("Condition", condition);
    }

    public static AwsException noSuchVersion(String key, String versionId) {
        return new AwsException("NoSuchVersion", 404, "The specified version does not exist.")
                .with("Key", key).with("VersionId", versionId);
    }

    public static AwsException invalidVersionId(String versionId) {
        return invalidArgument("Invalid version id specified", "versionId", versionId);
    }

    /** A request that names a delete marker by its version id, which only DELETE may do. */
    public static AwsException methodNotAllowed(String method) {
        return new AwsException("MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
                .with("Method", method).with("ResourceType", "DeleteMarker").withHeader("Allow", "DELETE");
    }

    public static AwsException mfaRequired() {
        return new AwsException("AccessDenied", 403, "Mfa Authentication must be used for this request");
    }

    /**
     * A header that asks for something S3 supports but Overcast does not implement yet: S3's own answer to a header
     * naming functionality it does not implement, so that the request is refused rather than accepted and ignored.
     */
    public static AwsException notImplementedHeader(String header) {
        return new AwsException("NotImplemented", 501, "A header you provided implies functionality that is not implemented")
                .with("Header", header);
    }

    /** An encryption header on a request that only reads (GET, HEAD): only a write chooses the encryption. */
    public static AwsException encryptionHeaderNotSupported(String value) {
        return invalidArgument("x-amz-server-side-encryption header is not supported for this operation.",
                "x-amz-server-side-encryption", value);
    }

    public static AwsException invalidStorageClass(String requested) {
        return new AwsException("InvalidStorageClass", 400, "The storage class you specified is not valid")
                .with("StorageClassRequested", requested);
    }

    public static AwsException invalidRedirectLocation() {
        return new AwsException("InvalidRedirectLocation", 400,
                "The website redirect location must have a prefix of 'http://' or 'https://' or '/'.");
    }

    /** DeleteObjects (and the other requests S3 wants a body digest for) sent without Content-MD5 or a checksum. */
    public static AwsException missingContentMd5() {
        return invalidRequest("Missing required header for this request: Content-MD5");
    }
}
