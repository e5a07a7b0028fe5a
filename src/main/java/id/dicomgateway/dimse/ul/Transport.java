package id.dicomgateway.dimse.ul;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/** The transport connection of PS3.8 9.1.1 as the upper layer uses it: a TCP socket, or a test's double. */
public interface Transport {

    void write(Buffer data);

    /** Closes once what was written is flushed. */
    void end();

    /** Closes now. */
    void close();

    static Transport of(NetSocket socket) {
        return new Transport() {
            @Override
            public void write(Buffer data) {
                socket.write(data);
            }

            @Override
            public void end() {
                socket.end();
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }
}
