/**
 * DICOM upper layer and DIMSE on Vert.x sockets. Requestor side: what the gateway needs to push
 * studies to a Storage SCP (the SATUSEHAT router) and check it with C-ECHO. Acceptor side: the
 * gateway's own Storage SCP ({@link id.dicomgateway.dimse.StorageScp}), which negotiates as the
 * router does ({@link id.dicomgateway.dimse.AcceptPolicy#satusehatRouter()}).
 *
 * <p>Layers, each testable alone, named as PS3.7 and PS3.8 name things; arrows point one way
 * ({@code dimse} → {@code dimse.ul} → {@code dimse.pdu}), with no cycle between packages or classes
 * ({@code LayersTest}):
 * <ul>
 *   <li>{@code dimse.pdu}: the PDUs of PS3.8 9.3 as data, their encoding and their codes; nothing about
 *       association state.</li>
 *   <li>{@code dimse.ul}: the upper layer state machine of PS3.8 9.2, one for both roles, driven by table
 *       9-10 ({@code StateTable}, {@code UpperLayer}); the data set sender ({@code PDataSender}).</li>
 *   <li>{@link id.dicomgateway.dimse.CommandSet}: DIMSE command sets (PS3.7 9.3, E.1) in Implicit VR
 *       Little Endian; {@code CommandAssembler} joins command fragments, for both sides.</li>
 *   <li>{@code Association}: the requestor's ACSE and DIMSE exchange, the service user of an
 *       {@code UpperLayer}; timeouts of the SCU.</li>
 *   <li>{@code PresentationContextPlan}: which contexts to propose for a study and which carries each
 *       instance (PS3.8 9.3.2.2, 9.3.3.2).</li>
 *   <li>{@link id.dicomgateway.dimse.StoreScu}: the public entry point; one association per
 *       {@code send}, per-instance {@link id.dicomgateway.dimse.StoreResult}s, bounded associations per
 *       destination, conversion of uncompressed syntaxes through {@code dicom.Transcoder}.</li>
 *   <li>{@code ScpAssociation}: the acceptor's ACSE (presentation-context negotiation through an
 *       {@link id.dicomgateway.dimse.AcceptPolicy}) and its DIMSE services by command field, C-ECHO and
 *       C-STORE as SCP, each data set streamed to a Part 10 file by {@code InstanceWriter} (ordered worker
 *       tasks, never file I/O on the event loop); the service user of an {@code UpperLayer}.
 *       {@link id.dicomgateway.dimse.StorageScp} listens and enforces the limits of
 *       {@link id.dicomgateway.dimse.ScpSettings}.</li>
 * </ul>
 * No Quarkus, CDI or REST imports: only {@code io.vertx.core}, Mutiny and {@code id.dicomgateway.dicom}.
 */
package id.dicomgateway.dimse;
