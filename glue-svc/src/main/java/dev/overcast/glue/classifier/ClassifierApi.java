package dev.overcast.glue.classifier;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.glue.model.*;

/** Custom classifiers: Create/Get/GetClassifiers/Update/DeleteClassifier (grok, XML, JSON, CSV). */
@AwsApi(api = "glue")
public class ClassifierApi {

    public static final String KIND = "classifier";

    private final Resources resources;
    private final SuiteClock clock;

    public ClassifierApi(Resources resources, SuiteClock clock) {
        this.resources = resources;
        this.clock = clock;
    }

    public CreateClassifierResponse createClassifier(RequestContext ctx, CreateClassifierRequest r) {
        Instant now = clock.now();
        Classifier c = fromCreate(r, now);
        if (!resources.insert(Scope.of(ctx), KIND, name(c), c, now)) {
            throw GlueErrors.alreadyExists("Classifier already exists.");
        }
        return CreateClassifierResponse.builder().build();
    }

    public GetClassifierResponse getClassifier(RequestContext ctx, GetClassifierRequest r) {
        return GetClassifierResponse.builder().classifier(require(Scope.of(ctx), r.name())).build();
    }

    public GetClassifiersResponse getClassifiers(RequestContext ctx, GetClassifiersRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        List<Resources.Entry<Classifier>> page = resources.list(Scope.of(ctx), KIND, "", PageTokens.decode(KIND, r.nextToken()),
                size + 1, Classifier.class);
        String next = page.size() > size ? PageTokens.encode(KIND, page.get(size - 1).name()) : null;
        return GetClassifiersResponse.builder().classifiers(page.stream().limit(size).map(Resources.Entry::doc).toList())
                .nextToken(next).build();
    }

    public UpdateClassifierResponse updateClassifier(RequestContext ctx, UpdateClassifierRequest r) {
        Scope scope = Scope.of(ctx);
        Instant now = clock.now();
        String name = r.csvClassifier() != null ? r.csvClassifier().name() : r.jsonClassifier() != null
                ? r.jsonClassifier().name() : r.grokClassifier() != null ? r.grokClassifier().name()
                : r.xmlClassifier() != null ? r.xmlClassifier().name() : null;
        if (name == null) {
            throw GlueErrors.invalidInput("One classifier must be given.");
        }
        Classifier old = require(scope, name);
        Classifier.Builder b = old.toBuilder();
        if (r.csvClassifier() != null && old.csvClassifier() != null) {
            UpdateCsvClassifierRequest u = r.csvClassifier();
            b.csvClassifier(old.csvClassifier().toBuilder().delimiter(or(u.delimiter(), old.csvClassifier().delimiter()))
                    .quoteSymbol(or(u.quoteSymbol(), old.csvClassifier().quoteSymbol()))
                    .containsHeader(u.containsHeader() != null ? u.containsHeader() : old.csvClassifier().containsHeader())
                    .header(u.hasHeader() ? u.header() : old.csvClassifier().header())
                    .allowSingleColumn(u.allowSingleColumn() != null ? u.allowSingleColumn() : old.csvClassifier().allowSingleColumn())
                    .lastUpdated(now).version(old.csvClassifier().version() + 1).build());
        } else if (r.jsonClassifier() != null && old.jsonClassifier() != null) {
            b.jsonClassifier(old.jsonClassifier().toBuilder().jsonPath(or(r.jsonClassifier().jsonPath(),
                    old.jsonClassifier().jsonPath())).lastUpdated(now).version(old.jsonClassifier().version() + 1).build());
        } else if (r.grokClassifier() != null && old.grokClassifier() != null) {
            UpdateGrokClassifierRequest u = r.grokClassifier();
            b.grokClassifier(old.grokClassifier().toBuilder().classification(or(u.classification(),
                    old.grokClassifier().classification())).grokPattern(or(u.grokPattern(), old.grokClassifier().grokPattern()))
                    .customPatterns(or(u.customPatterns(), old.grokClassifier().customPatterns()))
                    .lastUpdated(now).version(old.grokClassifier().version() + 1).build());
        } else if (r.xmlClassifier() != null && old.xmlClassifier() != null) {
            UpdateXMLClassifierRequest u = r.xmlClassifier();
            b.xmlClassifier(old.xmlClassifier().toBuilder().classification(or(u.classification(),
                    old.xmlClassifier().classification())).rowTag(or(u.rowTag(), old.xmlClassifier().rowTag()))
                    .lastUpdated(now).version(old.xmlClassifier().version() + 1).build());
        } else {
            throw GlueErrors.invalidInput("Classifier " + name + " is of another type.");
        }
        resources.update(scope, KIND, name, b.build(), now);
        return UpdateClassifierResponse.builder().build();
    }

    public DeleteClassifierResponse deleteClassifier(RequestContext ctx, DeleteClassifierRequest r) {
        if (!resources.delete(Scope.of(ctx), KIND, r.name())) {
            throw GlueErrors.notFound("Classifier", r.name());
        }
        return DeleteClassifierResponse.builder().build();
    }

    private Classifier require(Scope scope, String name) {
        return resources.get(scope, KIND, name, Classifier.class).map(Resources.Entry::doc)
                .orElseThrow(() -> GlueErrors.notFound("Classifier", name));
    }

    /** The stored classifiers of these names, in order; those missing are left out. */
    public List<Classifier> named(Scope scope, List<String> names) {
        return names.stream().map(n -> resources.get(scope, KIND, n, Classifier.class)).flatMap(Optional::stream)
                .map(Resources.Entry::doc).toList();
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    private static String name(Classifier c) {
        return c.csvClassifier() != null ? c.csvClassifier().name() : c.jsonClassifier() != null ? c.jsonClassifier().name()
                : c.grokClassifier() != null ? c.grokClassifier().name() : c.xmlClassifier().name();
    }

    private static Classifier fromCreate(CreateClassifierRequest r, Instant now) {
        Classifier.Builder b = Classifier.builder();
        if (r.csvClassifier() != null) {
            CreateCsvClassifierRequest c = r.csvClassifier();
            b.csvClassifier(CsvClassifier.builder().name(c.name()).delimiter(c.delimiter()).quoteSymbol(c.quoteSymbol())
                    .containsHeader(c.containsHeader()).header(c.header()).disableValueTrimming(c.disableValueTrimming())
                    .allowSingleColumn(c.allowSingleColumn()).customDatatypeConfigured(c.customDatatypeConfigured())
                    .customDatatypes(c.customDatatypes()).serde(c.serde()).creationTime(now).lastUpdated(now).version(1L)
                    .build());
        } else if (r.jsonClassifier() != null) {
            b.jsonClassifier(JsonClassifier.builder().name(r.jsonClassifier().name()).jsonPath(r.jsonClassifier().jsonPath())
                    .creationTime(now).lastUpdated(now).version(1L).build());
        } else if (r.grokClassifier() != null) {
            CreateGrokClassifierRequest g = r.grokClassifier();
            b.grokClassifier(GrokClassifier.builder().name(g.name()).classification(g.classification())
                    .grokPattern(g.grokPattern()).customPatterns(g.customPatterns()).creationTime(now).lastUpdated(now)
                    .version(1L).build());
        } else if (r.xmlClassifier() != null) {
            CreateXMLClassifierRequest x = r.xmlClassifier();
            b.xmlClassifier(XMLClassifier.builder().name(x.name()).classification(x.classification()).rowTag(x.rowTag())
                    .creationTime(now).lastUpdated(now).version(1L).build());
        } else {
            throw GlueErrors.invalidInput("One classifier must be given.");
        }
        return b.build();
    }
}
