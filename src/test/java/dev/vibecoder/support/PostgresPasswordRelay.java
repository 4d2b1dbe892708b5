package dev.vibecoder.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A PostgreSQL server, as far as its clients can tell, that knows a password of its own: it asks
 * each client for the password (in the clear: the relay must compare it), refuses a wrong one with
 * PostgreSQL's own error, and logs in to the real server with the real password (cleartext, MD5 or
 * SCRAM-SHA-256, as the server asks). After the login it passes the traffic through unchanged,
 * letting a {@link CanaryWatch} read what clients send. So a hub can be given a fake database
 * password (a canary) and still work on the real database.
 */
public final class PostgresPasswordRelay implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private final InetSocketAddress server;
    private final String password;
    private final String realPassword;
    private final CanaryWatch watch;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /**
     * @param server       the real server
     * @param password     the password clients must give
     * @param realPassword the real server's password for the user the client names
     * @param watch        reads what clients send after their login
     */
    public PostgresPasswordRelay(InetSocketAddress server, String password, String realPassword, CanaryWatch watch)
            throws IOException {
        this.server = server;
        this.password = password;
        this.realPassword = realPassword;
        this.watch = watch;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("pg-relay-" + listener.getLocalPort()).start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Clients that logged in with the relay's password. */
    public int logins() {
        return logins.get();
    }

    /** Clients refused for a wrong password. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            quietly(socket);
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            byte[] startup;
            while (true) {
                int length = in.readInt();
                byte[] rest = in.readNBytes(length - 4);
                int code = ((rest[0] & 0xff) << 24) | ((rest[1] & 0xff) << 16) | ((rest[2] & 0xff) << 8) | (rest[3] & 0xff);
                if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                    out.write('N'); // no encryption: the relay must read the traffic
                    out.flush();
                    continue;
                }
                startup = concat(int32(length), rest);
                if (code == CANCEL_REQUEST) {
                    try (Socket cancel = new Socket(server.getAddress(), server.getPort())) {
                        cancel.getOutputStream().write(startup);
                    }
                    return;
                }
                break;
            }
            String user = parameters(startup).getOrDefault("user", "");
            message(out, 'R', int32(3)); // AuthenticationCleartextPassword
            int type = in.read();
            byte[] body = in.readNBytes(in.readInt() - 4);
            String given = type == 'p' ? new String(body, 0, Math.max(0, body.length - 1), StandardCharsets.UTF_8) : null;
            if (!password.equals(given)) {
                refused.incrementAndGet();
                error(out, "28P01", "password authentication failed for user \"" + user + "\"");
                return;
            }
            upstream = new Socket(server.getAddress(), server.getPort());
            sockets.add(upstream);
            login(upstream, startup, user, out);
            logins.incrementAndGet();
            Socket up = upstream;
            CanaryWatch.Stream sent = watch.stream();
            Thread.ofVirtual().start(() -> pipe(up, client, null));
            pipe(client, upstream, sent);
        } catch (IOException | GeneralSecurityException e) {
            // a client or the server went away: so does the other side
        } finally {
            quietly(client);
            if (upstream != null) {
                quietly(upstream);
            }
        }
    }

    /** Logs in to the real server; passes its answers up to AuthenticationOk on to the client. */
    private void login(Socket upstream, byte[] startup, String user, DataOutputStream client)
            throws IOException, GeneralSecurityException {
        DataInputStream in = new DataInputStream(upstream.getInputStream());
        DataOutputStream out = new DataOutputStream(upstream.getOutputStream());
        out.write(startup);
        out.flush();
        Scram scram = null;
        while (true) {
            int type = in.read();
            if (type < 0) {
                throw new IOException("the server closed the connection during the login");
            }
            byte[] body = in.readNBytes(in.readInt() - 4);
            if (type != 'R') {
                message(client, (char) type, body); // an error, a notice, a protocol version: the client's to read
                if (type == 'E') {
                    throw new IOException("the server refused the login");
                }
                continue;
            }
            int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            switch (code) {
                case 0 -> {
                    message(client, 'R', body); // AuthenticationOk: from here on the traffic passes through
                    return;
                }
                case 3 -> message(out, 'p', cstring(realPassword));
                case 5 -> {
                    String inner = md5Hex((realPassword + user).getBytes(StandardCharsets.UTF_8));
                    byte[] salted = concat(inner.getBytes(StandardCharsets.US_ASCII), slice(body, 4, 4));
                    message(out, 'p', cstring("md5" + md5Hex(salted)));
                }
                case 10 -> {
                    scram = new Scram(realPassword);
                    byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
                    message(out, 'p', concat(cstring("SCRAM-SHA-256"), int32(first.length), first));
                }
                case 11 -> message(out, 'p', scram.clientFinal(new String(slice(body, 4, body.length - 4),
                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                case 12 -> {
                    // SASLFinal: the server's signature; AuthenticationOk follows
                }
                default -> throw new IOException("the server asks for an authentication the relay does not speak: " + code);
            }
        }
    }

    private void pipe(Socket from, Socket to, CanaryWatch.Stream watched) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (watched != null) {
                    watched.feed(buffer, 0, n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    /** SCRAM-SHA-256 as PostgreSQL speaks it (RFC 5802/7677, no channel binding, the user name left empty). */
    private static final class Scram {
        private final String password;
        private final String nonce;
        private String clientFirstBare;

        Scram(String password) {
            this.password = password;
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            this.nonce = Base64.getEncoder().encodeToString(random);
        }

        String clientFirst() {
            clientFirstBare = "n=,r=" + nonce;
            return "n,," + clientFirstBare;
        }

        String clientFinal(String serverFirst) throws GeneralSecurityException {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : serverFirst.split(",")) {
                fields.put(field.substring(0, 1), field.substring(2));
            }
            byte[] salt = Base64.getDecoder().decode(fields.get("s"));
            int iterations = Integer.parseInt(fields.get("i"));
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            String withoutProof = "c=biws,r=" + fields.get("r");
            byte[] signature = hmac(storedKey, clientFirstBare + "," + serverFirst + "," + withoutProof);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    // --- the wire format: a type byte, a length that counts itself, the body

    private static void message(DataOutputStream out, char type, byte[] body) throws IOException {
        out.write(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    private static void error(DataOutputStream out, String code, String text) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"S", "FATAL"}, {"V", "FATAL"}, {"C", code}, {"M", text}}) {
            body.write(field[0].charAt(0));
            body.write(cstring(field[1]));
        }
        body.write(0);
        message(out, 'E', body.toByteArray());
    }

    /** The startup message's parameters (user, database, ...). */
    private static Map<String, String> parameters(byte[] startup) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String[] parts = new String(startup, 8, startup.length - 8, StandardCharsets.UTF_8).split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            parameters.put(parts[i], parts[i + 1]);
        }
        return parameters;
    }

    private static byte[] cstring(String text) {
        return concat(text.getBytes(StandardCharsets.UTF_8), new byte[] {0});
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] slice = new byte[length];
        System.arraycopy(bytes, from, slice, 0, length);
        return slice;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static String md5Hex(byte[] bytes) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private void quietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closed already
        }
    }
}
