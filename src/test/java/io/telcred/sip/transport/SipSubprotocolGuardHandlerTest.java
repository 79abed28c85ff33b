package io.telcred.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class SipSubprotocolGuardHandlerTest {

    @Test
    void handshakeOfferingSipPassesAndTheGuardStepsAside() {
        EmbeddedChannel channel = new EmbeddedChannel(new SipSubprotocolGuardHandler());
        FullHttpRequest handshake = handshake("chat, sip");

        channel.writeInbound(handshake);

        FullHttpRequest passed = channel.readInbound();
        assertThat(passed).isSameAs(handshake);
        assertThat(channel.pipeline().get(SipSubprotocolGuardHandler.class)).isNull();
        passed.release();
    }

    @Test
    void handshakeWithoutSipOrAPathIsRefusedWith400AndClosed() {
        assertRefused(handshake(null), HttpResponseStatus.BAD_REQUEST);
        assertRefused(handshake("sip-like, SIP2"), HttpResponseStatus.BAD_REQUEST);
        FullHttpRequest absolute = handshake("sip");
        absolute.setUri("http://127.0.0.1/");
        assertRefused(absolute, HttpResponseStatus.BAD_REQUEST);
    }

    @Test
    void plainHttpIsRefusedWith426() {
        assertRefused(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"),
                HttpResponseStatus.UPGRADE_REQUIRED);
        FullHttpRequest post = handshake("sip");
        post.setMethod(HttpMethod.POST);
        assertRefused(post, HttpResponseStatus.UPGRADE_REQUIRED);
    }

    private static void assertRefused(FullHttpRequest request, HttpResponseStatus status) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipSubprotocolGuardHandler());

        channel.writeInbound(request);

        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status()).isEqualTo(status);
        assertThat(request.refCnt()).as("request released").isZero();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    private static FullHttpRequest handshake(String subprotocols) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers()
                .set(HttpHeaderNames.HOST, "127.0.0.1")
                .set(HttpHeaderNames.UPGRADE, "websocket")
                .set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==")
                .set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        if (subprotocols != null) {
            request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subprotocols);
        }
        return request;
    }
}
