package dev.overcast.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.PackageCycles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The service's packages form layers: no package reaches back, through any chain of references, to itself. */
class PackageCyclesTest {

    @Test
    void noPackageReachesItselfBack() {
        assertThat(PackageCycles.find(Path.of("src/main/java"), "dev.overcast.firehose")).isEmpty();
    }
}
