package dev.vibecoder.api;

import java.util.function.Supplier;
import org.apache.camel.CamelExecutionException;

/** Calls into routes from controllers, rethrowing what the route threw so errors map to HTTP statuses. */
final class CamelCalls {

    private CamelCalls() {
    }

    static <T> T unwrap(Supplier<T> call) {
        try {
            return call.get();
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
