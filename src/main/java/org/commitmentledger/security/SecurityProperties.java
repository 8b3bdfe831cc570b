package org.commitmentledger.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledger.security.*}: demo users for the embedded default, configured users (BCrypt hashes) for production.
 */
@ConfigurationProperties("ledger.security")
public class SecurityProperties {

    /** Ship auditor/secretariat/admin and delegate-XXX with password = user name. Off in the prod profile. */
    private boolean demoUsers = true;
    /** How long a verified password is remembered, so BCrypt does not run on every request. */
    private Duration credentialCache = Duration.ofMinutes(5);
    private List<User> users = new ArrayList<>();

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
