package dev.overcast.common.protocol;

import dev.overcast.common.protocol.model.Operations;
import java.util.List;

/** What every codec shares: the API it serves and its operations, discovered once from the SDK client interface. */
public abstract class AbstractProtocolCodec implements ProtocolCodec {

    protected final AwsApiDescriptor api;
    protected final List<Operation> operations;

    protected AbstractProtocolCodec(AwsApiDescriptor api) {
        this.api = api;
        this.operations = Operations.discover(api);
    }

    @Override
    public AwsApiDescriptor api() {
        return api;
    }

    @Override
    public List<Operation> operations() {
        return operations;
    }
}
