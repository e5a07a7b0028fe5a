package id.dicomgateway.store;

import java.time.Instant;

/** A named check of a job (e.g. satusehat.imagingStudy); the latest result per name is kept. */
public record CheckRecord(String name, String status, String detail, Instant at) {
}
