package id.dicomgateway.dimse;

import java.util.Objects;

/** A SOP class in one transfer syntax: what one presentation context proposes alone (PS3.8 9.3.2.2). */
public record SyntaxPair(String sopClassUid, String transferSyntaxUid) {
    public SyntaxPair {
        Objects.requireNonNull(sopClassUid, "sopClassUid");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    }
}
