package dev.overcast.common.dispatch;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.protocol.Operation;
import java.lang.invoke.MethodHandle;
import software.amazon.awssdk.core.SdkRequest;

/** One action's handler method bound to its bean. */
record ActionHandler(Operation operation, Object bean, MethodHandle method) {

    Object invoke(RequestContext context, SdkRequest request) throws Throwable {
        return method.invoke(bean, context, request);
    }
}
