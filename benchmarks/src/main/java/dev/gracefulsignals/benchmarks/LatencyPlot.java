package dev.gracefulsignals.benchmarks;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the latency distributions as one PNG: the share of signals delivered within x microseconds, per configuration. */
final class LatencyPlot {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e)};

    private LatencyPlot() {
    }

    static void write(Path png, String title, Map<Configuration, Histogram> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(480).title(title)
                .xAxisTitle("one-way latency (µs, log scale)").yAxisTitle("signals delivered within (%)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setAntiAlias(true);
        int index = 0;
        for (Map.Entry<Configuration, Histogram> result : results.entrySet()) {
            Histogram histogram = result.getValue();
            if (histogram.getTotalCount() == 0) {
                continue;
            }
            List<Double> micros = new ArrayList<>();
            List<Double> percent = new ArrayList<>();
            for (HistogramIterationValue value : histogram.recordedValues()) {
                micros.add(Math.max(0.1, histogram.highestEquivalentValue(value.getValueIteratedTo()) / 1000.0));
                percent.add(value.getPercentile());
            }
            XYSeries series = chart.addSeries(result.getKey().keys().replace(" ", ", ")
                    + String.format(java.util.Locale.ROOT, " (p50 %s µs)", LatencyCommand.micros(histogram.getValueAtPercentile(50))), micros, percent);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(COLORS[index++ % COLORS.length]);
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String name = png.toString();
        // XChart appends ".png" itself unless the name already ends with it.
        BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
    }
}
