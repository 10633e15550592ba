package dev.gracefulsignals.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Regions of source files marked {@code tag::name[]} ... {@code end::name[]} (in any comment syntax),
 * and the fenced code blocks of Markdown files: what the docs quote and where it comes from.
 */
final class Snippets {

    private static final Pattern TAG = Pattern.compile("tag::([\\w-]+)\\[]");
    private static final Pattern END = Pattern.compile("end::([\\w-]+)\\[]");
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```$", Pattern.DOTALL);

    /** A fenced block of a Markdown file. */
    record Block(Path file, String language, String code) {
    }

    private Snippets() {
    }

    /** The repository's root, from the build (or the working directory's parent when run from an IDE in sample-app). */
    static Path projectRoot() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    /** Every tagged region of the file, by name, with the region's common indentation removed. */
    static Map<String, String> regions(Path file) {
        Map<String, List<String>> open = new LinkedHashMap<>();
        Map<String, String> regions = new LinkedHashMap<>();
        for (String line : lines(file)) {
            Matcher tag = TAG.matcher(line);
            Matcher end = END.matcher(line);
            if (tag.find()) {
                open.put(tag.group(1), new ArrayList<>());
            } else if (end.find()) {
                List<String> region = open.remove(end.group(1));
                if (region != null) {
                    regions.put(end.group(1), dedent(region));
                }
            } else {
                open.values().forEach(region -> region.add(line));
            }
        }
        return regions;
    }

    /** Every tagged region of the files under these folders (and these files). */
    static List<String> regionsUnder(Path... roots) {
        List<String> all = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(file -> all.addAll(regions(file).values()));
            } catch (IOException failure) {
                throw new UncheckedIOException(failure);
            }
        }
        return all;
    }

    static List<Block> blocks(Path markdown) {
        List<Block> blocks = new ArrayList<>();
        Matcher fence = FENCE.matcher(String.join("\n", lines(markdown)) + "\n");
        while (fence.find()) {
            blocks.add(new Block(markdown, fence.group(1), dedent(fence.group(2).lines().toList())));
        }
        return blocks;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString().strip();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
