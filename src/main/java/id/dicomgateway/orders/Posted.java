package id.dicomgateway.orders;

/** The answer to a posted order: the order as stored, and whether this post created it (else it updated it). */
public record Posted(Order order, boolean created) {
}
