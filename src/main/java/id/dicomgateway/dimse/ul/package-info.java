/**
 * The DICOM upper layer protocol machine of PS3.8 9.2, one for both roles: {@link id.dicomgateway.dimse.ul.State}
 * (Sta1..Sta13), {@link id.dicomgateway.dimse.ul.Event} (Evt1..Evt19), {@link id.dicomgateway.dimse.ul.Action}
 * (AE-1..AA-8) and {@link id.dicomgateway.dimse.ul.StateTable} (table 9-10), driven by
 * {@link id.dicomgateway.dimse.ul.UpperLayer} for its {@link id.dicomgateway.dimse.ul.ServiceUser} (the SCU's or
 * the SCP's ACSE and DIMSE, in {@code dimse}). {@link id.dicomgateway.dimse.ul.PDataSender} puts a data set held
 * in a file ({@link id.dicomgateway.dimse.ul.DataSetRegion}) on the wire as P-DATA-TF PDUs (PS3.8 annex E),
 * cut by {@code PDataStream} into blocks read on a worker. Knows PDUs and byte regions, not DIMSE messages or
 * services.
 */
package id.dicomgateway.dimse.ul;
