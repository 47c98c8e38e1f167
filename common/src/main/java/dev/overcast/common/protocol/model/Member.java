package dev.overcast.common.protocol.model;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;
import software.amazon.awssdk.core.traits.JsonValueTrait;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.PayloadTrait;
import software.amazon.awssdk.core.traits.RequiredTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.core.traits.XmlAttributeTrait;
import software.amazon.awssdk.core.traits.XmlAttributesTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * The wire metadata of one member of a model shape, computed once from its {@link SdkField}: location, wire name,
 * type and traits, and (lazily) the shapes of nested structures, list elements and map values.
 */
public final class Member {

    private final SdkField<?> field;
    private final String name;
    private final String unmarshallName;
    private final MarshallLocation location;
    private final MarshallingKnownType type;
    private final boolean required;
    private final boolean explicitPayload;
    private final boolean xmlAttribute;
    private final boolean xmlAttributes;
    private final boolean jsonValue;
    private final TimestampFormatTrait.Format timestampFormat;
    private final ListTrait listTrait;
    private final MapTrait mapTrait;
    private final Member element;
    private final Member mapValue;
    private volatile Shape shape;

    Member(SdkField<?> field) {
        this.field = field;
        this.name = field.locationName();
        String un = field.unmarshallLocationName();
        this.unmarshallName = un == null ? name : un;
        this.location = field.location() == null ? MarshallLocation.PAYLOAD : field.location();
        this.type = field.marshallingType().getKnownType();
        this.required = field.containsTrait(RequiredTrait.class);
        this.explicitPayload = field.containsTrait(PayloadTrait.class);
        this.xmlAttribute = field.containsTrait(XmlAttributeTrait.class);
        this.xmlAttributes = field.containsTrait(XmlAttributesTrait.class);
        this.jsonValue = field.containsTrait(JsonValueTrait.class);
        this.timestampFormat = field.getOptionalTrait(TimestampFormatTrait.class)
                .map(TimestampFormatTrait::format).orElse(null);
        this.listTrait = type == MarshallingKnownType.LIST ? field.getTrait(ListTrait.class) : null;
        this.mapTrait = type == MarshallingKnownType.MAP ? field.getTrait(MapTrait.class) : null;
        this.element = listTrait != null && listTrait.memberFieldInfo() != null
                ? new Member(listTrait.memberFieldInfo()) : null;
        this.mapValue = mapTrait != null && mapTrait.valueFieldInfo() != null
                ? new Member(mapTrait.valueFieldInfo()) : null;
    }

    /** The metadata of a field outside any model class (tests, hand-made shapes). */
    public static Member of(SdkField<?> field) {
        return new Member(field);
    }

    public SdkField<?> field() {
        return field;
    }

    /** The member name of the model (e.g. {@code TableName}). */
    public String memberName() {
        return field.memberName();
    }

    /** The wire name (JSON key, XML element, header, query parameter or URI label). */
    public String name() {
        return name;
    }

    public String unmarshallName() {
        return unmarshallName;
    }

    public MarshallLocation location() {
        return location;
    }

    public MarshallingKnownType type() {
        return type;
    }

    public boolean required() {
        return required;
    }

    public boolean explicitPayload() {
        return explicitPayload;
    }

    public boolean xmlAttribute() {
        return xmlAttribute;
    }

    public boolean xmlAttributes() {
        return xmlAttributes;
    }

    public boolean jsonValue() {
        return jsonValue;
    }

    /** The member's own timestamp format, or {@code null} for the protocol/location default. */
    public TimestampFormatTrait.Format timestampFormat() {
        return timestampFormat;
    }

    public ListTrait listTrait() {
        return listTrait;
    }

    public MapTrait mapTrait() {
        return mapTrait;
    }

    /** The element of a list member. */
    public Member element() {
        return element;
    }

    /** The value of a map member. */
    public Member mapValue() {
        return mapValue;
    }

    public boolean flattened() {
        return listTrait != null ? listTrait.isFlattened() : mapTrait != null && mapTrait.isFlattened();
    }

    /** The shape of a structure member (lists and maps: of their element). */
    public Shape shape() {
        Shape s = shape;
        if (s == null) {
            if (type != MarshallingKnownType.SDK_POJO) {
                throw new IllegalStateException(memberName() + " is not a structure");
            }
            s = Shape.ofBuilderSupplier(field.constructor());
            shape = s;
        }
        return s;
    }

    /** The member's value in a model object; {@code null} when unset (auto-construct lists and maps are unset). */
    public Object get(Object pojo) {
        Object v = field.getValueOrDefault(pojo);
        if (v instanceof SdkAutoConstructList<?> || v instanceof SdkAutoConstructMap<?, ?>) {
            return null;
        }
        return v;
    }

    /** Sets the member on a builder. */
    public void set(Object builder, Object value) {
        field.set(builder, value);
    }

    @Override
    public String toString() {
        return memberName() + "(" + location + " " + name + " " + type + ")";
    }
}
