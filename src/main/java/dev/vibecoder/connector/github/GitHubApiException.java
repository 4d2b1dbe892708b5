package dev.vibecoder.connector.github;

/** GitHub answered a request with an error; the message is GitHub's own, with what was asked. */
public class GitHubApiException extends RuntimeException {

    private final int status;

    public GitHubApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public GitHubApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when GitHub could not be reached or its answer lacked what the hub needs. */
    public int status() {
        return status;
    }
}
