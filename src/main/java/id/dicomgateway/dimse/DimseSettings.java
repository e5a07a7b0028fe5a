package id.dicomgateway.dimse;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and limits of the DICOM upper layer and DIMSE.
 *
 * @param connectTimeout   TCP connect
 * @param associateTimeout from A-ASSOCIATE-RQ sent to A-ASSOCIATE-AC/RJ received (the ARTIM
 *                         role of PS3.8 9.1.5 on the requestor side)
 * @param dimseTimeout     from a request fully sent to its response received, and the longest the
 *                         peer may leave our writes unread
 * @param releaseTimeout   from A-RELEASE-RQ sent to A-RELEASE-RP received
 * @param maxPduLength     the largest P-DATA-TF variable field we accept (PS3.8 D.1), also the
 *                         largest we send when the peer says "unlimited"
 * @param maxAssociationsPerDestination stores to one destination running at once; further sends wait
 */
public record DimseSettings(Duration connectTimeout, Duration associateTimeout, Duration dimseTimeout,
                            Duration releaseTimeout, int maxPduLength, int maxAssociationsPerDestination) {

    /** PS3.8 D.1 allows any length; below this DCMTK refuses, and headers would dominate. */
    static final int MIN_PDU_LENGTH = 4096;

    public DimseSettings {
        positive(connectTimeout, "connectTimeout");
        positive(associateTimeout, "associateTimeout");
        positive(dimseTimeout, "dimseTimeout");
        positive(releaseTimeout, "releaseTimeout");
        if (maxPduLength < MIN_PDU_LENGTH) {
            throw new IllegalArgumentException("maxPduLength must be at least " + MIN_PDU_LENGTH);
        }
        if (maxAssociationsPerDestination < 1) {
            throw new IllegalArgumentException("maxAssociationsPerDestination must be at least 1");
        }
    }

    public static DimseSettings defaults() {
        return new DimseSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 1 << 20, 2);
    }

    public DimseSettings withDimseTimeout(Duration timeout) {
        return new DimseSettings(connectTimeout, associateTimeout, timeout, releaseTimeout, maxPduLength,
                maxAssociationsPerDestination);
    }

    public DimseSettings withMaxAssociationsPerDestination(int max) {
        return new DimseSettings(connectTimeout, associateTimeout, dimseTimeout, releaseTimeout, maxPduLength, max);
    }

    public DimseSettings withMaxPduLength(int length) {
        return new DimseSettings(connectTimeout, associateTimeout, dimseTimeout, releaseTimeout, length,
                maxAssociationsPerDestination);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
