package dev.overcast.common.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * Marks a handler class for one family of actions of an API. Every public method of the shape
 * {@code XxxResponse xxx(RequestContext ctx, XxxRequest request)} (or returning {@link StreamingResponse} or
 * {@link RawJsonResponse}) is an
 * action handler; the action name is the request class name without {@code Request}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface AwsApi {

    /** The {@link dev.overcast.common.protocol.AwsApiDescriptor#id()} this class serves (not {@code value}: Spring would take that as the bean name). */
    String api();
}
