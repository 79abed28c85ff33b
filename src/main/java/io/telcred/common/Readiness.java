package io.telcred.common;

import java.util.Map;

/** Whether the parts a server cannot serve requests without (the database) can serve them now. */
public interface Readiness {

    /** Each part that cannot, by name ({@code database}), with a short reason safe to show anyone; empty when all can. */
    Map<String, String> notReady();
}
