package dev.overcast.s3.replication;

import static dev.overcast.s3.SdkErrors.assertFailure;
import static dev.overcast.s3.SdkErrors.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.s3.S3Owners;
import dev.overcast.s3.S3TestService;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlTranslation;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.DeleteMarkerReplicationStatus;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.OwnerOverride;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.ReplicationStatus;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * What a replica carries besides its bytes, as S3's replication sets it: its source version's owner and ACL (another
 * account's destination then cannot read a replica its owner did not grant it), or with AccessControlTranslation the
 * destination bucket owner's ownership (which that bucket's policy must accept with
 * {@code s3:ObjectOwnerOverrideToBucketOwner}); and the source version's Object Lock retention and legal hold (else
 * the destination's default retention), to a destination that has Object Lock.
 */
class ReplicaOwnershipTest {

    private static final String SOURCE_ACCOUNT = "000000000000";
    private static final String DEST_ACCOUNT = "111111111111";
    private static final S3Client SOURCE = S3TestService.client();
    /** The source account, on the destination's region (where it reads the replicas it owns). */
    private static final S3Client SOURCE_THERE = S3TestService.client(SOURCE_ACCOUNT, "eu-west-1");
    private static final S3Client DEST = S3TestService.client(DEST_ACCOUNT, "eu-west-1");

    private static String bucket(S3Client s3, boolean eu, boolean lock) {
        String bucket = S3TestService.bucketName();
        s3.createBucket(b -> b.bucket(bucket).objectOwnership(ObjectOwnership.OBJECT_WRITER)
                .objectLockEnabledForBucket(lock ? Boolean.TRUE : null)
                .createBucketConfiguration(eu ? CreateBucketConfiguration.builder().locationConstraint("eu-west-1").build()
                        : null));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        return bucket;
    }

    /** A destination of the other account whose policy lets the source account take the actions (replicate). */
    private static String granting(String... actions) {
        String bucket = bucket(DEST, true, false);
        DEST.putBucketPolicy(b -> b.bucket(bucket).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Principal\":{\"AWS\":\"" + SOURCE_ACCOUNT + "\"},\"Action\":[\""
                + String.join("\",\"", actions) + "\"],\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}]}"));
        return bucket;
    }

    private static ReplicationRule rule(int priority, String prefix, String destination, String account,
                                        boolean ownerOverride) {
        return ReplicationRule.builder().id(prefix).priority(priority).status(ReplicationRuleStatus.ENABLED)
                .filter(f -> f.prefix(prefix))
                .deleteMarkerReplication(d -> d.status(DeleteMarkerReplicationStatus.DISABLED))
                .destination(d -> d.bucket("arn:aws:s3:::" + destination).account(account)
                        .accessControlTranslation(ownerOverride
                                ? AccessControlTranslation.builder().owner(OwnerOverride.DESTINATION).build() : null))
                .build();
    }

    private static void replicate(String source, ReplicationRule... rules) {
        SOURCE.putBucketReplication(b -> b.bucket(source).replicationConfiguration(c -> c
                .role("arn:aws:iam::000000000000:role/replication").rules(rules)));
    }

    private static ReplicationStatus replicated(String bucket, String key) throws InterruptedException {
        return ReplicationTest.await(() -> SOURCE.headObject(b -> b.bucket(bucket).key(key)).replicationStatus());
    }

    @Test
    void ownerOverrideIsCheckedAsS3ChecksIt() {
        String source = bucket(SOURCE, false, false);
        String destination = granting("s3:ReplicateObject");
        assertFailure(failure(() -> replicate(source, rule(1, "", destination, null, true))), 400, "InvalidRequest",
                "Account must be specified when AccessControlTranslation is specified");
        assertFailure(failure(() -> replicate(source, rule(1, "", destination, "222222222222", true))), 400,
                "InvalidRequest", "Account 222222222222 does not own the destination bucket " + destination + ".");
        replicate(source, rule(1, "", destination, DEST_ACCOUNT, true));
        assertThat(SOURCE.getBucketReplication(b -> b.bucket(source)).replicationConfiguration().rules().get(0)
                .destination().accessControlTranslation().owner()).isEqualTo(OwnerOverride.DESTINATION);
        // without it, S3 does not verify the Account ("only if Access Control Translation is enabled")
        replicate(source, rule(1, "", destination, "222222222222", false));
        assertThat(SOURCE.getBucketReplication(b -> b.bucket(source)).replicationConfiguration().rules().get(0)
                .destination().account()).isEqualTo("222222222222");
    }

    @Test
    void aReplicaKeepsItsSourcesOwnerAndAclUnlessTheRuleGivesItToTheDestinationsOwner() throws InterruptedException {
        String source = bucket(SOURCE, false, false);
        String kept = granting("s3:ReplicateObject");
        String overridden = granting("s3:ReplicateObject", "s3:ObjectOwnerOverrideToBucketOwner");
        String notAccepting = granting("s3:ReplicateObject");
        replicate(source, rule(3, "kept/", kept, DEST_ACCOUNT, false),
                rule(2, "overridden/", overridden, DEST_ACCOUNT, true),
                rule(1, "refused/", notAccepting, DEST_ACCOUNT, true));
        SOURCE.putObject(b -> b.bucket(source).key("kept/public").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("p"));
        SOURCE.putObject(b -> b.bucket(source).key("kept/private"), RequestBody.fromString("q"));
        SOURCE.putObject(b -> b.bucket(source).key("overridden/a").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("o"));
        SOURCE.putObject(b -> b.bucket(source).key("refused/a"), RequestBody.fromString("r"));
        for (String key : new String[]{"kept/public", "kept/private", "overridden/a"}) {
            assertThat(replicated(source, key)).isEqualTo(ReplicationStatus.COMPLETED);
        }
        // the destination's policy does not accept the ownership: the replication fails
        assertThat(replicated(source, "refused/a")).isEqualTo(ReplicationStatus.FAILED);

        // by default the replica is its source's: same owner, same grants
        var acl = SOURCE_THERE.getObjectAcl(b -> b.bucket(kept).key("kept/public"));
        assertThat(acl.owner().id()).isEqualTo(S3Owners.canonicalId(SOURCE_ACCOUNT));
        assertThat(acl.grants()).extracting(Grant::grantee).anySatisfy(g -> {
            assertThat(g.type()).isEqualTo(Type.GROUP);
            assertThat(g.uri()).isEqualTo("http://acs.amazonaws.com/groups/global/AllUsers");
        });
        // so the destination's owner reads what the source's owner granted everyone, and nothing else
        assertThat(DEST.getObjectAsBytes(b -> b.bucket(kept).key("kept/public")).asUtf8String()).isEqualTo("p");
        assertFailure(failure(() -> DEST.getObjectAsBytes(b -> b.bucket(kept).key("kept/private"))), 403,
                "AccessDenied", null);

        // with the owner override the replica is the destination owner's, with its FULL_CONTROL alone
        var overriddenAcl = DEST.getObjectAcl(b -> b.bucket(overridden).key("overridden/a"));
        assertThat(overriddenAcl.owner().id()).isEqualTo(S3Owners.canonicalId(DEST_ACCOUNT));
        assertThat(overriddenAcl.grants()).singleElement()
                .satisfies(g -> assertThat(g.grantee().id()).isEqualTo(S3Owners.canonicalId(DEST_ACCOUNT)));
        assertThat(DEST.getObjectAsBytes(b -> b.bucket(overridden).key("overridden/a")).asUtf8String())
                .isEqualTo("o");
    }

    @Test
    void objectLockSettingsAreReplicatedToADestinationWithObjectLock() throws InterruptedException {
        String source = bucket(SOURCE, false, true);
        String destination = bucket(SOURCE, false, true);
        String unlocked = bucket(SOURCE, false, false);
        SOURCE.putObjectLockConfiguration(b -> b.bucket(destination).objectLockConfiguration(c -> c
                .objectLockEnabled("Enabled").rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE)
                        .days(1)))));
        replicate(source, rule(2, "locked/", destination, null, false), rule(1, "elsewhere/", unlocked, null, false));
        Instant until = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        SOURCE.putObject(b -> b.bucket(source).key("locked/held").objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(until).objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON),
                RequestBody.fromString("h"));
        SOURCE.putObject(b -> b.bucket(source).key("locked/plain"), RequestBody.fromString("p"));
        SOURCE.putObject(b -> b.bucket(source).key("elsewhere/a"), RequestBody.fromString("e"));
        assertThat(replicated(source, "locked/held")).isEqualTo(ReplicationStatus.COMPLETED);
        assertThat(replicated(source, "locked/plain")).isEqualTo(ReplicationStatus.COMPLETED);

        // the source's retention and legal hold, over the destination's default retention
        var held = SOURCE.headObject(b -> b.bucket(destination).key("locked/held"));
        assertThat(held.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
        assertThat(held.objectLockRetainUntilDate()).isEqualTo(until);
        assertThat(held.objectLockLegalHoldStatus()).isEqualTo(ObjectLockLegalHoldStatus.ON);
        // a version without retention gets the destination's default one
        var plain = SOURCE.headObject(b -> b.bucket(destination).key("locked/plain"));
        assertThat(plain.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
        assertThat(plain.objectLockLegalHoldStatus()).isNull();
        // an Object Lock bucket replicates only to one with Object Lock
        assertThat(replicated(source, "elsewhere/a")).isEqualTo(ReplicationStatus.FAILED);
        assertThat(SOURCE.listObjectVersions(b -> b.bucket(unlocked)).versions()).isEmpty();
    }
}
