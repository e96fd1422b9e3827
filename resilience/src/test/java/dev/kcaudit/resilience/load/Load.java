package dev.kcaudit.resilience.load;

import dev.kcaudit.resilience.support.Api;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Logins and admin changes from several threads, spread over one or more nodes, each request recorded with what the
 * client learnt ({@link Outcome}). Admin threads create users with unique names, set a unique last name on each (a field Keycloak stores: the
 * demo realm's user profile drops unmanaged attributes, and the entry records only what was stored) and
 * delete every other one; login threads each log in one user of their own over and over (Keycloak refuses
 * concurrent logins of one user under brute-force protection's lock). A thread stops when it is told to or when its
 * server is gone, so the last operation of a thread is the only one that can be in flight.
 */
public final class Load {

    /** The password of every user the load logs in with. */
    public static final String PASSWORD = "load-pw";

    private final List<Api> nodes;
    private final String realm;
    private final String prefix;
    private final int adminThreads;
    private final List<String> loginUsers;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Queue<AdminOp> adminOps = new ConcurrentLinkedQueue<>();
    private final Queue<LoginOp> logins = new ConcurrentLinkedQueue<>();
    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    /** {@code loginUsers} must exist with the password {@link #PASSWORD} and be allowed to use {@code demo-app}. */
    public Load(List<Api> nodes, String realm, String prefix, int adminThreads, List<String> loginUsers) {
        this.nodes = nodes;
        this.realm = realm;
        this.prefix = prefix;
        this.adminThreads = adminThreads;
        this.loginUsers = loginUsers;
    }

    public Load start() {
        for (int t = 0; t < adminThreads; t++) {
            int thread = t;
            threads.add(started("admin-" + t, () -> admin(thread)));
        }
        for (int t = 0; t < loginUsers.size(); t++) {
            int thread = t;
            threads.add(started("login-" + t, () -> login(thread)));
        }
        return this;
    }

    /** Tells every thread to finish its current request and waits for them. */
    public Load stop() {
        stop.set(true);
        for (Thread t : threads) {
            try {
                t.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("a load thread failed", errors.peek());
        }
        return this;
    }

    public List<AdminOp> adminOps() {
        return List.copyOf(adminOps);
    }

    public List<LoginOp> logins() {
        return List.copyOf(logins);
    }

    public long confirmedAdminOps() {
        return adminOps.stream().filter(o -> o.outcome() == Outcome.CONFIRMED).count();
    }

    private Thread started(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        }, name);
        thread.start();
        return thread;
    }

    private void admin(int thread) {
        Api api = nodes.get(thread % nodes.size());
        for (int i = 0; !stop.get(); i++) {
            String username = prefix + "-" + thread + "-" + i;
            AdminOp created = send(api, AdminOp.Kind.CREATE, username, null, null, "POST", realm + "/users",
                    "{\"username\":\"" + username + "\",\"enabled\":true}");
            if (created.outcome().lost()) {
                return;
            }
            if (created.outcome() != Outcome.CONFIRMED) {
                continue;
            }
            String marker = UUID.randomUUID().toString();
            AdminOp updated = send(api, AdminOp.Kind.UPDATE, username, created.userId(), marker, "PUT",
                    realm + "/users/" + created.userId(),
                    "{\"username\":\"" + username + "\",\"lastName\":\"" + marker + "\"}");
            if (updated.outcome().lost()) {
                return;
            }
            if (i % 2 == 0 && send(api, AdminOp.Kind.DELETE, username, created.userId(), null, "DELETE",
                    realm + "/users/" + created.userId(), null).outcome().lost()) {
                return;
            }
        }
    }

    private AdminOp send(Api api, AdminOp.Kind kind, String username, String userId, String marker, String method,
                         String path, String json) {
        AdminOp op;
        try {
            Api.Reply reply = api.admin(method, path, json);
            Outcome outcome = Outcome.of(reply.status());
            String id = kind == AdminOp.Kind.CREATE && outcome == Outcome.CONFIRMED ? reply.createdId() : userId;
            op = new AdminOp(kind, api.base(), username, id, marker, outcome, reply.status());
        } catch (IOException e) {
            op = new AdminOp(kind, api.base(), username, userId, marker, Outcome.of(e), 0);
        }
        adminOps.add(op);
        return op;
    }

    private void login(int thread) {
        Api api = nodes.get(thread % nodes.size());
        String username = loginUsers.get(thread);
        while (!stop.get()) {
            LoginOp op;
            try {
                Api.Reply reply = api.login(realm, "demo-app", username, PASSWORD);
                Outcome outcome = Outcome.of(reply.status());
                op = new LoginOp(api.base(), username, outcome == Outcome.CONFIRMED ? Api.sessionId(reply) : null,
                        outcome, reply.status());
            } catch (IOException e) {
                op = new LoginOp(api.base(), username, null, Outcome.of(e), 0);
            }
            logins.add(op);
            if (op.outcome().lost()) {
                return;
            }
        }
    }
}
