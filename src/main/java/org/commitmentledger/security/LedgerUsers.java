package org.commitmentledger.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Configured users, plus (embedded default only) the demo users: auditor, secretariat, admin and one delegate-XXX
 * for every member XXX ever registered, each with password = user name (ADR 0008).
 */
class LedgerUsers implements UserDetailsService {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerUsers.class);
    static final String MEMBER_AUTHORITY = "MEMBER_";

    private final Map<String, UserDetails> configured = new HashMap<>();
    private final boolean demo;
    private final JdbcTemplate jdbc;

    LedgerUsers(SecurityProperties properties, JdbcTemplate jdbc) {
        this.demo = properties.isDemoUsers();
        this.jdbc = jdbc;
        for (SecurityProperties.User user : properties.getUsers()) {
            if (user.getName() == null || user.getPasswordHash() == null || user.getRole() == null) {
                throw new IllegalStateException("ledger.security.users entries need name, password-hash and role");
            }
            if (user.getRole() == Role.DELEGATE && user.getMember() == null) {
                throw new IllegalStateException("delegate " + user.getName() + " needs a member");
            }
            String hash = user.getPasswordHash().startsWith("{") ? user.getPasswordHash()
                    : "{bcrypt}" + user.getPasswordHash();
            configured.put(user.getName(), details(user.getName(), hash, user.getRole(), user.getMember()));
        }
        if (!demo && configured.isEmpty()) {
            throw new IllegalStateException("no users are configured (ledger.security.users) and demo users are off: "
                    + "refusing to start a ledger nobody can use");
        }
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
        UserDetails user = configured.get(username);
        if (user != null) {
            // a copy: Spring Security erases the password of what it authenticated, which must not be our original
            return User.withUserDetails(user).build();
        }
        if (demo) {
            switch (username) {
                case "auditor":
                    return details(username, "{noop}" + username, Role.AUDITOR, null);
                case "secretariat":
                    return details(username, "{noop}" + username, Role.SECRETARIAT, null);
                case "admin":
                    return details(username, "{noop}" + username, Role.ADMIN, null);
                default:
                    if (username.matches("delegate-[A-Z]{3}") && memberEverRegistered(username.substring(9))) {
                        return details(username, "{noop}" + username, Role.DELEGATE, username.substring(9));
                    }
            }
        }
        throw new UsernameNotFoundException("unknown user");
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
