package dev.vibecoder.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Fake secrets, each one distinctive, and the search for them: in text, in bytes (inside zips and
 * gzip streams too) and in the HTTP requests a stand-in received (headers, URL, body, and the
 * base64 strings of a JSON body decoded, as GitHub's blobs are), where the one header meant for a
 * canary may carry it. Every place a canary is found is a finding, named with where it was.
 */
final class Canaries {

    /** A fake secret: {@code name} says which setting it stands for. */
    record Canary(String name, String value) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/\\r\\n]{8,}={0,2}");

    private final List<Canary> all = new CopyOnWriteArrayList<>();

    /** A new canary, {@code CANARY-<what>-<32 random hex digits>}. */
    Canary make(String what) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return add(what, "CANARY-" + what + "-" + HexFormat.of().formatHex(random));
    }

    /** A secret made elsewhere (an API token), watched like the canaries. */
    Canary add(String name, String value) {
        Canary canary = new Canary(name, value);
        all.add(canary);
        return canary;
    }

    List<Canary> all() {
        return List.copyOf(all);
    }

    /** The canaries in this text, as findings "name in where". */
    List<String> in(String where, String text) {
        List<String> found = new ArrayList<>();
        if (text != null) {
            for (Canary canary : all) {
                if (text.contains(canary.value())) {
                    found.add(canary.name() + " in " + where);
                }
            }
        }
        return found;
    }

    /** The canaries in these bytes, read as text, and as the files of a zip or a gzip stream they may be. */
    List<String> in(String where, byte[] bytes) {
        List<String> found = new ArrayList<>(in(where, new String(bytes, StandardCharsets.UTF_8)));
        try {
            if (bytes.length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
                try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                    for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                        found.addAll(in(where + " > " + entry.getName(), zip.readAllBytes()));
                    }
                }
            } else if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    found.addAll(in(where + " (gunzipped)", gzip.readAllBytes()));
                }
            }
        } catch (IOException e) {
            found.add("unreadable archive in " + where + ": " + e.getMessage());
        }
        return found;
    }

    /**
     * The canaries in a request a stand-in received, except in the one header meant for it:
     * {@code meant} says whether a header (lower-case name, value) is the canary's place.
     */
    List<String> in(String service, LoggedRequest request, BiPredicate<String, String> meant) {
        String where = service + " " + request.getMethod() + " " + request.getUrl();
        List<String> found = new ArrayList<>(in(where + " (URL)", request.getAbsoluteUrl()));
        for (HttpHeader header : request.getHeaders().all()) {
            for (String value : header.values()) {
                if (!meant.test(header.key().toLowerCase(Locale.ROOT), value)) {
                    found.addAll(in(where + " (header " + header.key() + ")", value));
                }
            }
        }
        found.addAll(inBody(where + " (body)", request.getBody()));
        return found;
    }

    /** A request body: as it is, form-decoded, and with the base64 strings of a JSON body decoded. */
    List<String> inBody(String where, byte[] body) {
        List<String> found = new ArrayList<>(in(where, body));
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            found.addAll(in(where + " (form-decoded)", URLDecoder.decode(text, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            // not form-encoded
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (IOException e) {
            return found;
        }
        if (json != null) {
            for (String value : strings(json, new ArrayList<>())) {
                if (BASE64.matcher(value).matches()) {
                    try {
                        found.addAll(in(where + " (base64 decoded)", Base64.getMimeDecoder().decode(value)));
                    } catch (IllegalArgumentException e) {
                        // looked like base64, was not
                    }
                }
            }
        }
        return found;
    }

    private static List<String> strings(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> strings(child, into));
        return into;
    }

    /** Findings without repeats, in order, at most {@code limit} of them (the count of the rest after them). */
    static List<String> summary(List<String> findings, int limit) {
        List<String> distinct = findings.stream().distinct().toList();
        if (distinct.size() <= limit) {
            return distinct;
        }
        List<String> shown = new ArrayList<>(distinct.subList(0, limit));
        shown.add("... and " + (distinct.size() - limit) + " more");
        return shown;
    }
}
