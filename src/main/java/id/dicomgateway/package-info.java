/** dicom-gateway: pulls studies from the PACS, re-stamps them and pushes them to the SATUSEHAT DICOM Router. */
package id.dicomgateway;
