package dev.orbit.stress;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import dev.orbit.contest.ClaimResult;
import dev.orbit.contest.Claimed;
import dev.orbit.contest.Contest;
import dev.orbit.contest.Fence;
import dev.orbit.contest.Guard;
import dev.orbit.contest.Subject;
import dev.orbit.contest.YieldTo;
import dev.orbit.fleet.Fleet;

/**
 * A claimant process driven by commands: {@code claim <label> <ttlMs>} prints {@code CLAIMED token= from=
 * expires=} or {@code YIELDED node= token=}; {@code work} (as a guarded resource would) asks
 * {@code guard.isHeld()}, passes the token through the subject's {@link Fence} and tries to renew, printing
 * {@code WORK held= accept= renew= fence=}; {@code release}; {@code stop}.
 */
public final class HolderMain {

    private HolderMain() {
    }

    public static void main(final String[] argv) {
        final ChildSupport child = new ChildSupport(argv);
        try (Fleet fleet = child.join("holder")) {
            final Contest contest = fleet.contest();
            ChildSupport.say("READY node=" + fleet.nodeId() + " pid=" + ProcessHandle.current().pid());
            Guard guard = null;
            Subject subject = null;
            while (true) {
                final String command = child.command();
                if (command == null) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                final String[] words = command.split(" ");
                switch (words[0]) {
                    case "claim": {
                        subject = Subject.of(words[1]);
                        final ClaimResult result = contest.tryClaim(subject, "holder-" + fleet.nodeId(),
                            Duration.ofMillis(Long.parseLong(words[2])));
                        final long after = System.currentTimeMillis();
                        if (result instanceof Claimed claimed) {
                            guard = claimed.guard();
                            ChildSupport.say("CLAIMED token=" + guard.fenceToken() + " from=" + after + " expires=" +
                                guard.expiresAtMs());
                        }
                        else {
                            final YieldTo yielded = (YieldTo)result;
                            ChildSupport.say("YIELDED node=" + yielded.holder().nodeId() + " token=" +
                                yielded.holder().fenceToken());
                        }
                        break;
                    }
                    case "work": {
                        final boolean held = guard.isHeld();
                        final Fence fence = contest.fence(subject);
                        final boolean accepted = fence.accept(guard.fenceToken());
                        final boolean renewed = guard.renew(Duration.ofSeconds(5));
                        ChildSupport.say("WORK held=" + held + " accept=" + accepted + " renew=" + renewed + " fence=" +
                            fence.current() + " at=" + System.currentTimeMillis());
                        break;
                    }
                    case "release":
                        guard.close();
                        ChildSupport.say("RELEASED at=" + System.currentTimeMillis());
                        break;
                    case "stop":
                        ChildSupport.say("STATS " + contest.stats());
                        fleet.close();
                        System.exit(0);
                        break;
                    default:
                        ChildSupport.say("UNKNOWN " + command);
                }
            }
        }
    }
}
