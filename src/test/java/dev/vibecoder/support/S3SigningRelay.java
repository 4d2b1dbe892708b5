package dev.vibecoder.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An S3 endpoint, as far as its clients can tell, with keys of its own: it checks each request's
 * AWS Signature V4 against its access and secret key (refusing a wrong one with S3's
 * {@code SignatureDoesNotMatch}), signs it again with the real store's keys and passes it on. So a
 * hub can be given fake S3 keys (canaries) and still keep its artifacts in the real store; the test
 * reads every request the hub sent ({@link #requests()}).
 */
public final class S3SigningRelay implements AutoCloseable {

    /** A request as the relay received it. */
    public record Received(String method, String uri, Map<String, List<String>> headers, byte[] body, int status) {
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/s3/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");
    /** Headers the relay does not pass on: the connection's own, and the signature it replaces. */
    private static final Set<String> HOP = Set.of("host", "content-length", "connection", "authorization", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "date", "user-agent", "accept-encoding");

    private final URI store;
    private final String accessKey;
    private final String secretKey;
    private final String storeAccessKey;
    private final String storeSecretKey;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Received> requests = new CopyOnWriteArrayList<>();

    public S3SigningRelay(String storeEndpoint, String storeAccessKey, String storeSecretKey, String accessKey,
            String secretKey) throws IOException {
        this.store = URI.create(storeEndpoint);
        this.storeAccessKey = storeAccessKey;
        this.storeSecretKey = storeSecretKey;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request received, oldest first, with the status it was answered with. */
    public List<Received> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            int status;
            Matcher auth = AUTHORIZATION.matcher(first(headers, "authorization"));
            String expected = auth.matches() && auth.group(1).equals(accessKey)
                    ? signature(secretKey, method, path, query, headers, auth.group(4), auth.group(2), auth.group(3))
                    : null;
            if (expected == null || !expected.equals(auth.group(5))) {
                status = 403;
                byte[] refusal = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code>"
                        + "<Message>The request signature we calculated does not match the signature you provided."
                        + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/xml");
                exchange.sendResponseHeaders(status, refusal.length);
                exchange.getResponseBody().write(refusal);
            } else {
                status = forward(exchange, method, path, query, headers, body, auth);
            }
            requests.add(new Received(method, exchange.getRequestURI().toString(), headers, body, status));
        } catch (GeneralSecurityException | InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** The request signed with the store's keys, to the store; its answer back to the client. */
    private int forward(HttpExchange exchange, String method, String path, String query,
            Map<String, List<String>> headers, byte[] body, Matcher auth)
            throws IOException, InterruptedException, GeneralSecurityException {
        Map<String, List<String>> upstream = new LinkedHashMap<>(headers);
        String authority = store.getHost() + (store.getPort() < 0 ? "" : ":" + store.getPort());
        upstream.put("host", List.of(authority));
        String signedHeaders = auth.group(4);
        String signature = signature(storeSecretKey, method, path, query, upstream, signedHeaders, auth.group(2),
                auth.group(3));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(store.getScheme() + "://" + authority + path
                        + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 && !method.equals("PUT") && !method.equals("POST")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + storeAccessKey + "/" + auth.group(2) + "/"
                        + auth.group(3) + "/s3/aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        upstream.forEach((name, values) -> {
            if (!HOP.contains(name)) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        answer.headers().map().forEach((name, values) -> {
            if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] content = answer.body();
        boolean noBody = method.equals("HEAD") || content.length == 0;
        exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : content.length);
        if (!noBody) {
            exchange.getResponseBody().write(content);
        }
        return answer.statusCode();
    }

    /** AWS Signature V4 of a request to S3, over the headers it names as signed. */
    static String signature(String secret, String method, String path, String query, Map<String, List<String>> headers,
            String signedHeaders, String date, String region) throws GeneralSecurityException {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = headers.getOrDefault(name, List.of());
            canonicalHeaders.append(name).append(':')
                    .append(String.join(",", values.stream().map(v -> v.strip().replaceAll("\\s+", " ")).toList()))
                    .append('\n');
        }
        String canonicalRequest = String.join("\n", method, path, canonicalQuery(query), canonicalHeaders.toString(),
                signedHeaders, first(headers, "x-amz-content-sha256"));
        String scope = date + "/" + region + "/s3/aws4_request";
        String toSign = String.join("\n", "AWS4-HMAC-SHA256", first(headers, "x-amz-date"), scope,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, toSign));
    }

    /** The query's parameters sorted by name, then value; a name without a value gets an empty one. */
    private static String canonicalQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            parameters.add(equals < 0 ? new String[] {pair, ""}
                    : new String[] {pair.substring(0, equals), pair.substring(equals + 1)});
        }
        parameters.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        return String.join("&", parameters.stream().map(p -> p[0] + "=" + p[1]).toList());
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
