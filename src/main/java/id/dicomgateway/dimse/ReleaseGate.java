package id.dicomgateway.dimse;

import io.smallrye.mutiny.Uni;

/**
 * Asked once every instance of a send has its answer, just before A-RELEASE-RQ: the last moment a
 * send can still be stopped without the receiver acting on it. The SATUSEHAT router files what an
 * association held when it is released, and an A-ABORT after the release request no longer undoes
 * that (docs/domain.md §4). So whoever may stop the send (a person cancelling its job) asks the same
 * gate, and exactly one of the two wins: a send let through cannot be stopped any more, a stopped
 * send is aborted instead of released.
 */
@FunctionalInterface
public interface ReleaseGate {
    /** Nobody stops these sends but their subscriber (a synchronous request, a test). */
    ReleaseGate ALWAYS = () -> Uni.createFrom().item(true);

    /**
     * True to release; false to abort instead (the send then fails with a {@link DimseException} of
     * cause {@link FailureCause#ASSOCIATION_ABORTED}). Subscribed once; may answer on any thread.
     */
    Uni<Boolean> mayRelease();
}
