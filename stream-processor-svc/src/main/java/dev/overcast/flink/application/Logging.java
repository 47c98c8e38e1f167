package dev.overcast.flink.application;

import dev.overcast.flink.FlinkErrors;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CloudWatchLoggingOption;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CloudWatchLoggingOptionDescription;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.CloudWatchLoggingOptionUpdate;

/**
 * CloudWatch logging options: recorded and reported (the suite has no CloudWatch Logs; the application's Flink log is
 * its child JVM's log file). Ids are AWS's form: the application version they were added in, then a sequence.
 */
public final class Logging {

    private Logging() {
    }

    public static CloudWatchLoggingOptionDescription describe(CloudWatchLoggingOption o, long version) {
        check(o.logStreamARN());
        return CloudWatchLoggingOptionDescription.builder().cloudWatchLoggingOptionId(version + ".1").logStreamARN(o.logStreamARN()).build();
    }

    /** A log stream ARN: arn:aws:logs:region:account:log-group:name:log-stream:name. */
    public static void check(String arn) {
        if (!arn.startsWith("arn:aws:logs:") || !arn.contains(":log-group:") || !arn.contains(":log-stream:")) {
            throw FlinkErrors.invalidArgument("Invalid log stream ARN " + arn);
        }
    }

    public static List<CloudWatchLoggingOptionDescription> update(List<CloudWatchLoggingOptionDescription> current,
                                                                   List<CloudWatchLoggingOptionUpdate> updates) {
        List<CloudWatchLoggingOptionDescription> out = new ArrayList<>(current);
        for (CloudWatchLoggingOptionUpdate u : updates) {
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).cloudWatchLoggingOptionId().equals(u.cloudWatchLoggingOptionId()) && u.logStreamARNUpdate() != null) {
                    check(u.logStreamARNUpdate());
                    out.set(i, out.get(i).toBuilder().logStreamARN(u.logStreamARNUpdate()).build());
                }
            }
        }
        return out;
    }
}
