package io.telcred.main;

import io.netty.util.ResourceLeakDetector;
import io.telcred.account.Account;
import io.telcred.account.ApiKey;
import io.telcred.account.IssuedApiKey;
import io.telcred.common.DomainException;
import io.telcred.user.PortalUser;
import io.telcred.user.Role;
import io.telcred.sip.transport.DevelopmentCertificate;
import io.telcred.main.Config.ConfigException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Parameters;

/**
 * The command line: {@code telcred} (or {@code telcred serve}) runs the server; the other
 * commands work on the same data directory or database, also while the server runs.
 */
@Command(name = "telcred", mixinStandardHelpOptions = true, version = "telcred 0.1.0",
        description = "Self-hosted telephony credentials platform. Settings come from TELCRED_* environment variables.",
        subcommands = {Telcred.Serve.class, Telcred.Accounts.class, Telcred.Users.class, Telcred.ApiKeys.class, Telcred.Keys.class, Telcred.Webhooks.class, Telcred.Tls.class})
public final class Telcred implements Callable<Integer> {

    /** The exit status of a start refused for its configuration (a bad setting, a port in use). */
    static final int REFUSED = 2;

    private final Config config;

    Telcred(Config config) {
        this.config = config;
    }

    public static void main(String[] args) {
        quietLeakDetection();
        System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Reads the configuration from {@code environment} (and the file it names), then runs the command line. */
    static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        Config config;
        try {
            config = Config.from(environment);
        } catch (ConfigException e) {
            return refused(err, e);
        }
        config.warnings().forEach(warning -> LoggerFactory.getLogger(Telcred.class).warn(warning));
        return execute(config, out, err, args);
    }

    /** The root logger's level, also when the setting comes from the file, which logback's own file does not read. */
    private static void applyLogLevel(String level) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.toLevel(level));
        }
    }

    /**
     * Netty's buffer-leak detection samples buffers with a stack trace each: a few per cent of the
     * CPU of every SIP message. The tests run with it on; a deployed server runs without it unless
     * {@code -Dio.netty.leakDetection.level} asks for it.
     */
    static void quietLeakDetection() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * Runs one command line against {@code config}; returns the exit status: 2 with one line
     * {@code telcred: SETTING: reason} when the configuration is refused, 1 when the command fails.
     */
    static int execute(Config config, PrintWriter out, PrintWriter err, String... args) {
        try {
            config.validate();
            applyLogLevel(config.get(Settings.LOG_LEVEL));
            LogFormat.apply(config.get(Settings.LOG_FORMAT));
        } catch (ConfigException e) {
            return refused(err, e);
        }
        CommandLine commandLine = new CommandLine(new Telcred(config), new ConfigInjectingFactory(config));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException refusal) {
                return refused(cmd.getErr(), refusal);
            }
            cmd.getErr().println("telcred: " + message(e));
            return 1;
        });
        return commandLine.execute(args);
    }

    private static int refused(PrintWriter err, ConfigException e) {
        err.println("telcred: " + e.getMessage());
        err.flush();
        return REFUSED;
    }

    /** Without a command, telcred serves. */
    @Override
    public Integer call() throws InterruptedException {
        return new Serve(config).call();
    }

    /** Gives every command the configuration through its constructor. */
    private record ConfigInjectingFactory(Config config) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                var constructor = type.getDeclaredConstructor(Config.class);
                constructor.setAccessible(true);
                return constructor.newInstance(config);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** A command that works on the platform named by the configuration. */
    abstract static class PlatformCommand implements Callable<Integer> {
        private final Config config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PlatformCommand(Config config) {
            this.config = config;
        }

        @Override
        public final Integer call() {
            try (Platform platform = Platform.open(config)) {
                return run(platform, spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract int run(Platform platform, PrintWriter out, PrintWriter err);
    }

    /** The account a command names, or the default account when it names none. */
    private static String accountOrDefault(Platform platform, String account) {
        return account != null ? account : platform.accounts().defaultAccount().id();
    }

    private static String message(Exception e) {
        if (e instanceof DomainException d) {
            return d.detail();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Command(name = "serve", description = "Run the server (the default).")
    static final class Serve implements Callable<Integer> {
        private final Config config;

        Serve(Config config) {
            this.config = config;
        }

        @Override
        public Integer call() throws InterruptedException {
            Server server = Server.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stopGracefully();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "accounts", description = "Create and list accounts.", subcommands = {Accounts.Create.class, Accounts.List.class})
    static final class Accounts {

        @Command(name = "create", description = "Create an account and print its id.")
        static final class Create extends PlatformCommand {
            @Option(names = "--name", required = true, description = "The account's name.")
            String name;

            Create(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                out.println(platform.accounts().createAccount(name).id());
                return 0;
            }
        }

        @Command(name = "list", description = "List accounts.")
        static final class List extends PlatformCommand {
            List(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                for (Account account : platform.accounts().accounts()) {
                    out.printf("%s  %s%s%n", account.id(), account.name(), account.isDefault() ? "  (default)" : "");
                }
                return 0;
            }
        }
    }

    @Command(name = "users", description = "Create and list the portal's users.", subcommands = {Users.Create.class, Users.List.class})
    static final class Users {

        @Command(name = "create", description = "Create a portal user. The password is asked for (without echo), or read "
                + "from standard input when there is no terminal.")
        static final class Create extends PlatformCommand {
            @Option(names = "--email", required = true, description = "The user's e-mail address, used to sign in.")
            String email;

            @Option(names = "--account", description = "The account's id (default: the default account).")
            String account;

            @Option(names = "--role", defaultValue = "owner", description = "owner (also manages users) or member.")
            String role;

            @Option(names = "--password", interactive = true, arity = "0..1", required = true,
                    description = "The password; give the option without a value to be asked for it.")
            char[] password;

            Create(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                Role chosen = switch (role.toLowerCase(java.util.Locale.ROOT)) {
                    case "owner" -> Role.OWNER;
                    case "member" -> Role.MEMBER;
                    default -> throw DomainException.invalid("role", "The role must be owner or member.");
                };
                String accountId = accountOrDefault(platform, account);
                if (platform.accounts().account(accountId).isEmpty()) {
                    throw DomainException.notFound("No account with id " + accountId + ".");
                }
                PortalUser user = platform.users().create(accountId, email, new String(password), chosen);
                java.util.Arrays.fill(password, ' ');
                out.println(user.id());
                return 0;
            }
        }

        @Command(name = "list", description = "List an account's portal users.")
        static final class List extends PlatformCommand {
            @Option(names = "--account", description = "The account's id (default: the default account).")
            String account;

            List(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                String accountId = accountOrDefault(platform, account);
                for (PortalUser user : platform.users().users(accountId)) {
                    out.printf("%s  %s  %s%n", user.id(), user.email(), user.role().label().toLowerCase(java.util.Locale.ROOT));
                }
                return 0;
            }
        }
    }

    @Command(name = "api-keys", description = "Create, list and revoke API keys.",
            subcommands = {ApiKeys.Create.class, ApiKeys.List.class, ApiKeys.Revoke.class})
    static final class ApiKeys {

        @Command(name = "create", description = "Create an API key for an account and print it (shown only this once).")
        static final class Create extends PlatformCommand {
            @Option(names = "--account", description = "The account's id (default: the default account).")
            String account;

            @Option(names = "--description", defaultValue = "", description = "A note to tell the key apart.")
            String description;

            Create(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                String accountId = accountOrDefault(platform, account);
                IssuedApiKey issued = platform.accounts().createApiKey(accountId, description);
                out.println(issued.plaintext());
                err.println("key id " + issued.key().id() + "; store the key now, it cannot be shown again");
                return 0;
            }
        }

        @Command(name = "list", description = "List an account's API keys (ids and prefixes, never the keys).")
        static final class List extends PlatformCommand {
            @Option(names = "--account", required = true, description = "The account's id.")
            String account;

            List(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                for (ApiKey key : platform.accounts().apiKeys(account)) {
                    out.printf("%s  %s...  %s  %s%n", key.id(), key.prefix(), key.revoked() ? "revoked" : "live", key.description());
                }
                return 0;
            }
        }

        @Command(name = "revoke", description = "Revoke an API key by its id.")
        static final class Revoke extends PlatformCommand {
            @Parameters(index = "0", description = "The key's id (from api-keys list).")
            String keyId;

            Revoke(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                if (!platform.accounts().revokeApiKey(keyId)) {
                    err.println("telcred: no live API key with id " + keyId);
                    return 1;
                }
                out.println("revoked " + keyId);
                return 0;
            }
        }
    }

    @Command(name = "keys", description = "Token signing keys.", subcommands = {Keys.Rotate.class})
    static final class Keys {

        @Command(name = "rotate", description = "Make a new signing key; the old one verifies until its last token expires.")
        static final class Rotate extends PlatformCommand {
            Rotate(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                out.println("new signing key " + platform.signingKeys().rotate().kid());
                return 0;
            }
        }
    }

    @Command(name = "webhooks", description = "Signed webhooks.", subcommands = {Webhooks.SigningKey.class})
    static final class Webhooks {

        @Command(name = "signing-key", description = "Print the public key that verifies this installation's webhooks "
                + "(base64 of the raw 32-byte Ed25519 key, as telnyx.webhooks.unwrap takes it).")
        static final class SigningKey extends PlatformCommand {
            SigningKey(Config config) {
                super(config);
            }

            @Override
            int run(Platform platform, PrintWriter out, PrintWriter err) {
                out.println(platform.webhookSigner().publicKey());
                return 0;
            }
        }
    }

    @Command(name = "tls", description = "TLS certificates for SIP over TLS and WSS.", subcommands = {Tls.SelfSigned.class})
    static final class Tls {

        @Command(name = "self-signed", description = "Write a self-signed certificate and key for development (not for production).")
        static final class SelfSigned implements Callable<Integer> {
            @Option(names = "--certificate", defaultValue = "data/tls/certificate.pem", description = "Where to write the certificate (PEM).")
            java.nio.file.Path certificate;

            @Option(names = "--private-key", defaultValue = "data/tls/private-key.pem", description = "Where to write the key (PEM, 0600).")
            java.nio.file.Path privateKey;

            @Option(names = "--host", defaultValue = "localhost", description = "The host name the certificate names (besides localhost and 127.0.0.1).")
            String host;

            @Option(names = "--days", defaultValue = "365", description = "Validity in days.")
            int days;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws java.io.IOException {
                for (java.nio.file.Path file : new java.nio.file.Path[] {certificate, privateKey}) {
                    java.nio.file.Path parent = file.toAbsolutePath().getParent();
                    java.nio.file.Files.createDirectories(parent);
                }
                DevelopmentCertificate.write(certificate, privateKey, host, java.time.Duration.ofDays(days));
                PrintWriter out = spec.commandLine().getOut();
                out.println("TELCRED_SIP_TLS_CERTIFICATE=" + certificate.toAbsolutePath());
                out.println("TELCRED_SIP_TLS_PRIVATE_KEY=" + privateKey.toAbsolutePath());
                return 0;
            }
        }
    }
}
