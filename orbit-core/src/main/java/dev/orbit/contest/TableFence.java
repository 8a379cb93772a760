package dev.orbit.contest;

/**
 * A subject's fence: the high-water mark in its claims-table bucket, raised by CAS-to-max, so every
 * process sees the same newest accepted token. Subjects that share a bucket (a hash collision) share
 * the fence, which stays safe: their tenures are tenures of one lock.
 */
final class TableFence implements Fence {

    private final ClaimsTable table;
    private final int index;

    TableFence(final ClaimsTable table, final int index) {
        this.table = table;
        this.index = index;
    }

    @Override
    public boolean accept(final long token) {
        return table.acceptToken(index, token);
    }

    @Override
    public long current() {
        return table.highWater(index);
    }

    @Override
    public String toString() {
        return "Fence(current=" + current() + ")";
    }
}
