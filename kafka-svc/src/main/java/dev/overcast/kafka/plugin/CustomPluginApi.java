package dev.overcast.kafka.plugin;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.kafka.ConnectArns;
import dev.overcast.kafka.ConnectErrors;
import dev.overcast.kafka.Pages;
import dev.overcast.kafka.plugin.CustomPluginStore.Location;
import dev.overcast.kafka.plugin.CustomPluginStore.StoredPlugin;
import dev.overcast.kafka.tag.TagStore;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kafkaconnect.model.CreateCustomPluginRequest;
import software.amazon.awssdk.services.kafkaconnect.model.CreateCustomPluginResponse;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginFileDescription;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginLocationDescription;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginRevisionSummary;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginSummary;
import software.amazon.awssdk.services.kafkaconnect.model.DeleteCustomPluginRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DeleteCustomPluginResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeCustomPluginRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeCustomPluginResponse;
import software.amazon.awssdk.services.kafkaconnect.model.ListCustomPluginsRequest;
import software.amazon.awssdk.services.kafkaconnect.model.ListCustomPluginsResponse;
import software.amazon.awssdk.services.kafkaconnect.model.S3LocationDescription;
import software.amazon.awssdk.services.kafkaconnect.model.StateDescription;

/**
 * Custom plugins: Create/Describe/List/DeleteCustomPlugin. The plugin is a JAR or a ZIP in the suite's S3, read
 * through the S3 API at the object version given (or the one current when it is read); CREATING until it is read.
 */
@AwsApi(api = "kafkaconnect")
public class CustomPluginApi {

    /** An S3 bucket's ARN: {@code arn:aws:s3:::<bucket>}. */
    private static final Pattern BUCKET_ARN = Pattern.compile("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");

    private final CustomPluginStore store;
    private final PluginLifecycle lifecycle;
    private final PluginFiles files;
    private final TagStore tags;
    private final SuiteClock clock;
    private final TransactionTemplate tx;

    public CustomPluginApi(CustomPluginStore store, PluginLifecycle lifecycle, PluginFiles files, TagStore tags,
                           SuiteClock clock, TransactionTemplate tx) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.files = files;
        this.tags = tags;
        this.clock = clock;
        this.tx = tx;
    }

    public CreateCustomPluginResponse createCustomPlugin(RequestContext ctx, CreateCustomPluginRequest req) {
        var s3 = req.location().s3Location();
        if (s3 == null) {
            throw ConnectErrors.badRequest("The location parameter must name an s3Location.");
        }
        if (s3.bucketArn() == null || !BUCKET_ARN.matcher(s3.bucketArn()).matches()) {
            throw ConnectErrors.badRequest("The bucketArn " + s3.bucketArn() + " is not a valid S3 bucket ARN.");
        }
        if (s3.fileKey() == null || s3.fileKey().isEmpty()) {
            throw ConnectErrors.badRequest("The fileKey parameter is required.");
        }
        TagStore.validate(req.tags());
        StoredPlugin p = new StoredPlugin(ConnectArns.customPlugin(ctx.region(), ctx.account(), req.name()), ctx.account(),
                ctx.region(), req.name(), req.description(), "CREATING", null, null, clock.now(), req.contentTypeAsString(),
                new Location(s3.bucketArn(), s3.fileKey(), s3.objectVersion()), null, null);
        tx.executeWithoutResult(s -> {
            store.insert(p);
            tags.put(p.arn(), req.tags());
        });
        lifecycle.read(p);
        return CreateCustomPluginResponse.builder().customPluginArn(p.arn()).name(p.name()).revision(1L)
                .customPluginState(p.state()).build();
    }

    public DescribeCustomPluginResponse describeCustomPlugin(RequestContext ctx, DescribeCustomPluginRequest req) {
        StoredPlugin p = store.require(ctx.account(), ctx.region(), req.customPluginArn());
        return DescribeCustomPluginResponse.builder().customPluginArn(p.arn()).name(p.name()).description(p.description())
                .creationTime(p.created()).customPluginState(p.state()).latestRevision(revision(p))
                .stateDescription(p.stateCode() == null ? null
                        : StateDescription.builder().code(p.stateCode()).message(p.stateMessage()).build())
                .build();
    }

    public ListCustomPluginsResponse listCustomPlugins(RequestContext ctx, ListCustomPluginsRequest req) {
        Pages.Page<StoredPlugin> page = Pages.of(store.list(ctx.account(), ctx.region(), req.namePrefix()), req.maxResults(),
                req.nextToken());
        return ListCustomPluginsResponse.builder().nextToken(page.nextToken())
                .customPlugins(page.items().stream().map(p -> CustomPluginSummary.builder().customPluginArn(p.arn())
                        .name(p.name()).description(p.description()).creationTime(p.created())
                        .customPluginState(p.state()).latestRevision(revision(p)).build()).toList())
                .build();
    }

    /** Deletes it, unless a connector uses it (its workers lay the plugin out again at each start). */
    public DeleteCustomPluginResponse deleteCustomPlugin(RequestContext ctx, DeleteCustomPluginRequest req) {
        StoredPlugin p = store.require(ctx.account(), ctx.region(), req.customPluginArn());
        List<String> users = store.usedBy(p.arn());
        if (!users.isEmpty()) {
            throw ConnectErrors.badRequest("The custom plugin " + p.arn() + " is used by connector(s) "
                    + String.join(", ", users) + " and cannot be deleted.");
        }
        tx.executeWithoutResult(s -> {
            store.delete(p.arn());
            tags.removeAll(p.arn());
        });
        files.remove(p);
        return DeleteCustomPluginResponse.builder().customPluginArn(p.arn()).customPluginState("DELETING").build();
    }

    private static CustomPluginRevisionSummary revision(StoredPlugin p) {
        return CustomPluginRevisionSummary.builder().revision(1L).contentType(p.contentType()).creationTime(p.created())
                .description(p.description())
                .location(CustomPluginLocationDescription.builder().s3Location(S3LocationDescription.builder()
                        .bucketArn(p.location().bucketArn()).fileKey(p.location().fileKey())
                        .objectVersion(p.location().objectVersion()).build()).build())
                .fileDescription(p.fileMd5() == null ? null
                        : CustomPluginFileDescription.builder().fileMd5(p.fileMd5()).fileSize(p.fileSize()).build())
                .build();
    }
}
