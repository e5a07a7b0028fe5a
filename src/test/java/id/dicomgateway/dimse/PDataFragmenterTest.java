package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PDataFragmenterTest {

    @Test
    void cutsIntoPdusOfMaxDataWithLastFlagOnlyOnTheLast() {
        List<Buffer> pdus = new ArrayList<>();
        PDataFragmenter f = new PDataFragmenter(3, 4, 10, pdus::add);
        // chunks not aligned with PDU boundaries
        f.append(Buffer.buffer(new byte[] {0, 1, 2}));
        f.append(Buffer.buffer(new byte[] {3, 4, 5, 6, 7, 8}));
        assertThat(pdus).hasSize(2);
        f.append(Buffer.buffer(new byte[] {9}));
        assertThat(f.remaining()).isZero();
        assertThat(pdus).hasSize(3);
        assertThat(pdus.get(0).getBytes()).isEqualTo(new Bytes().u8(4, 0).u32be(10).u32be(6).u8(3, 0).u8(0, 1, 2, 3).get());
        assertThat(pdus.get(1).getBytes()).isEqualTo(new Bytes().u8(4, 0).u32be(10).u32be(6).u8(3, 0).u8(4, 5, 6, 7).get());
        assertThat(pdus.get(2).getBytes()).isEqualTo(new Bytes().u8(4, 0).u32be(8).u32be(4).u8(3, 2).u8(8, 9).get());
    }
}
