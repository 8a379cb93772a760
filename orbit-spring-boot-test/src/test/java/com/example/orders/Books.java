package com.example.orders;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

@Service
public class Books {

    private final AtomicInteger lookups = new AtomicInteger();

    @Cacheable("books")                                   // computed once, a hit in every sibling
    public Book find(String isbn) {
        this.lookups.incrementAndGet();
        return new Book(isbn, "Title of " + isbn);
    }

    @Cacheable(cacheNames = "books", sync = true)         // one process computes, the others wait for it
    public Book findOnce(String isbn) {
        return find(isbn);
    }

    @CacheEvict(cacheNames = "books", allEntries = true)  // clears the cache in every sibling
    public void reload() {
    }

    public int lookups() {
        return this.lookups.get();
    }

}
