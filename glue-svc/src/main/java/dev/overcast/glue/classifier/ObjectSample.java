package dev.overcast.glue.classifier;

/** The part of an object a classifier reads: its name, size, first bytes, and any byte range (a Parquet footer). */
public interface ObjectSample {

    String key();

    long size();

    /** The first bytes of the object, up to the sampling limit. */
    byte[] head();

    /** Bytes {@code [from, from + length)} of the object. */
    byte[] range(long from, int length);
}
