package dev.overcast.kafka;

import java.security.SecureRandom;
import java.util.UUID;

/** MSK's ARNs and version strings. */
public final class Arns {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] VERSION_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private Arns() {
    }

    /** {@code arn:aws:kafka:us-east-1:123456789012:cluster/name/<uuid>-<n>}, as MSK writes them. */
    public static String cluster(String region, String account, String name) {
        return "arn:aws:kafka:" + region + ":" + account + ":cluster/" + name + "/" + UUID.randomUUID() + "-" + (1 + RANDOM.nextInt(25));
    }

    public static String configuration(String region, String account, String name) {
        return "arn:aws:kafka:" + region + ":" + account + ":configuration/" + name + "/" + UUID.randomUUID() + "-" + (1 + RANDOM.nextInt(25));
    }

    /** {@code arn:aws:kafka:…:cluster-operation/<cluster name>/<cluster uuid>/<operation uuid>}. */
    public static String operation(String clusterArn) {
        String tail = clusterArn.substring(clusterArn.indexOf(":cluster/") + ":cluster/".length());
        return clusterArn.substring(0, clusterArn.indexOf(":cluster/")) + ":cluster-operation/" + tail + "/" + UUID.randomUUID();
    }

    /** The last path element of an ARN (the uuid part of a cluster's): its folder name on disk. */
    public static String resourceId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** A cluster's version string (CurrentVersion), new at each change, like MSK's {@code K3AEGXETSR30VB}. */
    public static String newVersion() {
        char[] c = new char[14];
        for (int i = 0; i < c.length; i++) {
            c[i] = VERSION_CHARS[RANDOM.nextInt(VERSION_CHARS.length)];
        }
        return new String(c);
    }
}
