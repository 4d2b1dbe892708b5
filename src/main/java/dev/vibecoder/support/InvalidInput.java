package dev.vibecoder.support;

/** Input that cannot be accepted; {@code field} names the offending input for the 400 answer and the log. */
public class InvalidInput extends IllegalArgumentException {

    private final String field;

    public InvalidInput(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
