package dev.vibecoder.api;

/** A requester may act on the projects it started only; approvers and admins on any. */
public class NotYours extends RuntimeException {
    public NotYours(String message) {
        super(message);
    }
}
