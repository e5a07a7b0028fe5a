package id.dicomgateway.ui;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The dashboard's texts for demo mode ({@code demo:} in the template). Indonesian by default;
 * English in {@code messages/demo_en.properties}. Placeholders are {@code %s}, as in {@link DashboardMessages}.
 */
@MessageBundle(value = "demo", locale = "id")
public interface DemoMessages {
    @Message("Mode demo aktif.")
    String bannerTitle();

    @Message("Penerima bawaan gateway menggantikan SATUSEHAT DICOM Router: ia bernegosiasi seperti router, tetapi semua yang"
            + " \"dikirim ke Router\" berhenti di sini dan tidak diteruskan ke mana pun. Tanpa PACS, Process, Direct dan Save"
            + " tidak tersedia; Upload dan contoh studi di bawah berjalan penuh. Jangan dipakai untuk produksi (GATEWAY_DEMO=false).")
    String bannerText();

    @Message("Demo: kirim contoh studi")
    String title();

    @Message("Studi sintetis bawaan gateway (3 seri, 10 instance, sekitar 300 KB, tanpa pasien nyata; Accession Number kosong)."
            + " Dikirim lewat jalur upload yang sebenarnya, dengan nilai di bawah.")
    String sampleDesc();

    @Message("Ubah nilainya, lalu lihat nilai baru itu tiba di penerima.")
    String sampleHint();

    @Message("KIRIM CONTOH STUDI")
    String btnSend();

    @Message("Unduh contoh studi (ZIP)")
    String download();

    @Message("Diterima oleh router (demo)")
    String receivedTitle();

    @Message("Belum ada yang diterima.")
    String receivedEmpty();

    @Message("Dilepas")
    String stateReleased();

    @Message("Dibatalkan")
    String stateAborted();

    @Message("Terbuka")
    String stateOpen();

    @Message("Studi")
    String study();

    @Message("Rincian instance")
    String instances();

    @Message("Mengambil contoh studi dari gateway")
    String logFetchingSample();

    @Message("Penerima demo menerima %s instance dari %s (%s)")
    String logReceived();

    @Message("Penerima demo tidak berjalan: %s")
    String receiverDown();
}
