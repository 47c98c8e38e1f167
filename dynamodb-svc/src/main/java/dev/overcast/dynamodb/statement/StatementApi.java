package dev.overcast.dynamodb.statement;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.expression.Expr;
import dev.overcast.dynamodb.expression.ExpressionParser;
import dev.overcast.dynamodb.expression.Placeholders;
import dev.overcast.dynamodb.item.ItemApi;
import dev.overcast.dynamodb.policy.PolicyRequests;
import dev.overcast.dynamodb.query.QueryApi;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.value.ItemJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction. Statements are rewritten into the expression language and
 * run through the same item, query and scan paths as the other operations.
 */
@AwsApi(api = "dynamodb")
public class StatementApi {

    private final TableStore tables;
    private final ItemApi items;
    private final QueryApi queries;
    private final TransactionTemplate tx;

    public StatementApi(TableStore tables, ItemApi items, QueryApi queries, TransactionTemplate tx) {
        this.tables = tables;
        this.items = items;
        this.queries = queries;
        this.tx = tx;
    }

    /** ExecuteTransaction: the statements in one database transaction; a failed one cancels all of them. */
    public ExecuteTransactionResponse executeTransaction(RequestContext ctx, ExecuteTransactionRequest r) {
        // 1 to 100 statements, each with its text: the model's constraints, checked before the handler
        List<ParameterizedStatement> statements = r.transactStatements();
        List<ItemResponse> responses = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            for (int i = 0; i < statements.size(); i++) {
                ParameterizedStatement st = statements.get(i);
                try {
                    ExecuteStatementResponse one = executeStatement(ctx, ExecuteStatementRequest.builder().statement(st.statement())
                            .parameters(st.hasParameters() ? st.parameters() : null).build());
                    responses.add(one.hasItems() && !one.items().isEmpty()
                            ? ItemResponse.builder().item(one.items().get(0)).build() : ItemResponse.builder().build());
                } catch (AwsException e) {
                    if (!e.code().equals("ConditionalCheckFailedException") && !e.code().equals("DuplicateItemException")
                            && !e.code().equals("TransactionConflictException")) {
                        throw e;
                    }
                    List<CancellationReason> reasons = new ArrayList<>();
                    for (int j = 0; j < statements.size(); j++) {
                        reasons.add(j == i ? CancellationReason.builder().code(e.code().replace("Exception", ""))
                                .message(e.getMessage()).build()
                                : CancellationReason.builder().code("None").build());
                    }
                    status.setRollbackOnly();
                    throw new AwsException("TransactionCanceledException", 400,
                            "Transaction cancelled, please refer cancellation reasons for specific reasons ["
                                    + String.join(", ", reasons.stream().map(CancellationReason::code).toList()) + "]")
                            .withDetails(TransactionCanceledException.builder().cancellationReasons(reasons).build());
                }
            }
        });
        return ExecuteTransactionResponse.builder().responses(responses).build();
    }

    /**
     * One statement, decided by the table's resource-based policy as the action of its verb
     * ({@code dynamodb:PartiQLSelect}, {@code PartiQLInsert}, {@code PartiQLUpdate}, {@code PartiQLDelete}), with the
     * condition keys of the item request it runs as; the table named by its name or its ARN (another account's).
     */
    public ExecuteStatementResponse executeStatement(RequestContext ctx, ExecuteStatementRequest r) {
        PartiqlTranslator.Statement s = PartiqlTranslator.read(r.statement(), r.hasParameters() ? r.parameters() : List.of());
        String action = "PartiQL" + s.verb().charAt(0) + s.verb().substring(1).toLowerCase(java.util.Locale.ROOT);
        TableDef t = PolicyRequests.acting(ctx, action, r, () -> tables.require(ctx, s.table()));
        Map<String, String> names = s.names().isEmpty() ? null : s.names();
        Map<String, AttributeValue> values = s.values().isEmpty() ? null : s.values();
        switch (s.verb()) {
            case "SELECT": {
                ScanRequest select = ScanRequest.builder().tableName(s.table()).indexName(s.index())
                        .filterExpression(s.where()).projectionExpression(s.projection())
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .limit(r.limit()).consistentRead(r.consistentRead())
                        .exclusiveStartKey(r.nextToken() == null ? null : ItemJson.read(
                                new String(Base64.getUrlDecoder().decode(r.nextToken()), StandardCharsets.UTF_8)))
                        .build();
                ScanResponse page = PolicyRequests.acting(ctx, action, select,
                        () -> tables.withTable(ctx, s.table(), current -> queries.select(current, select)));
                ExecuteStatementResponse.Builder b = ExecuteStatementResponse.builder().items(page.items());
                if (page.hasLastEvaluatedKey()) {
                    b.lastEvaluatedKey(page.lastEvaluatedKey()).nextToken(Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(ItemJson.write(page.lastEvaluatedKey()).getBytes(StandardCharsets.UTF_8)));
                }
                return b.build();
            }
            case "INSERT": {
                Map<String, String> n = new LinkedHashMap<>();
                n.put("#k", t.hashKey());
                PutItemRequest put = PutItemRequest.builder().tableName(s.table()).item(s.item())
                        .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(n).build();
                try {
                    PolicyRequests.acting(ctx, action, put, () -> items.putItem(ctx, put));
                } catch (AwsException e) {
                    if (e.code().equals("ConditionalCheckFailedException")) {
                        throw new AwsException("DuplicateItemException", 400, "Duplicate primary key exists in table");
                    }
                    throw e;
                }
                return ExecuteStatementResponse.builder().items(List.of()).build();
            }
            case "UPDATE": {
                Map<String, AttributeValue> key = key(t, s);
                UpdateItemRequest update = UpdateItemRequest.builder().tableName(s.table()).key(key).updateExpression(s.update())
                        .conditionExpression(s.where()).expressionAttributeNames(names).expressionAttributeValues(values).build();
                PolicyRequests.acting(ctx, action, update, () -> items.updateItem(ctx, update));
                return ExecuteStatementResponse.builder().items(List.of()).build();
            }
            default: {
                Map<String, AttributeValue> key = key(t, s);
                DeleteItemRequest delete = DeleteItemRequest.builder().tableName(s.table()).key(key)
                        .conditionExpression(s.where()).expressionAttributeNames(names).expressionAttributeValues(values).build();
                PolicyRequests.acting(ctx, action, delete, () -> items.deleteItem(ctx, delete));
                return ExecuteStatementResponse.builder().items(List.of()).build();
            }
        }
    }

    /** The item key from the WHERE clause's equalities on the key attributes. */
    private static Map<String, AttributeValue> key(TableDef t, PartiqlTranslator.Statement s) {
        Expr where = ExpressionParser.condition(ExpressionParser.Kind.CONDITION, s.where(),
                Placeholders.of(s.names(), s.values(), !s.names().isEmpty(), !s.values().isEmpty()));
        Map<String, AttributeValue> found = new LinkedHashMap<>();
        collect(where, found);
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (String k : t.rangeKey() == null ? List.of(t.hashKey()) : List.of(t.hashKey(), t.rangeKey())) {
            if (!found.containsKey(k)) {
                throw DynamoDbErrors.validation("Where clause does not contain a mandatory equality on all key attributes");
            }
            key.put(k, found.get(k));
        }
        return key;
    }

    private static void collect(Expr e, Map<String, AttributeValue> out) {
        if (e instanceof Expr.And and) {
            collect(and.left(), out);
            collect(and.right(), out);
        } else if (e instanceof Expr.Compare c && c.op().equals("=")) {
            if (c.left() instanceof Expr.PathRef p && p.path().isTopLevel() && c.right() instanceof Expr.Value v) {
                out.put(p.path().head(), v.value());
            } else if (c.right() instanceof Expr.PathRef p && p.path().isTopLevel() && c.left() instanceof Expr.Value v) {
                out.put(p.path().head(), v.value());
            }
        }
    }

    public BatchExecuteStatementResponse batchExecuteStatement(RequestContext ctx, BatchExecuteStatementRequest r) {
        // 1 to 25 statements, each with its text: the model's constraints, checked before the handler
        List<BatchStatementResponse> out = new ArrayList<>();
        for (BatchStatementRequest st : r.statements()) {
            try {
                ExecuteStatementResponse one = executeStatement(ctx, ExecuteStatementRequest.builder().statement(st.statement())
                        .parameters(st.hasParameters() ? st.parameters() : null).consistentRead(st.consistentRead()).build());
                BatchStatementResponse.Builder b = BatchStatementResponse.builder()
                        .tableName(PartiqlTranslator.read(st.statement(), st.hasParameters() ? st.parameters() : List.of()).table());
                if (one.hasItems() && !one.items().isEmpty()) {
                    b.item(one.items().get(0));
                }
                out.add(b.build());
            } catch (AwsException e) {
                out.add(BatchStatementResponse.builder().error(BatchStatementError.builder()
                        .code(e.code().replace("Exception", "")).message(e.getMessage()).build()).build());
            }
        }
        return BatchExecuteStatementResponse.builder().responses(out).build();
    }
}
