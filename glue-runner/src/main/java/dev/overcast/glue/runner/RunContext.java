package dev.overcast.glue.runner;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * What the Glue service tells a run's child JVM, as system properties: the suite's Glue and S3 endpoints, the run's
 * account and region, the job and run, the bookmark option and the files the bookmark state is read from and written
 * to.
 */
public record RunContext(URI glueEndpoint, URI s3Endpoint, String region, String accessKey, String secretKey,
                         String jobName, String runId, String bookmarkOption, Path bookmarkIn, Path bookmarkOut) {

    public static final String PREFIX = "overcast.glue.";

    private static volatile RunContext current;
    private static volatile Bookmarks bookmarks;

    /** The run this JVM serves, read once from the system properties. */
    public static RunContext get() {
        if (current == null) {
            synchronized (RunContext.class) {
                if (current == null) {
                    current = new RunContext(URI.create(required("endpoint")), URI.create(required("s3-endpoint")),
                            required("region"), required("access-key"), required("secret-key"),
                            required("job-name"), required("run-id"),
                            System.getProperty(PREFIX + "bookmark-option", "job-bookmark-disable"),
                            Path.of(required("bookmark-in")), Path.of(required("bookmark-out")));
                }
            }
        }
        return current;
    }

    /** The run's job bookmarks, loaded from the state the service handed over. */
    public static Bookmarks bookmarks() {
        if (bookmarks == null) {
            synchronized (RunContext.class) {
                if (bookmarks == null) {
                    RunContext run = get();
                    bookmarks = Bookmarks.load(run.bookmarkOption(), run.bookmarkIn(), run.bookmarkOut());
                }
            }
        }
        return bookmarks;
    }

    private static String required(String name) {
        String value = System.getProperty(PREFIX + name);
        if (value == null) {
            throw new IllegalStateException("System property " + PREFIX + name + " is not set: this JVM is not a Glue"
                    + " job run started by the Overcast Glue service");
        }
        return value;
    }

    /** A client of the suite's Glue API for this run's account. */
    public GlueClient glue() {
        return GlueClient.builder().endpointOverride(glueEndpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
