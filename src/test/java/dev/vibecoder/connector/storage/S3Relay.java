package dev.vibecoder.connector.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the S3 store that a test can take down and bring back, to play an outage
 * of the store for one client only: while it is down, nothing listens on its port (connections are
 * refused) and the connections it carried are cut. Requests pass through unchanged, so the store
 * checks their signatures as usual.
 */
final class S3Relay implements AutoCloseable {

    private final InetSocketAddress store;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    /** A relay to the store at {@code endpoint}, down until {@link #up()}. */
    S3Relay(String endpoint) throws IOException {
        URI uri = URI.create(endpoint);
        this.store = new InetSocketAddress(uri.getHost(), uri.getPort());
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    /** The endpoint to give a client instead of the store's. */
    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    synchronized void up() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        listener = server;
        Thread.ofVirtual().name("s3-relay-" + port).start(() -> accept(server));
    }

    synchronized void down() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        down();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed by down()
            }
            sockets.add(client);
            try {
                Socket upstream = new Socket(store.getAddress(), store.getPort());
                sockets.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            } catch (IOException e) {
                close(client); // the store itself is away: so is the connection
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away; closing both ends tells the other
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
