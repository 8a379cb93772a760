package dev.orbit.bench.support;

import java.io.IOException;

import com.hazelcast.core.HazelcastInstance;

import dev.orbit.testsupport.ChildJvm;

/**
 * A Hazelcast member in its own JVM for the comparison rows: starts, prints {@code READY}, serves until its
 * standard input closes (or its parent dies), then leaves the cluster.
 * <p>
 * {@code java -cp benchmarks.jar dev.orbit.bench.support.HazelcastPeer cluster=NAME port=N peers=N,M}
 */
public final class HazelcastPeer {

    private HazelcastPeer() {
    }

    /**
     * @param args {@code cluster=}, {@code port=}, {@code peers=} (comma-separated ports).
     * @throws IOException when standard input fails.
     */
    public static void main(final String[] args) throws IOException {
        ChildJvm.exitWithParent();
        final Args a = new Args(args);
        final String[] peerText = a.get("peers").split(",");
        final int[] peers = new int[peerText.length];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = Integer.parseInt(peerText[i].trim());
        }
        final HazelcastInstance member = Hazelcasts.member(a.get("cluster"), a.getInt("port", 0), peers, false);
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our input
        }
        member.shutdown();
        System.exit(0);
    }
}
