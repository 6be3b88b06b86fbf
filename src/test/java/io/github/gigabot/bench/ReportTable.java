package io.github.gigabot.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's figures as one table, each with its target and MISSED beside a target not met; then the
 * Bot API calls per message of each scenario, and the problems. Missing a target is a finding, not
 * a failure: only {@link Results#problems} fail the run.
 */
final class ReportTable {

    private record Row(String scenario, String value, String target, boolean missed) {
    }

    private final Results results;
    private final int chats;
    private final List<Row> rows = new ArrayList<>();

    ReportTable(Results results, int chats) {
        this.results = results;
        this.chats = chats;
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String mib(long kib) {
        return f("%.0f", kib / 1024.0);
    }

    private void row(String scenario, String value, String target, boolean missed) {
        rows.add(new Row(scenario, value, target, missed));
    }

    void print(PrintStream out) {
        Results r = results;
        if (r.botA != null) {
            row("start to first poll (bot)", f("%.2f s", r.botA.startSeconds()), "<= 1.0 s", r.botA.startSeconds() > 1.0);
            row("idle RSS (bot)", mib(r.botA.idleRssKib()) + " MiB" + (r.floor == null ? "" : " (floor " + mib(r.floor.idleRssKib()) + ")"), "", false);
        }
        if (r.floor != null || r.botB != null) {
            row("start to first poll B / floor", (r.botB == null ? "-" : f("%.2f s", r.botB.startSeconds())) + " / "
                    + (r.floor == null ? "-" : f("%.2f s", r.floor.startSeconds())), "", false);
        }
        Latencies floor = r.floorLoop == null ? null : new Latencies(r.floorLoop.overheadNanos());
        Latencies bot = r.botALoop == null ? null : new Latencies(r.botALoop.overheadNanos());
        if (floor != null) {
            row("overhead p50/p99 floor", f("%.1f/%.1f ms (max %.1f, n=%d)", floor.millis(50), floor.millis(99), floor.maxMillis(), floor.count()), "", false);
        }
        if (bot != null) {
            boolean missed = floor != null && bot.millis(99) > floor.millis(99) + 5;
            row("overhead p50/p99 bot", f("%.1f/%.1f ms (max %.1f, n=%d)", bot.millis(50), bot.millis(99), bot.maxMillis(), bot.count()),
                    floor == null ? "p99 <= floor p99 + 5 ms" : f("p99 <= %.1f ms", floor.millis(99) + 5), missed);
        }
        if (r.botABurst != null) {
            double ideal = 1.0 + r.botABurst.chats() / 30.0;
            double ratio = r.botABurst.seconds() / ideal;
            row("paced burst " + r.botABurst.chats() + " chats", f("%.2f s (%.2f of ideal %.2f s)", r.botABurst.seconds(), ratio, ideal),
                    "<= 1.15", ratio > 1.15 || r.botABurst.delivered() < r.botABurst.chats());
            row("429s drawn", Long.toString(r.botABurst.tooManyRequests()), "0", r.botABurst.tooManyRequests() > 0);
            row("answers delivered (paced)", r.botABurst.delivered() + "/" + r.botABurst.chats(), Integer.toString(r.botABurst.chats()),
                    r.botABurst.delivered() < r.botABurst.chats());
        }
        if (r.botBBurst != null || r.floorBurst != null) {
            String botTime = r.botBBurst == null ? "-" : f("%.2f s", r.botBBurst.seconds());
            String floorTime = r.floorBurst == null ? "-" : f("%.2f s", r.floorBurst.seconds());
            boolean both = r.botBBurst != null && r.floorBurst != null;
            double ratio = both ? r.botBBurst.seconds() / r.floorBurst.seconds() : Double.NaN;
            row("throughput burst bot / floor", botTime + " / " + floorTime + (both ? f(" (%.2f)", ratio) : ""), "<= 1.15",
                    both && (ratio > 1.15 || r.botBBurst.delivered() < r.botBBurst.chats()));
            row("answers delivered B / floor", (r.botBBurst == null ? "-" : r.botBBurst.delivered() + "/" + r.botBBurst.chats()) + " / "
                    + (r.floorBurst == null ? "-" : r.floorBurst.delivered() + "/" + r.floorBurst.chats()), "", false);
        }
        String peakA = r.botA == null ? "-" : mib(r.botA.peakHwmKib());
        String peakB = r.botB == null ? "-" : mib(r.botB.peakHwmKib());
        String peakFloor = r.floor == null ? "-" : mib(r.floor.peakHwmKib());
        boolean rssMissed = (r.botA != null && r.botA.peakHwmKib() > 160 * 1024) || (r.botB != null && r.botB.peakHwmKib() > 160 * 1024);
        row("peak RSS bot A / B / floor", peakA + " / " + peakB + " / " + peakFloor + " MiB", "<= 160 MiB", rssMissed);
        row("peak threads A / B / floor", (r.botA == null ? "-" : r.botA.peakThreads()) + " / " + (r.botB == null ? "-" : r.botB.peakThreads())
                + " / " + (r.floor == null ? "-" : r.floor.peakThreads()), "", false);
        row("OAuth calls A / B / floor", (r.botA == null ? "-" : r.botA.oauthCalls()) + " / " + (r.botB == null ? "-" : r.botB.oauthCalls())
                + " / " + (r.floor == null ? "-" : r.floor.oauthCalls()), "", false);
        drafts("drafts/actions floor loop", r.floorLoop == null ? null : r.floorLoop.calls());
        drafts("drafts/actions bot A loop", r.botALoop == null ? null : r.botALoop.calls());
        drafts("drafts/actions paced burst", r.botABurst == null ? null : r.botABurst.calls());
        drafts("drafts/actions B burst", r.botBBurst == null ? null : r.botBBurst.calls());
        drafts("drafts/actions floor burst", r.floorBurst == null ? null : r.floorBurst.calls());

        out.println();
        out.println(f("%-32s %-44s %s", "scenario", "value", "target"));
        for (Row row : rows) {
            out.println(f("%-32s %-44s %s%s", row.scenario(), row.value(), row.target(), row.missed() ? "   MISSED" : ""));
        }
        out.println();
        out.println("Bot API calls per message (getUpdates included):");
        calls(out, "floor overhead loop", r.floorLoop == null ? null : r.floorLoop.calls(), r.floorLoop == null ? 0 : r.floorLoop.overheadNanos().size());
        calls(out, "bot A overhead loop", r.botALoop == null ? null : r.botALoop.calls(), r.botALoop == null ? 0 : r.botALoop.overheadNanos().size());
        calls(out, "bot A paced burst", r.botABurst == null ? null : r.botABurst.calls(), chats);
        calls(out, "bot B throughput burst", r.botBBurst == null ? null : r.botBBurst.calls(), chats);
        calls(out, "floor throughput burst", r.floorBurst == null ? null : r.floorBurst.calls(), chats);
        gigachat(out, r.botA);
        gigachat(out, r.botB);
        gigachat(out, r.floor);
        if (!r.problems.isEmpty()) {
            out.println();
            out.println("PROBLEMS (the run could not measure everything):");
            r.problems.forEach(problem -> out.println("  " + problem));
        }
    }

    private void drafts(String scenario, Map<String, Long> calls) {
        if (calls != null) {
            row(scenario, calls.getOrDefault("sendmessagedraft", 0L) + " / " + calls.getOrDefault("sendchataction", 0L), "", false);
        }
    }

    private static void calls(PrintStream out, String scenario, Map<String, Long> calls, int messages) {
        if (calls != null && messages > 0) {
            out.println(f("  %-24s %s", scenario, String.join(", ", Scenarios.perMessage(calls, messages))));
        }
    }

    private static void gigachat(PrintStream out, Contestant.Figures figures) {
        if (figures != null) {
            out.println(f("  GigaChat calls, %-8s %s", figures.name() + ":", figures.gigachatCalls()));
        }
    }
}
