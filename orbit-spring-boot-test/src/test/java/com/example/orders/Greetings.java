package com.example.orders;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.orbit.spring.event.OrbitTemplate;
import dev.orbit.spring.listener.OrbitListener;

import org.springframework.stereotype.Component;

@Component
public class Greetings {

    private final OrbitTemplate orbit;

    private final List<Greeting> received = new CopyOnWriteArrayList<>();

    public Greetings(OrbitTemplate orbit) {
        this.orbit = orbit;
    }

    public long send(Greeting greeting) {
        return this.orbit.publish("greetings", greeting);   // byte[], String, or JSON with Jackson
    }

    @OrbitListener(topics = "greetings")                    // every sibling receives it, this one too
    public void on(Greeting greeting) {                     // or byte[], String, OrbitMessage
        this.received.add(greeting);
    }

    public List<Greeting> received() {
        return this.received;
    }

}
