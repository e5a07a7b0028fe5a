package id.dicomgateway.orders;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A FHIR R4 ServiceRequest read into a {@link NewOrder}, in either shape a hospital already sends:
 * <ul>
 * <li>the one its SIMRS sends to SATUSEHAT: the Accession Number is the identifier of system
 *     {@code http://sys-ids.kemkes.go.id/acsn/{ORG_ID}}, the patient is {@code subject} (the SATUSEHAT
 *     Patient id is the Patient ID, {@code subject.display} the name), the procedure is {@code code};</li>
 * <li>the one SIMRS integrations send to the SATUSEHAT router's own worklist: the same, plus a contained
 *     Patient (its medical record number, identifier system {@code http://sys-ids.kemkes.go.id/mrn/{ORG_ID}},
 *     is the Patient ID; {@code name[0].text}, {@code birthDate}, {@code gender}), the modality as an
 *     {@code orderDetail} coding of the DICOM code system, the station AE title as a coding or an identifier
 *     of system {@code http://sys-ids.kemkes.go.id/ae-title}, and the Study Instance UID as an identifier of
 *     system {@code urn:dicom:uid}.</li>
 * </ul>
 * The time is {@code occurrenceDateTime} (or {@code occurrencePeriod.start}). Fields named in errors are FHIR paths.
 */
public final class ServiceRequestInput {
    static final String ACSN_SYSTEM = "http://sys-ids.kemkes.go.id/acsn/";
    static final String MRN_SYSTEM = "http://sys-ids.kemkes.go.id/mrn/";
    static final String AE_SYSTEM = "http://sys-ids.kemkes.go.id/ae-title";
    static final String DICOM_CODES = "http://dicom.nema.org/resources/ontology/DCM";
    static final String DICOM_UID = "urn:dicom:uid";

    private ServiceRequestInput() {
    }

    /** @param organizationId SATUSEHAT_ORG_ID; blank: an ACSN or MRN identifier of any organisation is taken */
    public static NewOrder read(JsonNode sr, String organizationId) {
        return read(sr, organizationId, null, null);
    }

    /**
     * The SATUSEHAT Patient id of a ServiceRequest that names its patient only by {@code subject.reference} (no contained
     * Patient): whose name, birth date and sex may be looked up. Null for any other shape.
     */
    public static String referencedPatient(JsonNode sr) {
        if (containedPatient(sr) != null) {
            return null;
        }
        String reference = text(sr.path("subject").path("reference"));
        return reference != null && reference.startsWith("Patient/") && reference.length() > "Patient/".length()
                ? reference.substring("Patient/".length()) : null;
    }

    /** Whether the ServiceRequest gives its patient's name itself (a contained Patient's, or {@code subject.display}). */
    public static boolean namesPatient(JsonNode sr) {
        JsonNode patient = containedPatient(sr);
        return patient != null || text(sr.path("subject").path("display")) != null;
    }

    /**
     * @param lookedUp  SATUSEHAT's Patient for a {@link #referencedPatient}: fills the name, birth date and sex the body
     *                  does not give (the body's own win); a birth date or gender SATUSEHAT gives that does not fit is left out
     * @param notLookedUp why there is no {@code lookedUp}, said when the name is then missing; null: not said
     */
    public static NewOrder read(JsonNode sr, String organizationId, PatientFacts lookedUp, String notLookedUp) {
        if (!"ServiceRequest".equals(sr.path("resourceType").asText())) {
            throw OrderException.invalid("resourceType", "must be ServiceRequest");
        }
        String org = organizationId == null ? "" : organizationId.strip();
        String acsn = identifier(sr.path("identifier"), ACSN_SYSTEM, org);
        if (acsn == null) {
            throw OrderException.invalid("identifier", "no Accession Number: an identifier of system " + ACSN_SYSTEM
                    + (org.isEmpty() ? "{ORG_ID}" : org) + " is required");
        }
        JsonNode patient = containedPatient(sr);
        String patientId;
        String name;
        String birthDate = null;
        String sex = null;
        if (patient != null) {
            patientId = identifier(patient.path("identifier"), MRN_SYSTEM, org);
            if (patientId == null) {
                throw OrderException.invalid("contained.Patient.identifier", "no medical record number: an identifier of system "
                        + MRN_SYSTEM + (org.isEmpty() ? "{ORG_ID}" : org) + " is required");
            }
            name = text(patient.path("name").path(0).path("text"));
            if (name == null) {
                name = humanName(patient.path("name").path(0));
            }
            if (name == null) {
                throw OrderException.invalid("contained.Patient.name", "the patient's name (name[0].text) is required");
            }
            birthDate = text(patient.path("birthDate"));
            sex = text(patient.path("gender"));
        } else {
            String reference = text(sr.path("subject").path("reference"));
            if (reference == null || !reference.startsWith("Patient/") || reference.length() == "Patient/".length()) {
                throw OrderException.invalid("subject.reference", "a Patient reference (Patient/{id}) or a contained Patient is required");
            }
            patientId = reference.substring("Patient/".length());
            name = text(sr.path("subject").path("display"));
            if (lookedUp != null) {
                name = name != null ? name : lookedUp.name();
                birthDate = fitting(() -> OrderFields.birthDate("Patient.birthDate", lookedUp.birthDate()) == null ? null : lookedUp.birthDate());
                sex = fitting(() -> OrderFields.sex("Patient.gender", lookedUp.gender()) == null ? null : lookedUp.gender());
            }
            if (name == null) {
                throw OrderException.invalid("subject.display", "the patient's name is required: give subject.display or a contained "
                        + "Patient with name[0].text" + (notLookedUp == null ? "" : " (" + notLookedUp + ")"));
            }
        }
        String modality = coding(sr.path("orderDetail"), DICOM_CODES, false);
        if (modality == null) {
            modality = codingIn(sr.path("code"), DICOM_CODES, false);
        }
        if (modality == null) {
            throw OrderException.invalid("orderDetail", "no modality: a coding of system " + DICOM_CODES + " (e.g. CR, DX, CT) is required");
        }
        String station = coding(sr.path("orderDetail"), AE_SYSTEM, true);
        if (station == null) {
            station = identifier(sr.path("identifier"), AE_SYSTEM, "");
        }
        String start = text(sr.path("occurrenceDateTime"));
        if (start == null) {
            start = text(sr.path("occurrencePeriod").path("start"));
        }
        if (start == null) {
            throw OrderException.invalid("occurrenceDateTime", "is required (the scheduled start, with its offset)");
        }
        JsonNode code = sr.path("code").path("coding").path(0);
        String procedureId = text(code.path("code"));
        String description = text(code.path("display"));
        if (description == null) {
            description = text(sr.path("code").path("text"));
        }
        String uid = identifier(sr.path("identifier"), DICOM_UID, "");
        if (uid != null && uid.startsWith("urn:oid:")) {
            uid = uid.substring("urn:oid:".length());
        }
        return new NewOrder(
                OrderFields.accessionNumber("identifier[acsn].value", acsn),
                OrderFields.patientId(patient != null ? "contained.Patient.identifier[mrn].value" : "subject.reference", patientId),
                OrderFields.patientName(patient != null ? "contained.Patient.name"
                        : text(sr.path("subject").path("display")) != null ? "subject.display" : "SATUSEHAT Patient.name", name),
                OrderFields.birthDate("contained.Patient.birthDate", birthDate),
                OrderFields.sex("contained.Patient.gender", sex),
                OrderFields.modality("orderDetail.coding[" + DICOM_CODES + "].code", modality),
                OrderFields.scheduledStart("occurrenceDateTime", start),
                OrderFields.aeTitle("orderDetail.coding[" + AE_SYSTEM + "]", station),
                // A LOINC display may be longer than LO allows: the description is for people, so it is shortened.
                OrderFields.description("code.coding[0].display", clip(description, 64)),
                OrderFields.shortText("code.coding[0].code", procedureId),
                OrderFields.serviceRequestId("id", text(sr.path("id"))),
                OrderFields.uid("identifier[" + DICOM_UID + "].value", uid),
                "fhir");
    }

    /** A value SATUSEHAT gave, or null when it does not fit the order (a FHIR partial date like "1970", say): the hospital's post is not refused for it. */
    private static String fitting(java.util.function.Supplier<String> checked) {
        try {
            return checked.get();
        } catch (OrderException e) {
            return null;
        }
    }

    private static JsonNode containedPatient(JsonNode sr) {
        for (JsonNode c : sr.path("contained")) {
            if ("Patient".equals(c.path("resourceType").asText())) {
                return c;
            }
        }
        return null;
    }

    /** The value of the first identifier whose system is {@code system + org} (any organisation's when org is blank). */
    private static String identifier(JsonNode identifiers, String system, String org) {
        for (JsonNode id : identifiers) {
            String s = text(id.path("system"));
            if (s != null && (s.equals(system + org) || (org.isEmpty() && s.startsWith(system)))) {
                String v = text(id.path("value"));
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The code (or, {@code displayFirst}, the display) of the first coding of {@code system} in a list of CodeableConcepts. */
    private static String coding(JsonNode concepts, String system, boolean displayFirst) {
        for (JsonNode concept : concepts) {
            String v = codingIn(concept, system, displayFirst);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String codingIn(JsonNode concept, String system, boolean displayFirst) {
        for (JsonNode coding : concept.path("coding")) {
            if (system.equals(text(coding.path("system")))) {
                String code = text(coding.path("code"));
                String display = text(coding.path("display"));
                String v = displayFirst ? (display != null ? display : code) : (code != null ? code : display);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /** HumanName without text: given names then the family name, as "Given Family". */
    private static String humanName(JsonNode name) {
        StringBuilder s = new StringBuilder();
        for (JsonNode g : name.path("given")) {
            if (g.isTextual()) {
                s.append(g.textValue()).append(' ');
            }
        }
        String family = text(name.path("family"));
        if (family != null) {
            s.append(family);
        }
        String out = s.toString().strip();
        return out.isEmpty() ? null : out;
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isBlank() ? n.textValue().strip() : null;
    }

    private static String clip(String s, int max) {
        return s == null || s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }
}
