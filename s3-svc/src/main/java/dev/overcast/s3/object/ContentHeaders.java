package dev.overcast.s3.object;

/**
 * The content headers an object is stored with and a GET answers with: Content-Type, Content-Encoding,
 * Content-Disposition, Content-Language, Cache-Control and Expires, and x-amz-website-redirect-location (as given;
 * null when not given).
 */
public record ContentHeaders(String contentType, String contentEncoding, String contentDisposition,
                             String contentLanguage, String cacheControl, String expires, String websiteRedirect) {

    public static final ContentHeaders NONE = new ContentHeaders(null, null, null, null, null, null, null);

    /** Headers without a website redirect. */
    public ContentHeaders(String contentType, String contentEncoding, String contentDisposition, String contentLanguage,
                          String cacheControl, String expires) {
        this(contentType, contentEncoding, contentDisposition, contentLanguage, cacheControl, expires, null);
    }

    public ContentHeaders withWebsiteRedirect(String location) {
        return new ContentHeaders(contentType, contentEncoding, contentDisposition, contentLanguage, cacheControl,
                expires, location);
    }
}
