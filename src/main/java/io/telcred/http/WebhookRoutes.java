package io.telcred.http;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import io.telcred.webhook.DeliveryQuery;
import io.telcred.webhook.DeliveryStatus;
import io.telcred.webhook.WebhookOutbox;
import java.util.List;

/** {@code /v2/webhook_deliveries}: the account's webhooks and every attempt to deliver them, newest first. */
final class WebhookRoutes {

    private final WebhookOutbox outbox;
    private final int maxPageSize;

    WebhookRoutes(WebhookOutbox outbox, int maxPageSize) {
        this.outbox = outbox;
        this.maxPageSize = maxPageSize;
    }

    List<Route> routes() {
        return List.of(Route.withKey(GET, "/v2/webhook_deliveries", this::list));
    }

    private void list(Context ctx) {
        DeliveryQuery query = new DeliveryQuery(status(ctx), QueryParams.text(ctx, "filter[event_type]"));
        Envelopes.list(ctx, outbox.deliveries(Authentication.accountId(ctx), query, QueryParams.page(ctx, maxPageSize)),
                WebhookDeliveryJson::render);
    }

    /** {@code filter[status]}, or Telnyx's {@code filter[status][eq]}. */
    private static DeliveryStatus status(Context ctx) {
        String name = QueryParams.text(ctx, "filter[status][eq]") != null ? "filter[status][eq]" : "filter[status]";
        String value = QueryParams.text(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return DeliveryStatus.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw RequestRefused.badParameter(name, "'" + name + "' must be delivered, failed or pending.");
        }
    }
}
