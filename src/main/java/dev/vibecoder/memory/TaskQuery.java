package dev.vibecoder.memory;

/**
 * What a role's step is about, as its memory sees it, made once per step: the text its memories are
 * recalled by and its experience is stored under ({@link MemoryRecorder#taskText}), that text's
 * embedding, and the project's idea the text was made from.
 */
public record TaskQuery(String idea, String text, float[] embedding) {
}
