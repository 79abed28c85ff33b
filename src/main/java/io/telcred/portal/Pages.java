package io.telcred.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the portal's templates ({@code src/main/jte}), compiled to classes at build time. Every
 * page template takes {@code @param Frame frame} for the layout and, where it shows something,
 * {@code @param <its model> page}.
 */
final class Pages {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            Pages.class.getPackageName());

    void render(Context ctx, String template, Frame frame, Object page) {
        Map<String, Object> params = new HashMap<>();
        params.put("frame", frame);
        if (page != null) {
            params.put("page", page);
        }
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        ctx.contentType("text/html; charset=utf-8").result(out.toString());
    }

    void render(Context ctx, String template, Frame frame) {
        render(ctx, template, frame, null);
    }
}
