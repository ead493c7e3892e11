package org.handover.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A stand-in for a service in {@link ServiceProcessTest}: a JVM that listens on {@code QUARKUS_HTTP_PORT} and answers
 * its readiness path with {@code READY_STATUS} (200 unless set), or exits at once with {@code EXIT_CODE}.
 */
public final class ReadyServer {

    private ReadyServer() {
    }

    public static void main(String[] args) throws IOException {
        String exit = System.getenv("EXIT_CODE");
        if (exit != null) {
            System.out.println("exiting with " + exit);
            System.exit(Integer.parseInt(exit));
        }
        int status = Integer.parseInt(System.getenv().getOrDefault("READY_STATUS", "200"));
        HttpServer server = HttpServer.create(
                new InetSocketAddress("localhost", Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 0);
        server.createContext(Services.READINESS_PATH, exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        System.out.println("listening");
    }
}
