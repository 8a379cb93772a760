package dev.orbit.event;

import java.util.List;

import dev.orbit.ring.Loss;

/**
 * The result of one subscription poll.
 *
 * @param events events delivered, in ring order (a late commit may arrive after newer events).
 * @param loss   what was missed since the previous poll.
 * @param lag    positions still ahead of the subscription after this poll.
 */
public record EventPoll(List<Event> events, Loss loss, long lag) {
}
