package dev.pulseboard.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest completed checkpoint under a checkpoint directory ({@code <dir>/<job-id>/chk-<n>/_metadata}): what
 * the embedded job restores from when it starts again after a crash, kill -9 included. Checkpoints are retained on
 * cancellation for exactly this; Flink writes {@code _metadata} last, so a directory with it is complete.
 */
final class Checkpoints {
    private Checkpoints() {}

    /** The newest completed checkpoint's directory as a URI string, if any ({@code file://} directories only). */
    static Optional<String> latest(String checkpointDir) {
        URI uri = URI.create(checkpointDir);
        if (!"file".equals(uri.getScheme())) {
            return Optional.empty();
        }
        Path root = Path.of(uri);
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(
                root,
                3,
                (p, a) -> p.getFileName().toString().equals("_metadata")
                        && p.getParent().getFileName().toString().startsWith("chk-"))) {
            return files.max(Comparator.comparingLong(Checkpoints::modified))
                    .map(p -> p.getParent().toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints under " + root, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
