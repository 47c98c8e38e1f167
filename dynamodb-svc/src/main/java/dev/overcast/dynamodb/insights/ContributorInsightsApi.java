package dev.overcast.dynamodb.insights;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Contributor Insights settings of tables and GSIs: UpdateContributorInsights (ENABLE or DISABLE, the mode),
 * DescribeContributorInsights (status, the CloudWatch Contributor Insights rules DynamoDB would create, named as it
 * names them), ListContributorInsights. The settings are recorded; the suite has no CloudWatch to publish the
 * rules' reports to.
 */
@AwsApi(api = "dynamodb")
public class ContributorInsightsApi {

    private record Setting(String table, String index, boolean enabled, ContributorInsightsMode mode, long stamp, Instant updated) {
    }

    private final TableStore tables;
    private final JdbcClient jdbc;
    private final SuiteClock clock;

    public ContributorInsightsApi(TableStore tables, JdbcClient jdbc, SuiteClock clock) {
        this.tables = tables;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private TableDef table(RequestContext ctx, String name, String index) {
        TableDef t = tables.find(ctx, name).orElseThrow(() -> DynamoDbErrors.tableNotFound(name));
        if (index != null && t.description().globalSecondaryIndexes().stream().noneMatch(g -> g.indexName().equals(index))) {
            throw new dev.overcast.common.error.AwsException("ResourceNotFoundException", 400,
                    "Requested resource not found: Index: " + index + " not found for table: " + t.name());
        }
        return t;
    }

    private List<Setting> settings(String where, Object... params) {
        return jdbc.sql("select t.name, c.index_name, c.enabled, c.mode, c.rule_stamp, c.updated_at from contributor_insights c "
                        + "join ddb_table t on t.id = c.table_id where " + where + " order by t.name collate \"C\", c.index_name")
                .params(params)
                .query((rs, i) -> new Setting(rs.getString(1), rs.getString(2).isEmpty() ? null : rs.getString(2), rs.getBoolean(3),
                        ContributorInsightsMode.fromValue(rs.getString(4)), rs.getLong(5), rs.getTimestamp(6).toInstant()))
                .list();
    }

    public UpdateContributorInsightsResponse updateContributorInsights(RequestContext ctx, UpdateContributorInsightsRequest r) {
        TableDef t = table(ctx, r.tableName(), r.indexName());
        boolean enable = r.contributorInsightsAction() == ContributorInsightsAction.ENABLE;
        ContributorInsightsMode mode = r.contributorInsightsMode() != null ? r.contributorInsightsMode()
                : ContributorInsightsMode.ACCESSED_AND_THROTTLED_KEYS;
        Instant now = clock.now();
        jdbc.sql("""
                insert into contributor_insights (table_id, index_name, enabled, mode, rule_stamp, updated_at) values (?, ?, ?, ?, ?, ?)
                on conflict (table_id, index_name) do update set enabled = excluded.enabled, mode = excluded.mode,
                rule_stamp = case when contributor_insights.enabled then contributor_insights.rule_stamp else excluded.rule_stamp end,
                updated_at = excluded.updated_at""")
                .params(t.id(), r.indexName() == null ? "" : r.indexName(), enable, mode.toString(), now.toEpochMilli(),
                        Timestamp.from(now)).update();
        return UpdateContributorInsightsResponse.builder().tableName(t.name()).indexName(r.indexName())
                .contributorInsightsStatus(enable ? ContributorInsightsStatus.ENABLING : ContributorInsightsStatus.DISABLING)
                .contributorInsightsMode(mode).build();
    }

    public DescribeContributorInsightsResponse describeContributorInsights(RequestContext ctx, DescribeContributorInsightsRequest r) {
        TableDef t = table(ctx, r.tableName(), r.indexName());
        List<Setting> found = settings("c.table_id = ? and c.index_name = ?", t.id(), r.indexName() == null ? "" : r.indexName());
        DescribeContributorInsightsResponse.Builder b = DescribeContributorInsightsResponse.builder().tableName(t.name())
                .indexName(r.indexName());
        if (found.isEmpty() || !found.get(0).enabled()) {
            b.contributorInsightsStatus(ContributorInsightsStatus.DISABLED);
            if (!found.isEmpty()) {
                b.lastUpdateDateTime(found.get(0).updated());
            }
            return b.build();
        }
        Setting s = found.get(0);
        boolean sortKey = r.indexName() == null ? t.rangeKey() != null : t.index(r.indexName()).rangeKeys().size() > 0;
        List<String> rules = new ArrayList<>();
        String scope = t.name() + (r.indexName() == null ? "" : "-" + r.indexName()) + "-" + s.stamp();
        for (String kind : sortKey ? List.of("PKC", "PKT", "SKC", "SKT") : List.of("PKC", "PKT")) {
            if (s.mode() == ContributorInsightsMode.ACCESSED_AND_THROTTLED_KEYS || kind.endsWith("T")) {
                rules.add("DynamoDBContributorInsights-" + kind + "-" + scope);
            }
        }
        return b.contributorInsightsStatus(ContributorInsightsStatus.ENABLED).contributorInsightsRuleList(rules)
                .lastUpdateDateTime(s.updated()).contributorInsightsMode(s.mode()).build();
    }

    public ListContributorInsightsResponse listContributorInsights(RequestContext ctx, ListContributorInsightsRequest r) {
        int limit = r.maxResults() == null || r.maxResults() <= 0 ? 100 : r.maxResults();
        int offset = r.nextToken() == null ? 0 : parseToken(r.nextToken());
        List<Setting> all = r.tableName() != null
                ? settings("c.table_id = ?", table(ctx, r.tableName(), null).id())
                : settings("t.account_id = ? and t.region = ?", ctx.account(), ctx.region());
        List<ContributorInsightsSummary> page = all.stream().skip(offset).limit(limit)
                .map(s -> ContributorInsightsSummary.builder().tableName(s.table()).indexName(s.index())
                        .contributorInsightsStatus(s.enabled() ? ContributorInsightsStatus.ENABLED : ContributorInsightsStatus.DISABLED)
                        .contributorInsightsMode(s.mode()).build()).toList();
        ListContributorInsightsResponse.Builder b = ListContributorInsightsResponse.builder().contributorInsightsSummaries(page);
        if (offset + limit < all.size()) {
            b.nextToken(Integer.toString(offset + limit));
        }
        return b.build();
    }

    private static int parseToken(String token) {
        try {
            return Math.max(0, Integer.parseInt(token));
        } catch (NumberFormatException e) {
            throw DynamoDbErrors.validation("Invalid NextToken: " + token);
        }
    }
}
