package io.telcred.main;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * The form of log lines, {@link Settings#LOG_FORMAT}: logback's file writes text; {@code json}
 * swaps the encoder of the root logger's appenders for logback's JSON one, set here rather than in
 * that file because the setting may come from telcred's own configuration file, which logback
 * does not read. A JSON line carries the time, level, thread, logger, the formatted message, the
 * log context (request id or Call-ID) and any exception; not the message's raw arguments, which
 * the formatted message already shows.
 */
final class LogFormat {

    private LogFormat() {
    }

    /** Writes JSON lines from now on when {@code format} is {@code json}; text is logback's own. */
    static void apply(String format) {
        if (!format.equals("json") || !(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root)) {
            return;
        }
        LoggerContext context = root.getLoggerContext();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                Encoder<ILoggingEvent> encoder = json(context);
                encoder.start();
                appender.setEncoder(encoder);
            }
        }
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        return json;
    }
}
