package dev.overcast.glue.crawler;

import dev.overcast.glue.store.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The crawls of each crawler with what they did and their log (ListCrawls, GetCrawlerMetrics). */
@Component
public class CrawlHistory {

    /** One crawl. */
    public record Crawl(String id, String state, Instant startedAt, Instant endedAt, String error, int tablesCreated,
                        int tablesUpdated, int tablesDeleted, int partitionsAdded, String log) {
    }

    private final JdbcClient jdbc;

    public CrawlHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void start(Scope s, String crawler, String id, Instant now) {
        jdbc.sql("""
                        insert into crawls (id, catalog_id, region, crawler, state, started_at)
                        values (:id, :c, :r, :n, 'RUNNING', :now)""")
                .param("id", id).param("c", s.catalog()).param("r", s.region()).param("n", crawler)
                .param("now", Timestamp.from(now)).update();
    }

    void log(String id, String line) {
        jdbc.sql("update crawls set log = log || :line where id = :id").param("line", line + "\n").param("id", id).update();
    }

    void end(String id, String state, String error, CrawlEngine.Outcome o, Instant now) {
        jdbc.sql("""
                        update crawls set state = :state, error = :error, ended_at = :now, tables_created = :tc,
                        tables_updated = :tu, tables_deleted = :td, partitions_added = :pa where id = :id""")
                .param("state", state).param("error", error).param("now", Timestamp.from(now))
                .param("tc", o == null ? 0 : o.tablesCreated()).param("tu", o == null ? 0 : o.tablesUpdated())
                .param("td", o == null ? 0 : o.tablesDeleted()).param("pa", o == null ? 0 : o.partitionsAdded())
                .param("id", id).update();
    }

    /** The crawls of a crawler, the newest first. */
    public List<Crawl> list(Scope s, String crawler, int limit, int offset) {
        return jdbc.sql("""
                        select id, state, started_at, ended_at, error, tables_created, tables_updated, tables_deleted,
                        partitions_added, log from crawls where catalog_id = :c and region = :r and crawler = :n
                        order by started_at desc, id desc limit :limit offset :offset""")
                .param("c", s.catalog()).param("r", s.region()).param("n", crawler).param("limit", limit)
                .param("offset", offset).query((rs, i) -> row(rs)).list();
    }

    public void deleteAll(Scope s, String crawler) {
        jdbc.sql("delete from crawls where catalog_id = :c and region = :r and crawler = :n")
                .param("c", s.catalog()).param("r", s.region()).param("n", crawler).update();
    }

    private static Crawl row(ResultSet rs) throws SQLException {
        Timestamp ended = rs.getTimestamp(4);
        return new Crawl(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                ended == null ? null : ended.toInstant(), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getInt(8),
                rs.getInt(9), rs.getString(10));
    }
}
