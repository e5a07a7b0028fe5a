-- Jobs whose input is files (uploads, studies received over DICOM): the files wait in the spool of
-- one node's data directory (relay/Spool), so only that node's workers may claim the job.
-- NULL for jobs any replica can run (studies fetched from the PACS). Standard SQL for both stores.
ALTER TABLE gateway_job ADD COLUMN files_node VARCHAR(128);
