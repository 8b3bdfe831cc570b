package org.commitmentledger.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Configured users, plus (embedded default only) the demo users: auditor, secretariat, admin and one delegate-XXX
 * for every member XXX ever registered, each with password = user name (ADR 0008). An unknown user name is checked
 * against a decoy hash that costs what a configured user's does, so timing does not tell which names exist (ADR 0025).
 */
class LedgerUsers implements UserDetailsService {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerUsers.class);
    static final String MEMBER_AUTHORITY = "MEMBER_";

    private final Map<String, UserDetails> configured = new HashMap<>();
    private final boolean demo;
    private final JdbcTemplate jdbc;

    private final List<String> decoys = new ArrayList<>();
    private final byte[] decoyKey;

    LedgerUsers(SecurityProperties properties, JdbcTemplate jdbc) {
        this.demo = properties.isDemoUsers();
        this.jdbc = jdbc;
        StringBuilder allHashes = new StringBuilder();
        Map<String, String> decoyByKind = new LinkedHashMap<>();
        SecureRandom random = new SecureRandom();
        for (SecurityProperties.User user : properties.getUsers()) {
            // StartupChecks refused the start already if anything below is missing or weak
            String hash = StartupChecks.bcryptHash(user.getName(), user.getPasswordHash());
            configured.put(user.getName(), details(user.getName(), hash, user.getRole(), user.getMember()));
            allHashes.append(hash).append('\n');
            // one decoy per configured user, of that user's BCrypt version and cost: an unknown name draws one of them
            String kind = hash.substring("{bcrypt}".length(), "{bcrypt}$2a$10".length());
            decoys.add(decoyByKind.computeIfAbsent(kind, k -> "{bcrypt}" + new BCryptPasswordEncoder(
                    BCryptPasswordEncoder.BCryptVersion.valueOf("$2" + Character.toUpperCase(k.charAt(2))),
                    Integer.parseInt(k.substring(4)), random)
                    .encode(secret(random))));
        }
        if (decoys.isEmpty()) {
            decoys.add("{noop}" + secret(random)); // demo users only: they cost a plain comparison
        }
        if (!demo && configured.isEmpty()) {
            throw new IllegalStateException(StartupChecks.NO_USERS);
        }
        if (demo && jdbc != null) {
            // StartupChecks judged the configured URL; a DataSource from elsewhere (a bean, JNDI, hikari.jdbc-url)
            // is only known here, by the database it actually opened
            String url = jdbc.execute((ConnectionCallback<String>) connection -> connection.getMetaData().getURL());
            String elsewhere = StartupChecks.notTheEmbeddedDefault(new String[0], url);
            if (elsewhere != null) {
                throw new IllegalStateException(StartupChecks.demoUsersRefused(elsewhere));
            }
        }
        // stable while the configuration is, unknown to anyone who does not know the hashes
        this.decoyKey = sha256(allHashes.append(demo).toString());
        if (demo) {
            LOG.warn("""

                    *****************************************************************************
                    DEMO USERS ARE ON: auditor, secretariat, admin and delegate-XXX for every
                    registered member, each with password = user name. Never expose this
                    instance; run with --spring.profiles.active=prod and configured users.
                    *****************************************************************************""");
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return find(username).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    Optional<UserDetails> find(String username) {
        UserDetails user = configured.get(username);
        if (user != null) {
            // a copy: Spring Security erases the password of what it authenticated, which must not be our original
            return Optional.of(User.withUserDetails(user).build());
        }
        if (demo) {
            switch (username) {
                case "auditor":
                    return Optional.of(details(username, "{noop}" + username, Role.AUDITOR, null));
                case "secretariat":
                    return Optional.of(details(username, "{noop}" + username, Role.SECRETARIAT, null));
                case "admin":
                    return Optional.of(details(username, "{noop}" + username, Role.ADMIN, null));
                default:
                    if (username.matches("delegate-[A-Z]{3}") && memberEverRegistered(username.substring(9))) {
                        return Optional.of(details(username, "{noop}" + username, Role.DELEGATE,
                                username.substring(9)));
                    }
            }
        }
        return Optional.empty();
    }

    /**
     * The hash an unknown user name is checked against: always the same for one name, drawn from decoys of the
     * configured users' versions and costs, so an unknown name costs what some configured user costs.
     */
    String decoyHash(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(decoyKey, "HmacSHA256"));
            byte[] h = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            int pick = ((h[0] & 0xff) << 24 | (h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff));
            return decoys.get(Math.floorMod(pick, decoys.size()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean memberEverRegistered(String code) {
        Integer count = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and sequence_number = 0 and type = 'MemberAggregate'", Integer.class, code);
        return count != null && count > 0;
    }

    private static UserDetails details(String name, String password, Role role, String member) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(role.authority()));
        if (member != null) {
            authorities.add(new SimpleGrantedAuthority(MEMBER_AUTHORITY + member));
        }
        return User.withUsername(name).password(password).authorities(authorities).build();
    }
}
