package io.telcred.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnsweredLogTest {

    private static final long LINGER = TimeUnit.SECONDS.toNanos(32);
    private static final long T0 = 1_000_000_000L;

    private final AnsweredLog log = new AnsweredLog(LINGER, T0);

    @Test
    void everyAnswerComesBackAsItWasKeptAcrossBlocksAndIndexGrowth() {
        int count = 3 * AnsweredLog.BLOCK_BYTES / 500;
        for (int i = 0; i < count; i++) {
            log.put(key(i), response(i), T0 + i);
        }
        for (int i = 0; i < count; i++) {
            assertThat(text(log.find(key(i), T0 + count))).isEqualTo(new String(response(i), StandardCharsets.US_ASCII));
        }
        assertThat(log.find(new TransactionKey("z9hG4bKnever|127.0.0.1:5060|REGISTER"), T0 + count)).isNull();
        assertThat(log.size(T0 + count)).isEqualTo(count);
    }

    @Test
    void anAnswerIsForgottenAfterItsLingerAndTheLogEmptiesWithoutTraffic() {
        log.put(key(1), response(1), T0);
        assertThat(log.find(key(1), T0 + LINGER - 1)).isNotNull();
        log.put(key(2), response(2), T0 + LINGER / 2);
        assertThat(log.find(key(1), T0 + LINGER + 1)).as("past its linger").isNull();
        assertThat(text(log.find(key(2), T0 + LINGER + 1))).contains("Call-ID: 2\r\n");
        assertThat(log.size(T0 + 3 * LINGER)).isZero();
        assertThat(log.find(key(2), T0 + 3 * LINGER)).isNull();
    }

    @Test
    void anIdleLogGivesItsBlocksBackWhenSwept() {
        log.put(key(1), response(1), T0);
        log.put(key(2), response(2), T0 + LINGER / 2);
        assertThat(log.blocksHeld()).isPositive();
        log.forgetExpired(T0 + LINGER);
        assertThat(log.blocksHeld()).as("the second answer still lingers").isPositive();
        log.forgetExpired(T0 + 2 * LINGER);
        assertThat(log.blocksHeld()).isZero();
    }

    @Test
    void answersKeptAcrossARotationAreStillFound() {
        log.put(key(1), response(1), T0);
        log.put(key(2), response(2), T0 + LINGER + 10);
        assertThat(log.find(key(1), T0 + LINGER + 20)).as("expired, in the previous generation").isNull();
        log.put(key(3), response(3), T0 + LINGER + LINGER / 2);
        assertThat(text(log.find(key(2), T0 + 2 * LINGER))).contains("Call-ID: 2\r\n");
        assertThat(text(log.find(key(3), T0 + 2 * LINGER))).contains("Call-ID: 3\r\n");
    }

    @Test
    void atMostALingerAndAQuarterOfAnswersIsHeld() {
        long step = LINGER / 1000;
        for (int i = 0; i < 3000; i++) {
            log.put(key(i), response(i), T0 + i * step);
        }
        long now = T0 + 3000 * step;
        assertThat(log.size(now)).isBetween(1000, 1000 + 1000 / AnsweredLog.GENERATIONS_PER_LINGER + 1);
        assertThat(log.find(key(2001), now)).isNotNull().satisfies(ByteBuf::release);
        assertThat(log.find(key(1999), now)).isNull();
    }

    @Test
    void aResponseTooLargeToKeepIsNotKept() {
        log.put(key(1), new byte[AnsweredLog.MAX_RESPONSE_BYTES + 1], T0);
        assertThat(log.find(key(1), T0 + 1)).isNull();
    }

    private static TransactionKey key(int i) {
        return new TransactionKey("z9hG4bK-" + i + "|127.0.0.1:5070|REGISTER");
    }

    /** 500 bytes that differ per index. */
    private static byte[] response(int i) {
        String head = "SIP/2.0 200 OK\r\nCall-ID: " + i + "\r\n";
        return (head + "x".repeat(500 - head.length())).getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(ByteBuf buf) {
        assertThat(buf).isNotNull();
        try {
            return new String(ByteBufUtil.getBytes(buf), StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }
}
