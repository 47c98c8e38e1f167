package dev.overcast.firehose.source;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * KPL-aggregated Kinesis records, taken apart as Firehose does for a Kinesis source: the magic bytes
 * {@code F3 89 9A C2}, a protobuf {@code AggregatedRecord} (its {@code records}, field 3, each with its {@code data},
 * field 3) read with protobuf's CodedInputStream, and the MD5 of the protobuf bytes. A record that is not such (no
 * magic, a wrong digest, a malformed message) is a record of its own, as the KCL treats it.
 */
final class KplDeaggregation {

    private static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    private static final int DIGEST = 16;

    private KplDeaggregation() {
    }

    static List<byte[]> records(byte[] data) {
        if (data.length < MAGIC.length + DIGEST || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return List.of(data);
        }
        byte[] message = Arrays.copyOfRange(data, MAGIC.length, data.length - DIGEST);
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(message);
            if (!Arrays.equals(digest, 0, DIGEST, data, data.length - DIGEST, data.length)) {
                return List.of(data);
            }
            List<byte[]> out = new ArrayList<>();
            CodedInputStream in = CodedInputStream.newInstance(message);
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (WireFormat.getTagFieldNumber(tag) == 3 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    byte[] record = new byte[0];
                    while (!in.isAtEnd()) {
                        int field = in.readTag();
                        if (WireFormat.getTagFieldNumber(field) == 3) {
                            record = in.readByteArray();
                        } else {
                            in.skipField(field);
                        }
                    }
                    in.popLimit(limit);
                    out.add(record);
                } else {
                    in.skipField(tag);
                }
            }
            return out;
        } catch (IOException e) {
            return List.of(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
