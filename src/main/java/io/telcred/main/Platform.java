package io.telcred.main;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.telcred.account.AccountService;
import io.telcred.cluster.Cluster;
import io.telcred.cluster.ClusterSettings;
import io.telcred.cluster.SharedLocation;
import io.telcred.connection.ConnectionService;
import io.telcred.call.CallSettings;
import io.telcred.call.Calls;
import io.telcred.callcontrol.CallControl;
import io.telcred.callcontrol.CallControlSettings;
import io.telcred.webhook.CallWebhooks;
import io.telcred.connection.ConnectionStates;
import io.telcred.credential.CredentialService;
import io.telcred.credential.CredentialTokens;
import io.telcred.crypto.SecretBox;
import io.telcred.directory.Directory;
import io.telcred.event.DomainEvents;
import io.telcred.location.BindingListener;
import io.telcred.location.InMemoryLocation;
import io.telcred.location.Location;
import io.telcred.location.RevocationListener;
import io.telcred.metrics.MeterNames;
import io.telcred.metrics.Metrics;
import io.telcred.secret.InstallationSecrets;
import io.telcred.secret.SipSecrets;
import io.telcred.common.Readiness;
import io.telcred.store.Database;
import io.telcred.store.DatabaseReadiness;
import io.telcred.store.DatabaseSettings;
import io.telcred.store.JdbiAccountRepository;
import io.telcred.store.JdbiApiKeyRepository;
import io.telcred.store.JdbiConnectionRepository;
import io.telcred.store.JdbiCredentialRepository;
import io.telcred.store.JdbiInstallationSecretRepository;
import io.telcred.store.JdbiSigningKeyRepository;
import io.telcred.token.SigningKeys;
import io.telcred.token.TokenIssuer;
import io.telcred.token.TokenSettings;
import io.telcred.token.TokenVerifier;
import io.telcred.turn.TurnCredentials;
import io.telcred.crypto.Argon2Passwords;
import io.telcred.store.JdbiUserRepository;
import io.telcred.user.UserService;
import io.telcred.user.UserSettings;
import io.telcred.store.JdbiWebhookKeyRepository;
import io.telcred.store.JdbiWebhookRepository;
import io.telcred.webhook.WebhookDelivery;
import io.telcred.webhook.WebhookOutbox;
import io.telcred.webhook.RegistrationWebhooks;
import io.telcred.webhook.WebhookSettings;
import io.telcred.webhook.WebhookTargets;
import io.telcred.webhook.WebhookSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The domain wired to its store: every service, built once from the configuration. The server
 * puts doors in front of it; the command line uses it directly against the same data.
 */
public final class Platform implements AutoCloseable {

    private final Database database;
    private final ExecutorService directoryLoader;
    private final ScheduledExecutorService maintenance;
    private final AccountService accounts;
    private final ConnectionService connections;
    private final CredentialService credentials;
    private final SigningKeys signingKeys;
    private final CredentialTokens tokens;
    private final Directory directory;
    private final Location location;
    private final Readiness readiness;
    private final DomainEvents events;
    private final ScheduledExecutorService callTimer;
    private final Calls calls;
    private final Optional<TurnCredentials> turnCredentials;
    private final UserService users;
    private final ExecutorService callControlWork;
    private final CallControl callControl;
    private final CallWebhooks callWebhooks;
    private final WebhookSigner webhookSigner;
    private final WebhookSettings webhookSettings;
    private final JdbiWebhookRepository webhookRepository;
    private final WebhookOutbox webhookOutbox;
    private final WebhookDelivery webhookDelivery;
    private final RegistrationWebhooks registrationWebhooks;
    private final InstallationSecrets installationSecrets;
    private final ClusterSettings clusterSettings;
    private final Optional<Cluster> cluster;
    private final Clock clock;

    private Platform(Config config, Clock clock) {
        // Before anything is opened, as a refusal here would leave it open.
        this.turnCredentials = config.turnSettings().map(settings -> new TurnCredentials(settings, clock));
        Path dataDir = config.dataDir();
        createDataDir(dataDir);
        SecretBox box = new SecretBox(StartupRefusals.keyFile(dataDir.resolve("master.key"), config.get(Settings.MASTER_KEY),
                Settings.MASTER_KEY, 32));
        this.database = openDatabase(DatabaseSettings.from(config), dataDir);
        this.clusterSettings = ClusterSettings.from(config);
        this.events = new DomainEvents();
        this.installationSecrets = new InstallationSecrets(new JdbiInstallationSecretRepository(database.jdbi()), box, clock);
        SipSecrets secrets = new SipSecrets(box, config.get(SipSecrets.DOMAIN));
        JdbiConnectionRepository connectionRepository = new JdbiConnectionRepository(database.jdbi());
        JdbiCredentialRepository credentialRepository = new JdbiCredentialRepository(database.jdbi());

        this.accounts = new AccountService(new JdbiAccountRepository(database.jdbi()), new JdbiApiKeyRepository(database.jdbi()),
                events, clock, config.get(Settings.API_KEY_CACHE));
        this.connections = new ConnectionService(connectionRepository, secrets, events, clock);
        this.users = new UserService(new JdbiUserRepository(database.jdbi()), new Argon2Passwords(), UserSettings.from(config),
                events, clock);
        this.directoryLoader = Executors.newFixedThreadPool(4, daemon("directory-loader"));
        long cacheSize = config.get(Settings.CREDENTIAL_CACHE_SIZE);
        long directoryBytes = Runtime.getRuntime().maxMemory() / 100 * config.get(Settings.DIRECTORY_CACHE_PERCENT);
        ConnectionStates connectionStates = new ConnectionStates(connectionRepository, events, Math.max(1_000, cacheSize / 10),
                directoryLoader);
        this.credentials = new CredentialService(credentialRepository, connectionStates, secrets,
                events, clock, config.get(Settings.MAX_CREDENTIALS_PER_TAG), cacheSize);
        TokenSettings tokenSettings = TokenSettings.from(config);
        this.signingKeys = new SigningKeys(new JdbiSigningKeyRepository(database.jdbi()), box, clock,
                config.get(Settings.SIGNING_KEY_REFRESH), tokenSettings.keepRetiredKeysFor(), events);
        this.tokens = new CredentialTokens(credentials, new TokenIssuer(signingKeys, tokenSettings, clock));
        TokenVerifier tokenVerifier = new TokenVerifier(signingKeys, tokenSettings, credentials, clock);
        this.directory = new Directory(connectionRepository, credentialRepository, connectionStates, secrets, tokenVerifier,
                events, clock, directoryBytes, directoryLoader);
        this.clock = clock;
        this.webhookSigner = WebhookSigner.load(new JdbiWebhookKeyRepository(database.jdbi()), box, clock);
        this.webhookSettings = WebhookSettings.from(config);
        this.webhookRepository = new JdbiWebhookRepository(database.jdbi());
        this.webhookOutbox = new WebhookOutbox(webhookRepository, clock);
        // One for both kinds of events: each connection's target is read once.
        WebhookTargets webhookTargets = new WebhookTargets(connections, webhookSettings, events);
        // Built here, started by the server only: a command-line run must not take webhooks it cannot finish.
        this.webhookDelivery = new WebhookDelivery(webhookRepository, webhookOutbox, webhookSigner, webhookSettings, clock);
        this.registrationWebhooks = new RegistrationWebhooks(webhookTargets, webhookOutbox, webhookSettings, clock);
        Optional<SharedLocation> shared = clusterSettings.enabled()
                ? Optional.of(new SharedLocation(clusterSettings, clock,
                        copy -> new InMemoryLocation(clock, BindingListener.both(registrationWebhooks, copy))))
                : Optional.empty();
        this.location = shared.<Location>map(s -> s).orElseGet(() -> new InMemoryLocation(clock, registrationWebhooks));
        events.subscribe(new RevocationListener(location, directory));
        this.callTimer = Executors.newSingleThreadScheduledExecutor(daemon("call-timer"));
        this.calls = new Calls(directory, location, callTimer, CallSettings.from(config));
        // Parking looks the caller's connection up in the database: off the doors' threads.
        this.callControlWork = Executors.newFixedThreadPool(2, daemon("call-control"));
        this.callControl = new CallControl(directory, connections, calls, CallControlSettings.from(config), clock,
                callControlWork);
        calls.useParking(callControl);
        this.callWebhooks = new CallWebhooks(webhookTargets, webhookOutbox, webhookSettings, clock);
        callControl.publishTo(callWebhooks);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemon("maintenance"));
        // Retired signing keys leave the JWKS on their own; this only deletes their rows.
        maintenance.scheduleWithFixedDelay(this::purgeRetiredKeys, 1, 60, TimeUnit.MINUTES);
        maintenance.scheduleWithFixedDelay(database.housekeeping(), 1, 1, TimeUnit.SECONDS);
        // Expired bindings are already invisible; the sweep gives their memory back.
        maintenance.scheduleWithFixedDelay(location::purgeExpired, 5, 5, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(this::purgePortalSessions, 1, 60, TimeUnit.MINUTES);
        maintenance.scheduleWithFixedDelay(this::purgeDeliveryLog, 2, 60, TimeUnit.MINUTES);
        // Last: an event from another node may arrive at once, and reaches every listener above.
        this.cluster = clusterSettings.enabled() ? Optional.of(Cluster.join(clusterSettings, events, shared.orElseThrow())) : Optional.empty();
        this.readiness = new DatabaseReadiness(database);
    }

    private void purgeDeliveryLog() {
        try {
            webhookRepository.purgeFinishedBefore(clock.instant().minus(webhookSettings.keepDeliveries()));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Platform.class).warn("could not purge the webhook delivery log: {}", e.getMessage());
        }
    }

    private void purgePortalSessions() {
        try {
            users.purgeExpired();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Platform.class).warn("could not purge expired portal sessions: {}", e.getMessage());
        }
    }

    private void purgeRetiredKeys() {
        try {
            signingKeys.purgeExpired();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Platform.class).warn("could not purge retired signing keys: {}", e.getMessage());
        }
    }

    /** Opens the data and makes what a first start needs: the default account and a signing key. */
    public static Platform open(Config config) {
        return open(config, Clock.systemUTC());
    }

    static Platform open(Config config, Clock clock) {
        Platform platform = new Platform(config, clock);
        try {
            String defaultAccount = platform.accounts.ensureDefaultAccount(config.get(Settings.BOOTSTRAP_API_KEY).orElse("")).id();
            platform.users.ensureBootstrapUser(defaultAccount);
            platform.signingKeys.ensureSigningKey();
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Shows the database pool, the bindings and the calls in {@code metrics}; read when scraped, not counted as they change. */
    void countIn(Metrics metrics) {
        database.countIn(metrics);
        MeterRegistry registry = metrics.registry();
        Gauge.builder(MeterNames.BINDINGS, location, Location::size).description("live bindings: SIP registrations and "
                + "WebRTC sessions").register(registry);
        Gauge.builder(MeterNames.CALLS_ACTIVE, calls, Calls::inProgress).description("calls in progress")
                .register(registry);
        FunctionCounter.builder(MeterNames.CALLS_STARTED, calls, Calls::started).description("calls placed")
                .register(registry);
    }

    public AccountService accounts() {
        return accounts;
    }

    /** The portal's users and their sessions. */
    public UserService users() {
        return users;
    }

    public ConnectionService connections() {
        return connections;
    }

    public CredentialService credentials() {
        return credentials;
    }

    public SigningKeys signingKeys() {
        return signingKeys;
    }

    /** Signs every webhook with the installation's Ed25519 key, made on first start. */
    public WebhookSigner webhookSigner() {
        return webhookSigner;
    }

    /** Where webhooks are handed in, and their delivery log. */
    public WebhookOutbox webhookOutbox() {
        return webhookOutbox;
    }

    /** Sends the outbox's webhooks: started by the server, stopped on close. */
    public WebhookDelivery webhookDelivery() {
        return webhookDelivery;
    }

    public CredentialTokens tokens() {
        return tokens;
    }

    public Directory directory() {
        return directory;
    }

    public Location location() {
        return location;
    }

    /** The calls in progress, which the doors that carry calls drive. */
    public Calls calls() {
        return calls;
    }

    /** Third-party call control for applications (connections with a webhook URL). */
    public CallControl callControl() {
        return callControl;
    }

    /** Changes of who may log in, for the doors that keep sessions. */
    public DomainEvents events() {
        return events;
    }

    /** Short-lived TURN credentials, or empty when TURN is not configured. */
    public Optional<TurnCredentials> turnCredentials() {
        return turnCredentials;
    }

    /** Random secrets shared by every node, kept sealed in the database. */
    public InstallationSecrets installationSecrets() {
        return installationSecrets;
    }

    /** The 32 bits that name this node in its digest nonces: its id's in a cluster, 0 for a single node. */
    public int nodeTag() {
        return cluster.isPresent() ? clusterSettings.nodeTag() : 0;
    }

    /** This node among others sharing a Redis, or empty for a single node. */
    public Optional<Cluster> cluster() {
        return cluster;
    }

    /** Whether the database can serve requests now, for {@code /ready} (which asks the cluster's Redis too). */
    public Readiness readiness() {
        return readiness;
    }

    public String databaseUrl() {
        return database.url();
    }

    public boolean embeddedDatabase() {
        return database.embedded();
    }

    @Override
    public void close() {
        cluster.ifPresent(Cluster::close);
        webhookDelivery.close();
        registrationWebhooks.close();
        callWebhooks.close();
        maintenance.shutdownNow();
        callTimer.shutdownNow();
        callControlWork.shutdownNow();
        directoryLoader.shutdownNow();
        database.close();
    }

    private static Database openDatabase(DatabaseSettings settings, Path dataDir) {
        try {
            return Database.open(settings, dataDir);
        } catch (RuntimeException e) {
            throw StartupRefusals.database(e, settings.url().isEmpty());
        }
    }

    private static void createDataDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new Config.ConfigException(Settings.DATA_DIR.name(), "cannot create the data directory "
                    + dataDir.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
