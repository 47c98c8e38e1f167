package com.amazonaws.services.glue;

/**
 * resolveChoice's one action for every field: {@code ChoiceOption("cast:long")}, {@code ChoiceOption("make_cols")} …
 *
 * @param choice the action, as in a spec
 */
public record ChoiceOption(String choice) implements java.io.Serializable {

    public static ChoiceOption apply(String choice) {
        return new ChoiceOption(choice);
    }
}
