package io.github.gigabot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Looks inside a running bot for the profiling runs: a Flight Recorder window (through
 * {@code jcmd JFR.start/stop}, so it covers exactly the measured loop, not start-up or warm-up),
 * optionally a syscall count by {@code strace -c} over the same window (SQLite's fsyncs are native
 * and invisible to JFR), and {@code jcmd} commands such as the native memory summary.
 */
final class JvmDiagnostics {

    /** Extra JFR settings over "profile": every socket, file and lock event, not only slow ones, so they can be counted per message. */
    private static final String COUNT_EVERYTHING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration version="2.0" label="bench counts" description="Thresholds 0 for per-message counts">
              <event name="jdk.SocketRead"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.SocketWrite"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.FileForce"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.FileWrite"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.FileRead"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.JavaMonitorEnter"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.JavaMonitorWait"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.ThreadPark"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting><setting name="stackTrace">true</setting></event>
              <event name="jdk.ThreadStart"><setting name="enabled">true</setting><setting name="stackTrace">true</setting></event>
            </configuration>
            """;

    private JvmDiagnostics() {
    }

    /** A window being profiled; closing it writes the recording and the syscall counts. */
    interface Window extends AutoCloseable {
        @Override
        void close() throws IOException, InterruptedException;
    }

    /** Opens a profiling window on {@code pid}: JFR into {@code jfr}, and strace counts next to it when asked. */
    static Window profile(long pid, Path jfr, boolean strace) throws IOException, InterruptedException {
        Files.createDirectories(jfr.toAbsolutePath().getParent());
        Path extra = jfr.resolveSibling("bench-counts.jfc");
        Files.writeString(extra, COUNT_EVERYTHING);
        Path jcmdLog = jfr.resolveSibling(jfr.getFileName() + ".jcmd.txt");
        jcmd(pid, jcmdLog, List.of("JFR.start", "name=bench", "settings=profile", "settings=" + extra, "filename=" + jfr));
        Process tracer = null;
        Path straceOut = jfr.resolveSibling(jfr.getFileName() + ".strace.txt");
        if (strace) {
            tracer = new ProcessBuilder("strace", "-f", "-c", "-o", straceOut.toString(), "-p", Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(jfr.resolveSibling(jfr.getFileName() + ".strace.log").toFile()).start();
            TimeUnit.SECONDS.sleep(1); // strace has no "attached" signal; give it a moment to reach every thread
        }
        Process started = tracer;
        return () -> {
            if (started != null) {
                started.destroy(); // SIGTERM: strace detaches and writes its table
                started.waitFor(30, TimeUnit.SECONDS);
            }
            jcmd(pid, jcmdLog, List.of("JFR.stop", "name=bench"));
        };
    }

    /** Runs {@code jcmd pid command...}, appending its output to {@code out}. */
    static void jcmd(long pid, Path out, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(Launcher.jcmd(), Long.toString(pid)));
        full.addAll(command);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("jcmd " + command + " did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed (" + process.exitValue() + "); see " + out);
        }
    }
}
