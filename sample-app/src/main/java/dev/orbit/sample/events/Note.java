package dev.orbit.sample.events;

/**
 * The payload of a {@value NoteListener#TOPIC} event, carried as JSON.
 *
 * @param text     what was said.
 * @param fromNode node id of the publishing process.
 * @param sentAtMs epoch millis when it was published.
 */
public record Note(String text, int fromNode, long sentAtMs) {
}
