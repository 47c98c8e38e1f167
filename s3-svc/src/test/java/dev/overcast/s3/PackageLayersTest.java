package dev.overcast.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.testing.PackageCycles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The service's packages are layers, never a knot: the root package (errors, paths, stored text) and the value
 * packages (checksum, conditional, encryption, tagging, versioning) at the bottom, then bucket, then object, then
 * multipart and post; a noun's API over its store over its value types.
 */
class PackageLayersTest {

    @Test
    void noPackageOfTheServiceReachesItselfThroughAnother() {
        assertThat(PackageCycles.find(Path.of("src/main/java"), "dev.overcast.s3")).isEmpty();
    }
}
