package dev.overcast.common.db;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit of small writes: concurrent requests hand their write to one queue, and each group of them is written
 * in one database transaction by one thread (the leader, itself one of the requests), so that many writes share one
 * commit. A writer that finds no group in progress (fewer than {@code leaders} of them) leads at once, alone: no
 * added latency when there is no load. Writers that arrive while a group commits wait; when it is done, the first of
 * them leads the next group, taking all that are waiting (up to {@code maxSize}). Every writer returns only after the
 * group holding its write has run ({@code commit} returned: committed, or failed), so an answer never precedes its
 * commit.
 *
 * <p>{@code commit} gets the members of a group and records each member's outcome in the member itself; when it
 * throws, every member of the group is failed with that exception.
 *
 * @param <M> a member: one request's write, and where its outcome goes
 */
public final class GroupCommit<M> {

    private static final int WAITING = 0;
    private static final int LEAD = 1;
    private static final int DONE = 2;

    private static final class Waiter<M> {
        final M member;
        final Thread thread = Thread.currentThread();
        volatile int state = WAITING;
        RuntimeException failure;

        Waiter(M member) {
            this.member = member;
        }

        void wake(int to) {
            state = to;
            LockSupport.unpark(thread);
        }
    }

    private final Consumer<List<M>> commit;
    private final int maxSize;
    private final int leaders;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter<M>> queue = new ArrayDeque<>();
    private int leading;

    /**
     * @param commit  writes a group in one transaction, recording each member's outcome
     * @param maxSize the most members a group takes
     * @param leaders how many groups may be written at once (each on its own connection)
     */
    public GroupCommit(Consumer<List<M>> commit, int maxSize, int leaders) {
        if (maxSize < 1 || leaders < 1) {
            throw new IllegalArgumentException("a group holds at least one member, and at least one group runs");
        }
        this.commit = commit;
        this.maxSize = maxSize;
        this.leaders = leaders;
    }

    /** How many writers wait for a group to take them. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Writes the member in the next group; returns once that group has run, throwing what failed the whole group. */
    public void submit(M member) {
        Waiter<M> self = new Waiter<>(member);
        lock.lock();
        try {
            if (leading < leaders) {
                leading++;
                self.state = LEAD;
            } else {
                queue.add(self);
            }
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (self.state == WAITING) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted(); // a write handed on cannot be taken back: wait for its outcome
        }
        if (self.state == LEAD) {
            lead(self);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (self.failure != null) {
            throw self.failure;
        }
    }

    /** Runs one group (the leader and the writers waiting), hands the lead on, then wakes the group's writers. */
    private void lead(Waiter<M> leader) {
        List<Waiter<M>> group = new ArrayList<>();
        group.add(leader);
        lock.lock();
        try {
            while (group.size() < maxSize && !queue.isEmpty()) {
                group.add(queue.poll());
            }
        } finally {
            lock.unlock();
        }
        List<M> members = new ArrayList<>(group.size());
        group.forEach(w -> members.add(w.member));
        try {
            commit.accept(members);
        } catch (RuntimeException e) {
            group.forEach(w -> w.failure = e);
        } catch (Error e) {
            // the lead must still be handed on below, or every later writer of this queue would wait for ever
            RuntimeException failure = new IllegalStateException("The group's commit failed: " + e, e);
            group.forEach(w -> w.failure = failure);
        }
        lock.lock();
        try {
            Waiter<M> next = queue.poll();
            if (next == null) {
                leading--;
            } else {
                next.wake(LEAD);
            }
        } finally {
            lock.unlock();
        }
        for (Waiter<M> w : group) {
            if (w != leader) {
                w.wake(DONE);
            }
        }
        leader.state = DONE;
    }
}
