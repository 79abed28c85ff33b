package io.telcred.sip.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseBlocksTest {

    private final ResponseBlocks blocks = new ResponseBlocks();

    @Test
    void everyResponseComesBackAsItWasKeptAcrossBlocks() {
        List<AnsweredTransaction> kept = new ArrayList<>();
        int count = 3 * ResponseBlocks.BLOCK_BYTES / 500;
        for (int i = 0; i < count; i++) {
            kept.add(blocks.keep(new TransactionKey("k" + i), response(i), i));
        }
        assertThat(kept.stream().map(AnsweredTransaction::block).distinct().count()).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < count; i++) {
            assertThat(text(kept.get(i).lastWire())).isEqualTo(new String(response(i), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aLargeResponseKeepsItsOwnArray() {
        byte[] large = new byte[ResponseBlocks.BLOCK_BYTES / 2];
        AnsweredTransaction kept = blocks.keep(new TransactionKey("large"), large, 0);
        assertThat(kept.block()).isSameAs(large);
        assertThat(kept.lastWire().readableBytes()).isEqualTo(large.length);
    }

    /** 500 bytes that differ per index. */
    private static byte[] response(int i) {
        String head = "SIP/2.0 200 OK\r\nCall-ID: " + i + "\r\n";
        return (head + "x".repeat(500 - head.length())).getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuf buf) {
        try {
            return new String(ByteBufUtil.getBytes(buf), StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }
}
