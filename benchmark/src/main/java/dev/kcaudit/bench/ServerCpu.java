package dev.kcaudit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by the Keycloak JVM and by PostgreSQL (every {@code postgres} process, plus the children the
 * postmaster has reaped, such as autovacuum workers), read from {@code /proc}. Throughput on two shared cores moves
 * by ±10 % from run to run; CPU spent per request is what capture actually adds to a request's cost.
 * Of Keycloak's time, {@code jitMs} is its JIT compiler threads' (a JVM still warming up, not a request's cost: a
 * window where it is large measured the warm-up), {@code gcMs} its garbage collector's threads' (what the requests'
 * allocations cost besides their own threads' time) and {@code backgroundMs} its timer threads' (Keycloak's scheduled
 * tasks, where the audit log's sequencer, sealer and rollups run) and the audit log's own threads'
 * (docs/benchmarks.md, "The capture phase's warm-up").
 */
record ServerCpu(double keycloakMs, double postgresMs, double jitMs, double gcMs, double backgroundMs) {

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
        double jit = 0;
        double gc = 0;
        double background = 0;
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
                    long[] vm = vmThreadTicks(p);
                    jit += vm[0];
                    gc += vm[1];
                    background += vm[2];
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return new ServerCpu(keycloak * MS_PER_TICK, postgres * MS_PER_TICK, jit * MS_PER_TICK, gc * MS_PER_TICK,
                background * MS_PER_TICK);
    }

    ServerCpu minus(ServerCpu earlier) {
        return new ServerCpu(keycloakMs - earlier.keycloakMs, postgresMs - earlier.postgresMs, jitMs - earlier.jitMs,
                gcMs - earlier.gcMs, backgroundMs - earlier.backgroundMs);
    }

    ServerCpu plus(ServerCpu other) {
        return new ServerCpu(keycloakMs + other.keycloakMs, postgresMs + other.postgresMs, jitMs + other.jitMs,
                gcMs + other.gcMs, backgroundMs + other.backgroundMs);
    }

    /** The share of Keycloak's CPU time that went to compiling code (0 when it used none). */
    double jitShare() {
        return keycloakMs > 0 ? jitMs / keycloakMs : 0;
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

    /**
     * The time of the JVM's compiler threads ([0]; HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1", …),
     * of G1's collector threads ([1]: "GC Thread#0", "G1 Conc#0", "G1 Refine#0", "G1 Main Marker", …) and of the
     * background threads ([2]: Keycloak's timers, "Timer-0", …, and ours, "audit-…"). Linux keeps the first 15
     * characters of a thread's name.
     */
    private static long[] vmThreadTicks(Path proc) {
        long[] ticks = new long[3];
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String[] stat = stat(task);
                if (stat == null) {
                    continue;
                }
                String name = stat[0];
                int kind = name.matches("C\\d CompilerThre.*") ? 0
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") ? 1
                        : name.startsWith("Timer-") || name.startsWith("audit-") ? 2 : -1;
                if (kind >= 0) {
                    ticks[kind] += ticks(stat, UTIME) + ticks(stat, STIME);
                }
            }
        } catch (IOException e) {
            return ticks; // the JVM ended while we looked
        }
        return ticks;
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
