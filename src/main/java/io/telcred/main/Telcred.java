package io.telcred.main;

import io.telcred.account.Account;
import io.telcred.account.ApiKey;
import io.telcred.account.IssuedApiKey;
import io.telcred.common.DomainException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line: {@code telcred} (or {@code telcred serve}) runs the server; the other
 * commands work on the same data directory or database, also while the server runs.
 */
@Command(name = "telcred", mixinStandardHelpOptions = true, version = "telcred 0.1.0",
        description = "Self-hosted telephony credentials platform. Settings come from TELCRED_* environment variables.",
        subcommands = {Telcred.Serve.class, Telcred.Accounts.class, Telcred.ApiKeys.class, Telcred.Keys.class})
public final class Telcred implements Callable<Integer> {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Telcred());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("telcred: " + message(e));
            return 1;
        });
        System.exit(commandLine.execute(args));
    }

    /** Without a command, telcred serves. */
    @Override
    public Integer call() throws InterruptedException {
        return new Serve().call();
    }

    private static String message(Exception e) {
        if (e instanceof DomainException d) {
            return d.detail();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Command(name = "serve", description = "Run the server (the default).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            Server server = Server.start(Config.fromEnvironment());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "accounts", description = "Create and list accounts.", subcommands = {Accounts.Create.class, Accounts.List.class})
    static final class Accounts {

        @Command(name = "create", description = "Create an account and print its id.")
        static final class Create implements Callable<Integer> {
            @Option(names = "--name", required = true, description = "The account's name.")
            String name;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                try (Platform platform = Platform.open(Config.fromEnvironment())) {
                    Account account = platform.accounts().createAccount(name);
                    spec.commandLine().getOut().println(account.id());
                }
                return 0;
            }
        }

        @Command(name = "list", description = "List accounts.")
        static final class List implements Callable<Integer> {
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                try (Platform platform = Platform.open(Config.fromEnvironment())) {
                    PrintWriter out = spec.commandLine().getOut();
                    for (Account account : platform.accounts().accounts()) {
                        out.printf("%s  %s%s%n", account.id(), account.name(), account.isDefault() ? "  (default)" : "");
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "api-keys", description = "Create, list and revoke API keys.",
            subcommands = {ApiKeys.Create.class, ApiKeys.List.class, ApiKeys.Revoke.class})
    static final class ApiKeys {

        @Command(name = "create", description = "Create an API key for an account and print it (shown only this once).")
        static final class Create implements Callable<Integer> {
            @Option(names = "--account", required = true, description = "The account's id.")
            String account;

            @Option(names = "--description", defaultValue = "", description = "A note to tell the key apart.")
            String description;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                try (Platform platform = Platform.open(Config.fromEnvironment())) {
                    IssuedApiKey issued = platform.accounts().createApiKey(account, description);
                    spec.commandLine().getOut().println(issued.plaintext());
                    spec.commandLine().getErr().println("key id " + issued.key().id() + "; store the key now, it cannot be shown again");
                }
                return 0;
            }
        }

        @Command(name = "list", description = "List an account's API keys (ids and prefixes, never the keys).")
        static final class List implements Callable<Integer> {
            @Option(names = "--account", required = true, description = "The account's id.")
            String account;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                try (Platform platform = Platform.open(Config.fromEnvironment())) {
                    PrintWriter out = spec.commandLine().getOut();
                    for (ApiKey key : platform.accounts().apiKeys(account)) {
                        out.printf("%s  %s...  %s  %s%n", key.id(), key.prefix(), key.revoked() ? "revoked" : "live", key.description());
                    }
                }
                return 0;
            }
        }

        @Command(name = "revoke", description = "Revoke an API key by its id.")
        static final class Revoke implements Callable<Integer> {
            @Parameters(index = "0", description = "The key's id (from api-keys list).")
            String keyId;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                try (Platform platform = Platform.open(Config.fromEnvironment())) {
                    if (!platform.accounts().revokeApiKey(keyId)) {
                        spec.commandLine().getErr().println("telcred: no live API key with id " + keyId);
                        return 1;
                    }
                    spec.commandLine().getOut().println("revoked " + keyId);
                }
                return 0;
            }
        }
    }

    @Command(name = "keys", description = "Token signing keys.", subcommands = {Keys.Rotate.class})
    static final class Keys {

        @Command(name = "rotate", description = "Make a new signing key; the old one verifies until its last token expires.")
        static final class Rotate implements Callable<Integer> {
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                try (Platform platform = Platform.open(Config.fromEnvironment())) {
                    spec.commandLine().getOut().println("new signing key " + platform.signingKeys().rotate().kid());
                }
                return 0;
            }
        }
    }
}
