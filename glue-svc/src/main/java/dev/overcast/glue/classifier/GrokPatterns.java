package dev.overcast.glue.classifier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Glue's built-in grok patterns (the classic grok pattern set Glue's documentation lists), as {@code NAME regex} lines
 * in the form custom patterns take. The regexes are written for Java's engine, which shares the Oniguruma constructs
 * they use (atomic groups, bounded look-behind).
 */
final class GrokPatterns {

    private static final String BUILT_IN = """
            USERNAME [a-zA-Z0-9._-]+
            USER %{USERNAME}
            INT (?:[+-]?(?:[0-9]+))
            BASE10NUM (?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))
            NUMBER (?:%{BASE10NUM})
            BASE16NUM (?<![0-9A-Fa-f])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))
            BASE16FLOAT \\b(?<![0-9A-Fa-f.])(?:[+-]?(?:0x)?(?:(?:[0-9A-Fa-f]+(?:\\.[0-9A-Fa-f]*)?)|(?:\\.[0-9A-Fa-f]+)))\\b
            POSINT \\b(?:[1-9][0-9]*)\\b
            NONNEGINT \\b(?:[0-9]+)\\b
            WORD \\b\\w+\\b
            NOTSPACE \\S+
            SPACE \\s*
            DATA .*?
            GREEDYDATA .*
            QUOTEDSTRING (?>(?<!\\\\)(?>"(?>\\\\.|[^\\\\"]+)+"|""|(?>'(?>\\\\.|[^\\\\']+)+')|''|(?>`(?>\\\\.|[^\\\\`]+)+`)|``))
            UUID [A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}
            MAC (?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC})
            CISCOMAC (?:(?:[A-Fa-f0-9]{4}\\.){2}[A-Fa-f0-9]{4})
            WINDOWSMAC (?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2})
            COMMONMAC (?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2})
            IPV6 (?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,5}(?::[0-9A-Fa-f]{1,4}){1,2}|(?:[0-9A-Fa-f]{1,4}:){1,4}(?::[0-9A-Fa-f]{1,4}){1,3}|(?:[0-9A-Fa-f]{1,4}:){1,3}(?::[0-9A-Fa-f]{1,4}){1,4}|(?:[0-9A-Fa-f]{1,4}:){1,2}(?::[0-9A-Fa-f]{1,4}){1,5}|[0-9A-Fa-f]{1,4}:(?::[0-9A-Fa-f]{1,4}){1,6}|:(?:(?::[0-9A-Fa-f]{1,4}){1,7}|:)|(?:[0-9A-Fa-f]{1,4}:){6}%{IPV4}|::(?:ffff(?::0{1,4})?:)?%{IPV4})
            IPV4 (?<![0-9])(?:(?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})[.](?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2}))(?![0-9])
            IP (?:%{IPV6}|%{IPV4})
            HOSTNAME \\b(?:[0-9A-Za-z][0-9A-Za-z-_]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-_]{0,62}))*(?:\\.?|\\b)
            HOST %{HOSTNAME}
            IPORHOST (?:%{HOSTNAME}|%{IP})
            HOSTPORT %{IPORHOST}:%{POSINT}
            PATH (?:%{UNIXPATH}|%{WINPATH})
            UNIXPATH (?>/(?>[\\w_%!$@:.,-]+|\\\\.)*)+
            WINPATH (?>[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+
            URIPROTO [A-Za-z]+(?:\\+[A-Za-z+]+)?
            URIHOST %{IPORHOST}(?::%{POSINT:port})?
            URIPATH (?:/[A-Za-z0-9$.+!*'(){},~:;=@#%_\\-]*)+
            URIPARAM \\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\-\\[\\]]*
            URIPATHPARAM %{URIPATH}(?:%{URIPARAM})?
            URI %{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?
            MONTH \\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\b
            MONTHNUM (?:0?[1-9]|1[0-2])
            MONTHNUM2 (?:0[1-9]|1[0-2])
            MONTHDAY (?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])
            DAY (?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)
            YEAR (?>\\d\\d){1,2}
            HOUR (?:2[0123]|[01]?[0-9])
            MINUTE (?:[0-5][0-9])
            SECOND (?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)
            TIME (?!<[0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])
            DATE_US %{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}
            DATE_EU %{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}
            DATESTAMP_US %{DATE_US}[- ]%{TIME}
            DATESTAMP_EU %{DATE_EU}[- ]%{TIME}
            ISO8601_TIMEZONE (?:Z|[+-]%{HOUR}(?::?%{MINUTE}))
            ISO8601_SECOND (?:%{SECOND}|60)
            TIMESTAMP_ISO8601 %{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?
            TZ (?:[PMCE][SD]T|UTC)
            DATESTAMP_RFC822 %{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ}
            DATESTAMP_RFC2822 %{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE}
            DATESTAMP_OTHER %{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR}
            DATESTAMP_EVENTLOG %{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND}
            CISCOTIMESTAMP %{MONTH} %{MONTHDAY} %{TIME}
            DATE %{DATE_US}|%{DATE_EU}
            DATESTAMP %{DATE}[- ]%{TIME}
            HTTPDERROR_DATE %{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{YEAR}
            SYSLOGTIMESTAMP %{MONTH} +%{MONTHDAY} %{TIME}
            PROG (?:[\\w._/%-]+)
            SYSLOGPROG %{PROG:program}(?:\\[%{POSINT:pid}\\])?
            SYSLOGHOST %{IPORHOST}
            SYSLOGFACILITY <%{NONNEGINT:facility}.%{NONNEGINT:priority}>
            HTTPDATE %{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}
            QS %{QUOTEDSTRING}
            SYSLOGBASE %{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:
            MESSAGESLOG %{SYSLOGBASE} %{DATA}
            COMMONAPACHELOG %{IPORHOST:clientip} %{USER:ident} %{USER:auth} \\[%{HTTPDATE:timestamp}\\] "(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})" %{NUMBER:response} (?:%{NUMBER:bytes}|-)
            COMBINEDAPACHELOG %{COMMONAPACHELOG} %{QS:referrer} %{QS:agent}
            LOGLEVEL ([A|a]lert|ALERT|[T|t]race|TRACE|[D|d]ebug|DEBUG|[N|n]otice|NOTICE|[I|i]nfo|INFO|[W|w]arn?(?:ing)?|WARN?(?:ING)?|[E|e]rr?(?:or)?|ERR?(?:OR)?|[C|c]rit?(?:ical)?|CRIT?(?:ICAL)?|[F|f]atal|FATAL|[S|s]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)
            """;

    static final Map<String, String> BUILT_IN_PATTERNS = parse(BUILT_IN);

    private GrokPatterns() {
    }

    /** {@code NAME regex} lines (blank lines and {@code #} comments skipped) as a map. */
    static Map<String, String> parse(String lines) {
        Map<String, String> out = new LinkedHashMap<>();
        if (lines == null) {
            return out;
        }
        for (String line : lines.split("\\r?\\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int space = l.indexOf(' ');
            if (space > 0) {
                out.put(l.substring(0, space), l.substring(space + 1).strip());
            }
        }
        return out;
    }
}
