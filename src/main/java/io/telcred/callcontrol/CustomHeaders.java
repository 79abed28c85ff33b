package io.telcred.callcontrol;

import io.telcred.call.CustomHeader;
import io.telcred.common.DomainException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks an application's {@code custom_headers} before they go into SIP INVITEs. Only extension
 * headers named {@code X-...} are taken: any other name may be one telcred writes itself (Via,
 * From, To, Call-ID, CSeq, Contact, Route, Content-*, Authorization, Require...), and a second
 * copy of one would change how the request is routed or read. A name is a SIP token (RFC 3261
 * §25.1); a value holds no control character, since a line break would start a header of the
 * application's choosing.
 */
final class CustomHeaders {

    private static final Pattern NAME = Pattern.compile("[Xx]-[A-Za-z0-9.!%*_+`'~-]+");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0A-\\x1F\\x7F]");

    private CustomHeaders() {
    }

    /** The headers, when each is acceptable and there are not too many; a 422 naming the first that is not. */
    static List<CustomHeader> checked(List<CustomHeader> headers, int maxCount, int maxLength) {
        if (headers.size() > maxCount) {
            throw DomainException.invalid("custom_headers", "'custom_headers' may hold at most " + maxCount
                    + " headers; it holds " + headers.size() + ".");
        }
        for (int i = 0; i < headers.size(); i++) {
            CustomHeader header = headers.get(i);
            String field = "custom_headers." + i;
            if (header.name().length() + header.value().length() > maxLength) {
                throw DomainException.invalid(field, "A custom header's name and value together may be at most "
                        + maxLength + " characters long.");
            }
            if (!NAME.matcher(header.name()).matches()) {
                throw DomainException.invalid(field + ".name", "A custom header's name must start with 'X-' and hold "
                        + "only letters, digits and - . ! % * _ + ` ' ~ ('" + header.name() + "' does not): the other "
                        + "SIP headers are telcred's own.");
            }
            if (CONTROL.matcher(header.value()).find()) {
                throw DomainException.invalid(field + ".value", "A custom header's value must not hold a line break, "
                        + "a NUL or another control character.");
            }
        }
        return headers;
    }
}
