package dev.pulseboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulseboard.pipeline.kafka.KafkaOptions.StartingOffsets;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class PipelineOptionsTest {

    @Test
    void defaultsMatchTheLocalStack() {
        PipelineOptions o = PipelineOptions.parse(new String[0], Map.of());
        assertThat(o.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(o.kafka().rawTopic()).isEqualTo("metrics-raw");
        assertThat(o.kafka().aggTopic()).isEqualTo("metrics-agg");
        assertThat(o.kafka().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(o.kafka().startingOffsets()).isEqualTo(StartingOffsets.COMMITTED_OR_EARLIEST);
        assertThat(o.remoteWrite().url()).isEqualTo("http://127.0.0.1:19090/api/v1/write");
        assertThat(o.kafka().lateTopic()).isEqualTo("metrics-late");
        assertThat(o.kafka().limitsTopic()).isEqualTo("tenant-limits");
        assertThat(o.maxWatermarkLag()).isEqualTo(Duration.ofMillis(400));
        assertThat(o.allowedLateness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.tickInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.restore()).isEqualTo("latest");
        assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.parallelism()).isZero();
    }

    @Test
    void argumentsBeatEnvironmentWhichBeatsDefaults() {
        PipelineOptions o = PipelineOptions.parse(
                new String[] {
                    "--bootstrap", "10.0.0.1:9092", "--max-watermark-lag-ms=50", "--delivery-guarantee", "exactly-once"
                },
                Map.of(
                        "PB_PIPELINE_BOOTSTRAP",
                        "ignored:1",
                        "PB_PIPELINE_GROUP",
                        "from-env",
                        "PB_PIPELINE_REMOTE_WRITE",
                        "http://prom:9090/api/v1/write"));
        assertThat(o.kafka().bootstrapServers()).isEqualTo("10.0.0.1:9092");
        assertThat(o.kafka().groupId()).isEqualTo("from-env");
        assertThat(o.kafka().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(o.remoteWrite().url()).isEqualTo("http://prom:9090/api/v1/write");
        assertThat(o.maxWatermarkLag()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void typosAndBadValuesAreRefused() {
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"--bootsrap", "x"}, Map.of()))
                .hasMessageContaining("unknown flag --bootsrap");
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"--parallelism", "-1"}, Map.of()))
                .hasMessageContaining("--parallelism must be >= 0");
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"--delivery-guarantee", "twice"}, Map.of()))
                .hasMessageContaining("exactly-once");
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"--group"}, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"--restore", "maybe"}, Map.of()))
                .hasMessageContaining("latest or none");
    }
}
