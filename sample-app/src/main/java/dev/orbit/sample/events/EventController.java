package dev.orbit.sample.events;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.orbit.fleet.Fleet;
import dev.orbit.ring.NetId64;
import dev.orbit.spring.event.OrbitTemplate;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/events} publishes a note to every sibling ({@code {"text": "..."}} as JSON, or a form field
 * {@code text}); {@code GET /api/events/received} lists what this process received.
 */
@RestController
@RequestMapping("/api/events")
public class EventController {

    /** Longest text accepted, in UTF-8 bytes: topic and JSON must fit one slot of the event ring. */
    public static final int MAX_TEXT_BYTES = 140;

    private final OrbitTemplate orbit;

    private final NoteListener listener;

    private final Fleet fleet;

    public EventController(OrbitTemplate orbit, NoteListener listener, Fleet fleet) {
        this.orbit = orbit;
        this.listener = listener;
        this.fleet = fleet;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Published> publishJson(@RequestBody NoteRequest request) {
        return publish(request.text());
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Published> publishForm(@RequestParam("text") String text) {
        return publish(text);
    }

    @GetMapping("/received")
    public ReceivedNotes received() {
        return new ReceivedNotes(this.fleet.nodeId(), this.listener.total(), this.listener.recent(100));
    }

    private ResponseEntity<Published> publish(String text) {
        if (text == null || text.isBlank() || text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "text must be 1 to " + MAX_TEXT_BYTES + " UTF-8 bytes");
        }
        Note note = new Note(text, this.fleet.nodeId(), System.currentTimeMillis());
        long id = this.orbit.publish(NoteListener.TOPIC, note);
        if (id == NetId64.NULL) {
            // Loss is not an error condition: the write was lapped before it committed; the caller may retry.
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(new Published(null, note));
        }
        return ResponseEntity.accepted().body(new Published(NetId64.toString(id), note));
    }

    /**
     * @param text the note's text.
     */
    public record NoteRequest(String text) {
    }

    /**
     * @param id   the event's NetId64 as {@code kind:node:counter}, {@code null} when its write was lost.
     * @param note what was published.
     */
    public record Published(String id, Note note) {
    }

    /**
     * @param node     this process's node id.
     * @param total    notes received since start.
     * @param received the newest of them, oldest first.
     */
    public record ReceivedNotes(int node, long total, List<NoteListener.Received> received) {
    }

}
