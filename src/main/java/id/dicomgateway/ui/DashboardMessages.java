package id.dicomgateway.ui;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every text of the dashboard. Indonesian is the default (the users' language); English is in
 * {@code messages/msg_en.properties}. Placeholders are {@code %s}, filled by the page's script in order,
 * because Qute would read braces as expressions.
 */
@MessageBundle(value = "msg", locale = "id")
public interface DashboardMessages {
    @Message("DICOM Gateway")
    String appTitle();

    @Message("Dokumentasi API (Swagger)")
    String apiDocs();

    @Message("Bahasa")
    String language();

    @Message("Status koneksi")
    String health();

    @Message("PACS")
    String healthPacs();

    @Message("Router")
    String healthRouter();

    @Message("SATUSEHAT")
    String healthSatusehat();

    @Message("Terhubung")
    String healthUp();

    @Message("Terputus")
    String healthDown();

    @Message("Belum diperiksa")
    String healthUnknown();

    @Message("Diperiksa")
    String healthChecked();

    @Message("Operasi")
    String tabsLabel();

    @Message("Ambil dari PACS, ubah metadata, lalu teruskan ke Router.")
    String descProcess();

    @Message("Study Instance UID")
    String labelStudy();

    @Message("New Patient ID")
    String labelPatientId();

    @Message("New Accession")
    String labelAccession();

    @Message("Kosongkan untuk memakai nilai dari PACS.")
    String hintOptional();

    @Message("Kosongkan untuk memakai nilai di file.")
    String hintUploadOptional();

    @Message("EKSEKUSI PROSES")
    String btnProcess();

    @Message("Relay murni: pindahkan data asli dari PACS langsung ke Router.")
    String descDirect();

    @Message("Tanpa modifikasi tag DICOM.")
    String noteDirect();

    @Message("KIRIM DIRECT (RELAY)")
    String btnDirect();

    @Message("Upload file lokal, modifikasi, lalu kirim ke Router.")
    String descUpload();

    @Message("File DICOM (.dcm) atau ZIP, boleh lebih dari satu")
    String labelFiles();

    @Message("UPLOAD & TRANSMIT")
    String btnUpload();

    @Message("Ambil file dari PACS dan simpan di komputer ini.")
    String descSave();

    @Message("DOWNLOAD KE PC")
    String btnSave();

    @Message("Cari ID ImagingStudy berdasarkan Accession Number.")
    String descSatusehat();

    @Message("Accession Number")
    String labelAcsn();

    @Message("Cari ID")
    String btnFind();

    @Message("ID ImagingStudy")
    String resultImagingStudy();

    @Message("Referensi pasien")
    String resultPatient();

    @Message("Salin")
    String btnCopy();

    @Message("Disalin ke clipboard.")
    String copied();

    @Message("Gateway Logic Monitor")
    String monitorTitle();

    @Message("Bersihkan log")
    String clearLog();

    @Message("Purge Temporary Files")
    String purge();

    @Message("Progres job")
    String progressTitle();

    @Message("Job yang dimulai dari halaman ini tampil di sini.")
    String noProgress();

    @Message("Riwayat job")
    String historyTitle();

    @Message("Waktu")
    String colTime();

    @Message("Jenis")
    String colKind();

    @Message("Study")
    String colStudy();

    @Message("ACSN")
    String colAcsn();

    @Message("Instance")
    String colInstances();

    @Message("Hasil")
    String colResult();

    @Message("Durasi")
    String colDuration();

    @Message("Belum ada job.")
    String noJobs();

    @Message("Laporan router tanpa job")
    String reportsTitle();

    @Message("Laporan webhook router SATUSEHAT tentang studi yang tidak dikirim oleh job di sini (terbaru dulu).")
    String reportsHint();

    @Message("Diterima")
    String reportsCount();

    @Message("Belum ada laporan router tanpa job.")
    String noReports();

    @Message("Antre")
    String stateQueued();

    @Message("Berjalan")
    String stateRunning();

    @Message("Berhasil")
    String stateSucceeded();

    @Message("Sebagian gagal")
    String statePartlyFailed();

    @Message("Gagal")
    String stateFailed();

    @Message("Menunggu giliran")
    String phaseQueued();

    @Message("Mengambil dari PACS")
    String phaseFetching();

    @Message("Memeriksa file")
    String phaseValidating();

    @Message("Mengubah tag")
    String phaseEditing();

    @Message("Mengirim ke Router")
    String phaseSending();

    @Message("Memeriksa SATUSEHAT")
    String phaseChecking();

    @Message("Selesai")
    String phaseDone();

    @Message("Dashboard siap.")
    String logReady();

    @Message("Job dibuat: Study %s, ACSN %s")
    String logCreated();

    @Message("Mengirim %s instance (%s) ke Router")
    String logStarted();

    @Message("Instance %s ditolak: %s")
    String logInstanceFailed();

    @Message("%s instance terkirim ke Router.")
    String logSucceeded();

    @Message("%s dari %s instance tersimpan: %s")
    String logPartly();

    @Message("Pemeriksaan %s: %s %s")
    String logCheck();

    @Message("Memulai %s untuk %s")
    String logSubmitting();

    @Message("Diterima sebagai job %s")
    String logAccepted();

    @Message("Selesai: %s")
    String logDoneSync();

    @Message("Folder temporary telah dibersihkan.")
    String logPurged();

    @Message("Menarik file dari PACS untuk download lokal: %s")
    String logSaveStart();

    @Message("File disimpan: %s")
    String logSaveDone();

    @Message("Mencari data untuk Accession: %s")
    String logSearch();

    @Message("ImagingStudy ID ditemukan: %s")
    String logFound();

    @Message("Gateway tidak dapat dihubungi.")
    String errNetwork();

    @Message("Jawaban tak terduga dari gateway (HTTP %s).")
    String errUnexpected();

    @Message("instance")
    String instancesUnit();

    @Message("gagal")
    String failedUnit();

    @Message("Detail JSON")
    String detailsLink();

    // ---- Search tab, batches and CSV import (issue 16)
    @Message("Cari Study")
    String tabSearch();

    @Message("Cari study di PACS, lihat statusnya di SATUSEHAT, lalu kirim beberapa sekaligus.")
    String descSearch();

    @Message("Nama pasien")
    String labelPatientName();

    @Message("Tanggal dari")
    String labelDateFrom();

    @Message("Tanggal sampai")
    String labelDateTo();

    @Message("Modalitas")
    String labelModality();

    @Message("Deskripsi")
    String labelDescription();

    @Message("* cocok dengan teks apa saja, mis. SANTOSO*. Modalitas boleh lebih dari satu: CT,MR.")
    String hintWildcard();

    @Message("CARI DI PACS")
    String btnSearch();

    @Message("Sebelumnya")
    String btnPrev();

    @Message("Berikutnya")
    String btnNext();

    @Message("Study %s–%s dari %s")
    String searchSummary();

    @Message("Study %s–%s")
    String searchSummaryOpen();

    @Message("Tidak ada study yang cocok.")
    String noStudies();

    @Message("Hasil pencarian")
    String resultsLabel();

    @Message("Pilih semua di halaman ini")
    String selectAll();

    @Message("Pilih study %s")
    String selectRow();

    @Message("Tanggal")
    String colDate();

    @Message("Pasien")
    String colPatient();

    @Message("Patient ID")
    String colPatientId();

    @Message("Modalitas")
    String colModality();

    @Message("Deskripsi")
    String colDescription();

    @Message("Series/Inst.")
    String colCounts();

    @Message("Status SATUSEHAT")
    String colStatus();

    @Message("Accession Number untuk study %s")
    String editAcsn();

    @Message("Patient ID untuk study %s")
    String editPatientId();

    @Message("Operasi")
    String labelOperation();

    @Message("KIRIM YANG DIPILIH")
    String btnSendSelected();

    @Message("%s dipilih")
    String selectedCount();

    @Message("Sudah di SATUSEHAT")
    String verdictSent();

    @Message("Sebagian")
    String verdictPartial();

    @Message("Siap kirim")
    String verdictReady();

    @Message("Tanpa order")
    String verdictNoOrder();

    @Message("Tanpa ACSN")
    String verdictNoAccession();

    @Message("Tidak diketahui")
    String verdictUnknown();

    @Message("Memeriksa…")
    String verdictChecking();

    @Message("ServiceRequest: %s · ImagingStudy: %s · instance SATUSEHAT/PACS: %s/%s")
    String statusDetail();

    @Message("Job terakhir: %s")
    String lastJob();

    @Message("Mencari study di PACS")
    String logSearchStudies();

    @Message("%s study ditampilkan")
    String logSearchResult();

    @Message("Batch %s: %s study diantrekan")
    String logBatchQueued();

    @Message("Batch %s")
    String batchTitle();

    @Message("%s dari %s selesai, %s gagal, %s antre")
    String batchProgress();

    @Message("Batalkan sisa")
    String btnCancelBatch();

    @Message("Ulangi yang gagal")
    String btnRetryFailed();

    @Message("Impor CSV")
    String importTitle();

    @Message("Kolom study,acc,patientid; baris pertama judul kolom; UTF-8; maks. 10.000 baris. Semua baris diperiksa dulu: satu baris salah, tidak ada yang diantrekan.")
    String descImport();

    @Message("File CSV")
    String labelCsv();

    @Message("PRATINJAU")
    String btnPreview();

    @Message("ANTREKAN BATCH")
    String btnQueue();

    @Message("%s baris, %s ditolak")
    String previewSummary();

    @Message("Baris pertama")
    String previewFirst();

    @Message("Baris yang ditolak")
    String previewRefused();

    @Message("Baris")
    String colRow();

    @Message("Kolom")
    String colField();

    @Message("Masalah")
    String colProblem();
    @Message("Tidak dikonfigurasi")
    String healthNotConfigured();

    @Message("Dikonfigurasi")
    String healthConfigured();

    @Message("Tidak dikonfigurasi, pemeriksaan dilewati")
    String healthSkipped();

    @Message("Mengirim %s instance ke Router")
    String logStartedNoSize();

    @Message("Status")
    String filterState();

    @Message("Kode galat")
    String filterCode();

    @Message("Hari")
    String filterDay();

    @Message("Semua")
    String filterAll();

    @Message("Saring")
    String btnFilter();

    @Message("Perlu perhatian: %s")
    String needsAttention();

    @Message("Ulangi")
    String btnRetryJob();

    @Message("Batalkan")
    String btnCancelJob();

    @Message("Tindakan")
    String colActions();

    @Message("Job %s diantrekan lagi")
    String logRetried();

    @Message("Job %s dibatalkan")
    String logCancelled();

    @Message("Menunggu order")
    String stateWaitingForOrder();

    @Message("Dibatalkan")
    String stateCancelled();

    @Message("Perlu perhatian")
    String filterNeedsAttention();

    @Message("Tampilkan job yang gagal, sebagian gagal, atau menunggu order di SATUSEHAT")
    String needsAttentionHint();

    @Message("Percobaan")
    String btnDetailJob();

    @Message("Percobaan job %s")
    String detailTitle();

    @Message("Tutup")
    String btnCloseDetail();

    @Message("Ke-")
    String colAttempt();

    @Message("Mulai")
    String colAttemptStart();

    @Message("Selesai")
    String colAttemptEnd();

    @Message("Hasil")
    String colAttemptOutcome();

    @Message("Pesan")
    String colAttemptMessage();

    @Message("Replika (node)")
    String colAttemptNode();

    @Message("masih berjalan")
    String attemptRunning();

    @Message("Berhasil")
    String attemptSucceeded();

    @Message("Belum ada percobaan tercatat.")
    String noAttempts();

    // ---- The Orders tab (issue 24 part 5) ----

    @Message("Order")
    String tabOrders();

    @Message("Worklist per hari menurut modalitas dan status, dan studi tanpa Accession Number yang menunggu ordernya.")
    String descOrders();

    @Message("Tanggal")
    String labelOrdersDay();

    @Message("Muat ulang")
    String btnOrdersRefresh();

    @Message("Per modalitas dan status")
    String ordersSummaryTitle();

    @Message("Worklist")
    String ordersListTitle();

    @Message("Jadwal")
    String colScheduled();

    @Message("Stasiun (AE)")
    String colStation();

    @Message("Jumlah")
    String colTotal();

    @Message("Tidak ada order pada tanggal ini.")
    String noOrders();

    @Message("Belum punya order")
    String unmatchedTitle();

    @Message("Studi yang diterima tanpa Accession Number yang tidak cocok dengan tepat satu order. Tidak ada yang dikirim ke Router sampai seseorang menetapkan ordernya.")
    String unmatchedHint();

    @Message("Tidak ada studi yang menunggu order.")
    String noUnmatched();

    @Message("Diterima")
    String colReceived();

    @Message("Alasan")
    String colReason();

    @Message("Tetapkan ke order")
    String colAssign();

    @Message("Pilih order")
    String chooseOrder();

    @Message("Tetapkan")
    String btnAssign();

    @Message("Batalkan")
    String btnCancelOrder();

    @Message("Yakin? Batalkan order %s")
    String btnCancelOrderConfirm();

    @Message("Job %s ditetapkan ke order ACSN %s; dikirim ke Router")
    String logAssigned();

    @Message("Order ACSN %s dibatalkan")
    String logOrderCancelled();

    @Message("Anda masuk sebagai viewer: hanya operator yang dapat menetapkan atau membatalkan order.")
    String viewerNote();

    @Message("Terjadwal")
    String orderStateScheduled();

    @Message("Gambar diterima")
    String orderStateImagesReceived();

    @Message("Terkirim")
    String orderStateSent();

    @Message("Terkonfirmasi")
    String orderStateConfirmed();

    @Message("Dibatalkan")
    String orderStateCancelled();

    @Message("Gagal")
    String orderStateFailed();

    // ---- The Orders tab: whether SATUSEHAT has the order's ServiceRequest (issue 24 item 1) ----

    /** The order's own state (the column was headed "SATUSEHAT status", the search tab's, beside the ServiceRequest's). */
    @Message("Status order")
    String colOrderState();

    @Message("ServiceRequest di SATUSEHAT")
    String colServiceRequest();

    @Message("Ada di SATUSEHAT")
    String serviceRequestFound();

    @Message("Tidak ada di SATUSEHAT")
    String serviceRequestNotFound();

    @Message("Belum diketahui")
    String serviceRequestUnknown();

    @Message("Dicek %s")
    String serviceRequestChecked();
}
