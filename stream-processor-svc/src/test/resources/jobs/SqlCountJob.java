package jobs;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/**
 * A Managed Flink SQL application as users write one: tables on Kinesis streams through the Kinesis SQL connector
 * (raw format: one string per record), a GROUP BY count per key in Flink SQL, and each new count written as
 * "label|CODE|key=count". Kinesis tables take appends only, so the count's changelog is turned into its latest values
 * (inserts and updates-after) on the way to the sink table.
 */
public class SqlCountJob {

    static final String CODE = "@CODE@";

    public static void main(String[] args) throws Exception {
        Properties job = KinesisAnalyticsRuntime.getApplicationProperties().get("job");
        String label = job.getProperty("label");
        String aws = "'aws.region' = '" + job.getProperty("region") + "', 'aws.endpoint' = '" + job.getProperty("endpoint") + "'";

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamTableEnvironment sql = StreamTableEnvironment.create(env);
        sql.executeSql("CREATE TABLE keys_in (k STRING) WITH ('connector' = 'kinesis', 'stream' = '" + job.getProperty("input")
                + "', " + aws + ", 'scan.stream.initpos' = 'TRIM_HORIZON', 'scan.shard.getrecords.intervalmillis' = '200',"
                + " 'scan.shard.discovery.intervalmillis' = '1000', 'format' = 'raw')");
        sql.executeSql("CREATE TABLE counts_out (line STRING) WITH ('connector' = 'kinesis', 'stream' = '"
                + job.getProperty("output") + "', " + aws + ", 'sink.http-client.protocol.version' = 'HTTP1_1',"
                + " 'format' = 'raw')");

        Table counts = sql.sqlQuery("SELECT k, COUNT(*) AS n FROM keys_in GROUP BY k");
        DataStream<String> latest = sql.toChangelogStream(counts)
                .filter(r -> r.getKind() == RowKind.INSERT || r.getKind() == RowKind.UPDATE_AFTER)
                .map((Row r) -> label + "|" + CODE + "|" + r.getField("k") + "=" + r.getField("n")).returns(Types.STRING);
        sql.createTemporaryView("latest", sql.fromDataStream(latest).as("line"));
        sql.executeSql("INSERT INTO counts_out SELECT line FROM latest");
    }
}
