package dev.gracefulsignals.test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.gracefulsignals.test.RehearsalResult.Outcome;
import dev.gracefulsignals.test.RehearsalResult.Phase;
import dev.gracefulsignals.test.RehearsalResult.ReadinessChange;
import dev.gracefulsignals.test.RehearsalResult.Request;

/**
 * The rehearsal as one SVG picture, written as XML text: requests ending per time slice, stacked by outcome (answered,
 * failed, rerouted), failures marked one by one, the readiness answers as a strip, and the report's phases as bars, all
 * on one time axis from TERM. The groups carry ids ({@code requests}, {@code failures}, {@code readiness},
 * {@code phases}) and the counts are attributes of the root element, so a test (or a script) can read the picture back.
 */
final class TimelinePicture {

    private static final int WIDTH = 960;
    private static final int LEFT = 170;
    private static final int RIGHT = 30;
    private static final int PLOT = WIDTH - LEFT - RIGHT;
    private static final int REQUESTS_TOP = 50;
    private static final int REQUESTS_HEIGHT = 150;
    private static final int READINESS_TOP = REQUESTS_TOP + REQUESTS_HEIGHT + 30;
    private static final int PHASES_TOP = READINESS_TOP + 40;
    private static final int PHASE_ROW = 18;
    private static final int SLICES = 120;

    private static final String ANSWERED = "#2e7d32";
    private static final String FAILED = "#c62828";
    private static final String REROUTED = "#9e9e9e";

    private TimelinePicture() {
    }

    static String svg(RehearsalResult result) {
        List<Phase> phases = result.phases();
        double to = Math.max(seconds(result.termToExit()), result.requests().stream().mapToDouble(request -> seconds(request.end())).max().orElse(0));
        // Before TERM only as much steady load as shows its level: half the time after TERM, one second at least.
        double from = Math.max(-Math.max(1, to / 2), result.requests().stream().mapToDouble(request -> seconds(request.end())).min().orElse(0));
        to += (to - from) * 0.02 + 0.05;
        Axis axis = new Axis(from, to);
        int height = PHASES_TOP + Math.max(1, phases.size()) * PHASE_ROW + 40;

        StringBuilder svg = new StringBuilder(16_384);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"12\"")
                .append(" data-answered=\"").append(result.answered().size()).append("\" data-failed=\"").append(result.failed().size())
                .append("\" data-rerouted=\"").append(result.rerouted().size()).append("\" data-exit=\"").append(result.exitCode())
                .append("\" data-term-to-exit-ms=\"").append(result.termToExit().toMillis()).append("\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text id=\"summary\" x=\"").append(LEFT).append("\" y=\"20\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(result.name())).append(": ").append(result.answered().size()).append(" answered, ")
                .append(result.failed().size()).append(" failed, ").append(result.rerouted().size()).append(" rerouted; exit ")
                .append(result.exitCode()).append(String.format(Locale.ROOT, " %.1f s after TERM", seconds(result.termToExit())))
                .append("</text>\n");
        legend(svg);
        requests(svg, result, axis);
        failures(svg, result, axis);
        readiness(svg, result, axis);
        phases(svg, phases, axis);
        ticks(svg, axis, height);
        marker(svg, "term", "TERM", axis.x(0), height);
        marker(svg, "exit", "exit " + result.exitCode(), axis.x(seconds(result.termToExit())), height);
        return svg.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder svg) {
        int x = LEFT;
        for (String[] entry : new String[][] {{"answered", ANSWERED}, {"failed", FAILED}, {"rerouted (not sent: out of rotation)", REROUTED}}) {
            svg.append("<rect x=\"").append(x).append("\" y=\"30\" width=\"10\" height=\"10\" fill=\"").append(entry[1]).append("\"/>")
                    .append("<text x=\"").append(x + 14).append("\" y=\"39\">").append(entry[0]).append("</text>\n");
            x += 30 + entry[0].length() * 7;
        }
    }

    /** Requests by the slice in which they ended, stacked answered, failed, rerouted. */
    private static void requests(StringBuilder svg, RehearsalResult result, Axis axis) {
        int[][] slices = new int[SLICES][3];
        for (Request request : result.requests()) {
            if (seconds(request.end()) < axis.from) {
                continue; // earlier steady load, in the counts but not drawn
            }
            int slice = (int) Math.min(SLICES - 1, (seconds(request.end()) - axis.from) / axis.span() * SLICES);
            slices[slice][request.outcome().ordinal()]++;
        }
        int highest = 1;
        for (int[] slice : slices) {
            highest = Math.max(highest, slice[0] + slice[1] + slice[2]);
        }
        svg.append("<text x=\"10\" y=\"").append(REQUESTS_TOP + REQUESTS_HEIGHT / 2).append("\">requests</text>\n");
        svg.append("<text x=\"10\" y=\"").append(REQUESTS_TOP + REQUESTS_HEIGHT / 2 + 14).append("\" fill=\"#666\">per ")
                .append(String.format(Locale.ROOT, "%.0f ms", axis.span() / SLICES * 1000)).append("</text>\n");
        svg.append("<g id=\"requests\" data-highest=\"").append(highest).append("\">\n");
        double width = (double) PLOT / SLICES;
        String[] colours = {ANSWERED, FAILED, REROUTED};
        for (int i = 0; i < SLICES; i++) {
            double bottom = REQUESTS_TOP + REQUESTS_HEIGHT;
            for (Outcome outcome : Outcome.values()) {
                int count = slices[i][outcome.ordinal()];
                if (count == 0) {
                    continue;
                }
                double tall = (double) count / highest * REQUESTS_HEIGHT;
                bottom -= tall;
                svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" data-count=\"%d\"/>%n",
                        outcome.name().toLowerCase(Locale.ROOT), LEFT + i * width, bottom, Math.max(1, width - 1), tall,
                        colours[outcome.ordinal()], count));
            }
        }
        svg.append("</g>\n");
        svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT).append("\" y1=\"").append(REQUESTS_TOP + REQUESTS_HEIGHT)
                .append("\" y2=\"").append(REQUESTS_TOP + REQUESTS_HEIGHT).append("\" stroke=\"#333\"/>\n");
    }

    /** Each failed request, at its end, with its failure as a tooltip: a few losses stay visible beside many answers. */
    private static void failures(StringBuilder svg, RehearsalResult result, Axis axis) {
        svg.append("<g id=\"failures\">\n");
        for (Request request : result.failed()) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"%s\" data-detail=\"%s\"><title>%s at %.2f s: %s</title></circle>%n",
                    axis.x(seconds(request.end())), REQUESTS_TOP + REQUESTS_HEIGHT + 8, FAILED, escape(request.detail()),
                    request.kind().name().toLowerCase(Locale.ROOT), seconds(request.end()), escape(request.detail())));
        }
        svg.append("</g>\n");
    }

    private static void readiness(StringBuilder svg, RehearsalResult result, Axis axis) {
        svg.append("<text x=\"10\" y=\"").append(READINESS_TOP + 13).append("\">readiness</text>\n");
        svg.append("<g id=\"readiness\">\n");
        List<ReadinessChange> changes = result.readiness();
        for (int i = 0; i < changes.size(); i++) {
            ReadinessChange change = changes.get(i);
            double start = Math.max(axis.from, seconds(change.at()));
            double end = i + 1 < changes.size() ? seconds(changes.get(i + 1).at()) : axis.to;
            String label = change.status() == 0 ? "no answer" : Integer.toString(change.status());
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\" data-status=\"%d\"><title>%s from %.2f s</title></rect>%n",
                    axis.x(start), READINESS_TOP, Math.max(1, axis.x(end) - axis.x(start)), change.ready() ? ANSWERED
                            : change.status() == 0 ? REROUTED : FAILED, change.status(), label, seconds(change.at())));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"white\">%s</text>%n", axis.x(start) + 3, READINESS_TOP + 13, label));
        }
        svg.append("</g>\n");
    }

    /** One row per phase, a Gantt chart from TERM: even a 0 ms phase gets its row and its label. */
    private static void phases(StringBuilder svg, List<Phase> phases, Axis axis) {
        svg.append("<g id=\"phases\">\n");
        for (int i = 0; i < phases.size(); i++) {
            Phase phase = phases.get(i);
            int y = PHASES_TOP + i * PHASE_ROW;
            double x = axis.x(seconds(phase.start()));
            double width = Math.max(2, axis.x(seconds(phase.end())) - x);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"#1565c0\" data-phase=\"%s\" data-ms=\"%d\"/>%n",
                    x, y, width, escape(phase.name()), phase.duration().toMillis()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s %d ms</text>%n", LEFT - 6, y + 11,
                    escape(phase.name()), phase.duration().toMillis()));
        }
        svg.append("</g>\n");
    }

    private static void ticks(StringBuilder svg, Axis axis, int height) {
        double step = axis.span() > 30 ? 5 : axis.span() > 12 ? 2 : 1;
        svg.append("<g id=\"axis\" fill=\"#666\">\n");
        for (double t = Math.ceil(axis.from / step) * step; t <= axis.to; t += step) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f s</text>%n",
                    axis.x(t), axis.x(t), REQUESTS_TOP, height - 25, axis.x(t), height - 10, t));
        }
        svg.append("</g>\n");
    }

    private static void marker(StringBuilder svg, String id, String label, double x, int height) {
        svg.append(String.format(Locale.ROOT, "<g id=\"%s\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>"
                + "<text x=\"%.1f\" y=\"%d\" font-weight=\"bold\"%s>%s</text></g>%n", id, x, x, REQUESTS_TOP - 4, height - 25,
                x > LEFT + PLOT - 60 ? x - 3 : x + 3, REQUESTS_TOP + 8, x > LEFT + PLOT - 60 ? " text-anchor=\"end\"" : "", label));
    }

    private static double seconds(Duration offset) {
        return offset.toNanos() / 1e9;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Seconds from TERM to x. */
    private record Axis(double from, double to) {

        double span() {
            return to - from;
        }

        double x(double seconds) {
            return LEFT + (seconds - from) / span() * PLOT;
        }
    }
}
