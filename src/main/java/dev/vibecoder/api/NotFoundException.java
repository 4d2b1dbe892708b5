package dev.vibecoder.api;

/** A project, document or version that does not exist: 404 with the reason. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
