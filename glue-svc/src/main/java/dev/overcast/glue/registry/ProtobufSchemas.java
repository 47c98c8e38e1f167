package dev.overcast.glue.registry;

import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import com.squareup.wire.schema.internal.parser.TypeElement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PROTOBUF definitions (one .proto file's text), parsed with Wire's .proto parser, checked, and compared by what the
 * wire format lets a reader of one definition read from a writer of the other. Messages are matched by their full
 * name and fields by their number, so renaming a field is compatible; a reader cannot read a writer's data when:
 * the package changed; a message of the writer is gone from the reader; a field number is reused with a type of
 * another wire encoding (varint int32/int64/uint32/uint64/bool/enum, zigzag sint32/sint64, fixed32/sfixed32,
 * fixed64/sfixed64, float, double, length-delimited string/bytes, or another message type); a field changed between
 * repeated and singular (a map is its own kind); the reader requires a field (proto2 {@code required}) the writer
 * does not write; or fields the writer kept apart share one oneof in the reader.
 */
final class ProtobufSchemas {

    private static final Set<String> SCALARS = Set.of("double", "float", "int32", "int64", "uint32", "uint64", "sint32",
            "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes");
    private static final Map<String, String> ENCODING = Map.ofEntries(Map.entry("int32", "varint"),
            Map.entry("int64", "varint"), Map.entry("uint32", "varint"), Map.entry("uint64", "varint"),
            Map.entry("bool", "varint"), Map.entry("sint32", "zigzag"), Map.entry("sint64", "zigzag"),
            Map.entry("fixed32", "fixed32"), Map.entry("sfixed32", "fixed32"), Map.entry("fixed64", "fixed64"),
            Map.entry("sfixed64", "fixed64"), Map.entry("float", "float"), Map.entry("double", "double"),
            Map.entry("string", "bytes"), Map.entry("bytes", "bytes"));
    private static final int MAX_TAG = (1 << 29) - 1;

    /** One field of a message: its type as resolved in the file, label, and oneof (null outside one). */
    private record FieldInfo(String name, String type, Field.Label label, String oneOf) {
    }

    /** A parsed definition: package, messages and enums by full name (package left out), each message's fields. */
    private record Proto(String packageName, Map<String, Map<Integer, FieldInfo>> messages, Set<String> enums) {
    }

    private ProtobufSchemas() {
    }

    /** Why the definition is not a valid .proto file, or null when it is. */
    static String invalid(String definition) {
        try {
            read(definition);
            return null;
        } catch (IllegalStateException | IllegalArgumentException e) {
            return "Schema definition of PROTOBUF data format is invalid: " + e.getMessage();
        }
    }

    /** The canonical text of a definition (Wire's own rendering), or null when it does not parse. */
    static String canonical(String definition) {
        try {
            return parse(definition).toSchema();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True when data written with {@code writer} can be read with {@code reader}. */
    static boolean canRead(String reader, String writer) {
        Proto r = read(reader);
        Proto w = read(writer);
        if (!java.util.Objects.equals(r.packageName(), w.packageName())) {
            return false;
        }
        for (Map.Entry<String, Map<Integer, FieldInfo>> message : w.messages().entrySet()) {
            Map<Integer, FieldInfo> readerFields = r.messages().get(message.getKey());
            if (readerFields == null) {
                return false;
            }
            Map<Integer, FieldInfo> writerFields = message.getValue();
            Map<String, String> oneOfOfWriter = new HashMap<>();
            for (Map.Entry<Integer, FieldInfo> f : readerFields.entrySet()) {
                FieldInfo rf = f.getValue();
                FieldInfo wf = writerFields.get(f.getKey());
                if (wf == null) {
                    if (rf.label() == Field.Label.REQUIRED) {
                        return false;
                    }
                    continue;
                }
                if (!sameEncoding(rf, wf, r, w) || repeated(rf) != repeated(wf)) {
                    return false;
                }
                if (rf.oneOf() != null) {
                    // two fields the writer could both set (not one oneof) are alternatives of one oneof in the reader
                    String writerGroup = wf.oneOf() == null ? "#" + f.getKey() : wf.oneOf();
                    String before = oneOfOfWriter.putIfAbsent(rf.oneOf(), writerGroup);
                    if (before != null && !before.equals(writerGroup)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean repeated(FieldInfo f) {
        return f.label() == Field.Label.REPEATED || f.type().startsWith("map<");
    }

    private static boolean sameEncoding(FieldInfo a, FieldInfo b, Proto pa, Proto pb) {
        return encoding(a.type(), pa).equals(encoding(b.type(), pb));
    }

    /** A type's wire encoding; message types are their full name, enums read as varints. */
    private static String encoding(String type, Proto p) {
        if (ENCODING.containsKey(type)) {
            return ENCODING.get(type);
        }
        if (p.enums().contains(type)) {
            return "varint";
        }
        return type;
    }

    private static ProtoFileElement parse(String definition) {
        return ProtoParser.Companion.parse(Location.get("schema.proto"), definition);
    }

    private static Proto read(String definition) {
        ProtoFileElement file = parse(definition);
        Map<String, MessageElement> messages = new LinkedHashMap<>();
        Set<String> enums = new HashSet<>();
        collect(file.getTypes(), "", messages, enums);
        Set<String> known = new HashSet<>(messages.keySet());
        known.addAll(enums);
        boolean imports = !file.getImports().isEmpty() || !file.getPublicImports().isEmpty();
        Map<String, Map<Integer, FieldInfo>> fields = new LinkedHashMap<>();
        messages.forEach((name, m) -> {
            Map<Integer, FieldInfo> byTag = new LinkedHashMap<>();
            for (FieldElement f : m.getFields()) {
                add(name, f, null, byTag, known, imports, file.getPackageName());
            }
            for (OneOfElement o : m.getOneOfs()) {
                for (FieldElement f : o.getFields()) {
                    add(name, f, o.getName(), byTag, known, imports, file.getPackageName());
                }
            }
            fields.put(name, byTag);
        });
        return new Proto(file.getPackageName(), fields, enums);
    }

    private static void collect(List<TypeElement> types, String scope, Map<String, MessageElement> messages,
                                Set<String> enums) {
        for (TypeElement t : types) {
            String name = scope + t.getName();
            if (t instanceof MessageElement m) {
                if (messages.put(name, m) != null) {
                    throw new IllegalArgumentException("Message " + name + " is defined twice");
                }
            } else if (t instanceof EnumElement) {
                enums.add(name);
            }
            collect(t.getNestedTypes(), name + ".", messages, enums);
        }
    }

    private static void add(String message, FieldElement f, String oneOf, Map<Integer, FieldInfo> byTag, Set<String> known,
                            boolean imports, String packageName) {
        int tag = f.getTag();
        if (tag < 1 || tag > MAX_TAG || tag >= 19000 && tag <= 19999) {
            throw new IllegalArgumentException("Field " + message + "." + f.getName() + " has an invalid number " + tag);
        }
        String type = resolve(f.getType(), message, known, imports, packageName);
        if (byTag.put(tag, new FieldInfo(f.getName(), type, f.getLabel(), oneOf)) != null) {
            throw new IllegalArgumentException("Field number " + tag + " is used twice in message " + message);
        }
    }

    /** The full name (package left out) a field's type names from inside {@code message}, as protoc resolves it. */
    private static String resolve(String type, String message, Set<String> known, boolean imports, String packageName) {
        if (SCALARS.contains(type)) {
            return type;
        }
        if (type.startsWith("map<")) {
            int comma = type.indexOf(',');
            return "map<" + resolve(type.substring(4, comma).strip(), message, known, imports, packageName) + ","
                    + resolve(type.substring(comma + 1, type.length() - 1).strip(), message, known, imports, packageName)
                    + ">";
        }
        String name = type.startsWith(".") ? type.substring(1) : type;
        if (packageName != null && name.startsWith(packageName + ".")) {
            String local = name.substring(packageName.length() + 1);
            if (known.contains(local)) {
                return local;
            }
        }
        if (!type.startsWith(".")) {
            for (String scope = message; ; scope = scope.substring(0, scope.lastIndexOf('.'))) {
                if (known.contains(scope + "." + name)) {
                    return scope + "." + name;
                }
                if (scope.indexOf('.') < 0) {
                    break;
                }
            }
        }
        if (known.contains(name)) {
            return name;
        }
        if (imports) {
            return name;
        }
        throw new IllegalArgumentException("Field type " + type + " of message " + message + " is not defined");
    }
}
