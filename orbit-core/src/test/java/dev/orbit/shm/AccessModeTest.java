package dev.orbit.shm;

import java.nio.file.attribute.PosixFilePermission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessModeTest
{
    @Test
    void shouldUseOwnerGroupReadAndGroupReadWriteBits()
    {
        assertThat(AccessMode.OWNER.modeBits()).isEqualTo(0600);
        assertThat(AccessMode.GROUP_READ.modeBits()).isEqualTo(0640);
        assertThat(AccessMode.GROUP_READ_WRITE.modeBits()).isEqualTo(0660);
    }

    @ParameterizedTest
    @EnumSource(AccessMode.class)
    void shouldAgreeBetweenPermissionsAndModeBits(final AccessMode mode)
    {
        int bits = 0;
        for (final PosixFilePermission permission : mode.permissions())
        {
            bits |= bit(permission);
        }

        assertThat(bits).isEqualTo(mode.modeBits());
        assertThatThrownBy(() -> mode.permissions().add(PosixFilePermission.OTHERS_READ))
            .isInstanceOf(UnsupportedOperationException.class);
    }

    private static int bit(final PosixFilePermission permission)
    {
        switch (permission)
        {
            case OWNER_READ: return 0400;
            case OWNER_WRITE: return 0200;
            case OWNER_EXECUTE: return 0100;
            case GROUP_READ: return 0040;
            case GROUP_WRITE: return 0020;
            case GROUP_EXECUTE: return 0010;
            case OTHERS_READ: return 0004;
            case OTHERS_WRITE: return 0002;
            default: return 0001;
        }
    }
}
