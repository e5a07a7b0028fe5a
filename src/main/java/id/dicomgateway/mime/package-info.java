/**
 * MIME multipart bodies (RFC 2046 §5.1) read as a stream: WADO-RS answers from the PACS and
 * form uploads alike. Plain Java, like {@code dicom}: a building block every layer may use.
 */
package id.dicomgateway.mime;
