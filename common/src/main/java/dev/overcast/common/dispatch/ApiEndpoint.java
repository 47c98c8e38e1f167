package dev.overcast.common.dispatch;

import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.ProtocolCodec;
import java.util.Map;

/** An API served by this application: its codec and the handlers of the actions implemented so far. */
record ApiEndpoint(AwsApiDescriptor api, ProtocolCodec codec, Map<String, ActionHandler> handlers) {
}
