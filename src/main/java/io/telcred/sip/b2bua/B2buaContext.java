package io.telcred.sip.b2bua;

import io.netty.util.Timer;
import io.telcred.sip.node.NodeRequests;
import io.telcred.sip.transaction.ClientTransactions;
import io.telcred.sip.transaction.ServerTransactions;
import io.telcred.sip.transaction.SipTimers;
import io.telcred.sip.transport.Addressing;
import io.telcred.sip.transport.SipTransports;

/**
 * What every back-to-back leg shares: the transaction layer, our addresses, the timer, the dialogs
 * held, and the signing of requests to the other nodes of a cluster.
 */
public record B2buaContext(SipTransports transports, ServerTransactions serverTransactions,
                    ClientTransactions clientTransactions, Addressing addressing, Timer timer, SipTimers timers,
                    Dialogs dialogs, NodeRequests nodeRequests) {
}
