package id.dicomgateway.orders;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the gateway numbers an order posted without an Accession Number (issue 24 item 6,
 * GATEWAY_ORDERS_ACSN_PATTERN), e.g. {@code {MODALITY}{YYYYMMDD}{SEQ}}: CT on 20 November 2032, the
 * third of that day and modality, is {@code CT203211200003}. Tokens: {@code {MODALITY}}, {@code {YYYYMMDD}},
 * {@code {YYMMDD}} (the scheduled day on the hospital's clock), and last {@code {SEQ}} (4 digits) or
 * {@code {SEQ:n}} (n from 1 to 9 digits). Literal characters are upper-case letters, digits, '-' and '.'.
 * The number counts up per prefix (everything before it); the store makes it unique across replicas.
 */
public final class AccessionPattern {
    private static final Pattern TOKEN = Pattern.compile("\\{(MODALITY|YYYYMMDD|YYMMDD|SEQ(?::([1-9]))?)\\}|([A-Z0-9.-])");
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private final String pattern;
    private final String before;
    private final int digits;

    private AccessionPattern(String pattern, String before, int digits) {
        this.pattern = pattern;
        this.before = before;
        this.digits = digits;
    }

    /** Reads {@code pattern}; IllegalArgumentException saying what is wrong (the gateway does not start with it). */
    public static AccessionPattern of(String pattern) {
        String why = "GATEWAY_ORDERS_ACSN_PATTERN \"" + pattern + "\": ";
        Matcher m = TOKEN.matcher(pattern);
        int at = 0;
        int digits = 0;
        while (at < pattern.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException(why + "character " + (at + 1) + " is neither a token ({MODALITY}, {YYYYMMDD}, "
                        + "{YYMMDD}, {SEQ}, {SEQ:n}) nor an upper-case letter, digit, '-' or '.'");
            }
            if (digits > 0) {
                throw new IllegalArgumentException(why + "{SEQ} must come last");
            }
            if (m.group(1) != null && m.group(1).startsWith("SEQ")) {
                digits = m.group(2) == null ? 4 : Integer.parseInt(m.group(2));
            }
            at = m.end();
        }
        if (digits == 0) {
            throw new IllegalArgumentException(why + "it needs {SEQ} (or {SEQ:n}) at its end, which numbers the orders");
        }
        String before = pattern.substring(0, pattern.lastIndexOf('{'));
        return new AccessionPattern(pattern, before, digits);
    }

    /** The part before the number for an order of {@code modality} scheduled on {@code day}. */
    public String prefix(String modality, LocalDate day) {
        return before.replace("{MODALITY}", modality).replace("{YYYYMMDD}", day.format(DateTimeFormatter.BASIC_ISO_DATE))
                .replace("{YYMMDD}", day.format(YYMMDD));
    }

    /** How many digits the number has. */
    public int digits() {
        return digits;
    }

    /** The number {@code seq} after {@code prefix}, zero-padded; an OrderException when it no longer fits. */
    public String format(String prefix, long seq) {
        String n = Long.toString(seq);
        if (n.length() > digits) {
            throw OrderException.invalid("accessionNumber", "is absent and the " + digits + "-digit numbers of \"" + prefix
                    + "\" (GATEWAY_ORDERS_ACSN_PATTERN " + pattern + ") are used up: give the order its Accession Number");
        }
        String acsn = prefix + "0".repeat(digits - n.length()) + n;
        if (acsn.length() > 16) {
            throw OrderException.invalid("accessionNumber", "is absent, and GATEWAY_ORDERS_ACSN_PATTERN " + pattern + " makes \"" + acsn
                    + "\", longer than the 16 characters of an Accession Number (SH): give it, or shorten the pattern");
        }
        return acsn;
    }

    /** The number {@code acsn} carries after {@code prefix} in this pattern's width; -1 when it is not one of its numbers. */
    long number(String prefix, String acsn) {
        if (acsn == null || acsn.length() != prefix.length() + digits || !acsn.startsWith(prefix)) {
            return -1;
        }
        String n = acsn.substring(prefix.length());
        for (int i = 0; i < n.length(); i++) {
            if (n.charAt(i) < '0' || n.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(n);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
