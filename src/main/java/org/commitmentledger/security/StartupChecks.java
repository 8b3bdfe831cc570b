package org.commitmentledger.security;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The two modes (ADR 0025): demo users only in the embedded H2 default; anywhere else configured users, each with a
 * {@code {bcrypt}} hash of cost 10 or more. Checked as a bean factory post-processor, so a refused start opens no
 * database connection and runs no migration.
 */
final class StartupChecks implements BeanFactoryPostProcessor {

    static final int MIN_BCRYPT_COST = 10;
    /** Profiles that mean "not the embedded demo". */
    static final List<String> PRODUCTION_PROFILES = List.of("prod", "postgres");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    static final String NO_USERS = "no users are configured (ledger.security.users) and demo users are off: "
            + "refusing to start a ledger nobody can use";

    private final Environment environment;

    StartupChecks(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        SecurityProperties properties = Binder.get(environment)
                .bindOrCreate("ledger.security", SecurityProperties.class);
        check(properties, environment.getActiveProfiles(), environment.getProperty("spring.datasource.url"));
    }

    static void check(SecurityProperties properties, String[] profiles, String datasourceUrl) {
        for (SecurityProperties.User user : properties.getUsers()) {
            if (user.getName() == null || user.getPasswordHash() == null || user.getRole() == null) {
                throw new IllegalStateException("ledger.security.users entries need name, password-hash and role"
                        + (user.getName() == null ? "" : " (user " + user.getName() + ")"));
            }
            if (user.getRole() == Role.DELEGATE && user.getMember() == null) {
                throw new IllegalStateException("delegate " + user.getName() + " needs a member");
            }
            bcryptHash(user.getName(), user.getPasswordHash());
        }
        if (properties.isDemoUsers()) {
            String elsewhere = notTheEmbeddedDefault(profiles, datasourceUrl);
            if (elsewhere != null) {
                throw new IllegalStateException(demoUsersRefused(elsewhere));
            }
        } else if (properties.getUsers().isEmpty()) {
            throw new IllegalStateException(NO_USERS);
        }
    }

    static String demoUsersRefused(String elsewhere) {
        return "demo users (password = user name) exist only in the embedded H2 default, and this instance runs "
                + elsewhere + ": refusing to start. Set ledger.security.demo-users=false and configure "
                + "ledger.security.users with {bcrypt} hashes of cost " + MIN_BCRYPT_COST + " or more";
    }

    /** Why this is not the embedded default, or null when it is. */
    static String notTheEmbeddedDefault(String[] profiles, String datasourceUrl) {
        List<String> production = Arrays.stream(profiles).filter(PRODUCTION_PROFILES::contains).toList();
        if (!production.isEmpty()) {
            return "with profile " + String.join(", ", production);
        }
        if (datasourceUrl == null) {
            return null; // Spring Boot's own embedded database
        }
        String url = datasourceUrl.trim().toLowerCase(Locale.ROOT);
        boolean embeddedH2 = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:")
                && !url.startsWith("jdbc:h2:ssl:");
        if (embeddedH2) {
            return null;
        }
        // only the scheme: the rest of a URL may carry a password
        String[] parts = datasourceUrl.trim().split(":", 3);
        return "on the datasource " + (parts.length >= 2 ? parts[0] + ":" + parts[1] : "given") + ":…";
    }

    /**
     * The configured hash as {@code {bcrypt}$2…} (a bare {@code $2a$…} is a BCrypt hash too), or a refused start
     * naming the user; the hash itself is never repeated in the message.
     */
    static String bcryptHash(String user, String configured) {
        String hash = configured.trim();
        if (hash.startsWith("{bcrypt}")) {
            hash = hash.substring("{bcrypt}".length());
        } else if (hash.startsWith("{")) {
            int end = hash.indexOf('}');
            String scheme = end > 0 ? hash.substring(0, end + 1) : "{";
            throw new IllegalStateException("user " + user + ": the password hash must be {bcrypt} with cost "
                    + MIN_BCRYPT_COST + " or more, not " + scheme + "; refusing to start");
        }
        Matcher bcrypt = BCRYPT.matcher(hash);
        if (!bcrypt.matches()) {
            throw new IllegalStateException("user " + user + ": the password hash is not a BCrypt hash ($2a$, $2b$ "
                    + "or $2y$, cost, 53 characters of salt and hash); refusing to start");
        }
        int cost = Integer.parseInt(bcrypt.group(1));
        if (cost < MIN_BCRYPT_COST || cost > 31) {
            throw new IllegalStateException("user " + user + ": the BCrypt cost is " + cost + ", it must be "
                    + MIN_BCRYPT_COST + " to 31; refusing to start");
        }
        return "{bcrypt}" + hash;
    }

    static int bcryptCost(String hash) {
        Matcher bcrypt = BCRYPT.matcher(hash.startsWith("{bcrypt}") ? hash.substring(8) : hash);
        return bcrypt.matches() ? Integer.parseInt(bcrypt.group(1)) : -1;
    }
}
