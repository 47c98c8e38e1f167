package dev.overcast.s3.object;

/**
 * The content headers an object is stored with and a GET answers with: Content-Type, Content-Encoding,
 * Content-Disposition, Content-Language, Cache-Control and Expires (as given; null when not given).
 */
public record ContentHeaders(String contentType, String contentEncoding, String contentDisposition,
                             String contentLanguage, String cacheControl, String expires) {

    public static final ContentHeaders NONE = new ContentHeaders(null, null, null, null, null, null);
}
