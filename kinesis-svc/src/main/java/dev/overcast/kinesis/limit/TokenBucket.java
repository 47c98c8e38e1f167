package dev.overcast.kinesis.limit;

/**
 * A token bucket refilled continuously at {@code rate} tokens a second up to {@code capacity} (one second's worth: a
 * burst of a second's allowance, no more). Thread-safe; time is the monotonic clock, not the suite's clock, since
 * rates are about wall time.
 */
final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long at;

    TokenBucket(double ratePerSecond) {
        this.capacity = ratePerSecond;
        this.perNano = ratePerSecond / 1e9;
        this.tokens = ratePerSecond;
        this.at = System.nanoTime();
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - at) * perNano);
        at = now;
    }

    /** Takes {@code n} tokens if the bucket holds them; false (and nothing taken) otherwise. */
    synchronized boolean tryTake(double n) {
        if (!holds(n)) {
            return false;
        }
        tokens -= n;
        return true;
    }

    /** Whether the bucket holds {@code n} tokens now. */
    synchronized boolean holds(double n) {
        refill();
        return tokens >= n;
    }

    /** Whether the bucket is not in debt (a read may go ahead and pay afterwards). */
    synchronized boolean positive() {
        refill();
        return tokens > 0;
    }

    /** Takes {@code n} tokens whether or not they are there: the bucket may go into debt, repaid by the refill. */
    synchronized void debit(double n) {
        refill();
        tokens -= n;
    }
}
