package dev.orbit.ring;

import java.util.List;

/**
 * The result of one cursor poll: the frames delivered and what was missed since the previous poll.
 *
 * @param frames frames in delivery order.
 * @param loss   loss since the previous poll.
 */
public record Poll(List<Frame> frames, Loss loss) {
}
