package dev.overcast.glue.table;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Scope;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.glue.model.*;

/** SearchTables: text over names, descriptions and parameters, filters on properties, sort, pages. */
@AwsApi(api = "glue")
public class SearchApi {

    private final TableStore tables;

    public SearchApi(TableStore tables) {
        this.tables = tables;
    }

    public SearchTablesResponse searchTables(RequestContext ctx, SearchTablesRequest r) {
        Predicate<Table> filter = t -> true;
        if (r.hasFilters()) {
            for (PropertyPredicate p : r.filters()) {
                filter = filter.and(t -> matches(t, p));
            }
        }
        Comparator<Table> order = Comparator.comparing(Table::databaseName).thenComparing(Table::name);
        if (r.hasSortCriteria() && !r.sortCriteria().isEmpty()) {
            SortCriterion c = r.sortCriteria().get(0);
            Comparator<Table> by = Comparator.comparing(t -> String.valueOf(property(t, c.fieldName())));
            order = c.sort() == Sort.DESC ? by.reversed() : by;
        }
        List<Table> all = tables.search(Scope.of(ctx, r.catalogId()), r.searchText()).stream().map(CatalogTable::toModel)
                .filter(filter).sorted(order).toList();
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        String at = PageTokens.decode("search", r.nextToken());
        int from = at == null ? 0 : Integer.parseInt(at);
        int to = Math.min(all.size(), from + size);
        return SearchTablesResponse.builder().tableList(all.subList(Math.min(from, to), to))
                .nextToken(to < all.size() ? PageTokens.encode("search", Integer.toString(to)) : null).build();
    }

    private static boolean matches(Table t, PropertyPredicate p) {
        Object v = property(t, p.key());
        String value = v == null ? null : v.toString();
        String want = p.value();
        software.amazon.awssdk.services.glue.model.Comparator op = p.comparator() == null
                ? software.amazon.awssdk.services.glue.model.Comparator.EQUALS : p.comparator();
        if (value == null || want == null) {
            return false;
        }
        int cmp = value.compareTo(want);
        return switch (op) {
            case EQUALS -> value.equals(want);
            case GREATER_THAN -> cmp > 0;
            case LESS_THAN -> cmp < 0;
            case GREATER_THAN_EQUALS -> cmp >= 0;
            case LESS_THAN_EQUALS -> cmp <= 0;
            default -> false;
        };
    }

    /** A table property by the names SearchTables takes: its members, or a key of its Parameters. */
    private static Object property(Table t, String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "name", "Name" -> t.name();
            case "databaseName", "DatabaseName" -> t.databaseName();
            case "description", "Description" -> t.description();
            case "owner", "Owner" -> t.owner();
            case "tableType", "TableType" -> t.tableType();
            case "updateTime", "UpdateTime" -> t.updateTime();
            case "createTime", "CreateTime" -> t.createTime();
            default -> {
                Map<String, String> params = t.hasParameters() ? t.parameters() : Map.of();
                yield params.get(key);
            }
        };
    }
}
