package dev.pulseboard.deploy.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.pulseboard.testing.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The compiled main classes of every module (target/classes), imported once. This module builds last in the reactor,
 * so they are all there when its tests run.
 */
final class Modules {
    /** Maven module directory and the root package its main classes live in. */
    record Module(String dir, String rootPackage) {}

    static final Module CONTRACT = new Module("metrics-contract", "dev.pulseboard.contract");
    static final Module TEST_SUPPORT = new Module("test-support", "dev.pulseboard.testing");
    static final Module GATEWAY = new Module("ingest-gateway", "dev.pulseboard.gateway");
    static final Module QUERY = new Module("query-frontend", "dev.pulseboard.query");
    static final Module TENANT = new Module("tenant-service", "dev.pulseboard.tenant");
    static final Module PIPELINE = new Module("flink-pipeline", "dev.pulseboard.pipeline");
    static final Module DEPLOY = new Module("deploy", "dev.pulseboard.deploy");
    static final List<Module> ALL = List.of(CONTRACT, TEST_SUPPORT, GATEWAY, QUERY, TENANT, PIPELINE, DEPLOY);

    static final JavaClasses MAIN = importMain();

    private Modules() {}

    private static JavaClasses importMain() {
        Path root = Repository.root();
        List<Path> dirs = ALL.stream()
                .map(m -> root.resolve(m.dir()).resolve("target/classes"))
                .toList();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new IllegalStateException(d + " is missing: build every module before this test");
            }
        }
        return new ClassFileImporter().importPaths(dirs);
    }
}
