package id.dicomgateway.dimse;

/** Told of each association a {@link StorageScp} accepts. */
@FunctionalInterface
public interface StoreListener {
    /**
     * An association was accepted (A-ASSOCIATE-AC sent). Returns the handler of its events.
     * Runs on the event loop: must not block.
     */
    AssociationHandler accepted(AssociationInfo info);
}
