package io.telcred.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.telcred.auth.AuthFailureSettings;
import io.telcred.auth.SharedFailures;
import io.telcred.event.DomainEvent.PairRefused;
import io.telcred.event.DomainEvent.SourceBanned;
import io.telcred.event.DomainEvents;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication failures counted in Redis for every node, each one in one Lua script, so that two
 * nodes counting at once cannot both miss a threshold. The counts have fixed windows (from a
 * source's or pair's first failure, {@link AuthFailureSettings#window()} long) where each node's
 * own limiter slides its window: the shared count is the coarser net behind it. The node whose
 * failure crosses a threshold publishes the ban or refusal as an event, which every node's limiter
 * applies. While Redis cannot be reached, each node counts alone, and says so once.
 */
final class SharedBans implements SharedFailures {

    private static final Logger LOG = LoggerFactory.getLogger(SharedBans.class);
    private static final String PREFIX = "telcred:auth:";
    private static final long NOTHING = 0;
    private static final long BAN_SOURCE = 1;
    private static final long REFUSE_PAIR = 2;

    /**
     * KEYS: unknown-user failures of the source, its failing user names (a set), the pair's
     * failures, the source's ban, the pair's refusal. ARGV: unknown (1 or 0), user, window ms,
     * ban after failures, ban after user names, refuse after failures, ban ms, refuse ms.
     */
    private static final String COUNT = """
            local function within_window(key, count)
              if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[3]) end
              return count
            end
            if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
            local unknown = 0
            if ARGV[1] == '1' then unknown = within_window(KEYS[1], redis.call('INCR', KEYS[1])) end
            redis.call('SADD', KEYS[2], ARGV[2])
            local names = within_window(KEYS[2], redis.call('SCARD', KEYS[2]))
            local ban_after, ban_names = tonumber(ARGV[4]), tonumber(ARGV[5])
            if (ban_after > 0 and unknown >= ban_after) or (ban_names > 0 and names >= ban_names) then
              redis.call('SET', KEYS[4], '1', 'PX', ARGV[7])
              redis.call('DEL', KEYS[1], KEYS[2])
              return 1
            end
            if redis.call('EXISTS', KEYS[5]) == 1 then return 0 end
            local pair = within_window(KEYS[3], redis.call('INCR', KEYS[3]))
            local refuse_after = tonumber(ARGV[6])
            if refuse_after > 0 and pair >= refuse_after then
              redis.call('SET', KEYS[5], '1', 'PX', ARGV[8])
              redis.call('DEL', KEYS[3])
              return 2
            end
            return 0
            """;

    private final RedisChannel redis;
    private final DomainEvents events;
    private final AuthFailureSettings settings;
    private final Clock clock;
    private final AtomicBoolean alone = new AtomicBoolean();

    SharedBans(RedisChannel redis, DomainEvents events, AuthFailureSettings settings, Clock clock) {
        this.redis = redis;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void failed(String source, String user, boolean unknownUser) {
        RedisAsyncCommands<String, String> commands = redis.reachable() ? redis.commands() : null;
        if (commands == null) {
            countsAlone("Redis cannot be reached");
            return;
        }
        String pair = source + ":" + user;
        String[] keys = {PREFIX + "unknown:" + source, PREFIX + "names:" + source, PREFIX + "pair:" + pair,
                PREFIX + "ban:" + source, PREFIX + "refused:" + pair};
        commands.<Long>eval(COUNT, ScriptOutputType.INTEGER, keys, unknownUser ? "1" : "0", user,
                Long.toString(settings.window().toMillis()), Integer.toString(settings.banAfterFailures()),
                Integer.toString(settings.banAfterDistinctUsernames()), Integer.toString(settings.refuseAfterFailures()),
                Long.toString(settings.banDuration().toMillis()), Long.toString(settings.refuseDuration().toMillis()))
                .whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        countsAlone(failure.toString());
                        return;
                    }
                    countsTogether();
                    long now = clock.millis();
                    if (outcome == BAN_SOURCE) {
                        LOG.info("source {} is banned on every node: its failures, counted together, reached a threshold",
                                source);
                        events.publish(new SourceBanned(source, now + settings.banDuration().toMillis()));
                    } else if (outcome == REFUSE_PAIR) {
                        events.publish(new PairRefused(source, user, now + settings.refuseDuration().toMillis()));
                    } else if (outcome != NOTHING) {
                        LOG.warn("the shared failure count answered {}, which means nothing", outcome);
                    }
                });
    }

    @Override
    public void succeeded(String source, String user) {
        RedisAsyncCommands<String, String> commands = redis.reachable() ? redis.commands() : null;
        if (commands != null) {
            commands.del(PREFIX + "pair:" + source + ":" + user);
        }
    }

    private void countsAlone(String why) {
        if (!alone.getAndSet(true)) {
            LOG.warn("counts authentication failures on this node alone, as the other nodes do theirs, until Redis "
                    + "answers: {}", why);
        }
    }

    private void countsTogether() {
        if (alone.getAndSet(false)) {
            LOG.info("counts authentication failures with the other nodes again");
        }
    }
}
