package dev.overcast.dynamodb.policy;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.dispatch.DispatchHook;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkRequest;

/**
 * Notes each decoded request before its handler runs, so that a resource-based policy is evaluated on what the request
 * asks (its keys, attributes, Select, ReturnValues) where the table it names is resolved.
 */
@Component
public class PolicyRequests implements DispatchHook {

    /**
     * A request being handled: its operation ({@code GetItem}), decoded parameters, and the operation it runs within
     * (a PartiQL statement of an ExecuteTransaction: {@code ExecuteTransaction}), null when none.
     */
    public record Pending(String operation, SdkRequest request, String enclosing) {
    }

    /** The operations whose statements run within them, as {@code dynamodb:EnclosingOperation} names them. */
    private static final java.util.Set<String> ENCLOSING = java.util.Set.of("ExecuteTransaction");

    private record Current(RequestContext ctx, Pending pending) {
    }

    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    @Override
    public void beforeInvoke(RequestContext context, String operation, SdkRequest request) {
        CURRENT.set(new Current(context, new Pending(operation, request, null)));
    }

    /**
     * Runs the body with the request taken as another operation, for the policy (a PartiQL statement, decided as the
     * action its verb is, with the item request it runs as), then as before. Within an ExecuteTransaction it is taken
     * as run by the transaction ({@link Pending#enclosing()}).
     */
    public static <T> T acting(RequestContext ctx, String operation, SdkRequest request, java.util.function.Supplier<T> body) {
        Current before = CURRENT.get();
        Pending outer = before != null && before.ctx() == ctx ? before.pending() : null;
        String enclosing = outer == null ? null : outer.enclosing() != null ? outer.enclosing()
                : ENCLOSING.contains(outer.operation()) ? outer.operation() : null;
        CURRENT.set(new Current(ctx, new Pending(operation, request, enclosing)));
        try {
            return body.get();
        } finally {
            CURRENT.set(before);
        }
    }

    /** The request of this context being handled on this thread, or null (a call the dispatcher did not announce). */
    public static Pending of(RequestContext ctx) {
        Current c = CURRENT.get();
        return c != null && c.ctx() == ctx ? c.pending() : null;
    }
}
