/**
 * The protocol data units of the DICOM upper layer (PS3.8 9.3) as data ({@link id.dicomgateway.dimse.pdu.Pdu},
 * {@link id.dicomgateway.dimse.pdu.PduItems}), their encoding ({@link id.dicomgateway.dimse.pdu.PduReader},
 * {@link id.dicomgateway.dimse.pdu.PduWriter}, {@link id.dicomgateway.dimse.pdu.PduException}) and the codes they
 * carry, as enums named as PS3.8 names them (A-ASSOCIATE-RJ result, source and reason; A-ABORT source and reason;
 * presentation context results). Knows nothing of associations: {@code LayersTest} says so.
 */
package id.dicomgateway.dimse.pdu;
