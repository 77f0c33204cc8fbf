package dev.pulseboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulseboard.contract.wire.RecordKeys;
import dev.pulseboard.contract.wire.Topics;
import dev.pulseboard.contract.wire.WireCodec;
import dev.pulseboard.contract.wire.v1.Label;
import dev.pulseboard.contract.wire.v1.MetricType;
import dev.pulseboard.contract.wire.v1.Sample;
import dev.pulseboard.testing.Repository;
import dev.pulseboard.testing.flink.StandaloneFlinkCluster;
import dev.pulseboard.testing.kafka.InProcessKafka;
import dev.pulseboard.testing.prometheus.PrometheusQueries;
import dev.pulseboard.testing.prometheus.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a standalone Flink cluster: a JobManager and a TaskManager in their own JVMs, from Maven artifacts
 * only, get the job submitted through their REST API ({@code PulseboardJob --cluster}); it reads the real metrics-raw
 * and writes the real Prometheus. The cluster's classpath has no connector, Kafka client or Pulseboard class: the job
 * jar brings them, as it must on any Flink cluster.
 */
class StandaloneClusterIT {
    private static final String TENANT = "cluster-test";

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theJobJarRunsOnAStandaloneCluster(@TempDir Path checkpoints) throws Exception {
        String clusterClasspath =
                Files.readString(Repository.root().resolve("deploy/flink-cluster/target/classpath.txt"));
        assertThat(clusterClasspath)
                .as("the cluster has only Flink and logging; the job jar brings the rest")
                .contains("flink-runtime")
                .doesNotContain("flink-connector-kafka", "kafka-clients", "metrics-contract", "protobuf-java");
        try (InProcessKafka kafka = InProcessKafka.startWithTopics(2);
                PrometheusServer prometheus = PrometheusServer.start();
                StandaloneFlinkCluster flink = StandaloneFlinkCluster.start()) {
            PulseboardJob.main(new String[] {
                "--cluster", flink.address(),
                "--job-jar", jobJar().toString(),
                "--bootstrap", kafka.bootstrapServers(),
                "--remote-write", prometheus.remoteWriteUrl(),
                "--checkpoint-dir", checkpoints.toUri().toString(),
                "--parallelism", "2"
            });
            await("the job running on the cluster")
                    .atMost(Duration.ofMinutes(2))
                    .until(() -> jobState(flink), "RUNNING"::equals);

            int sent = send(kafka);
            PrometheusQueries prom = new PrometheusQueries(prometheus.url());
            String total = "cluster_requests_total{tenant=\"" + TENANT + "\"}";
            await("the cluster's job stored the counter's total")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> prom.single(total, System.currentTimeMillis()), v -> v == sent);
            assertThat(Files.readString(flink.taskManagerLog()))
                    .as("the tasks ran in the TaskManager's JVM")
                    .contains("aggregate series");
        }
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> jars = Files.list(Repository.root().resolve("flink-pipeline/target"))) {
            return jars.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no job jar: run ./mvnw -pl flink-pipeline package"));
        }
    }

    private static String jobState(StandaloneFlinkCluster flink) {
        JsonNode overview = flink.get("/jobs/overview");
        if (overview == null) {
            return "";
        }
        for (JsonNode job : overview.path("jobs")) {
            if (PulseboardJob.JOB_NAME.equals(job.path("name").asText())) {
                return job.path("state").asText();
            }
        }
        return "";
    }

    /** 500 counter increments of one series, now; returns how many. */
    private static int send(InProcessKafka kafka) {
        long now = System.currentTimeMillis();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            samples.add(Sample.newBuilder()
                    .setName("cluster_requests_total")
                    .setType(MetricType.COUNTER)
                    .addLabels(Label.newBuilder().setName("route").setValue("/"))
                    .setValue(1)
                    .setTimestampMs(now)
                    .build());
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (RecordKeys.KeyedBatch kb : RecordKeys.batchByShard(TENANT, samples, "cluster-it", now)) {
            records.add(new ProducerRecord<>(Topics.METRICS_RAW, kb.key(), WireCodec.encode(kb.batch())));
        }
        kafka.send(records);
        return samples.size();
    }
}
