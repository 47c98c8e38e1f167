package dev.overcast.s3.accesspoint;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Access points in the {@code s3.access_point} table. */
@Repository
public class AccessPointStore {

    private static final RowMapper<AccessPoint> ROW = (rs, i) -> new AccessPoint(rs.getString("account_id"),
            rs.getString("region"), rs.getString("name"), rs.getString("bucket"), rs.getString("bucket_account_id"),
            rs.getString("alias"), rs.getString("vpc_id"), rs.getString("public_access_block"), rs.getString("policy"),
            rs.getTimestamp("created_at").toInstant());

    private final JdbcClient jdbc;

    public AccessPointStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the access point; false when the account already has one of that name in the region. */
    public boolean create(AccessPoint ap) {
        try {
            jdbc.sql("""
                    insert into access_point (account_id, region, name, bucket, bucket_account_id, alias, vpc_id,
                        public_access_block, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(ap.accountId(), ap.region(), ap.name(), ap.bucket(), ap.bucketAccountId(), ap.alias(),
                            ap.vpcId(), ap.publicAccessBlock(), Timestamp.from(ap.createdAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<AccessPoint> find(String account, String region, String name) {
        return jdbc.sql("select * from access_point where account_id = ? and region = ? and name = ?")
                .params(account, region, name).query(ROW).optional();
    }

    public Optional<AccessPoint> byAlias(String alias) {
        return jdbc.sql("select * from access_point where alias = ?").param(alias).query(ROW).optional();
    }

    /** The account's access points in the region after {@code after} (by name), of one bucket when given. */
    public List<AccessPoint> list(String account, String region, String bucket, String after, int limit) {
        return jdbc.sql("""
                select * from access_point where account_id = ? and region = ? and name > ?
                and (cast(? as text) is null or bucket = ?) order by name limit ?""")
                .params(account, region, after == null ? "" : after, bucket, bucket, limit).query(ROW).list();
    }

    public boolean delete(String account, String region, String name) {
        return jdbc.sql("delete from access_point where account_id = ? and region = ? and name = ?")
                .params(account, region, name).update() == 1;
    }

    /** Replaces the access point's policy (null: none); false when it is gone. */
    public boolean setPolicy(String account, String region, String name, String policy) {
        return jdbc.sql("update access_point set policy = ? where account_id = ? and region = ? and name = ?")
                .params(policy, account, region, name).update() == 1;
    }
}
