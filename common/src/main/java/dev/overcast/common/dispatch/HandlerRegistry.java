package dev.overcast.common.dispatch;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Operation;
import dev.overcast.common.protocol.ProtocolCodec;
import dev.overcast.common.protocol.ProtocolCodecs;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.ClassUtils;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * Binds {@link AwsApi} handler beans to the actions of their API: every public method
 * {@code (RequestContext, XxxRequest)} handles action {@code Xxx}.
 */
final class HandlerRegistry {

    private HandlerRegistry() {
    }

    static List<ApiEndpoint> build(Collection<AwsApiDescriptor> descriptors, Collection<Object> handlerBeans) {
        Map<String, AwsApiDescriptor> byId = new LinkedHashMap<>();
        for (AwsApiDescriptor d : descriptors) {
            if (byId.put(d.id(), d) != null) {
                throw new IllegalStateException("Two API descriptors with id " + d.id());
            }
        }
        Map<String, Map<String, ActionHandler>> handlers = new HashMap<>();
        Map<String, ProtocolCodec> codecs = new HashMap<>();
        for (AwsApiDescriptor d : byId.values()) {
            codecs.put(d.id(), ProtocolCodecs.forApi(d));
            handlers.put(d.id(), new LinkedHashMap<>());
        }
        for (Object bean : handlerBeans) {
            Class<?> type = ClassUtils.getUserClass(bean.getClass());
            AwsApi annotation = type.getAnnotation(AwsApi.class);
            ProtocolCodec codec = codecs.get(annotation.api());
            if (codec == null) {
                throw new IllegalStateException(type.getName() + " serves API '" + annotation.api()
                        + "' but no AwsApiDescriptor bean has that id");
            }
            Map<String, Operation> known = new HashMap<>();
            codec.operations().forEach(op -> known.put(op.name(), op));
            for (Method m : type.getMethods()) {
                Class<?>[] params = m.getParameterTypes();
                if (Modifier.isStatic(m.getModifiers()) || params.length != 2 || params[0] != RequestContext.class
                        || !SdkRequest.class.isAssignableFrom(params[1])) {
                    continue;
                }
                String action = params[1].getSimpleName().replaceFirst("Request$", "");
                Operation op = known.get(action);
                if (op == null || op.requestType() != params[1]) {
                    throw new IllegalStateException(m + " handles " + params[1].getName()
                            + ", which is not an action of API " + annotation.api());
                }
                if (!SdkResponse.class.isAssignableFrom(m.getReturnType()) && m.getReturnType() != StreamingResponse.class
                        && m.getReturnType() != RawJsonResponse.class) {
                    throw new IllegalStateException(m + " must return an SdkResponse, a StreamingResponse or a RawJsonResponse");
                }
                XmlRoot root = m.getAnnotation(XmlRoot.class);
                if (root != null) {
                    op = op.withXmlRoot(root.value());
                }
                try {
                    m.setAccessible(true);
                    ActionHandler handler = new ActionHandler(op, bean, MethodHandles.lookup().unreflect(m));
                    if (handlers.get(annotation.api()).put(action, handler) != null) {
                        throw new IllegalStateException("Two handlers for " + action);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Cannot access " + m, e);
                }
            }
        }
        List<ApiEndpoint> endpoints = new ArrayList<>();
        for (AwsApiDescriptor d : byId.values()) {
            endpoints.add(new ApiEndpoint(d, codecs.get(d.id()), Map.copyOf(handlers.get(d.id()))));
        }
        return endpoints;
    }
}
