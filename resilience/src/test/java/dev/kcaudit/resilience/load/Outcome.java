package dev.kcaudit.resilience.load;

import java.io.IOException;
import java.net.ConnectException;

/** What a client knows about a request it sent. */
public enum Outcome {
    /** 2xx: the server says the change committed. */
    CONFIRMED,
    /** The server answered with an error: the change must not exist. */
    REFUSED,
    /** The connection was refused: the server never saw the request. */
    NOT_SENT,
    /** Sent, but the connection died before an answer: the change may or may not have committed. */
    IN_FLIGHT;

    static Outcome of(int status) {
        return status / 100 == 2 ? CONFIRMED : REFUSED;
    }

    static Outcome of(IOException e) {
        return e instanceof ConnectException || e.getCause() instanceof ConnectException ? NOT_SENT : IN_FLIGHT;
    }

    /** Whether the request ended the client's run (the server is gone). */
    boolean lost() {
        return this == NOT_SENT || this == IN_FLIGHT;
    }
}
