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

    /** A request being handled: its operation ({@code GetItem}) and decoded parameters. */
    public record Pending(String operation, SdkRequest request) {
    }

    private record Current(RequestContext ctx, Pending pending) {
    }

    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    @Override
    public void beforeInvoke(RequestContext context, String operation, SdkRequest request) {
        CURRENT.set(new Current(context, new Pending(operation, request)));
    }

    /**
     * Runs the body with the request taken as another operation, for the policy (a PartiQL statement, decided as the
     * action its verb is, with the item request it runs as), then as before.
     */
    public static <T> T acting(RequestContext ctx, String operation, SdkRequest request, java.util.function.Supplier<T> body) {
        Current before = CURRENT.get();
        CURRENT.set(new Current(ctx, new Pending(operation, request)));
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
