package dev.orbit.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches what a validator accepted against what the writers recorded, position by position in total:
 * <ul>
 *   <li>no frame accepted torn, twice, or that its writer never published or saw lost;</li>
 *   <li>the cursor invariant: delivered + overwritten + unavailable = positions passed, nothing pending, and the
 *   cursor reached the head;</li>
 *   <li>reservations: every position is a ledger entry, except at most one publish in flight per killed writer;</li>
 *   <li>loss, broken down: lost writes (publish returned NULL) + committed frames the validator did not get +
 *   in-flight positions of killed writers = the validator's counted loss.</li>
 * </ul>
 */
final class RingAudit {

    long positions;
    long delivered;
    long overwritten;
    long unavailable;
    long ledgerEntries;
    long ledgerLost;
    long committedNotDelivered;
    long inFlightReserved;
    long inFlightDelivered;
    long corrupt;
    long duplicates;
    final List<String> violations = new ArrayList<>();

    /**
     * @param report    the validator's REPORT fields.
     * @param accepted  seed to id of every accepted frame.
     * @param ledgers   writer index to ledger entries.
     * @param killed    writer indices that were killed (may have one publish in flight).
     */
    static RingAudit of(
        final Map<String, String> report,
        final Map<Long, Long> accepted,
        final Map<Long, long[]> ledgers,
        final Set<Long> killed) {
        final RingAudit audit = new RingAudit();
        final long start = Long.parseLong(report.get("start"));
        final long position = Long.parseLong(report.get("position"));
        final long head = Long.parseLong(report.get("head"));
        audit.positions = position - start;
        audit.delivered = Long.parseLong(report.get("delivered"));
        audit.overwritten = Long.parseLong(report.get("overwritten"));
        audit.unavailable = Long.parseLong(report.get("unavailable"));
        audit.corrupt = Long.parseLong(report.get("corrupt"));
        audit.duplicates = Long.parseLong(report.get("duplicates"));
        final long pending = Long.parseLong(report.get("pending"));

        if (audit.corrupt != 0) {
            audit.violations.add("corrupt frames accepted: " + audit.corrupt);
        }
        if (audit.duplicates != 0) {
            audit.violations.add("frames delivered twice: " + audit.duplicates);
        }
        if (pending != 0 || position != head) {
            audit.violations.add("validator did not drain: pending=" + pending + ", position=" + position + ", head=" + head);
        }
        if (audit.delivered + audit.overwritten + audit.unavailable != audit.positions) {
            audit.violations.add("cursor invariant broken: delivered=" + audit.delivered + " + overwritten=" +
                audit.overwritten + " + unavailable=" + audit.unavailable + " != positions=" + audit.positions);
        }
        if (audit.delivered != accepted.size() + audit.corrupt + audit.duplicates) {
            audit.violations.add("cursor delivered=" + audit.delivered + " but the validator accepted " + accepted.size());
        }

        for (final Map.Entry<Long, Long> frame : accepted.entrySet()) {
            final long writer = frame.getKey() >>> 40;
            final long seq = frame.getKey() & ((1L << 40) - 1);
            final long[] ledger = ledgers.get(writer);
            if (ledger == null) {
                audit.violations.add("accepted a frame of unknown writer " + writer);
            }
            else if (seq < ledger.length) {
                if (ledger[(int)seq] == Ledger.LOST) {
                    audit.violations.add("accepted a frame whose publish returned NULL: writer=" + writer + " seq=" + seq);
                }
                else if (ledger[(int)seq] != frame.getValue()) {
                    audit.violations.add("accepted id differs from the returned id: writer=" + writer + " seq=" + seq);
                }
            }
            else if (seq == ledger.length && killed.contains(writer)) {
                audit.inFlightDelivered++;
            }
            else {
                audit.violations.add("accepted a frame never published: writer=" + writer + " seq=" + seq +
                    " ledger=" + ledger.length);
            }
        }
        for (final Map.Entry<Long, long[]> ledger : ledgers.entrySet()) {
            final long[] entries = ledger.getValue();
            audit.ledgerEntries += entries.length;
            for (int seq = 0; seq < entries.length; seq++) {
                if (entries[seq] == Ledger.LOST) {
                    audit.ledgerLost++;
                }
                else if (!accepted.containsKey(ledger.getKey() << 40 | seq)) {
                    audit.committedNotDelivered++;
                }
            }
        }
        audit.inFlightReserved = head - start - audit.ledgerEntries;
        if (audit.inFlightReserved < 0 || audit.inFlightReserved > killed.size()) {
            audit.violations.add("positions not matched by ledgers: head-start=" + (head - start) + ", ledger entries=" +
                audit.ledgerEntries + ", kills=" + killed.size());
        }
        final long loss = audit.overwritten + audit.unavailable;
        final long explained = audit.ledgerLost + audit.committedNotDelivered + audit.inFlightReserved - audit.inFlightDelivered;
        if (loss != explained) {
            audit.violations.add("loss not explained: overwritten+unavailable=" + loss + " but lost writes=" +
                audit.ledgerLost + " + committed not delivered=" + audit.committedNotDelivered + " + in flight=" +
                (audit.inFlightReserved - audit.inFlightDelivered));
        }
        return audit;
    }

    @Override
    public String toString() {
        return "positions=" + positions + " delivered=" + delivered + " overwritten=" + overwritten + " unavailable=" +
            unavailable + " | writes=" + ledgerEntries + " lostWrites=" + ledgerLost + " committedNotDelivered=" +
            committedNotDelivered + " inFlightAtKill=" + inFlightReserved + " (delivered " + inFlightDelivered +
            ") | corrupt=" + corrupt + " duplicates=" + duplicates;
    }
}
