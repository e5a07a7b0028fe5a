package id.dicomgateway.dimse;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * An accepted association.
 *
 * @param id             unique within this process; also the name of its directory under the store dir
 * @param callingAeTitle the peer's AE title as it sent it (PS3.8 9.3.2), trimmed
 * @param calledAeTitle  our AE title as the peer called it, trimmed
 */
public record AssociationInfo(String id, String callingAeTitle, String calledAeTitle, InetSocketAddress remote,
                              Instant acceptedAt) {
}
