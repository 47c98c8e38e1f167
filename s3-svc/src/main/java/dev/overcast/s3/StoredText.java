package dev.overcast.s3;

/**
 * What PostgreSQL text can hold: every Unicode character but U+0000. S3 takes any character in keys and listing
 * parameters; one holding U+0000 can therefore never name a stored key, upload or tag, and is answered as S3 answers
 * a name it does not know (no match, NoSuchKey, NoSuchUpload) instead of being sent to the database.
 */
public final class StoredText {

    private StoredText() {
    }

    /** Whether the text (null included) can be stored and compared in PostgreSQL. */
    public static boolean canHold(String text) {
        return text == null || text.indexOf('\0') < 0;
    }

    /**
     * The text up to its first U+0000. For stored keys (which hold none), "after {@code text}" and "after the cut" are
     * the same keys: U+0000 sorts before every other character.
     */
    public static String beforeNul(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }
}
