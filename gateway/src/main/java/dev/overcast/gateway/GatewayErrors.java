package dev.overcast.gateway;

import dev.overcast.common.error.AwsException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;

/** The answers the gateway gives itself, in the error shape of the service a request is for. */
final class GatewayErrors {

    private final String s3Service;
    private final Collection<String> served;

    /**
     * @param s3Service the name of the S3 service
     * @param served    the services this deployment runs, named in "not available" answers
     */
    GatewayErrors(String s3Service, Collection<String> served) {
        this.s3Service = s3Service;
        this.served = served;
    }

    /** S3's shape for S3 (and for what no service claims), the request's own protocol for the others. */
    ErrorShape shapeOf(HttpServletRequest request, ServiceRouter.Target target) {
        if (target == null || (target.available() && target.name().equals(s3Service)
                && request.getHeader("X-Amz-Target") == null)) {
            return ErrorShape.REST_XML;
        }
        return ErrorShape.of(request, target.available() ? ErrorShape.JSON_1_0 : target.unavailable().shape());
    }

    /** 501 NotImplemented for an AWS service this deployment does not run (see {@link UnavailableServices}). */
    void notAvailable(HttpServletRequest request, HttpServletResponse response, ServiceRouter.Target target)
            throws IOException {
        ErrorShape.of(request, target.unavailable().shape()).write(request, response,
                UnavailableServices.notAvailable(target.unavailable(), served));
    }

    /** 503 for a configured service that cannot be reached: SDKs retry it. */
    void unreachable(HttpServletRequest request, HttpServletResponse response, ServiceRouter.Target target)
            throws IOException {
        ErrorShape shape = shapeOf(request, target);
        String code = shape == ErrorShape.REST_XML ? "ServiceUnavailable" : "ServiceUnavailableException";
        shape.write(request, response, new AwsException(code, 503, "Service " + target.name() + " is unavailable"));
    }
}
