package dev.overcast.common.time;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /_overcast/clock} on a service: {@code GET} answers the suite's time ({@code {"now": "…", "offset": "P31D"}});
 * {@code POST} with {@code {"advance": "P31D"}} moves it on (recorded for every replica, the jobs that fall due run at
 * once) and answers the new time. Moving the clock is for administrators: 403 unless {@code OVERCAST_ADMIN=true}.
 * The gateway's {@code /_overcast/clock} moves every service's clock through this.
 */
public final class ClockServlet extends HttpServlet {

    public static final String PATH = "/_overcast/clock";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final transient SuiteClock clock;
    private final transient ClockState state;
    private final boolean admin;

    public ClockServlet(SuiteClock clock, ClockState state, boolean admin) {
        this.clock = clock;
        this.state = state;
        this.admin = admin;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        write(resp, 200, time());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!admin) {
            write(resp, 403, error("AccessDenied", "Moving the suite's clock needs OVERCAST_ADMIN=true"));
            return;
        }
        Duration by;
        try {
            by = parseAdvance(JSON.readTree(req.getInputStream()));
        } catch (JacksonException | IllegalArgumentException e) {
            write(resp, 400, error("ValidationException", e.getMessage()));
            return;
        }
        state.advance(by);
        write(resp, 200, time());
    }

    /** The duration of {@code {"advance": "P31D"}}: ISO-8601, positive (the suite's time never goes back). */
    public static Duration parseAdvance(JsonNode body) {
        JsonNode advance = body == null ? null : body.get("advance");
        if (advance == null || !advance.isString()) {
            throw new IllegalArgumentException("The body must be {\"advance\": \"<ISO-8601 duration>\"}, such as {\"advance\": \"P31D\"}");
        }
        Duration by;
        try {
            by = Duration.parse(advance.asString());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + advance.asString() + "' is not an ISO-8601 duration such as P31D or PT6H");
        }
        if (by.isNegative() || by.isZero()) {
            throw new IllegalArgumentException("The suite's clock only moves forward: advance must be a positive duration");
        }
        return by;
    }

    private Map<String, Object> time() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("now", clock.now().toString());
        body.put("offset", clock.offset().toString());
        return body;
    }

    /** The JSON error body of the clock's endpoints ({@code __type} and {@code message}). */
    public static Map<String, Object> error(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", code);
        body.put("message", message);
        return body;
    }

    /** Answers {@code body} as JSON with {@code status}. */
    public static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
