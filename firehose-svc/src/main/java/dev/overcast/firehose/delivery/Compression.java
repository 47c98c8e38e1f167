package dev.overcast.firehose.delivery;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorOutputStream;
import org.xerial.snappy.SnappyHadoopCompatibleOutputStream;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;

/**
 * The S3 object's compression, each through a library: GZIP, ZIP and Snappy (the framing format) with commons-compress,
 * HADOOP_SNAPPY (Hadoop's block framing) with snappy-java; and the file extension Firehose appends for each.
 */
final class Compression {

    private Compression() {
    }

    static String extension(CompressionFormat format) {
        if (format == null) {
            return "";
        }
        return switch (format) {
            case GZIP -> ".gz";
            case ZIP -> ".zip";
            case SNAPPY -> ".snappy";
            case HADOOP_SNAPPY -> ".hsnappy";
            default -> "";
        };
    }

    /**
     * A stream that compresses what is written to it into {@code out}; closing it ends the compressed form (and the ZIP
     * archive of one entry, {@code entryName}) and closes {@code out}.
     */
    static OutputStream open(CompressionFormat format, OutputStream out, String entryName) throws IOException {
        if (format == null) {
            return out;
        }
        return switch (format) {
            case GZIP -> new GzipCompressorOutputStream(out);
            case SNAPPY -> new FramedSnappyCompressorOutputStream(out);
            case HADOOP_SNAPPY -> new SnappyHadoopCompatibleOutputStream(out);
            case ZIP -> {
                ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out);
                zip.putArchiveEntry(new ZipArchiveEntry(entryName));
                yield new FilterOutputStream(zip) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        zip.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        zip.closeArchiveEntry();
                        zip.close();
                    }
                };
            }
            default -> out;
        };
    }
}
