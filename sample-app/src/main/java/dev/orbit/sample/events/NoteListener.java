package dev.orbit.sample.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.orbit.fleet.Fleet;
import dev.orbit.spring.listener.OrbitListener;

import org.springframework.stereotype.Component;

/**
 * Records the notes this process received from the fleet (its own included), newest last.
 */
@Component
public class NoteListener {

    /** The topic notes are published under. */
    public static final String TOPIC = "sample.notes";

    private static final int KEPT = 100;

    private final Fleet fleet;

    private final Deque<Received> received = new ArrayDeque<>();

    private long total;

    public NoteListener(Fleet fleet) {
        this.fleet = fleet;
    }

    /**
     * Called on the listener's container thread for every note published by any sibling.
     *
     * @param note the note, read from JSON by the starter.
     */
    @OrbitListener(topics = TOPIC)
    public void onNote(Note note) {
        Received entry = new Received(note.text(), note.fromNode(), note.sentAtMs(), this.fleet.nodeId(),
                System.currentTimeMillis());
        synchronized (this.received) {
            this.received.addLast(entry);
            if (this.received.size() > KEPT) {
                this.received.removeFirst();
            }
            this.total++;
        }
    }

    /**
     * @param limit most entries to return.
     * @return the newest received notes, oldest first.
     */
    public List<Received> recent(int limit) {
        synchronized (this.received) {
            List<Received> all = new ArrayList<>(this.received);
            return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
        }
    }

    /**
     * @return notes received since start.
     */
    public long total() {
        synchronized (this.received) {
            return this.total;
        }
    }

    /**
     * A note as this process received it.
     *
     * @param text         the note's text.
     * @param fromNode     node id of the publisher.
     * @param sentAtMs     epoch millis when it was published.
     * @param receivedBy   node id of this process.
     * @param receivedAtMs epoch millis when this process received it.
     */
    public record Received(String text, int fromNode, long sentAtMs, int receivedBy, long receivedAtMs) {
    }

}
