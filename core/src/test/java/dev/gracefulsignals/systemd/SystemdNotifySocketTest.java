package dev.gracefulsignals.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The {@code struct sockaddr_un} the notifier hands to sendto(2), byte by byte. */
class SystemdNotifySocketTest {

    @Test
    void aPathIsFamilyThenPathThenItsTerminatingNul() {
        NotifySocket socket = NotifySocket.parse("/run/systemd/notify");
        byte[] address = socket.address();

        assertThat(address).hasSize(110);
        assertThat(Arrays.copyOfRange(address, 0, 2)).as("AF_UNIX as a little-endian short").containsExactly(1, 0);
        assertThat(new String(address, 2, 19, StandardCharsets.US_ASCII)).isEqualTo("/run/systemd/notify");
        assertThat(address[21]).isZero();
        assertThat(socket.addressLength()).isEqualTo(2 + 19 + 1);
    }

    @Test
    void anAbstractNameStartsWithNulAndItsLengthStopsAtTheLastByte() {
        NotifySocket socket = NotifySocket.parse("@/org/example/notify");
        byte[] address = socket.address();

        assertThat(Arrays.copyOfRange(address, 0, 3)).containsExactly(1, 0, 0);
        assertThat(new String(address, 3, 19, StandardCharsets.US_ASCII)).isEqualTo("/org/example/notify");
        assertThat(socket.addressLength()).isEqualTo(2 + 20);
    }

    @Test
    void theLongestAddressesFitSunPath() {
        assertThat(NotifySocket.parse("/" + "p".repeat(106)).addressLength()).isEqualTo(110);
        assertThat(NotifySocket.parse("@" + "a".repeat(107)).addressLength()).isEqualTo(110);
        assertThatThrownBy(() -> NotifySocket.parse("/" + "p".repeat(107))).hasMessageContaining("2 to 107 bytes");
        assertThatThrownBy(() -> NotifySocket.parse("@" + "a".repeat(108))).hasMessageContaining("2 to 108 bytes");
    }

    @Test
    void otherAddressKindsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> NotifySocket.parse("vsock:2:1234")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only file-system paths (/...) and abstract names (@...)");
    }
}
