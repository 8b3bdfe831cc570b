package org.commitmentledger.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code ledger.security.*}: demo users for the embedded default, configured users (BCrypt hashes) for production,
 * the largest request body and the failed-login throttle.
 */
@ConfigurationProperties("ledger.security")
class SecurityProperties {

    /**
     * Ship auditor/secretariat/admin and delegate-XXX with password = user name. Only the embedded H2 default may;
     * off in the prod and postgres profiles, and the start is refused anywhere else (ADR 0025).
     */
    private boolean demoUsers = true;
    /** How long a verified password is remembered, so BCrypt does not run on every request. */
    private Duration credentialCache = Duration.ofMinutes(5);
    private List<User> users = new ArrayList<>();
    /** The largest request body read; a larger one is 413 before it is read further (ADR 0027). */
    private DataSize maxBody = DataSize.ofKilobytes(64);
    private LoginThrottle loginThrottle = new LoginThrottle();

    public boolean isDemoUsers() {
        return demoUsers;
    }

    public void setDemoUsers(boolean demoUsers) {
        this.demoUsers = demoUsers;
    }

    public Duration getCredentialCache() {
        return credentialCache;
    }

    public void setCredentialCache(Duration credentialCache) {
        this.credentialCache = credentialCache;
    }

    public List<User> getUsers() {
        return users;
    }

    public void setUsers(List<User> users) {
        this.users = users;
    }

    public DataSize getMaxBody() {
        return maxBody;
    }

    public void setMaxBody(DataSize maxBody) {
        this.maxBody = maxBody;
    }

    public LoginThrottle getLoginThrottle() {
        return loginThrottle;
    }

    public void setLoginThrottle(LoginThrottle loginThrottle) {
        this.loginThrottle = loginThrottle;
    }

    /**
     * Failed logins allowed per client address and per user name before further attempts are answered 429 without
     * checking the password (ADR 0026).
     */
    public static class LoginThrottle {
        private boolean enabled = true;
        private Limit perAddress = new Limit(10, Duration.ofMinutes(1));
        private Limit perUser = new Limit(20, Duration.ofMinutes(10));

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Limit getPerAddress() {
            return perAddress;
        }

        public void setPerAddress(Limit perAddress) {
            this.perAddress = perAddress;
        }

        public Limit getPerUser() {
            return perUser;
        }

        public void setPerUser(Limit perUser) {
            this.perUser = perUser;
        }
    }

    /** {@code failures} failed logins, refilled evenly over {@code per}. */
    public static class Limit {
        private int failures;
        private Duration per;

        public Limit() {
        }

        Limit(int failures, Duration per) {
            this.failures = failures;
            this.per = per;
        }

        public int getFailures() {
            return failures;
        }

        public void setFailures(int failures) {
            this.failures = failures;
        }

        public Duration getPer() {
            return per;
        }

        public void setPer(Duration per) {
            this.per = per;
        }
    }

    /** One configured user: {@code member} only for a DELEGATE. */
    public static class User {
        private String name;
        private String passwordHash;
        private Role role;
        private String member;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPasswordHash() {
            return passwordHash;
        }

        public void setPasswordHash(String passwordHash) {
            this.passwordHash = passwordHash;
        }

        public Role getRole() {
            return role;
        }

        public void setRole(Role role) {
            this.role = role;
        }

        public String getMember() {
            return member;
        }

        public void setMember(String member) {
            this.member = member;
        }
    }
}
