package dev.vibecoder.memory;

/** A memory found for a query, with its cosine similarity to it (1 = same direction). */
public record Recalled(Memory memory, double similarity) {
}
