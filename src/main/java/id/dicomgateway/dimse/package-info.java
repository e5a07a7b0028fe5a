/**
 * DICOM upper layer and DIMSE, requestor side, on Vert.x sockets: what the gateway needs to push
 * studies to a Storage SCP (the SATUSEHAT router) and check it with C-ECHO.
 *
 * <p>Layers, each testable alone, named as PS3.7 and PS3.8 name things:
 * <ul>
 *   <li>{@link id.dicomgateway.dimse.Pdu}, {@link id.dicomgateway.dimse.PduItems},
 *       {@link id.dicomgateway.dimse.PduReader}, {@link id.dicomgateway.dimse.PduWriter}: the PDUs of
 *       PS3.8 9.3 as data, and their encoding; nothing about association state.</li>
 *   <li>{@link id.dicomgateway.dimse.CommandSet}: DIMSE command sets (PS3.7 9.3, E.1) in Implicit VR
 *       Little Endian.</li>
 *   <li>{@code Association}: the requestor's states of the PS3.8 9.2 state machine, ACSE negotiation,
 *       DIMSE message exchange over P-DATA, timeouts; knows files only as byte regions.</li>
 *   <li>{@code PresentationContextPlan}: which contexts to propose for a study and which carries each
 *       instance (PS3.8 9.3.2.2, 9.3.3.2).</li>
 *   <li>{@link id.dicomgateway.dimse.StoreScu}: the public entry point; one association per
 *       {@code send}, per-instance {@link id.dicomgateway.dimse.StoreResult}s, bounded associations per
 *       destination, conversion of uncompressed syntaxes through {@code dicom.Transcoder}.</li>
 * </ul>
 * No Quarkus, CDI or REST imports: only {@code io.vertx.core}, Mutiny and {@code id.dicomgateway.dicom}.
 */
package id.dicomgateway.dimse;
