package dev.overcast.firehose.record;

import dev.overcast.common.testing.CpuProfiles;
import dev.overcast.common.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test of behaviour but a measuring driver, run only when asked
 * ({@code -Dovercast.firehose.layout=true -Dtest=BufferLayoutProfile}): PostgreSQL's CPU per record to store (and read
 * back once, as a delivery does) PutRecordBatch rows of 500 × 1 KiB, 8 writers each committing its own rows, in the
 * buffer's candidate layouts, run in alternating order on the embedded PostgreSQL with durable commits:
 * <ul>
 *   <li>{@code external}: one row per batch, its bytes out of line and uncompressed (~250 TOAST chunks and their index
 *       entries per batch), as the buffer is;</li>
 *   <li>{@code pglz}: one row per batch, compressed with PostgreSQL's default pglz when that saves space, then out of
 *       line (the embedded PostgreSQL is built without lz4, which {@code set compression lz4} needs);</li>
 *   <li>{@code pages}: the batch as rows of 8,000 bytes stored in line ({@code storage plain}: no TOAST at all), split
 *       by the server from the one parameter the client sends.</li>
 * </ul>
 * Each with random records (incompressible, as the bench sends) and JSON log lines. Written to
 * {@code target/buffer-layout-profile.txt}.
 */
@EnabledIfSystemProperty(named = "overcast.firehose.layout", matches = "true")
class BufferLayoutProfile {

    private static final int THREADS = 8;
    private static final int BATCH = 500;
    private static final int PAGE = 8000;

    private static final String[] LAYOUTS = {"external", "pglz", "pages"};

    @Test
    void postgresCpuPerRecordByLayout() throws Exception {
        int batches = Integer.getInteger("overcast.firehose.layout.batches", 400);
        int rounds = Integer.getInteger("overcast.firehose.layout.rounds", 3);
        String url = TestDatabase.jdbcUrl("fhlayout");
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl("public")); Statement st = c.createStatement()) {
            st.execute("drop schema if exists fhlayout cascade");
            st.execute("create schema fhlayout");
            st.execute("set search_path = fhlayout");
            st.execute("create table external (seq bigserial primary key, stream_id bigint not null, data bytea not null)");
            st.execute("alter table external alter column data set storage external");
            st.execute("create index external_stream on external (stream_id, seq)");
            st.execute("create table pglz (seq bigserial primary key, stream_id bigint not null, data bytea not null)");
            st.execute("create index pglz_stream on pglz (stream_id, seq)");
            st.execute("create table pages (seq bigint not null, page int not null, stream_id bigint not null,"
                    + " data bytea not null, primary key (seq, page))");
            st.execute("alter table pages alter column data set storage plain");
            st.execute("create sequence pages_seq");
        }
        StringBuilder out = new StringBuilder();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (String payload : new String[] {"random", "json"}) {
                List<byte[]> framed = payloads(payload);
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < LAYOUTS.length; i++) {
                        String layout = LAYOUTS[round % 2 == 0 ? i : LAYOUTS.length - 1 - i];
                        // the writers' connections stay open until measured: a backend's CPU is read while it lives
                        List<Connection> connections = new ArrayList<>();
                        for (int t = 0; t < THREADS; t++) {
                            connections.add(DriverManager.getConnection(url));
                        }
                        run(pool, connections, layout, framed, 20); // warm-up
                        truncate(url);
                        Thread.sleep(500); // the truncating backend has exited and been reaped before the count
                        long pg = CpuProfiles.postgresCpu();
                        long wall = System.nanoTime();
                        run(pool, connections, layout, framed, batches);
                        long writeWall = System.nanoTime() - wall;
                        long writePg = CpuProfiles.postgresCpu() - pg;
                        pg = CpuProfiles.postgresCpu();
                        long read = readBack(connections.getFirst(), layout);
                        long readPg = CpuProfiles.postgresCpu() - pg;
                        for (Connection c : connections) {
                            c.close();
                        }
                        long size = size(url, layout);
                        long records = (long) batches * BATCH;
                        out.append(String.format(Locale.ROOT, "%-6s round %d %-8s write %6.1f µs/record PG CPU"
                                        + " (%6.0f records/s wall)  read %5.1f µs/record PG CPU  %,d bytes read  %,d bytes on disk%n",
                                payload, round, layout, writePg / 1e3 / records, records / (writeWall / 1e9),
                                readPg / 1e3 / records, read, size));
                        System.out.print(out.substring(out.lastIndexOf("\n", out.length() - 2) + 1));
                        truncate(url);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "buffer-layout-profile.txt"), out);
    }

    /** A few different batches of 500 records, framed as the buffer frames them (4-byte length, bytes). */
    private static List<byte[]> payloads(String kind) {
        Random random = new Random(17);
        List<byte[]> batches = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            ByteBuffer framed = ByteBuffer.allocate(BATCH * (4 + 1024));
            for (int i = 0; i < BATCH; i++) {
                byte[] r = new byte[1024];
                if (kind.equals("random")) {
                    random.nextBytes(r);
                } else {
                    StringBuilder line = new StringBuilder();
                    while (line.length() < 1024) {
                        line.append(String.format(Locale.ROOT, "{\"ts\":\"2026-12-07T14:%02d:%02d.%03dZ\",\"level\":\"%s\","
                                        + "\"host\":\"web-%d\",\"path\":\"/api/v1/items/%d\",\"status\":%d,\"ms\":%d}%n",
                                random.nextInt(60), random.nextInt(60), random.nextInt(1000),
                                random.nextBoolean() ? "INFO" : "WARN", random.nextInt(40), random.nextInt(100000),
                                random.nextBoolean() ? 200 : 404, random.nextInt(900)));
                    }
                    System.arraycopy(line.toString().getBytes(StandardCharsets.UTF_8), 0, r, 0, 1024);
                }
                framed.putInt(r.length).put(r);
            }
            batches.add(framed.array());
        }
        return batches;
    }

    private static void run(ExecutorService pool, List<Connection> connections, String layout, List<byte[]> framed,
                            int batches) throws Exception {
        AtomicInteger left = new AtomicInteger(batches);
        List<Future<?>> futures = new ArrayList<>();
        for (Connection c : connections) {
            futures.add(pool.submit(() -> {
                String sql = switch (layout) {
                    case "pages" -> "insert into pages (seq, page, stream_id, data) select s, g, ?,"
                            + " substr(d, g * " + PAGE + " + 1, " + PAGE + ")"
                            + " from (select nextval('pages_seq') s, ?::bytea d) b,"
                            + " generate_series(0, (octet_length(d) - 1) / " + PAGE + ") g";
                    default -> "insert into " + layout + " (stream_id, data) values (?, ?)";
                };
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int n;
                    while ((n = left.getAndDecrement()) > 0) {
                        byte[] d = framed.get(n % framed.size());
                        ps.setLong(1, 1);
                        ps.setBinaryStream(2, new ByteArrayInputStream(d), d.length);
                        ps.executeUpdate();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private static long readBack(Connection c, String layout) throws SQLException {
        long bytes = 0;
        {
            c.setAutoCommit(false);
            String sql = layout.equals("pages") ? "select data from pages where stream_id = 1 order by seq, page"
                    : "select data from " + layout + " where stream_id = 1 order by seq";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(64);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        bytes += rs.getBytes(1).length;
                    }
                }
            }
            c.commit();
            c.setAutoCommit(true);
        }
        return bytes;
    }

    private static long size(String url, String layout) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_total_relation_size('" + layout + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void truncate(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("truncate external, pglz, pages");
            st.execute("checkpoint");
        }
    }
}
