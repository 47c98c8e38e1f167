package dev.overcast.dynamodb.item;

import dev.overcast.common.db.GroupCommit;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.db.VersionedRowCache;
import dev.overcast.dynamodb.expression.Evaluator;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.stream.StreamWriter;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Group commit of the single-item writes (PutItem, UpdateItem, DeleteItem), of BatchWriteItem and of TransactWriteItems
 * ({@link Transact}: every write checked before any is made, DynamoDB's cancellation reasons, its token claimed in the
 * group's transaction and undone with the member): concurrent requests
 * are written in one transaction and one commit ({@link GroupCommit}), each answered only after that commit. Each
 * request (a member) keeps its own semantics: its condition is checked against the item as the members before it in the
 * group left it, and a member that fails (its condition, a transaction holding its item, a key or size refusal) fails
 * alone, having written nothing: on a table where a write is only its item row and its change record (a stream record
 * and its outbox row, a Kinesis change; {@link ItemWriter#deferrable}) the items a group's members read are read in one
 * statement, every member is checked, and only then are the rows written, all members' at once: the item rows in one
 * statement, the stream records in one (their sequence numbers in the members' order, {@link StreamWriter#recordAll}),
 * their outbox rows in one; on any other table a member's writes (item, index entries, stream record, history,
 * replication) are made inside a savepoint that its failure rolls back. A group whose transaction fails as a whole (a
 * statement error, a deadlock) commits nothing, and its members are then written one by one in transactions of their
 * own, as if they had come alone. Writes of STRONG global tables are always written alone.
 *
 * <p>In the group's transaction: the tables are checked to be the versions the members read
 * ({@link TableStore#current}, a stale one fails its members with {@link VersionedRowCache.Stale}, which makes
 * {@link TableStore#withTable} retry them), every member's items are locked in one statement in the global lock order
 * ({@link ItemStore#lockMany}). The change locks of the tables with streams come after all the item locks, as a
 * multi-item write takes them: right after them when a member's writes are made directly (they record their changes as
 * they go), else only once the item rows are written, just before the change records. A change lock is held until the
 * commit (sequence numbers in commit order), so taken last it lets the next group of the table lock, read, check and
 * write its items while this one writes its records and commits, instead of waiting for all of it.
 */
@Component
public class GroupedWrites {

    /**
     * What makes a member a TransactWriteItems: its idempotency token, claimed in the group's transaction before
     * anything else of it, the failure DynamoDB answers from every write's outcome (its cancellation reasons), and the
     * transaction written alone, for a group that failed as a whole.
     */
    public interface Transact {
        /** Claims the request's token: false when the same request already committed (the member writes nothing). */
        boolean claim();

        /**
         * The transaction's failure from each write's outcome, in order: null when it passed, else the
         * {@link ItemWriter.ConditionFailed} or AWS error it met (TransactionConflictException when another request
         * holds its item).
         */
        RuntimeException cancelled(List<RuntimeException> outcomes);

        /** The transaction in a database transaction of its own: its results, or null when already committed. */
        List<ItemWriter.Result> alone();
    }

    /** One request's writes (all or none), whether it needs the items they replace, and its outcome. */
    static final class Member {
        final List<ItemWriter.Write> writes;
        final boolean needBefore;
        /** Null for a single write or a batch. */
        final Transact transact;
        /** The positions of a transaction's writes whose items another request holds. */
        Set<Integer> conflicts = Set.of();
        List<ItemWriter.Result> results;
        RuntimeException failure;
        /** The group failed as a whole: write the member in a transaction of its own. */
        boolean alone;

        Member(List<ItemWriter.Write> writes, boolean needBefore, Transact transact) {
            this.writes = writes;
            this.needBefore = needBefore;
            this.transact = transact;
        }
    }

    /** An item in a group: its table and key. */
    private record Ident(long tableId, ByteBuffer key) {
        static Ident of(ItemWriter.Write w) {
            return new Ident(w.table().id(), w.key().identity());
        }
    }

    /**
     * The final state of an item of a deferrable table that a group writes (after: null when deleted), and its JSON as
     * its row stores it (written once, for the row and the stream record's new image alike).
     */
    private record DeferredWrite(ItemWriter.Write write, Map<String, AttributeValue> after, String afterJson) {
    }

    private final ItemWriter writer;
    private final ItemStore items;
    private final TableStore tables;
    private final StreamWriter streams;
    private final TransactionTemplate tx;
    private final GroupCommit<Member> queue;
    private final boolean enabled;

    public GroupedWrites(ItemWriter writer, ItemStore items, TableStore tables, StreamWriter streams, TransactionTemplate tx,
                         @Value("${overcast.dynamodb.group-commit:true}") boolean enabled,
                         @Value("${overcast.dynamodb.group-commit-size:64}") int maxSize,
                         @Value("${overcast.dynamodb.group-commit-groups:2}") int groups) {
        this.writer = writer;
        this.items = items;
        this.tables = tables;
        this.streams = streams;
        this.tx = tx;
        this.enabled = enabled;
        this.queue = new GroupCommit<>(this::commit, maxSize, groups);
    }

    /**
     * Writes a request's writes, all or none, returning once they are committed; throws the member's own failure
     * ({@link ItemWriter.ConditionFailed}, an AWS error, {@link VersionedRowCache.Stale}) having written nothing.
     */
    public List<ItemWriter.Result> write(List<? extends ItemWriter.Write> writes, boolean needBefore) {
        Member m = new Member(List.copyOf(writes), needBefore, null);
        if (!groups(writes)) {
            return alone(m);
        }
        return submit(m);
    }

    /** Whether writes of these tables are grouped: not when group commit is off, nor for STRONG global tables. */
    public boolean groups(List<? extends ItemWriter.Write> writes) {
        return enabled && writes.stream().noneMatch(w -> w.table().stronglyReplicated());
    }

    /**
     * Writes a TransactWriteItems (whose writes {@link #groups}) in the next group, all or none, returning once they
     * are committed (null: the same request had committed before); throws its failure having written nothing. Its
     * items are claimed for the transaction first, as a transaction alone claims them (a write of another request in
     * progress on one is a TransactionConflict), then locked with the group's.
     */
    public List<ItemWriter.Result> transact(List<? extends ItemWriter.Write> writes, Transact transact) {
        return submit(new Member(List.copyOf(writes), true, transact));
    }

    private List<ItemWriter.Result> submit(Member m) {
        queue.submit(m);
        if (m.alone) {
            return m.transact != null ? m.transact.alone() : alone(m);
        }
        if (m.failure != null) {
            throw m.failure;
        }
        return m.results;
    }

    /** How many requests wait for a commit group to take them. */
    public int queued() {
        return queue.queued();
    }

    /** The member in a transaction of its own, as the writes were made before group commit. */
    private List<ItemWriter.Result> alone(Member m) {
        return tx.execute(s -> {
            checkCurrent(m.writes);
            if (m.writes.size() > 1) {
                writer.lockAll(m.writes);
            }
            List<ItemWriter.Result> results = new ArrayList<>(m.writes.size());
            m.writes.forEach(w -> results.add(writer.write(w, m.needBefore)));
            return results;
        });
    }

    private void checkCurrent(List<ItemWriter.Write> writes) {
        List<TableDef> read = writes.stream().map(ItemWriter.Write::table).distinct().toList();
        for (boolean current : tables.current(read)) {
            if (!current) {
                throw VersionedRowCache.Stale.INSTANCE;
            }
        }
    }

    /** Runs one group (see the class comment); called by the group's leader. */
    private void commit(List<Member> group) {
        boolean[] inBody = {true};
        try {
            tx.executeWithoutResult(s -> {
                run(group, s);
                inBody[0] = false;
            });
        } catch (RuntimeException e) {
            for (Member m : group) {
                m.results = null;
                m.failure = inBody[0] ? null : e; // a failed commit's outcome is unknown: its members fail with it
                m.alone = inBody[0];
            }
        }
    }

    private void run(List<Member> group, TransactionStatus status) {
        List<Member> live = checkTables(group);
        live = lock(live);
        List<TableDef> written = live.stream().flatMap(m -> m.writes.stream()).map(ItemWriter.Write::table).toList();
        // a member written directly records its change as it goes: the change locks first, in their global order
        boolean lockedStreams = written.stream().anyMatch(t -> !ItemWriter.deferrable(t) && StreamWriter.recordsChanges(t));
        if (lockedStreams) {
            streams.lockStreams(written);
        }
        Map<Ident, Optional<Map<String, AttributeValue>>> stored = read(live);
        Map<Ident, Optional<Map<String, AttributeValue>>> state = new HashMap<>();
        Map<Ident, DeferredWrite> deferred = new LinkedHashMap<>();
        List<StreamWriter.Change> changes = new ArrayList<>();
        for (Member m : live) {
            boolean direct = m.writes.stream().anyMatch(w -> !ItemWriter.deferrable(w.table()));
            // what a failure must undo: direct writes, a transaction's token; alone in the group, a member that fails
            // after writing rolls the whole transaction back instead
            boolean undo = direct || m.transact != null;
            Object savepoint = undo && live.size() > 1 ? status.createSavepoint() : null;
            try {
                if (m.transact != null && !m.transact.claim()) {
                    continue; // the same request committed before: no results, nothing written
                }
                if (!m.conflicts.isEmpty()) {
                    throw m.transact.cancelled(conflicts(m.writes.size(), m.conflicts));
                }
                Map<Ident, Optional<Map<String, AttributeValue>>> seen = new HashMap<>();
                List<ItemWriter.Result> results = check(m, state, stored, seen);
                Map<Ident, DeferredWrite> deferredHere = new LinkedHashMap<>();
                List<StreamWriter.Change> changed = new ArrayList<>();
                for (int i = 0; i < m.writes.size(); i++) {
                    ItemWriter.Write w = m.writes.get(i);
                    ItemWriter.Result r = results.get(i);
                    if (!ItemWriter.deferrable(w.table())) {
                        writer.store(w, r.before(), r.after());
                    } else if (!(w instanceof ItemWriter.Check)) {
                        // the new image's JSON, written once for the item row and the stream record
                        String json = r.after() == null ? null : ItemJson.write(r.after());
                        deferredHere.put(Ident.of(w), new DeferredWrite(w, r.after(), json));
                        if (StreamWriter.recordsChanges(w.table())) {
                            changed.add(new StreamWriter.Change(w.table(), w.key(), r.before(), r.after(), json));
                        }
                    }
                }
                m.results = results;
                state.putAll(seen);
                deferredHere.forEach((id, write) -> {
                    deferred.remove(id); // the last write of an item in the group is its final state
                    deferred.put(id, write);
                });
                changes.addAll(changed);
            } catch (DataAccessException e) {
                throw e; // the transaction is aborted: the whole group goes alone
            } catch (RuntimeException e) {
                if (savepoint != null) {
                    status.rollbackToSavepoint(savepoint);
                } else if (undo) {
                    status.setRollbackOnly();
                }
                m.failure = e;
            }
        }
        writeDeferred(deferred.values());
        if (!lockedStreams) {
            // only now, with every row but the changes' written: the change lock of a table is held until the commit
            // (so that sequence numbers are in commit order), and the next group does all its work up to here while
            // this one commits
            streams.lockStreams(changes.stream().map(StreamWriter.Change::table).toList());
        }
        streams.recordAll(changes);
    }

    /** A transaction's outcomes when other requests hold some of its items: a conflict at their positions. */
    public static List<RuntimeException> conflicts(int writes, Set<Integer> held) {
        List<RuntimeException> outcomes = new ArrayList<>(writes);
        for (int i = 0; i < writes; i++) {
            outcomes.add(held.contains(i) ? ItemStore.transactionConflict() : null);
        }
        return outcomes;
    }

    /**
     * Checks every write of the member against the items as the group left them, before any is stored: its items
     * before and after each write (noted in {@code seen}), or the member's failure: the first write's that fails, or
     * for a transaction the failure of all their outcomes.
     */
    private List<ItemWriter.Result> check(Member m, Map<Ident, Optional<Map<String, AttributeValue>>> state,
                                          Map<Ident, Optional<Map<String, AttributeValue>>> stored,
                                          Map<Ident, Optional<Map<String, AttributeValue>>> seen) {
        List<ItemWriter.Result> results = new ArrayList<>(m.writes.size());
        List<RuntimeException> outcomes = new ArrayList<>(m.writes.size());
        boolean failed = false;
        for (ItemWriter.Write w : m.writes) {
            Ident id = Ident.of(w);
            Map<String, AttributeValue> before = before(w, m.needBefore,
                    seen.containsKey(id) ? seen.get(id) : state.get(id), stored.get(id));
            Map<String, AttributeValue> after = null;
            try {
                if (w.condition() != null && !Evaluator.matches(w.condition(), before == null ? Map.of() : before)) {
                    throw new ItemWriter.ConditionFailed(before);
                }
                after = writer.compute(w, before);
                outcomes.add(null);
            } catch (ItemWriter.ConditionFailed | AwsException e) {
                if (m.transact == null) {
                    throw e;
                }
                failed = true;
                outcomes.add(e);
            }
            seen.put(id, Optional.ofNullable(after));
            results.add(new ItemWriter.Result(before, after));
        }
        if (failed) {
            throw m.transact.cancelled(outcomes);
        }
        return results;
    }

    /**
     * The item a write replaces: as an earlier write of the group left it, else as stored (not read, null, for an
     * unconditional put on a plain table when nothing needs the old item): read by {@link #read} for a deferrable
     * table, here for any other.
     */
    private Map<String, AttributeValue> before(ItemWriter.Write w, boolean needBefore,
                                               Optional<Map<String, AttributeValue>> inGroup,
                                               Optional<Map<String, AttributeValue>> stored) {
        if (inGroup != null) {
            return inGroup.orElse(null);
        }
        if (unread(w, needBefore)) {
            return null;
        }
        return stored != null ? stored.orElse(null) : items.get(w.table(), w.key());
    }

    /** Whether a write needs no item it replaces: an unconditional put on a plain table when nothing needs the old item. */
    private static boolean unread(ItemWriter.Write w, boolean needBefore) {
        return !needBefore && w instanceof ItemWriter.Put && w.condition() == null && ItemWriter.plain(w.table());
    }

    /**
     * The stored items the members' writes of {@link ItemWriter#deferrable} tables replace (those not {@link #unread}),
     * read in one statement per table once they are locked: absent ones as empty.
     */
    private Map<Ident, Optional<Map<String, AttributeValue>>> read(List<Member> members) {
        Map<Long, Map<Ident, ItemWriter.Write>> wanted = new LinkedHashMap<>();
        for (Member m : members) {
            for (ItemWriter.Write w : m.writes) {
                if (ItemWriter.deferrable(w.table()) && !unread(w, m.needBefore)) {
                    wanted.computeIfAbsent(w.table().id(), t -> new LinkedHashMap<>()).putIfAbsent(Ident.of(w), w);
                }
            }
        }
        Map<Ident, Optional<Map<String, AttributeValue>>> stored = new HashMap<>();
        for (Map<Ident, ItemWriter.Write> table : wanted.values()) {
            List<Ident> ids = new ArrayList<>(table.keySet());
            List<ItemWriter.Write> writes = new ArrayList<>(table.values());
            ids.forEach(id -> stored.put(id, Optional.empty()));
            items.getMany(writes.get(0).table(), writes.stream().map(ItemWriter.Write::key).toList(), Long.MAX_VALUE)
                    .forEach(f -> stored.put(ids.get(f.key()), Optional.of(ItemJson.read(f.item().data()))));
        }
        return stored;
    }

    /** The members whose tables are still the versions they read; the others fail as stale. */
    private List<Member> checkTables(List<Member> group) {
        List<TableDef> read = group.stream().flatMap(m -> m.writes.stream()).map(ItemWriter.Write::table).distinct().toList();
        boolean[] current = tables.current(read);
        List<Member> live = new ArrayList<>();
        for (Member m : group) {
            if (m.writes.stream().allMatch(w -> current[read.indexOf(w.table())])) {
                live.add(m);
            } else {
                m.failure = VersionedRowCache.Stale.INSTANCE;
            }
        }
        return live;
    }

    /** Locks every member's items in one statement; a member with an item a transaction holds fails with a conflict. */
    private List<Member> lock(List<Member> members) {
        List<ItemStore.Lock> locks = new ArrayList<>();
        List<Member> owners = new ArrayList<>();
        for (Member m : members) {
            if (m.transact != null) {
                // as a transaction alone: its claims (try-locks, never waiting) before any item lock is waited for
                m.conflicts = writer.claimForTransaction(m.writes);
            }
        }
        for (Member m : members) {
            if (!m.conflicts.isEmpty()) {
                continue; // cancelled once its token is claimed (a repeat of a committed request succeeds instead)
            }
            for (ItemWriter.Write w : m.writes) {
                locks.add(new ItemStore.Lock(w.table(), w.key()));
                owners.add(m);
            }
        }
        Set<Integer> refused = items.lockMany(locks);
        refused.forEach(i -> owners.get(i).failure = ItemStore.transactionConflict());
        return members.stream().filter(m -> m.failure == null).toList();
    }

    /**
     * Writes the final state of the deferrable tables' items the group changed: one statement for puts, one for
     * deletes.
     */
    private void writeDeferred(java.util.Collection<DeferredWrite> writes) {
        List<DeferredWrite> puts = writes.stream().filter(p -> p.after() != null).toList();
        List<DeferredWrite> deletes = writes.stream().filter(p -> p.after() == null).toList();
        if (!puts.isEmpty()) {
            int n = puts.size();
            ItemStore.Rows rows = new ItemStore.Rows(new Long[n], new byte[n][], new byte[n][], new Integer[n], new String[n]);
            for (int i = 0; i < n; i++) {
                DeferredWrite p = puts.get(i);
                ItemKey key = p.write().key();
                rows.tableIds()[i] = p.write().table().id();
                rows.pks()[i] = key.pk();
                rows.sks()[i] = key.sk();
                rows.sizes()[i] = p.write() instanceof ItemWriter.Put put ? put.size() : ItemWriter.checkSize(p.after());
                rows.data()[i] = p.afterJson();
            }
            items.putMany(rows);
        }
        if (!deletes.isEmpty()) {
            items.deleteMany(deletes.stream().map(p -> p.write().table().id()).toArray(Long[]::new),
                    deletes.stream().map(p -> p.write().key().pk()).toArray(byte[][]::new),
                    deletes.stream().map(p -> p.write().key().sk()).toArray(byte[][]::new));
        }
    }
}
