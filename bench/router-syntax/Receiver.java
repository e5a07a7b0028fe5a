import id.dicomgateway.dimse.AcceptPolicy;
import id.dicomgateway.dimse.AssociationHandler;
import id.dicomgateway.dimse.ReceivedInstance;
import id.dicomgateway.dimse.ScpSettings;
import id.dicomgateway.dimse.StorageScp;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The receiver of the benchmark, in its own JVM: the gateway's StorageScp negotiating as the SATUSEHAT
 * router does ("router": pynetdicom's list, Implicit VR LE first) or taking Implicit VR LE only
 * ("implicit-only": what the router's choice amounted to before the plan proposed each own syntax
 * alone). Deletes each file as it arrives. usage: Receiver PORT POLICY DIR
 */
public final class Receiver {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        AcceptPolicy policy = args[1].equals("router") ? AcceptPolicy.satusehatRouter()
                : AcceptPolicy.preferring(List.of("1.2.840.10008.1.2"));
        Path dir = Path.of(args[2]);
        StorageScp scp = StorageScp.start(Vertx.vertx(), ScpSettings.defaults("127.0.0.1", port, "DCMROUTER", dir).withPolicy(policy),
                info -> new AssociationHandler() {
                    public Uni<Integer> stored(ReceivedInstance instance) {
                        try {
                            Files.deleteIfExists(instance.file());
                        } catch (Exception e) {
                            // the benchmark's directory is removed afterwards
                        }
                        return Uni.createFrom().item(0);
                    }

                    public void released() {
                    }

                    public void aborted(String reason) {
                    }
                }).await().atMost(Duration.ofSeconds(10));
        System.out.println("listening " + scp.port());
        Thread.currentThread().join();
    }
}
