/**
 * Demo mode: the gateway doing its job on a machine with no PACS and no router. An embedded
 * receiver (the {@code dimse} Storage SCP, negotiating as the SATUSEHAT router) listens where the
 * router would, and records what each association brought; a synthetic sample study ships with the
 * gateway to send through the real upload path. Uses {@code dimse} and {@code dicom}, and
 * {@code relay}'s configuration; nothing below {@code api} uses it.
 */
package id.dicomgateway.demo;
