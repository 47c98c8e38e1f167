package dev.overcast.firehose.processing;

import java.util.List;

/** What processing made of a buffer: the records to deliver (in order) and those that failed. */
public record Outcome(List<Item> delivered, List<Failure> failed) {
}
