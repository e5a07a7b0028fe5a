-- Orders (issue 24, orders/JdbcOrders): what the hospital's SIMRS or RIS scheduled, offered to the
-- modalities as the worklist (PS3.4 K) and kept durable for every replica. One order per Accession
-- Number: posting the same one again updates it. Unlike jobs, an order holds the patient's name and
-- birth date, because the worklist answers them to the modality; the gateway never logs them.
-- Same SQL for PostgreSQL and the embedded H2. (V7 is not used.)
CREATE TABLE gateway_order (
    id                     VARCHAR(36)  NOT NULL PRIMARY KEY,
    -- SH (16) and LO (64) in DICOM: wider here, the use case checks them
    accession_number       VARCHAR(64)  NOT NULL,
    patient_id             VARCHAR(64)  NOT NULL,
    -- DICOM PN, up to three component groups of 64 characters
    patient_name           VARCHAR(400) NOT NULL,
    patient_birth_date     VARCHAR(8),
    patient_sex            VARCHAR(16),
    modality               VARCHAR(16)  NOT NULL,
    -- the scheduled start as an instant, and as the day and time on the clock it was given in
    -- (YYYYMMDD, HHMMSS): the worklist matches the day and time the modality sees
    scheduled_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    scheduled_date         VARCHAR(8)   NOT NULL,
    scheduled_time         VARCHAR(6)   NOT NULL,
    station_ae_title       VARCHAR(16),
    procedure_description  VARCHAR(64),
    requested_procedure_id VARCHAR(16),
    service_request_id     VARCHAR(64),
    study_instance_uid     VARCHAR(64)  NOT NULL,
    -- SCHEDULED, IMAGES_RECEIVED, SENT, CONFIRMED, CANCELLED, FAILED
    state                  VARCHAR(24)  NOT NULL,
    -- json or fhir: the shape it was posted in
    source                 VARCHAR(16)  NOT NULL,
    -- the job that carries the order's images, once there is one
    job_id                 VARCHAR(36),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    version                BIGINT       NOT NULL
);
CREATE UNIQUE INDEX gateway_order_acsn ON gateway_order (accession_number);
-- the worklist and the radiology desk's view: one day, one modality
CREATE INDEX gateway_order_day ON gateway_order (scheduled_date, modality, state);
-- retention by age
CREATE INDEX gateway_order_scheduled ON gateway_order (scheduled_at);
