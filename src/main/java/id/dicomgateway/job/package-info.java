/**
 * The words every layer uses about a job: its state, the filter that selects jobs, and the one
 * failure of the job store a caller must handle (the database not answering). The store keeps
 * jobs in these terms, the use cases change them, the resources and the dashboard show them; none
 * of those has a second copy (issue 22, step 1), and the resources need nothing from the store.
 */
package id.dicomgateway.job;
