package com.example.orders;

public record Greeting(String from, String text) {
}
