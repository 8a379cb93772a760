package dev.orbit.internal.contest;


import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LockWordTest {

    private static final long NOW_MS = ContestTest.START_MS;

    @Test
    void shouldRoundTripExpiryNodeAndTagWhenPacked() {
        final long word = LockWord.held(NOW_MS + 5000, 255, 0x1_2345L);

        assertThat(LockWord.expiresAtMs(word)).isEqualTo(NOW_MS + 5000);
        assertThat(LockWord.node(word)).isEqualTo(255);
        assertThat(LockWord.tag(word)).isEqualTo(0x2345);
        assertThat(LockWord.isFree(word)).isFalse();
        assertThat(LockWord.isHeld(word, NOW_MS + 4999)).isTrue();
        assertThat(LockWord.isHeld(word, NOW_MS + 5000)).isFalse();
        assertThat(LockWord.toString(word)).isEqualTo("(expiresAtMs=" + (NOW_MS + 5000) + ", node=255, tag=9029)");
    }

    @Test
    void shouldKeepNodeAndTagButFreeTheWordWhenReleased() {
        final long word = LockWord.held(NOW_MS, 7, 42);
        final long free = LockWord.released(word);

        assertThat(LockWord.isFree(free)).isTrue();
        assertThat(LockWord.expiresAtMs(free)).isZero();
        assertThat(LockWord.node(free)).isEqualTo(7);
        assertThat(LockWord.tag(free)).isEqualTo(42);
        assertThat(LockWord.isHeld(free, 0)).isFalse();
        assertThat(LockWord.sameTenure(word, free)).isFalse();
        assertThat(LockWord.sameTenure(word, LockWord.held(NOW_MS + 1, 7, 42))).isTrue();
        assertThat(LockWord.sameTenure(word, LockWord.held(NOW_MS, 7, 43))).isFalse();
        assertThat(LockWord.sameTenure(word, LockWord.held(NOW_MS, 8, 42))).isFalse();
        assertThat(LockWord.toString(free)).isEqualTo("(free, node=7, tag=42)");
    }

    @Test
    void shouldClampTheExpiryToTheFieldWhenOutOfRange() {
        assertThat(LockWord.expiresAtMs(LockWord.held(Long.MAX_VALUE, 1, 1)))
            .isEqualTo(LockWord.EPOCH_MS + LockWord.MAX_HELD_EXPIRY);
        assertThat(LockWord.isRekeying(LockWord.held(Long.MAX_VALUE, 1, 1))).isFalse();
        assertThat(LockWord.expiresAtMs(LockWord.held(0, 1, 1))).isEqualTo(LockWord.EPOCH_MS + 1);
        assertThat(LockWord.EPOCH_MS + LockWord.MAX_EXPIRY).isGreaterThan(2_700_000_000_000L);
    }

    @Test
    void shouldNeitherHoldNorShareATenureWhenRekeying() {
        final long rekeying = LockWord.rekeying(7);

        assertThat(LockWord.isRekeying(rekeying)).isTrue();
        assertThat(LockWord.isFree(rekeying)).isFalse();
        assertThat(LockWord.isHeld(rekeying, NOW_MS)).isFalse();
        assertThat(LockWord.node(rekeying)).isEqualTo(7);
        assertThat(LockWord.sameTenure(rekeying, LockWord.held(NOW_MS, 7, 0))).isFalse();
        assertThat(LockWord.isFree(LockWord.released(rekeying))).isTrue();
        assertThat(LockWord.toString(rekeying)).isEqualTo("(rekeying, node=7, tag=0)");
    }

    @Test
    void shouldRebuildTheFullTokenFromTheTagWhenFewerThan65536TokensFollowed() {
        assertThat(LockWord.tokenFromTag(LockWord.tag(LockWord.held(NOW_MS, 1, 70_000)), 70_000)).isEqualTo(70_000);
        assertThat(LockWord.tokenFromTag((int)(70_000 & LockWord.TAG_MASK), 70_000 + 65_535)).isEqualTo(70_000);
        assertThat(LockWord.tokenFromTag(5, 3)).isZero();
        assertThat(LockWord.tokenFromTag(5, 9)).isEqualTo(5);
    }
}
