/**
 * DICOM upper layer and DIMSE on Vert.x sockets. Requestor side: what the gateway needs to push
 * studies to a Storage SCP (the SATUSEHAT router) and check it with C-ECHO. Acceptor side: the
 * gateway's own Storage SCP ({@link id.dicomgateway.dimse.StorageScp}), which negotiates as the
 * router does ({@link id.dicomgateway.dimse.AcceptPolicy#satusehatRouter()}).
 *
 * <p>Layers, each testable alone, named as PS3.7 and PS3.8 name things:
 * <ul>
 *   <li>{@link id.dicomgateway.dimse.pdu.Pdu}, {@link id.dicomgateway.dimse.pdu.PduItems},
 *       {@link id.dicomgateway.dimse.pdu.PduReader}, {@link id.dicomgateway.dimse.pdu.PduWriter}: the PDUs of
 *       PS3.8 9.3 as data, and their encoding; nothing about association state.</li>
 *   <li>{@link id.dicomgateway.dimse.CommandSet}: DIMSE command sets (PS3.7 9.3, E.1) in Implicit VR
 *       Little Endian.</li>
 *   <li>{@code Association}: the requestor's states of the PS3.8 9.2 state machine, ACSE negotiation,
 *       DIMSE message exchange over P-DATA, timeouts; knows files only as byte regions, which
 *       {@code PDataSender} puts on the wire (PS3.8 annex E) with {@code sendfile}.</li>
 *   <li>{@code CommandAssembler}: command fragments joined into a command set, for both sides.</li>
 *   <li>PS3.8 codes as enums with the standard's names: {@link id.dicomgateway.dimse.pdu.RejectResult},
 *       {@link id.dicomgateway.dimse.pdu.RejectSource}, {@link id.dicomgateway.dimse.pdu.RejectReason} (A-ASSOCIATE-RJ),
 *       {@link id.dicomgateway.dimse.pdu.AbortSource}, {@link id.dicomgateway.dimse.pdu.AbortReason} (A-ABORT),
 *       {@link id.dicomgateway.dimse.pdu.ContextResult} (presentation context results).</li>
 *   <li>{@code PresentationContextPlan}: which contexts to propose for a study and which carries each
 *       instance (PS3.8 9.3.2.2, 9.3.3.2).</li>
 *   <li>{@link id.dicomgateway.dimse.StoreScu}: the public entry point; one association per
 *       {@code send}, per-instance {@link id.dicomgateway.dimse.StoreResult}s, bounded associations per
 *       destination, conversion of uncompressed syntaxes through {@code dicom.Transcoder}.</li>
 *   <li>{@code ScpAssociation}: the acceptor's states of PS3.8 9.2, presentation-context negotiation
 *       through an {@link id.dicomgateway.dimse.AcceptPolicy}, C-ECHO and C-STORE as SCP, each data
 *       set streamed to a Part 10 file by {@code InstanceWriter} (ordered worker tasks, never file I/O
 *       on the event loop); {@link id.dicomgateway.dimse.StorageScp}
 *       listens and enforces the limits of {@link id.dicomgateway.dimse.ScpSettings}.</li>
 * </ul>
 * No Quarkus, CDI or REST imports: only {@code io.vertx.core}, Mutiny and {@code id.dicomgateway.dicom}.
 */
package id.dicomgateway.dimse;
