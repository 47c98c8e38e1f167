package dev.overcast.s3.object;

import dev.overcast.common.db.GroupCommit;
import dev.overcast.common.db.VersionedRowCache;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.notification.ObjectEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of the puts of small objects (bytes inline in the object's row): concurrent puts are written in one
 * transaction and one commit ({@link GroupCommit}), each answered only after that commit. A key always goes to the
 * same queue (of {@code groups}, one group written at a time in each), so two groups of this service never hold the
 * same key; groups of different queues run side by side.
 *
 * <p>Each put (a member) keeps its own semantics: its version, its events (outbox rows), its replication status and
 * checksum are its own row's, written by {@link ObjectStore#putSmall} as when it comes alone. In the group's
 * transaction, first, the members whose cached bucket is no longer the version they read fail with
 * {@link VersionedRowCache.Stale} (which makes the bucket cache run them again); then the keys are locked, without
 * waiting, in one statement: a key another writer holds fails a conditional member with 409
 * {@code ConditionalRequestConflict}, as when alone, and sends an unconditional one to be written alone afterwards.
 * A precondition (If-Match, If-None-Match) is checked against the key as the members before it in the group left it,
 * and fails its member alone, before anything of it is written. A group whose transaction fails as a whole (a
 * statement error, a bucket changed after the check) commits nothing, and its members are then written one by one,
 * as if each had come alone; a failed commit fails its members with it (their outcome is unknown).
 */
final class GroupedPuts {

    /** One put: the object to write (bytes inline), how it was decided, and its outcome. */
    static final class Member {
        final StoredObject object;
        final byte[] inline;
        final Long bucketVersion;
        final Consumer<Optional<StoredObject>> precondition;
        final ObjectEvents events;
        StoredObject stored;
        RuntimeException failure;
        /** Not written by the group: write it in a transaction of its own. */
        boolean alone;

        /**
         * @param bucketVersion the version of the cached bucket the put was decided on
         * @param precondition  runs on what the key holds (as earlier members left it); throws to refuse, or null
         */
        Member(StoredObject object, byte[] inline, Long bucketVersion, Consumer<Optional<StoredObject>> precondition,
               ObjectEvents events) {
            this.object = object;
            this.inline = inline;
            this.bucketVersion = bucketVersion;
            this.precondition = precondition;
            this.events = events;
        }

        long keyLock() {
            return ObjectStore.keyLock(object.bucket(), object.key());
        }
    }

    private final ObjectStore objects;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final List<GroupCommit<Member>> queues = new ArrayList<>();

    GroupedPuts(ObjectStore objects, JdbcTemplate jdbc, TransactionTemplate tx, int maxSize, int groups) {
        this.objects = objects;
        this.jdbc = jdbc;
        this.tx = tx;
        for (int i = 0; i < groups; i++) {
            queues.add(new GroupCommit<>(this::commit, maxSize, 1));
        }
    }

    /**
     * Writes the member in the next group of its key's queue, returning once that group has committed it; throws the
     * member's own failure, having written nothing. {@code alone} writes it by itself when the group did not.
     */
    StoredObject put(Member m, Supplier<StoredObject> alone) {
        queues.get(Math.floorMod(Long.hashCode(m.keyLock()), queues.size())).submit(m);
        if (m.alone) {
            return alone.get();
        }
        if (m.failure != null) {
            throw m.failure;
        }
        return m.stored;
    }

    /** Runs one group (see the class comment); called by the group's leader. */
    private void commit(List<Member> group) {
        boolean[] inBody = {true};
        try {
            tx.executeWithoutResult(s -> {
                run(group);
                inBody[0] = false;
            });
        } catch (RuntimeException e) {
            for (Member m : group) {
                m.stored = null;
                m.failure = inBody[0] ? null : e;
                m.alone = inBody[0];
            }
        }
    }

    private void run(List<Member> group) {
        List<Member> live = lock(checkBuckets(group));
        Map<Long, Optional<StoredObject>> written = new HashMap<>();
        for (Member m : live) {
            long key = m.keyLock();
            if (m.precondition != null) {
                Optional<StoredObject> current = written.containsKey(key) ? written.get(key)
                        : objects.find(m.object.bucket(), m.object.key());
                try {
                    m.precondition.accept(current);
                } catch (RuntimeException refused) {
                    m.failure = refused;
                    continue;
                }
            }
            // a failure here aborts the transaction: the whole group is written again, member by member
            m.stored = objects.putSmall(m.object, m.inline, m.bucketVersion, m.events);
            written.put(key, Optional.of(m.stored));
        }
    }

    /** The members whose buckets are still the versions they read (one query); the others fail as stale. */
    private List<Member> checkBuckets(List<Member> group) {
        String[] names = group.stream().map(m -> m.object.bucket()).distinct().toArray(String[]::new);
        Map<String, Long> versions = new HashMap<>();
        jdbc.query("select name, xmin::text::bigint from bucket where name = any(?)",
                rs -> {
                    versions.put(rs.getString(1), rs.getLong(2));
                }, (Object) names);
        List<Member> live = new ArrayList<>();
        for (Member m : group) {
            if (m.bucketVersion == null || m.bucketVersion.equals(versions.get(m.object.bucket()))) {
                live.add(m);
            } else {
                m.failure = VersionedRowCache.Stale.INSTANCE;
            }
        }
        return live;
    }

    /**
     * Locks the members' keys in one statement, waiting for none: the members whose key another writer holds are
     * refused (conditional: a conflict, as when alone) or left to be written alone (unconditional).
     */
    private List<Member> lock(List<Member> members) {
        Long[] keys = members.stream().map(Member::keyLock).distinct().sorted().toArray(Long[]::new);
        Set<Long> held = new HashSet<>(jdbc.queryForList(
                "select k from unnest(?::bigint[]) k where not pg_try_advisory_xact_lock(k)", Long.class, (Object) keys));
        List<Member> live = new ArrayList<>();
        for (Member m : members) {
            if (!held.contains(m.keyLock())) {
                live.add(m);
            } else if (m.precondition != null) {
                m.failure = S3Errors.conditionalRequestConflict();
            } else {
                m.alone = true;
            }
        }
        return live;
    }
}
