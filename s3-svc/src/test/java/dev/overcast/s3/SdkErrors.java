package dev.overcast.s3;

import static org.assertj.core.api.Assertions.assertThat;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 error an SDK call ends in, and assertions on it. */
public final class SdkErrors {

    private SdkErrors() {
    }

    /** The S3Exception the call throws; fails the test when it throws none. */
    public static S3Exception failure(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            return e;
        }
        throw new AssertionError("the call succeeded; an S3 error was expected");
    }

    /** Status, and code and message where given (null: not checked; HEAD errors have neither). */
    public static void assertFailure(S3Exception e, int status, String code, String message) {
        assertThat(e.statusCode()).isEqualTo(status);
        if (code != null) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        }
        if (message != null) {
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        }
    }
}
