package id.dicomgateway.orders;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rule of each value of an order, shared by the JSON and the FHIR shapes: each fits the VR the worklist
 * answers it in (PS3.5 table 6.2-1) or is refused with {@link OrderException#invalid} naming the field.
 * Values are stripped; an empty optional value is null.
 */
public final class OrderFields {
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern CODE_STRING = Pattern.compile("[A-Z0-9_ ]{1,16}");
    private static final Pattern SERVICE_REQUEST_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final DateTimeFormatter DICOM_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private OrderFields() {
    }

    /** SH (16 characters): the Accession Number the images and the ServiceRequest share. */
    public static String accessionNumber(String field, String value) {
        return text(field, required(field, value), 16, "SH");
    }

    /** LO (64 characters). */
    public static String patientId(String field, String value) {
        return text(field, required(field, value), 64, "LO");
    }

    /**
     * PN: {@code Family^Given^Middle^Prefix^Suffix} as DICOM writes it, or "Given Family" (the last word is the
     * family name, as in most Indonesian records that have one; a single word is the family name). At most 64
     * characters per component group (PS3.5 6.2), five components, no backslash or control characters.
     */
    public static String patientName(String field, String value) {
        String v = required(field, value);
        if (v.indexOf('\\') >= 0 || v.chars().anyMatch(Character::isISOControl)) {
            throw OrderException.invalid(field, "a name has no backslash or control characters");
        }
        String pn;
        if (v.indexOf('^') >= 0 || v.indexOf('=') >= 0) {
            pn = v;
        } else {
            String[] words = v.split("\\s+");
            if (words.length == 1) {
                pn = words[0];
            } else {
                pn = words[words.length - 1] + "^" + String.join(" ", java.util.Arrays.copyOf(words, words.length - 1));
            }
        }
        String[] groups = pn.split("=", -1);
        if (groups.length > 3) {
            throw OrderException.invalid(field, "a DICOM name has at most three component groups separated by '='");
        }
        for (String g : groups) {
            if (g.codePointCount(0, g.length()) > 64) {
                throw OrderException.invalid(field, "a DICOM name has at most 64 characters per component group");
            }
            if (g.split("\\^", -1).length > 5) {
                throw OrderException.invalid(field, "a DICOM name has at most five components separated by '^'");
            }
        }
        return pn;
    }

    /** YYYY-MM-DD (or DICOM's YYYYMMDD); optional. */
    public static LocalDate birthDate(String field, String value) {
        String v = optional(value);
        if (v == null) {
            return null;
        }
        try {
            LocalDate d = v.length() == 8 ? LocalDate.parse(v, DICOM_DATE) : LocalDate.parse(v);
            if (d.getYear() < 1850 || d.isAfter(LocalDate.now().plusDays(1))) {
                throw OrderException.invalid(field, "a birth date between 1850 and today");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw OrderException.invalid(field, "a date like 1980-12-31 (YYYY-MM-DD)");
        }
    }

    /** M, F or O (PS3.3 C.7.1.1); FHIR's male, female, other and unknown are taken too. Optional. */
    public static String sex(String field, String value) {
        String v = optional(value);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "m", "male", "l", "laki-laki" -> "M";
            case "f", "female", "p", "perempuan" -> "F";
            case "o", "other" -> "O";
            case "unknown", "u" -> null;
            default -> throw OrderException.invalid(field, "M, F or O (or male, female, other, unknown)");
        };
    }

    /** CS, the modality's code as DICOM names it (CR, DX, CT, MR, US, ...): capitals and digits, at most 16. */
    public static String modality(String field, String value) {
        String v = required(field, value).toUpperCase(Locale.ROOT);
        if (!CODE_STRING.matcher(v).matches()) {
            throw OrderException.invalid(field, "a DICOM modality code like CR, DX, CT (capitals, digits, underscore; at most 16)");
        }
        return v;
    }

    /** ISO-8601 with an offset (2026-12-05T08:30:00+07:00): the day and time a modality shows are on that clock. */
    public static OffsetDateTime scheduledStart(String field, String value) {
        String v = required(field, value);
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw OrderException.invalid(field, "an ISO-8601 date and time with its offset, like 2026-12-05T08:30:00+07:00");
        }
    }

    /** AE (16 characters, PS3.5): the modality's own AE title. Optional. */
    public static String aeTitle(String field, String value) {
        return optional(field, value, v -> v.length() <= 16 && v.chars().noneMatch(c -> c < 0x20 || c > 0x7E || c == '\\'),
                "an AE title: at most 16 characters, no backslash or control characters");
    }

    /** LO (64). Optional. */
    public static String description(String field, String value) {
        String v = optional(value);
        return v == null ? null : text(field, v, 64, "LO");
    }

    /** SH (16). Optional. */
    public static String shortText(String field, String value) {
        String v = optional(value);
        return v == null ? null : text(field, v, 16, "SH");
    }

    /** A SATUSEHAT resource id (FHIR id: letters, digits, '-', '.'). Optional. */
    public static String serviceRequestId(String field, String value) {
        return optional(field, value, SERVICE_REQUEST_ID.asMatchPredicate(), "a FHIR id: letters, digits, '-' and '.', at most 64");
    }

    /** A UID (PS3.5 9.1: 1-64 characters, digits and dots, no leading zero). Optional: null means generate one. */
    public static String uid(String field, String value) {
        return optional(field, value, v -> v.length() <= 64 && UID.matcher(v).matches(),
                "a DICOM UID: digits and dots, at most 64, no empty part, no leading zero");
    }

    /** A new UID under the 2.25 root (PS3.5 B.2): a random UUID as one unsigned decimal number. */
    public static String newUid() {
        UUID u = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }

    private static String required(String field, String value) {
        String v = optional(value);
        if (v == null) {
            throw OrderException.invalid(field, "is required");
        }
        return v;
    }

    /** An optional value that, when given, must be {@code valid}: else it is refused as not being {@code expected}. */
    private static String optional(String field, String value, Predicate<String> valid, String expected) {
        String v = optional(value);
        if (v != null && !valid.test(v)) {
            throw OrderException.invalid(field, expected);
        }
        return v;
    }

    private static String optional(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.isEmpty() ? null : v;
    }

    private static String text(String field, String v, int max, String vr) {
        if (v.codePointCount(0, v.length()) > max) {
            throw OrderException.invalid(field, "at most " + max + " characters (DICOM " + vr + ")");
        }
        if (v.indexOf('\\') >= 0 || v.chars().anyMatch(Character::isISOControl)) {
            throw OrderException.invalid(field, "no backslash or control characters (DICOM " + vr + ")");
        }
        return v;
    }
}
