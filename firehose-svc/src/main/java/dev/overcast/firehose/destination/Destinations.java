package dev.overcast.firehose.destination;

import dev.overcast.firehose.FirehoseErrors;
import dev.overcast.firehose.conversion.RecordConversion;
import dev.overcast.firehose.processing.Processors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.firehose.model.AmazonOpenSearchServerlessDestinationDescription;
import software.amazon.awssdk.services.firehose.model.AmazonOpenSearchServerlessDestinationUpdate;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceDestinationDescription;
import software.amazon.awssdk.services.firehose.model.ElasticsearchDestinationDescription;
import software.amazon.awssdk.services.firehose.model.ElasticsearchDestinationUpdate;
import software.amazon.awssdk.services.firehose.model.ProcessingConfiguration;
import software.amazon.awssdk.services.firehose.model.AmazonopensearchserviceDestinationUpdate;
import software.amazon.awssdk.services.firehose.model.CreateDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationUpdate;
import software.amazon.awssdk.services.firehose.model.HttpEndpointDestinationUpdate;
import software.amazon.awssdk.services.firehose.model.RedshiftDestinationUpdate;
import software.amazon.awssdk.services.firehose.model.S3DestinationUpdate;
import software.amazon.awssdk.services.firehose.model.SplunkDestinationUpdate;
import software.amazon.awssdk.services.firehose.model.DestinationDescription;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.HttpEndpointDestinationDescription;
import software.amazon.awssdk.services.firehose.model.RedshiftDestinationDescription;
import software.amazon.awssdk.services.firehose.model.S3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.SplunkDestinationDescription;
import software.amazon.awssdk.services.firehose.model.UpdateDestinationRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A delivery stream's destination as the API describes it, made from CreateDeliveryStream's configuration and
 * changed by UpdateDestination's update, with AWS's defaults filled in. Snowflake and Iceberg destinations are refused
 * by name until the suite delivers to them.
 */
public final class Destinations {

    private Destinations() {
    }

    /** A destination as described, and what it keeps unsaid (an HTTP endpoint's access key). */
    public record Configured(DestinationDescription description, String secret) {
    }

    /** The description of the one destination a CreateDeliveryStream request configures. */
    public static Configured describe(CreateDeliveryStreamRequest r, String destinationId) {
        refuseUnsupported(r);
        int given = (r.s3DestinationConfiguration() == null ? 0 : 1)
                + (r.extendedS3DestinationConfiguration() == null ? 0 : 1)
                + (r.httpEndpointDestinationConfiguration() == null ? 0 : 1)
                + (r.amazonopensearchserviceDestinationConfiguration() == null ? 0 : 1)
                + (r.splunkDestinationConfiguration() == null ? 0 : 1)
                + (r.redshiftDestinationConfiguration() == null ? 0 : 1)
                + (r.elasticsearchDestinationConfiguration() == null ? 0 : 1)
                + (r.amazonOpenSearchServerlessDestinationConfiguration() == null ? 0 : 1);
        if (given != 1) {
            throw FirehoseErrors.invalidArgument("Exactly one destination configuration must be specified.");
        }
        if (r.httpEndpointDestinationConfiguration() != null) {
            ObjectNode http = withS3(ModelTrees.tree(r.httpEndpointDestinationConfiguration()), "S3Configuration");
            ObjectNode defaults = httpDefaults();
            ModelTrees.merge(defaults, http);
            return buildHttp(destinationId, defaults);
        }
        if (r.redshiftDestinationConfiguration() != null) {
            ObjectNode redshift = withS3(ModelTrees.tree(r.redshiftDestinationConfiguration()), "S3Configuration");
            rename(redshift, "S3BackupConfiguration", "S3BackupDescription");
            String password = r.redshiftDestinationConfiguration().password();
            redshift.remove("Password");
            ObjectNode defaults = redshiftDefaults();
            ModelTrees.merge(defaults, redshift);
            return new Configured(buildRedshift(destinationId, defaults, password), password);
        }
        if (r.splunkDestinationConfiguration() != null) {
            ObjectNode splunk = withS3(ModelTrees.tree(r.splunkDestinationConfiguration()), "S3Configuration");
            ObjectNode defaults = splunkDefaults();
            ModelTrees.merge(defaults, splunk);
            return new Configured(buildSplunk(destinationId, defaults), null);
        }
        if (r.amazonopensearchserviceDestinationConfiguration() != null) {
            refuseVpc(r.amazonopensearchserviceDestinationConfiguration().vpcConfiguration(), "an OpenSearch Service");
            ObjectNode os = withS3(ModelTrees.tree(r.amazonopensearchserviceDestinationConfiguration()), "S3Configuration");
            ObjectNode defaults = openSearchDefaults();
            ModelTrees.merge(defaults, os);
            return new Configured(buildOpenSearch(destinationId, defaults), null);
        }
        if (r.elasticsearchDestinationConfiguration() != null) {
            refuseVpc(r.elasticsearchDestinationConfiguration().vpcConfiguration(), "an Elasticsearch");
            ObjectNode es = withS3(ModelTrees.tree(r.elasticsearchDestinationConfiguration()), "S3Configuration");
            ObjectNode defaults = openSearchDefaults();
            ModelTrees.merge(defaults, es);
            return new Configured(buildElasticsearch(destinationId, defaults), null);
        }
        if (r.amazonOpenSearchServerlessDestinationConfiguration() != null) {
            refuseVpc(r.amazonOpenSearchServerlessDestinationConfiguration().vpcConfiguration(), "an OpenSearch Serverless");
            ObjectNode aoss = withS3(ModelTrees.tree(r.amazonOpenSearchServerlessDestinationConfiguration()), "S3Configuration");
            ObjectNode defaults = serverlessDefaults();
            ModelTrees.merge(defaults, aoss);
            return new Configured(buildServerless(destinationId, defaults), null);
        }
        ObjectNode ext = r.extendedS3DestinationConfiguration() != null
                ? ModelTrees.tree(r.extendedS3DestinationConfiguration())
                : ModelTrees.tree(r.s3DestinationConfiguration());
        rename(ext, "S3BackupConfiguration", "S3BackupDescription");
        ObjectNode defaults = defaults();
        ModelTrees.merge(defaults, ext);
        if (defaults.get("S3BackupDescription") instanceof ObjectNode backup) {
            ObjectNode backupDefaults = s3Defaults();
            ModelTrees.merge(backupDefaults, backup);
            defaults.set("S3BackupDescription", backupDefaults);
        }
        return new Configured(build(destinationId, defaults), null);
    }

    /** The description after an UpdateDestination: the given members replace the current ones. */
    public static Configured update(DestinationDescription current, String secret, UpdateDestinationRequest r) {
        String kind;
        Object description;
        List<Class<?>> accepted;
        if (current.redshiftDestinationDescription() != null) {
            kind = "a Redshift";
            description = current.redshiftDestinationDescription();
            accepted = List.of(RedshiftDestinationUpdate.class);
        } else if (current.splunkDestinationDescription() != null) {
            kind = "a Splunk";
            description = current.splunkDestinationDescription();
            accepted = List.of(SplunkDestinationUpdate.class);
        } else if (current.amazonopensearchserviceDestinationDescription() != null) {
            kind = "an OpenSearch Service";
            description = current.amazonopensearchserviceDestinationDescription();
            accepted = List.of(AmazonopensearchserviceDestinationUpdate.class);
        } else if (current.elasticsearchDestinationDescription() != null) {
            kind = "an Elasticsearch";
            description = current.elasticsearchDestinationDescription();
            accepted = List.of(ElasticsearchDestinationUpdate.class);
        } else if (current.amazonOpenSearchServerlessDestinationDescription() != null) {
            kind = "an OpenSearch Serverless";
            description = current.amazonOpenSearchServerlessDestinationDescription();
            accepted = List.of(AmazonOpenSearchServerlessDestinationUpdate.class);
        } else if (current.httpEndpointDestinationDescription() != null) {
            kind = "an HTTP endpoint";
            description = current.httpEndpointDestinationDescription();
            accepted = List.of(HttpEndpointDestinationUpdate.class);
        } else {
            kind = "an Amazon S3";
            description = current.extendedS3DestinationDescription();
            accepted = List.of(S3DestinationUpdate.class, ExtendedS3DestinationUpdate.class);
        }
        ObjectNode tree = ModelTrees.tree(description);
        String newSecret = secret;
        for (Object update : java.util.Arrays.asList(r.s3DestinationUpdate(), r.extendedS3DestinationUpdate(),
                r.httpEndpointDestinationUpdate(), r.redshiftDestinationUpdate(), r.splunkDestinationUpdate(),
                r.amazonopensearchserviceDestinationUpdate(), r.elasticsearchDestinationUpdate(),
                r.amazonOpenSearchServerlessDestinationUpdate(), r.snowflakeDestinationUpdate(), r.icebergDestinationUpdate())) {
            if (update == null) {
                continue;
            }
            if (!accepted.contains(update.getClass())) {
                throw FirehoseErrors.invalidArgument("The destination " + current.destinationId() + " is " + kind
                        + " destination: only " + String.join(" or ", accepted.stream().map(Class::getSimpleName).toList())
                        + " applies to it.");
            }
            ObjectNode u = ModelTrees.tree(update);
            rename(u, "S3Update", "S3DestinationDescription");
            rename(u, "S3BackupUpdate", "S3BackupDescription");
            JsonNode password = u.remove("Password");
            if (password != null) {
                newSecret = password.asText();
            }
            ModelTrees.merge(tree, u);
        }
        String id = current.destinationId();
        if (description instanceof HttpEndpointDestinationDescription) {
            Configured c = buildHttp(id, tree);
            return new Configured(c.description(), c.secret() == null ? secret : c.secret());
        }
        DestinationDescription updated = switch (description) {
            case RedshiftDestinationDescription d -> buildRedshift(id, tree, newSecret);
            case SplunkDestinationDescription d -> buildSplunk(id, tree);
            case AmazonopensearchserviceDestinationDescription d -> buildOpenSearch(id, tree);
            case ElasticsearchDestinationDescription d -> buildElasticsearch(id, tree);
            case AmazonOpenSearchServerlessDestinationDescription d -> buildServerless(id, tree);
            default -> build(id, tree);
        };
        return new Configured(updated, newSecret);
    }

    /** The destination's S3 configuration (under {@code member}) as its S3DestinationDescription, with defaults. */
    private static ObjectNode withS3(ObjectNode destination, String member) {
        rename(destination, member, "S3DestinationDescription");
        ObjectNode s3 = s3Defaults();
        ModelTrees.merge(s3, destination.path("S3DestinationDescription"));
        destination.set("S3DestinationDescription", s3);
        return destination;
    }

    /** A Redshift destination: PostgreSQL at ClusterJDBCURL stands in; its CopyCommand must be one PostgreSQL can run. */
    private static DestinationDescription buildRedshift(String destinationId, ObjectNode redshift, String password) {
        RedshiftDestinationDescription d = ModelTrees.fromTree(redshift, RedshiftDestinationDescription.class);
        if (password == null || d.username() == null) {
            throw FirehoseErrors.invalidArgument("Username and Password are required: the suite has no Secrets Manager "
                    + "to hold them.");
        }
        RedshiftCopy.of(d.copyCommand());
        String compression = d.s3DestinationDescription() == null ? null
                : d.s3DestinationDescription().compressionFormatAsString();
        if ("SNAPPY".equals(compression) || "ZIP".equals(compression)) {
            throw FirehoseErrors.invalidArgument("The compression formats SNAPPY or ZIP cannot be specified in "
                    + "RedshiftDestinationConfiguration.S3Configuration because the Amazon Redshift COPY operation that "
                    + "reads from the S3 bucket doesn't support these compression formats.");
        }
        if ("HADOOP_SNAPPY".equals(compression)) {
            throw FirehoseErrors.invalidArgument("The compression format HADOOP_SNAPPY cannot be specified in "
                    + "RedshiftDestinationConfiguration.S3Configuration here: the COPY reads the intermediate object "
                    + "back, uncompressed or GZIP.");
        }
        checkProcessingAndPrefixes(d.processingConfiguration(), d.s3DestinationDescription());
        return DestinationDescription.builder().destinationId(destinationId).redshiftDestinationDescription(d).build();
    }

    /** A Splunk destination: its HEC endpoint and token (the suite has no Secrets Manager). */
    private static DestinationDescription buildSplunk(String destinationId, ObjectNode splunk) {
        SplunkDestinationDescription d = ModelTrees.fromTree(splunk, SplunkDestinationDescription.class);
        if (d.hecToken() == null || d.hecToken().isEmpty()) {
            throw FirehoseErrors.invalidArgument("HECToken is required: the suite has no Secrets Manager to hold it.");
        }
        checkProcessingAndPrefixes(d.processingConfiguration(), d.s3DestinationDescription());
        return DestinationDescription.builder().destinationId(destinationId).splunkDestinationDescription(d).build();
    }

    /** An OpenSearch Service destination: delivered to its ClusterEndpoint (the suite has no domain behind DomainARN). */
    private static DestinationDescription buildOpenSearch(String destinationId, ObjectNode os) {
        AmazonopensearchserviceDestinationDescription d =
                ModelTrees.fromTree(os, AmazonopensearchserviceDestinationDescription.class);
        if (d.clusterEndpoint() == null || d.clusterEndpoint().isEmpty()) {
            throw FirehoseErrors.invalidArgument("ClusterEndpoint is required: the suite has no OpenSearch domain behind "
                    + "DomainARN, so Firehose delivers to the cluster endpoint given (http:// or https://).");
        }
        checkProcessingAndPrefixes(d.processingConfiguration(), d.s3DestinationDescription());
        return DestinationDescription.builder().destinationId(destinationId)
                .amazonopensearchserviceDestinationDescription(d).build();
    }

    /** An Elasticsearch destination: delivered to its ClusterEndpoint as an OpenSearch Service one is. */
    private static DestinationDescription buildElasticsearch(String destinationId, ObjectNode es) {
        ElasticsearchDestinationDescription d = ModelTrees.fromTree(es, ElasticsearchDestinationDescription.class);
        if (d.clusterEndpoint() == null || d.clusterEndpoint().isEmpty()) {
            throw FirehoseErrors.invalidArgument("ClusterEndpoint is required: the suite has no Elasticsearch domain "
                    + "behind DomainARN, so Firehose delivers to the cluster endpoint given (http:// or https://).");
        }
        checkProcessingAndPrefixes(d.processingConfiguration(), d.s3DestinationDescription());
        return DestinationDescription.builder().destinationId(destinationId).elasticsearchDestinationDescription(d).build();
    }

    /** An OpenSearch Serverless destination: delivered to its CollectionEndpoint. */
    private static DestinationDescription buildServerless(String destinationId, ObjectNode aoss) {
        AmazonOpenSearchServerlessDestinationDescription d =
                ModelTrees.fromTree(aoss, AmazonOpenSearchServerlessDestinationDescription.class);
        if (d.collectionEndpoint() == null || d.collectionEndpoint().isEmpty()) {
            throw FirehoseErrors.invalidArgument("CollectionEndpoint is required for an OpenSearch Serverless "
                    + "destination (http:// or https://).");
        }
        checkProcessingAndPrefixes(d.processingConfiguration(), d.s3DestinationDescription());
        return DestinationDescription.builder().destinationId(destinationId)
                .amazonOpenSearchServerlessDestinationDescription(d).build();
    }

    private static void checkProcessingAndPrefixes(ProcessingConfiguration processing, S3DestinationDescription s3) {
        Processors.check(processing, false, null);
        Prefixes.check(s3.prefix(), s3.errorOutputPrefix(), false);
    }

    /** The suite reaches endpoints directly: a VPC delivery is refused by name. */
    private static void refuseVpc(Object vpc, String kind) {
        if (vpc != null) {
            throw FirehoseErrors.unsupported("VpcConfiguration of " + kind + " destination");
        }
    }

    /** An HTTP endpoint destination: its access key is kept apart (Firehose never describes it). */
    private static Configured buildHttp(String destinationId, ObjectNode http) {
        JsonNode key = http.path("EndpointConfiguration").path("AccessKey");
        String secret = key.isMissingNode() || key.isNull() ? null : key.asText();
        if (http.get("EndpointConfiguration") instanceof ObjectNode endpoint) {
            endpoint.remove("AccessKey");
        }
        HttpEndpointDestinationDescription d = ModelTrees.fromTree(http, HttpEndpointDestinationDescription.class);
        checkProcessingAndPrefixes(d.processingConfiguration(), d.s3DestinationDescription());
        return new Configured(DestinationDescription.builder().destinationId(destinationId)
                .httpEndpointDestinationDescription(d).build(), secret);
    }

    private static DestinationDescription build(String destinationId, ObjectNode ext) {
        ExtendedS3DestinationDescription extended = ModelTrees.fromTree(ext, ExtendedS3DestinationDescription.class);
        check(extended);
        return DestinationDescription.builder().destinationId(destinationId)
                .extendedS3DestinationDescription(extended)
                .s3DestinationDescription(ModelTrees.fromTree(ext, S3DestinationDescription.class)).build();
    }

    private static void check(ExtendedS3DestinationDescription d) {
        RecordConversion.check(d.dataFormatConversionConfiguration(), d.compressionFormatAsString());
        boolean dynamic = d.dynamicPartitioningConfiguration() != null
                && Boolean.TRUE.equals(d.dynamicPartitioningConfiguration().enabled());
        Processors.check(d.processingConfiguration(), dynamic, d.bufferingHints());
        if (d.s3BackupMode() != null && d.s3BackupMode().toString().equals("Enabled") && d.s3BackupDescription() == null) {
            throw FirehoseErrors.invalidArgument("S3BackupConfiguration must be specified when S3BackupMode is Enabled.");
        }
        Prefixes.check(d.prefix(), d.errorOutputPrefix(), dynamic);
        if (d.s3BackupDescription() != null) {
            Prefixes.check(d.s3BackupDescription().prefix(), d.s3BackupDescription().errorOutputPrefix(), false);
        }
    }

    /** The destinations the suite does not deliver to yet: refused with what is missing, never accepted and dropped. */
    private static void refuseUnsupported(CreateDeliveryStreamRequest r) {
        Map<String, Object> others = new LinkedHashMap<>();
        others.put("Snowflake destinations (SnowflakeDestinationConfiguration)", r.snowflakeDestinationConfiguration());
        others.put("Apache Iceberg table destinations (IcebergDestinationConfiguration)", r.icebergDestinationConfiguration());
        others.forEach((what, config) -> {
            if (config != null) {
                throw FirehoseErrors.unsupported(what);
            }
        });
    }

    private static void rename(ObjectNode node, String from, String to) {
        JsonNode v = node.remove(from);
        if (v != null) {
            node.set(to, v);
        }
    }

    /** What AWS describes for an S3 destination whose configuration leaves a member out. */
    private static ObjectNode s3Defaults() {
        ObjectNode d = ModelTrees.tree(null);
        d.putObject("BufferingHints").put("SizeInMBs", 5).put("IntervalInSeconds", 300);
        d.put("CompressionFormat", "UNCOMPRESSED");
        d.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
        d.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        return d;
    }

    private static ObjectNode openSearchDefaults() {
        ObjectNode d = ModelTrees.tree(null);
        d.putObject("BufferingHints").put("SizeInMBs", 5).put("IntervalInSeconds", 300);
        d.putObject("RetryOptions").put("DurationInSeconds", 300);
        d.put("IndexRotationPeriod", "OneDay");
        d.put("S3BackupMode", "FailedDocumentsOnly");
        d.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        d.putObject("DocumentIdOptions").put("DefaultDocumentIdFormat", "FIREHOSE_DEFAULT");
        return d;
    }

    private static ObjectNode serverlessDefaults() {
        ObjectNode d = ModelTrees.tree(null);
        d.putObject("BufferingHints").put("SizeInMBs", 5).put("IntervalInSeconds", 300);
        d.putObject("RetryOptions").put("DurationInSeconds", 300);
        d.put("S3BackupMode", "FailedDocumentsOnly");
        d.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        return d;
    }

    private static ObjectNode redshiftDefaults() {
        ObjectNode d = ModelTrees.tree(null);
        d.putObject("RetryOptions").put("DurationInSeconds", 3600);
        d.put("S3BackupMode", "Disabled");
        d.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        return d;
    }

    private static ObjectNode splunkDefaults() {
        ObjectNode d = ModelTrees.tree(null);
        d.putObject("BufferingHints").put("SizeInMBs", 5).put("IntervalInSeconds", 60);
        d.putObject("RetryOptions").put("DurationInSeconds", 3600);
        d.put("HECAcknowledgmentTimeoutInSeconds", 180);
        d.put("S3BackupMode", "FailedEventsOnly");
        d.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        return d;
    }

    private static ObjectNode httpDefaults() {
        ObjectNode d = ModelTrees.tree(null);
        d.putObject("BufferingHints").put("SizeInMBs", 5).put("IntervalInSeconds", 300);
        d.putObject("RetryOptions").put("DurationInSeconds", 300);
        d.putObject("RequestConfiguration").put("ContentEncoding", "NONE");
        d.putObject("CloudWatchLoggingOptions").put("Enabled", false);
        d.put("S3BackupMode", "FailedDataOnly");
        return d;
    }

    private static ObjectNode defaults() {
        ObjectNode d = s3Defaults();
        d.put("S3BackupMode", "Disabled");
        return d;
    }
}
