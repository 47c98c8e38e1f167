package dev.overcast.firehose.processing;

import dev.overcast.firehose.FirehoseErrors;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.firehose.model.Processor;
import software.amazon.awssdk.services.firehose.model.ProcessorParameter;

/** A processor's parameters by name, read with their defaults and ranges. */
record ProcessorParameters(String processor, Map<String, String> values) {

    static ProcessorParameters of(Processor p) {
        Map<String, String> values = new HashMap<>();
        if (p.parameters() != null) {
            for (ProcessorParameter parameter : p.parameters()) {
                values.put(parameter.parameterNameAsString(), parameter.parameterValue());
            }
        }
        return new ProcessorParameters(p.typeAsString(), values);
    }

    String get(String name) {
        return values.get(name);
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            throw FirehoseErrors.invalidArgument("Processor " + processor + " requires the parameter " + name + ".");
        }
        return v;
    }

    double number(String name, double defaultValue, double min, double max) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v);
            if (d < min || d > max) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw FirehoseErrors.invalidArgument("Processor " + processor + " parameter " + name + " must be a number from "
                    + fmt(min) + " to " + fmt(max) + ", not '" + v + "'.");
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
