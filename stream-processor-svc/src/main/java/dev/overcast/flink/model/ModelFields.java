package dev.overcast.flink.model;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.LocationTrait;

/**
 * The wire metadata of the shapes written here for actions the served SDK model (2.20.0) lacks, in the form the SDK's
 * generated classes give it ({@link SdkField}s: member name, JSON name, type), so that common's JSON protocol layer
 * reads and writes them exactly as it does the SDK's own. Names and types are botocore's model's.
 */
final class ModelFields {

    private ModelFields() {
    }

    /** A member read from requests into a builder of type {@code B}, read back from the request of type {@code O}. */
    @SuppressWarnings("unchecked")
    static <T, O, B> SdkField<T> member(MarshallingType<T> type, String name, Function<O, T> getter, BiConsumer<B, T> setter) {
        return SdkField.<T>builder(type).memberName(name).getter(o -> getter.apply((O) o))
                .setter((b, v) -> setter.accept((B) b, v)).traits(payload(name)).build();
    }

    /** A member of a response shape, only ever written. */
    static <T, O> SdkField<T> output(MarshallingType<T> type, String name, Function<O, T> getter) {
        return member(type, name, getter, outputOnly(name));
    }

    /** A structure member of a response shape; {@code empty} gives the structure's shape to the protocol layer. */
    @SuppressWarnings("unchecked")
    static <T extends SdkPojo, O> SdkField<T> structure(String name, Function<O, T> getter, Supplier<T> empty) {
        return SdkField.<T>builder(MarshallingType.SDK_POJO).memberName(name).getter(o -> getter.apply((O) o))
                .setter(outputOnly(name)).constructor(empty::get).traits(payload(name)).build();
    }

    /** A list of structures in a response shape. */
    @SuppressWarnings("unchecked")
    static <T extends SdkPojo, O> SdkField<List<T>> list(String name, Function<O, List<T>> getter, Supplier<T> empty) {
        SdkField<T> element = SdkField.<T>builder(MarshallingType.SDK_POJO).constructor(empty::get)
                .traits(LocationTrait.builder().location(MarshallLocation.PAYLOAD).locationName("member").build()).build();
        return SdkField.<List<T>>builder(MarshallingType.LIST).memberName(name).getter(o -> getter.apply((O) o))
                .setter(outputOnly(name)).traits(payload(name), ListTrait.builder().memberLocationName(null).memberFieldInfo(element).build()).build();
    }

    /** The setter of a response member: the protocol layer only writes responses, so it is never called. */
    private static <B, T> BiConsumer<B, T> outputOnly(String name) {
        return (b, v) -> {
            throw new UnsupportedOperationException(name + " is an output member");
        };
    }

    private static LocationTrait payload(String name) {
        return LocationTrait.builder().location(MarshallLocation.PAYLOAD).locationName(name).build();
    }
}
