package dev.overcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under {@code k8s/} and each kustomization's output, strictly typed, and checked against what the
 * applications do: probe paths they serve, the ports they listen on, the variables they read, the objects each
 * reference names.
 */
class KubernetesManifestsTest {

    static final Path K8S = Repository.file("k8s");
    /** The deployable kustomizations (the base alone lacks the database and bus settings each overlay adds). */
    static final List<String> RENDERED = List.of("overlays/dev", "overlays/prod");

    @Test
    void everyManifestFileIsStrictlyTyped() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        int objects = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                JsonNode kustomization = new YAMLMapper().readTree(text);
                Set<String> keys = new TreeSet<>();
                kustomization.fieldNames().forEachRemaining(keys::add);
                assertThat(KubernetesManifests.KUSTOMIZATION_KEYS).as(file.toString()).containsAll(keys);
                assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
                for (JsonNode resource : kustomization.path("resources")) {
                    assertThat(file.getParent().resolve(resource.asText())).as(file + " resource").exists();
                }
                continue;
            }
            objects += KubernetesManifests.parse(text, K8S.relativize(file).toString()).size();
        }
        assertThat(objects).isGreaterThanOrEqualTo(16);
    }

    @Test
    void aFieldTheModelDoesNotHaveIsRefused() {
        String typo = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          readinessProbe: {httpGet: {path: /, port: 1}, periodSecond: 5}
                """;
        assertThatThrownBy(() -> KubernetesManifests.parse(typo, "typo")).hasMessageContaining("periodSecond");
        assertThatThrownBy(() -> KubernetesManifests.parse("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "pod"))
                .hasMessageContaining("v1/Pod");
    }

    @Test
    void kustomizedOverlaysMatchTheApplications() throws Exception {
        assumeTrue(KubernetesManifests.kubectlAvailable(),
                "no kubectl with kustomize v4 or later here: the overlays are not rendered (each manifest file is still read)");
        for (String dir : RENDERED) {
            List<HasMetadata> objects = KubernetesManifests.parse(KubernetesManifests.kustomize(K8S.resolve(dir)), dir);
            checkOverlay(dir, objects);
        }
    }

    /** The rendered dev overlay (for the topology test, which probes the running processes at these paths). */
    static List<HasMetadata> renderedDev() throws Exception {
        String yaml = KubernetesManifests.kustomize(K8S.resolve("overlays/dev"));
        return yaml == null ? null : KubernetesManifests.parse(yaml, "overlays/dev");
    }

    private static void checkOverlay(String dir, List<HasMetadata> objects) {
        List<Deployment> deployments = KubernetesManifests.ofKind(objects, Deployment.class);
        List<ConfigMap> configMaps = KubernetesManifests.ofKind(objects, ConfigMap.class);
        List<Secret> secrets = KubernetesManifests.ofKind(objects, Secret.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("overcast-s3", "overcast-dynamodb", "overcast-kinesis", "overcast-msk", "overcast-glue", "overcast-flink", "overcast-firehose", "overcast-gateway");
        List<PodTemplateSpec> templates = new ArrayList<>(deployments.stream().map(d -> d.getSpec().getTemplate()).toList());
        KubernetesManifests.ofKind(objects, StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));

        for (Deployment deployment : deployments) {
            String name = deployment.getMetadata().getName();
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            String module = container.getImage().replaceFirst("^overcast/", "").replaceFirst(":.*$", "");
            assertThat(Repository.file(module)).as(name + " image names a module").isDirectory();
            Map.Entry<String, Integer> port = Repository.portSetting(module);
            ContainerPort http = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
            assertThat(http.getContainerPort()).as(name + " port").isEqualTo(port.getValue());
            assertThat(container.getEnv()).as(name).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo(port.getKey());
                assertThat(e.getValue()).isEqualTo(port.getValue().toString());
            });
            boolean gateway = module.equals("gateway");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).as(name + " readiness")
                    .isEqualTo(gateway ? "/_overcast/health/ready" : "/actuator/health/readiness");
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).as(name + " liveness").isEqualTo("/actuator/health/liveness");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            for (var probe : List.of(container.getReadinessProbe(), container.getLivenessProbe(), container.getStartupProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
            }
            // the probe groups exist only where the application turns them on
            assertThat(Repository.defaults(module).getProperty("management.endpoint.health.probes.enabled")).as(module).isEqualTo("true");
            assertThat(Repository.defaults(module).getProperty("management.endpoints.web.exposure.include")).contains("prometheus", "health");
            Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
            assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", port.getValue().toString());
            assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(name).containsKey("memory");
            assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();

            Set<String> unread = new TreeSet<>();
            for (EnvVar env : container.getEnv()) {
                if (!Repository.settingsRead(module).contains(env.getName()) && !ComposeFileTest.WIRED_AHEAD.contains(env.getName())) {
                    unread.add(env.getName());
                }
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    var ref = env.getValueFrom().getConfigMapKeyRef();
                    ConfigMap map = configMaps.stream().filter(c -> c.getMetadata().getName().equals(ref.getName())).findFirst()
                            .orElseThrow(() -> new AssertionError(dir + ": " + name + " names ConfigMap " + ref.getName()));
                    assertThat(map.getData()).as(dir + " " + ref.getName()).containsKey(ref.getKey());
                }
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    if (dir.equals("overlays/dev")) {
                        Secret secret = secrets.stream().filter(s -> s.getMetadata().getName().equals(ref.getName())).findFirst()
                                .orElseThrow(() -> new AssertionError(dir + ": " + name + " names Secret " + ref.getName()));
                        assertThat(secret.getData()).containsKey(ref.getKey());
                    } else {
                        // prod: the credentials Secret is created out of git (k8s/overlays/prod/kustomization.yaml)
                        assertThat(ref.getName()).isEqualTo("overcast-db");
                    }
                }
            }
            assertThat(unread).as(dir + " " + name + ": variables its application does not read").isEmpty();
        }

        // every ConfigMap entry feeds a setting: the overlays fill in the database and the bus
        ConfigMap config = configMaps.stream().filter(c -> c.getMetadata().getName().startsWith("overcast-config")).findFirst().orElseThrow();
        assertThat(config.getData()).containsKeys("OVERCAST_DB_URL", "OVERCAST_BUS_BOOTSTRAP");
        assertThat(config.getData().get("OVERCAST_DB_URL")).startsWith("jdbc:postgresql://");

        List<Service> services = KubernetesManifests.ofKind(objects, Service.class);
        for (Service service : services) {
            PodTemplateSpec target = templates.stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(dir + ": Service " + service.getMetadata().getName() + " selects nothing"));
            Set<String> portNames = new TreeSet<>();
            target.getSpec().getContainers().forEach(c -> c.getPorts().forEach(p -> portNames.add(p.getName())));
            service.getSpec().getPorts().forEach(p -> assertThat(portNames).contains(p.getTargetPort().getStrVal()));
        }
        Service gatewayService = services.stream().filter(s -> s.getMetadata().getName().equals("overcast-gateway")).findFirst().orElseThrow();
        assertThat(gatewayService.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(gatewayService.getSpec().getPorts().getFirst().getPort()).isEqualTo(4566);

        // the gateway reaches each service at its Service's name and port
        Container gateway = deployments.stream().filter(d -> d.getMetadata().getName().equals("overcast-gateway")).findFirst()
                .orElseThrow().getSpec().getTemplate().getSpec().getContainers().getFirst();
        for (String svc : List.of("s3", "dynamodb", "kinesis", "glue", "flink", "firehose")) {
            String url = gateway.getEnv().stream().filter(e -> e.getName().equals("OVERCAST_" + svc.toUpperCase() + "_URL"))
                    .findFirst().orElseThrow().getValue();
            Service backend = services.stream().filter(s -> s.getMetadata().getName().equals("overcast-" + svc)).findFirst().orElseThrow();
            assertThat(url).isEqualTo("http://overcast-" + svc + ":" + backend.getSpec().getPorts().getFirst().getPort());
        }

        for (HorizontalPodAutoscaler hpa : KubernetesManifests.ofKind(objects, HorizontalPodAutoscaler.class)) {
            assertThat(deployments).extracting(d -> d.getMetadata().getName()).contains(hpa.getSpec().getScaleTargetRef().getName());
            assertThat(hpa.getSpec().getMinReplicas()).isPositive();
        }
        // every Deployment has its disruption budget, and its autoscaler but Managed Flink's (one replica holds its
        // applications' Flink clusters)
        assertThat(KubernetesManifests.ofKind(objects, HorizontalPodAutoscaler.class))
                .extracting(h -> h.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrderElementsOf(deployments.stream().map(d -> d.getMetadata().getName())
                        .filter(name -> !name.equals("overcast-flink")).toList());
        List<PodDisruptionBudget> pdbs = KubernetesManifests.ofKind(objects, PodDisruptionBudget.class);
        assertThat(pdbs).hasSize(deployments.size());
        for (PodDisruptionBudget pdb : pdbs) {
            assertThat(deployments).anySatisfy(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                    .containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        }

        // virtual-host buckets: a *.s3.<domain> rule, and <domain>'s s3 name among the gateway's base domains
        Ingress ingress = KubernetesManifests.ofKind(objects, Ingress.class).getFirst();
        String wildcard = ingress.getSpec().getRules().stream().map(r -> r.getHost()).filter(h -> h.startsWith("*.s3."))
                .findFirst().orElseThrow();
        ingress.getSpec().getRules().forEach(r -> assertThat(r.getHttp().getPaths().getFirst().getBackend().getService().getName())
                .isEqualTo("overcast-gateway"));
        assertThat(Arrays.asList(config.getData().get("OVERCAST_GATEWAY_S3BASEDOMAINS").split(",")))
                .contains(wildcard.substring(2));
    }
}
