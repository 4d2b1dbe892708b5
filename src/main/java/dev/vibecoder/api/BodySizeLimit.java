package dev.vibecoder.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies of the API and webhooks: a declared length over the cap is refused before
 * reading (413), and a chunked body is cut off as soon as it passes the cap. Webhooks have their own,
 * larger cap: a GitHub delivery carries the whole repository and sender besides an issue body of up
 * to 64 KiB.
 */
@Component
public class BodySizeLimit extends OncePerRequestFilter {

    /** A body over the cap. */
    public static class TooLarge extends IOException {
        public TooLarge(long max) {
            super("request body is larger than " + max + " bytes");
        }
    }

    private final long maxBytes;
    private final long maxWebhookBytes;

    public BodySizeLimit(@Value("${vibecoder.api.max-body-bytes:65536}") long maxBytes,
            @Value("${vibecoder.api.max-webhook-body-bytes:1048576}") long maxWebhookBytes) {
        this.maxBytes = maxBytes;
        this.maxWebhookBytes = maxWebhookBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/api/") || path.startsWith("/webhooks/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = request.getRequestURI().startsWith("/webhooks/") ? maxWebhookBytes : maxBytes;
        if (request.getContentLengthLong() > max) {
            Problems.write(response, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, new TooLarge(max).getMessage(),
                    request.getRequestURI()));
            return;
        }
        chain.doFilter(new Limited(request, max), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > max) {
                            throw new TooLarge(max);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0 && (read += n) > max) {
                            throw new TooLarge(max);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
