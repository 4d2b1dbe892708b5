package dev.vibecoder.agent;

/**
 * A step that cannot succeed by trying again as it is (a model that keeps answering invalid
 * documents, a work order that names an unknown role). Routes fail the project with this reason and
 * dead-letter the message instead of redelivering it.
 */
public class StepFailedException extends RuntimeException {

    public StepFailedException(String message) {
        super(message);
    }
}
