package dev.overcast.common.protocol.model;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The cached wire metadata of one SDK model class: its members grouped by location and a factory for its builder.
 * Computed once per class; reading and writing then only invoke cached handles.
 */
public final class Shape {

    private static final Map<Class<?>, Shape> BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Shape> BY_BUILDER_CLASS = new ConcurrentHashMap<>();

    private final Class<?> modelClass;
    private final Supplier<Object> builderFactory;
    private final List<Member> members;
    private final List<Member> payloadMembers;
    private final List<Member> headerMembers;
    private final List<Member> queryMembers;
    private final List<Member> pathMembers;
    private final Member statusCodeMember;
    private final Member explicitPayloadMember;
    private final Map<String, Member> payloadByName;
    private final Map<String, Member> pathByName;

    private Shape(Class<?> modelClass, Supplier<Object> builderFactory, List<SdkField<?>> fields) {
        this.modelClass = modelClass;
        this.builderFactory = builderFactory;
        List<Member> all = new ArrayList<>();
        List<Member> payload = new ArrayList<>();
        List<Member> header = new ArrayList<>();
        List<Member> query = new ArrayList<>();
        List<Member> path = new ArrayList<>();
        Map<String, Member> byName = new HashMap<>();
        Map<String, Member> byPath = new HashMap<>();
        Member status = null;
        Member explicit = null;
        for (SdkField<?> f : fields) {
            Member m = new Member(f);
            all.add(m);
            switch (m.location()) {
                case PAYLOAD -> {
                    payload.add(m);
                    byName.putIfAbsent(m.unmarshallName(), m);
                    byName.putIfAbsent(m.name(), m);
                    if (m.explicitPayload()) {
                        explicit = m;
                    }
                }
                case HEADER -> header.add(m);
                case QUERY_PARAM -> query.add(m);
                case PATH, GREEDY_PATH -> {
                    path.add(m);
                    byPath.put(m.name(), m);
                }
                case STATUS_CODE -> status = m;
                default -> { }
            }
        }
        this.members = List.copyOf(all);
        this.payloadMembers = List.copyOf(payload);
        this.headerMembers = List.copyOf(header);
        this.queryMembers = List.copyOf(query);
        this.pathMembers = List.copyOf(path);
        this.statusCodeMember = status;
        this.explicitPayloadMember = explicit;
        this.payloadByName = Collections.unmodifiableMap(byName);
        this.pathByName = Collections.unmodifiableMap(byPath);
    }

    /** The shape of a model class with a static {@code builder()} (requests, responses, structures). */
    public static Shape of(Class<?> modelClass) {
        return BY_CLASS.computeIfAbsent(modelClass, Shape::create);
    }

    static Shape ofBuilderSupplier(Supplier<SdkPojo> constructor) {
        SdkPojo sample = constructor.get();
        return BY_BUILDER_CLASS.computeIfAbsent(sample.getClass(),
                c -> new Shape(c, () -> constructor.get(), sample.sdkFields()));
    }

    private static Shape create(Class<?> modelClass) {
        try {
            MethodHandle builder = MethodHandles.publicLookup()
                    .findStatic(modelClass, "builder", MethodType.methodType(findBuilderType(modelClass)));
            Supplier<Object> factory = () -> {
                try {
                    return builder.invoke();
                } catch (Throwable t) {
                    throw new IllegalStateException("cannot create builder of " + modelClass.getName(), t);
                }
            };
            SdkPojo sample = (SdkPojo) factory.get();
            return new Shape(modelClass, factory, sample.sdkFields());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(modelClass.getName() + " is not an SDK model class", e);
        }
    }

    private static Class<?> findBuilderType(Class<?> modelClass) throws NoSuchMethodException {
        return modelClass.getMethod("builder").getReturnType();
    }

    public Class<?> modelClass() {
        return modelClass;
    }

    /** A new, empty builder of the model class (it implements {@link SdkPojo}). */
    public Object newBuilder() {
        return builderFactory.get();
    }

    /** Builds a builder made by {@link #newBuilder()}. */
    public static Object build(Object builder) {
        return ((SdkBuilder<?, ?>) builder).build();
    }

    public List<Member> members() {
        return members;
    }

    public List<Member> payloadMembers() {
        return payloadMembers;
    }

    public List<Member> headerMembers() {
        return headerMembers;
    }

    public List<Member> queryMembers() {
        return queryMembers;
    }

    public List<Member> pathMembers() {
        return pathMembers;
    }

    public Member statusCodeMember() {
        return statusCodeMember;
    }

    /** The member bound to the whole body ({@code @httpPayload}), or {@code null}. */
    public Member explicitPayloadMember() {
        return explicitPayloadMember;
    }

    /** A payload member by its wire name, or {@code null}. */
    public Member payloadMember(String wireName) {
        return payloadByName.get(wireName);
    }

    /** A URI label member by its label name, or {@code null}. */
    public Member pathMember(String label) {
        return pathByName.get(label);
    }
}
