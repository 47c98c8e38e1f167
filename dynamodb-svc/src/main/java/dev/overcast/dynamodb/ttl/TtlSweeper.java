package dev.overcast.dynamodb.ttl;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.item.ItemWriter;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemJson;
import dev.overcast.dynamodb.value.ItemKey;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Deletes items whose TTL attribute has passed by the suite's clock, every few seconds, each deletion its own
 * transaction; of several replicas only one sweeps at a time.
 */
@Component
public class TtlSweeper {

    private static final Logger log = LoggerFactory.getLogger(TtlSweeper.class);
    private static final int BATCH = 500;

    private final TableStore tables;
    private final ItemWriter writer;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final JobLock lock;

    public TtlSweeper(TableStore tables, ItemWriter writer, JdbcClient jdbc, TransactionTemplate tx, SuiteClock clock,
                      javax.sql.DataSource dataSource) {
        this.tables = tables;
        this.writer = writer;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.lock = new JobLock(dataSource);
        clock.onAdvance(this::sweep); // items expire as soon as the suite's clock moves past their time
    }

    @Scheduled(fixedDelayString = "${overcast.dynamodb.ttl-sweep-interval:5s}", initialDelayString = "${overcast.dynamodb.ttl-sweep-interval:5s}")
    public void sweep() {
        try {
            lock.runExclusively("dynamodb.ttl", () -> tables.withTtl().forEach(this::sweep));
        } catch (RuntimeException e) {
            log.warn("TTL sweep failed", e);
        }
    }

    /** Walks the table in key order a batch at a time, deleting the batch's expired items before reading on. */
    int sweep(TableDef t) {
        long now = clock.now().getEpochSecond();
        String attribute = t.ttlAttribute();
        byte[][] after = {new byte[0], new byte[0]};
        int deleted = 0;
        boolean more = true;
        while (more) {
            List<Object[]> rows = jdbc.sql("select pk, sk, data from item where table_id = ? and (pk, sk) > (?, ?) order by pk, sk limit ?")
                    .params(t.id(), after[0], after[1], BATCH)
                    .query((rs, i) -> new Object[] {rs.getBytes(1), rs.getBytes(2), rs.getString(3)}).list();
            for (Object[] row : rows) {
                after[0] = (byte[]) row[0];
                after[1] = (byte[]) row[1];
                Map<String, AttributeValue> item = ItemJson.read((String) row[2]);
                if (ItemWriter.expired(item.get(attribute), now)) {
                    ItemKey key = ItemKey.fromItem(t, item);
                    if (Boolean.TRUE.equals(tx.execute(s -> writer.expire(t, key, attribute, now)))) {
                        deleted++;
                    }
                }
            }
            more = rows.size() == BATCH;
        }
        return deleted;
    }
}
