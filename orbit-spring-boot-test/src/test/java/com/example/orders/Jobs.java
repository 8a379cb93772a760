package com.example.orders;

import java.util.concurrent.atomic.AtomicInteger;

import dev.orbit.spring.claim.Claimed;
import dev.orbit.spring.claim.OnYield;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
public class Jobs {

    private final AtomicInteger reports = new AtomicInteger();

    @Scheduled(fixedDelay = 60_000)
    @Claimed(value = "nightly-report", minHold = "30s")   // one sibling at a time, and not again within 30 s
    public void report() {
        this.reports.incrementAndGet();
    }

    @Claimed(value = "rebuild-#{#region}", ttl = "5m", maxWait = "2s", onYield = OnYield.THROW)
    public String rebuild(String region) {                // waits up to 2 s for a sibling to finish, else throws
        return "rebuilt " + region;
    }

    public int reports() {
        return this.reports.get();
    }

}
