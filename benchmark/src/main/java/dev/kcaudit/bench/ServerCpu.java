package dev.kcaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by the Keycloak JVM and by PostgreSQL (every {@code postgres} process, plus the children the
 * postmaster has reaped, such as autovacuum workers), read from {@code /proc}. Throughput on two shared cores moves
 * by ±10 % from run to run; CPU spent per request is what capture actually adds to a request's cost.
 */
record ServerCpu(double keycloakMs, double postgresMs) {

    /** Linux's USER_HZ: /proc reports CPU times in ticks of 10 ms. */
    private static final double MS_PER_TICK = 10.0;
    /** Indexes into {@link #stat}'s array: field k of stat(5) (pid is 1, comm 2) is at k - 2. */
    private static final int PPID = 2;
    private static final int UTIME = 12;
    private static final int STIME = 13;
    private static final int CUTIME = 14;
    private static final int CSTIME = 15;

    static ServerCpu now() {
        long self = ProcessHandle.current().pid();
        double keycloak = 0;
        double postgres = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                long pid = Long.parseLong(p.getFileName().toString());
                String[] stat = stat(p);
                if (stat == null || pid == self) {
                    continue;
                }
                if (stat[0].equals("postgres")) {
                    // The postmaster (parent not a postgres process) also carries its reaped children's time.
                    postgres += ticks(stat, UTIME) + ticks(stat, STIME)
                            + (isPostmaster(stat) ? ticks(stat, CUTIME) + ticks(stat, CSTIME) : 0);
                } else if (stat[0].equals("java") && cmdline(p).contains("kc.home.dir")) {
                    keycloak += ticks(stat, UTIME) + ticks(stat, STIME);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return new ServerCpu(keycloak * MS_PER_TICK, postgres * MS_PER_TICK);
    }

    ServerCpu minus(ServerCpu earlier) {
        return new ServerCpu(keycloakMs - earlier.keycloakMs, postgresMs - earlier.postgresMs);
    }

    ServerCpu plus(ServerCpu other) {
        return new ServerCpu(keycloakMs + other.keycloakMs, postgresMs + other.postgresMs);
    }

    double totalMs() {
        return keycloakMs + postgresMs;
    }

    /** /proc/PID/stat as [0] the command name, then the fields after it, from "state" (field 3 of stat(5)) on. */
    private static String[] stat(Path proc) {
        try {
            String text = Files.readString(proc.resolve("stat"));
            int open = text.indexOf('(');
            int close = text.lastIndexOf(')');
            String[] rest = text.substring(close + 2).split(" ");
            String[] out = new String[rest.length + 1];
            out[0] = text.substring(open + 1, close);
            System.arraycopy(rest, 0, out, 1, rest.length);
            return out;
        } catch (IOException | RuntimeException e) {
            return null; // the process ended while we looked
        }
    }

    private static long ticks(String[] stat, int index) {
        return Long.parseLong(stat[index]);
    }

    private static boolean isPostmaster(String[] stat) {
        String[] parent = stat(Path.of("/proc", stat[PPID]));
        return parent == null || !parent[0].equals("postgres");
    }

    private static String cmdline(Path proc) {
        try {
            return Files.readString(proc.resolve("cmdline"));
        } catch (IOException e) {
            return "";
        }
    }
}
