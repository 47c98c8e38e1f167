package dev.overcast.common.protocol.model;

import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Operation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/** Discovers the actions of an API from its SDK client interface. */
public final class Operations {

    private Operations() {
    }

    /**
     * Every method of the client whose first parameter is a request class of the model package gives one action
     * (overloads collapse), named after the request class without {@code Request}. The async client's methods count
     * too: event-stream actions (S3's SelectObjectContent) exist only there.
     *
     * <p>A service whose served SDK model lacks actions AWS has added since (Managed Flink's model is pinned at an older
     * version) names its own extension of the SDK client interface as the descriptor's client: the actions that
     * interface declares itself take request and response classes of the service's own package, written like the SDK's
     * model classes ({@code XxxRequest} and {@code XxxResponse} side by side).
     */
    @SuppressWarnings("unchecked")
    public static List<Operation> discover(AwsApiDescriptor api) {
        String modelPackage = modelPackage(api);
        Map<String, Operation> byName = new TreeMap<>();
        boolean extension = !api.sdkClient().getName().startsWith("software.amazon.awssdk.");
        for (Method m : clientMethods(api.sdkClient())) {
            if (m.getParameterCount() == 0) {
                continue;
            }
            Class<?> p = m.getParameterTypes()[0];
            boolean ownAction = extension && m.getDeclaringClass() == api.sdkClient();
            if (!SdkRequest.class.isAssignableFrom(p) || !(ownAction || modelPackage.equals(p.getPackageName()))
                    || !p.getSimpleName().endsWith("Request")) {
                continue;
            }
            String action = p.getSimpleName().substring(0, p.getSimpleName().length() - "Request".length());
            if (byName.containsKey(action)) {
                continue;
            }
            Class<?> responseType;
            try {
                responseType = Class.forName(p.getPackageName() + "." + action + "Response", false, p.getClassLoader());
            } catch (ClassNotFoundException e) {
                continue;
            }
            if (!SdkResponse.class.isAssignableFrom(responseType)) {
                continue;
            }
            byName.put(action, new Operation(action, (Class<? extends SdkRequest>) p,
                    (Class<? extends SdkResponse>) responseType, null));
        }
        List<Operation> ops = new ArrayList<>(byName.values());
        ops.sort(Comparator.comparing(Operation::name));
        return List.copyOf(ops);
    }

    /** The methods of the sync client and of its async sibling ({@code S3Client}, {@code S3AsyncClient}) if any. */
    private static List<Method> clientMethods(Class<?> client) {
        List<Method> methods = new ArrayList<>(List.of(client.getMethods()));
        String name = client.getName();
        if (name.endsWith("Client") && !name.endsWith("AsyncClient")) {
            try {
                Class<?> async = Class.forName(name.substring(0, name.length() - "Client".length()) + "AsyncClient",
                        false, client.getClassLoader());
                methods.addAll(List.of(async.getMethods()));
            } catch (ClassNotFoundException e) {
                // no async client: the sync one names every action
            }
        }
        return methods;
    }

    /**
     * The package of the client's request classes: usually the client's package plus {@code .model}, but some
     * clients share another's model (DynamoDbStreamsClient's requests live in the DynamoDB model package).
     */
    static String modelPackage(AwsApiDescriptor api) {
        String own = api.modelPackage() + ".model";
        String other = null;
        for (Method m : api.sdkClient().getMethods()) {
            if (m.getParameterCount() == 0 || !m.getDeclaringClass().getName().startsWith("software.amazon.awssdk.")) {
                continue; // a service's own extension's actions have their own package
            }
            Class<?> p = m.getParameterTypes()[0];
            if (SdkRequest.class.isAssignableFrom(p) && p.getSimpleName().endsWith("Request")) {
                if (own.equals(p.getPackageName())) {
                    return own;
                }
                if (other == null && p.getPackageName().endsWith(".model")) {
                    other = p.getPackageName();
                }
            }
        }
        return other == null ? own : other;
    }
}
