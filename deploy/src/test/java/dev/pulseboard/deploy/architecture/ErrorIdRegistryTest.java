package dev.pulseboard.deploy.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The error-ID registry ({@link ErrorId}) is the one representation of the IDs, docs/errors.md documents each exactly
 * once, and every documented ID is one the code can produce.
 */
class ErrorIdRegistryTest {
    private static final Pattern SECTION = Pattern.compile("^## (err-pb-[a-z0-9-]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern LITERAL = Pattern.compile("[\"'`](err-pb-[a-z0-9-]+)");
    /** Block comments and whole-line comments: documentation may name IDs; code may not spell them. */
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|(?m)^\\s*//.*$", Pattern.DOTALL);

    private static final String REGISTRY = ErrorId.class.getName();

    @Test
    void everyRegisteredIdHasExactlyOneSectionInDocsErrorsAndEverySectionIsRegistered() throws IOException {
        String doc = Files.readString(Repository.root().resolve("docs/errors.md"));
        List<String> sections = new ArrayList<>();
        Matcher m = SECTION.matcher(doc);
        while (m.find()) {
            sections.add(m.group(1));
        }
        Map<String, Long> counts = sections.stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                .as("IDs with more than one section in docs/errors.md")
                .isEmpty();
        Set<String> registered =
                Arrays.stream(ErrorId.values()).map(ErrorId::id).collect(Collectors.toSet());
        assertThat(new TreeSet<>(sections))
                .as("sections of docs/errors.md vs the constants of ErrorId")
                .isEqualTo(new TreeSet<>(registered));
    }

    @Test
    void everyRegisteredIdIsUsedByTheCode() {
        JavaClass registry = Modules.MAIN.get(REGISTRY);
        Set<String> used = new TreeSet<>();
        for (JavaFieldAccess access : registry.getAccessesToSelf().stream()
                .filter(JavaFieldAccess.class::isInstance)
                .map(JavaFieldAccess.class::cast)
                .toList()) {
            if (!access.getOriginOwner().getName().startsWith(REGISTRY)) {
                used.add(access.getTarget().getName());
            }
        }
        Set<String> unused = Arrays.stream(ErrorId.values())
                .map(Enum::name)
                .filter(n -> !used.contains(n))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(unused)
                .as("ErrorId constants no main class outside the registry refers to: documented but never produced")
                .isEmpty();
    }

    @Test
    void noIdIsWrittenAsALiteralOutsideTheRegistry() throws IOException {
        Path root = Repository.root();
        List<String> found = new ArrayList<>();
        List<Path> sourceRoots = new ArrayList<>();
        for (Modules.Module module : Modules.ALL) {
            sourceRoots.add(root.resolve(module.dir()).resolve("src/main/java"));
        }
        sourceRoots.add(root.resolve("web-ui/src"));
        for (Path dir : sourceRoots) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p ->
                                p.toString().endsWith(".java") || p.toString().endsWith(".js"))
                        .filter(p -> !p.endsWith(Path.of("contract/errors/ErrorId.java")))
                        .toList()) {
                    String code = COMMENT.matcher(Files.readString(f)).replaceAll(" ");
                    Matcher m = LITERAL.matcher(code);
                    while (m.find()) {
                        found.add(root.relativize(f) + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(found)
                .as("error IDs written as string literals: use ErrorId instead (one representation)")
                .isEmpty();
    }
}
