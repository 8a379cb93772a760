package com.example.orders;

public record Book(String isbn, String title) {
}
