package dev.orbit.spring.listener;

import org.springframework.context.ApplicationEvent;

/**
 * Published when an {@link OrbitListener}'s container finds that it missed events: they were overwritten before
 * it read them (it fell behind by more than the ring's capacity) or were never committed (their publisher died
 * or stalled). Loss is not an error: the container carries on with the oldest event still available.
 */
public class OrbitListenerLagEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String listenerId;

    private final long overwritten;

    private final long unavailable;

    private final long lag;

    /**
     * @param source      the container.
     * @param listenerId  the listener.
     * @param overwritten events overwritten before the listener read them, in this poll.
     * @param unavailable positions that never held a readable event, in this poll.
     * @param lag         positions still ahead of the listener.
     */
    public OrbitListenerLagEvent(Object source, String listenerId, long overwritten, long unavailable, long lag) {
        super(source);
        this.listenerId = listenerId;
        this.overwritten = overwritten;
        this.unavailable = unavailable;
        this.lag = lag;
    }

    /**
     * @return the listener id.
     */
    public String getListenerId() {
        return this.listenerId;
    }

    /**
     * @return events overwritten before the listener read them.
     */
    public long getOverwritten() {
        return this.overwritten;
    }

    /**
     * @return positions that never held a readable event.
     */
    public long getUnavailable() {
        return this.unavailable;
    }

    /**
     * @return overwritten plus unavailable.
     */
    public long getLost() {
        return this.overwritten + this.unavailable;
    }

    /**
     * @return positions still ahead of the listener after the poll.
     */
    public long getLag() {
        return this.lag;
    }

}
