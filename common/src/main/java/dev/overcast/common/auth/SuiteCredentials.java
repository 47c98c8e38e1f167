package dev.overcast.common.auth;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The credentials a service of the suite signs with when it calls another service's AWS API on an account's behalf
 * (S3 replication and inventory, Firehose's deliveries and sources, Glue's reads, DynamoDB's Kinesis destinations and
 * exports, Managed Flink's code and snapshots, MSK Connect's plugins): the suite key of that account
 * ({@link SigV4Settings#suiteKeyId}) with the suite's secret, which passes verify mode, unlike a key a client could
 * make up. The one way the suite's internal SDK clients get credentials.
 */
public final class SuiteCredentials {

    private final SigV4Settings settings;

    public SuiteCredentials(SigV4Settings settings) {
        this.settings = settings;
    }

    /** Credentials that act as {@code account} (12 digits). */
    public AwsCredentialsProvider account(String account) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(SigV4Settings.suiteKeyId(account), settings.suiteSecret()));
    }
}
