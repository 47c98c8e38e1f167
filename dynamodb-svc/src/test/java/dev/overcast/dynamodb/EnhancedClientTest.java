package dev.overcast.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;
import software.amazon.awssdk.enhanced.dynamodb.model.CreateTableEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class EnhancedClientTest {

    @DynamoDbBean
    public static class Order {
        private String customer;
        private String orderId;
        private String status;
        private Long total;
        private List<String> items;

        @DynamoDbPartitionKey
        public String getCustomer() {
            return customer;
        }

        public void setCustomer(String customer) {
            this.customer = customer;
        }

        @DynamoDbSortKey
        @DynamoDbSecondarySortKey(indexNames = "byStatus")
        public String getOrderId() {
            return orderId;
        }

        public void setOrderId(String orderId) {
            this.orderId = orderId;
        }

        @DynamoDbSecondaryPartitionKey(indexNames = "byStatus")
        public String getStatus() {
            return status;
        }

        public void setStatus(String status) {
            this.status = status;
        }

        public Long getTotal() {
            return total;
        }

        public void setTotal(Long total) {
            this.total = total;
        }

        public List<String> getItems() {
            return items;
        }

        public void setItems(List<String> items) {
            this.items = items;
        }

        static Order of(String customer, String id, String status, long total) {
            Order o = new Order();
            o.setCustomer(customer);
            o.setOrderId(id);
            o.setStatus(status);
            o.setTotal(total);
            o.setItems(List.of("book", "pen"));
            return o;
        }
    }

    private final DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder()
            .dynamoDbClient(DynamoDbTestService.client()).build();

    @Test
    void putGetQueryAGlobalIndexAndTransact() {
        DynamoDbTable<Order> orders = enhanced.table(DynamoDbTestService.tableName(), TableSchema.fromBean(Order.class));
        orders.createTable(CreateTableEnhancedRequest.builder()
                .globalSecondaryIndices(EnhancedGlobalSecondaryIndex.builder().indexName("byStatus")
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build())
                .build());
        orders.putItem(Order.of("ann", "o-1", "OPEN", 10));
        orders.putItem(Order.of("ann", "o-2", "SHIPPED", 20));
        orders.putItem(Order.of("bob", "o-3", "OPEN", 30));

        Order got = orders.getItem(Key.builder().partitionValue("ann").sortValue("o-2").build());
        assertThat(got.getTotal()).isEqualTo(20L);
        assertThat(got.getItems()).containsExactly("book", "pen");

        List<Order> anns = orders.query(QueryConditional.keyEqualTo(k -> k.partitionValue("ann"))).items().stream().toList();
        assertThat(anns).extracting(Order::getOrderId).containsExactly("o-1", "o-2");

        DynamoDbIndex<Order> byStatus = orders.index("byStatus");
        List<String> open = byStatus.query(QueryConditional.keyEqualTo(k -> k.partitionValue("OPEN"))).stream()
                .flatMap(p -> p.items().stream()).map(Order::getOrderId).toList();
        assertThat(open).containsExactly("o-1", "o-3");
        Page<Order> filtered = byStatus.query(r -> r.queryConditional(QueryConditional.sortGreaterThan(
                        k -> k.partitionValue("OPEN").sortValue("o-1")))
                .filterExpression(Expression.builder().expression("#t > :min")
                        .putExpressionName("#t", "total").putExpressionValue(":min", AttributeValue.fromN("5")).build()))
                .iterator().next();
        assertThat(filtered.items()).extracting(Order::getOrderId).containsExactly("o-3");

        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(orders, Order.of("cid", "o-4", "OPEN", 40))
                .addDeleteItem(orders, Key.builder().partitionValue("bob").sortValue("o-3").build())
                .build());
        assertThat(orders.getItem(Key.builder().partitionValue("cid").sortValue("o-4").build())).isNotNull();
        assertThat(orders.getItem(Key.builder().partitionValue("bob").sortValue("o-3").build())).isNull();

        assertThatThrownBy(() -> enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(orders, Order.of("dan", "o-5", "OPEN", 50))
                .addConditionCheck(orders, c -> c.key(Key.builder().partitionValue("bob").sortValue("o-3").build())
                        .conditionExpression(Expression.builder().expression("attribute_exists(customer)").build()))
                .build()))
                .isInstanceOf(TransactionCanceledException.class);
        assertThat(orders.getItem(Key.builder().partitionValue("dan").sortValue("o-5").build())).isNull();
        assertThat(orders.scan().items().stream().count()).isEqualTo(3);
    }
}
