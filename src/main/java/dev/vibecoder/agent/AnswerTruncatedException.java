package dev.vibecoder.agent;

/**
 * A model's answer was cut off by its token limit even after the limit was raised: a document that
 * does not fit the model's output. The step fails with this reason instead of parsing half a
 * document.
 */
public class AnswerTruncatedException extends StepFailedException {

    public AnswerTruncatedException(String message) {
        super(message);
    }
}
