-- The durable job store (store/JdbcJobStore). Same SQL for PostgreSQL and the embedded H2:
-- standard types only. Patient names are never stored: patient_id and accession_number are
-- the values a job stamps, so that staff can tell jobs apart.
CREATE TABLE gateway_job (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    kind              VARCHAR(32)  NOT NULL,
    state             VARCHAR(24)  NOT NULL,
    study_uid         VARCHAR(64),
    files_location    VARCHAR(1024),
    -- Patient ID is LO (64 chars), Accession Number SH (16): wider here, the API checks them
    patient_id        VARCHAR(64),
    accession_number  VARCHAR(64),
    force_send        BOOLEAN      NOT NULL,
    verify            BOOLEAN      NOT NULL,
    attempt_count     INTEGER      NOT NULL,
    charged_attempts  INTEGER      NOT NULL,
    next_attempt_at   TIMESTAMP WITH TIME ZONE,
    lease_holder      VARCHAR(128),
    lease_expires_at  TIMESTAMP WITH TIME ZONE,
    order_wait_until  TIMESTAMP WITH TIME ZONE,
    phase             VARCHAR(32),
    total_instances   INTEGER      NOT NULL,
    stored_instances  INTEGER      NOT NULL,
    warning_instances INTEGER      NOT NULL,
    failed_instances  INTEGER      NOT NULL,
    total_bytes       BIGINT       NOT NULL,
    sent_bytes        BIGINT       NOT NULL,
    outcome_code      VARCHAR(64),
    message           VARCHAR(2000),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    version           BIGINT       NOT NULL
);
-- claims: due jobs by time, expired leases by expiry
CREATE INDEX gateway_job_due ON gateway_job (state, next_attempt_at);
CREATE INDEX gateway_job_lease ON gateway_job (state, lease_expires_at);
-- the router webhook: the newest job of a study and Accession Number
CREATE INDEX gateway_job_study ON gateway_job (study_uid, accession_number, created_at);
-- lists newest first, retention by age
CREATE INDEX gateway_job_created ON gateway_job (created_at);
CREATE INDEX gateway_job_finished ON gateway_job (finished_at);

CREATE TABLE gateway_job_attempt (
    job_id       VARCHAR(36)  NOT NULL REFERENCES gateway_job (id) ON DELETE CASCADE,
    number       INTEGER      NOT NULL,
    holder       VARCHAR(128) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at     TIMESTAMP WITH TIME ZONE,
    outcome_code VARCHAR(64),
    message      VARCHAR(2000),
    PRIMARY KEY (job_id, number)
);

CREATE TABLE gateway_job_instance (
    job_id           VARCHAR(36)  NOT NULL REFERENCES gateway_job (id) ON DELETE CASCADE,
    seq              INTEGER      NOT NULL,
    sop_instance_uid VARCHAR(64)  NOT NULL,
    outcome          VARCHAR(24)  NOT NULL,
    status           INTEGER      NOT NULL,
    cause            VARCHAR(64),
    message          VARCHAR(2000),
    bytes            BIGINT       NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE gateway_job_check (
    job_id  VARCHAR(36)  NOT NULL REFERENCES gateway_job (id) ON DELETE CASCADE,
    name    VARCHAR(64)  NOT NULL,
    status  VARCHAR(16)  NOT NULL,
    detail  VARCHAR(2000),
    at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, name)
);
