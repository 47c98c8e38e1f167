package dev.overcast.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Policy wildcards and IP conditions as the evaluator matches them, without regular expressions. */
class WildcardTest {

    /** What the evaluator matched with before: the wildcard as a quoted regular expression. */
    private static boolean regex(String wildcard, boolean ignoreCase, String value) {
        StringBuilder sb = new StringBuilder();
        for (String part : wildcard.split("((?<=[*?])|(?=[*?]))")) {
            sb.append(part.equals("*") ? ".*" : part.equals("?") ? "." : Pattern.quote(part));
        }
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL;
        return Pattern.compile(sb.toString(), flags).matcher(value).matches();
    }

    @Test
    void matchesAsTheRegularExpressionDid() {
        List<String> wildcards = List.of("", "*", "?", "s3:*", "s3:Get*", "s3:GetObject", "S3:getobject*",
                "arn:aws:s3:::b/*", "arn:aws:s3:::b/team?/*", "a*b*c", "*a", "a*", "**", "*?*", "a?c", "ab*ab",
                "arn:aws:s3:::b/*/x.txt", "x.+[y]", "é*ß");
        List<String> values = List.of("", "a", "abc", "aXbYc", "acb", "s3:GetObject", "s3:getobject", "S3:GETOBJECTACL",
                "s3:PutObject", "arn:aws:s3:::b/k", "arn:aws:s3:::b/team1/k", "arn:aws:s3:::b/team12/k",
                "arn:aws:s3:::b", "abab", "ababab", "arn:aws:s3:::b/d/x.txt", "x.+[y]", "xx+[y]", "éxß", "ÉXSS",
                "a\nc", "a\uD83D\uDE00c", "line\nbreak");
        for (String w : wildcards) {
            for (boolean ignoreCase : new boolean[]{false, true}) {
                for (String v : values) {
                    assertThat(new Wildcard(w, ignoreCase).matches(v))
                            .as("%s (ignore case %s) on %s", w, ignoreCase, v)
                            .isEqualTo(regex(w, ignoreCase, v));
                }
            }
        }
    }

    @Test
    void ipConditionsMatchCidrBlocksOfLiteralsOnly() {
        PolicyRules rules = new PolicyRules("s3", true, reason -> new dev.overcast.common.error.AwsException("MalformedPolicy", 400, reason));
        PolicyCondition in = PolicyCondition.of("IpAddress", "aws:SourceIp",
                List.of("10.1.0.0/16", "192.168.7.9", "2001:db8::/32", "not-a-cidr"), rules);
        assertThat(in.key()).isEqualTo("aws:sourceip");
        for (String ip : List.of("10.1.2.3", "10.1.255.255", "192.168.7.9", "2001:db8:1::5")) {
            assertThat(in.holds(facts(ip))).as(ip).isTrue();
        }
        for (String ip : List.of("10.2.0.1", "192.168.7.10", "2001:db9::1", "10.1.2", "10.1.2.3.4", "10.1.2.256",
                "localhost", "")) {
            assertThat(in.holds(facts(ip))).as(ip).isFalse();
        }
        PolicyCondition notIn = PolicyCondition.of("NotIpAddress", "aws:SourceIp", List.of("127.0.0.0/8"), rules);
        assertThat(notIn.holds(facts("127.0.0.1"))).isFalse();
        assertThat(notIn.holds(facts("10.0.0.1"))).isTrue();
    }

    private static RequestFacts facts(String sourceIp) {
        return new RequestFacts("111122223333", "s3:GetObject", "arn:aws:s3:::b/k", java.util.Map.of("aws:sourceip",
                sourceIp));
    }
}
