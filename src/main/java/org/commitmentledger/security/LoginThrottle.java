package org.commitmentledger.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Failed logins per client address and per user name (ADR 0026). Each password check takes a token from the
 * address's bucket and from the name's; a correct password gives them back, so only failures use them up. An empty
 * bucket answers 429 before the password is checked, which is what keeps BCrypt from being a free CPU sink. It sits
 * below the verified-credential cache: a correct login that was verified recently never reaches it. A name's bucket
 * does not apply from an address where that name logged in correctly before, so failures sent from elsewhere cannot
 * lock its owner out.
 */
class LoginThrottle implements AuthenticationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    /** Buckets kept per kind; idle (full) ones are dropped first when there are more. */
    private static final int MAX_BUCKETS = 50_000;
    private static final int MAX_KNOWN_ADDRESSES = 50_000;
    private static final Duration KNOWN_ADDRESS_MEMORY = Duration.ofDays(1);

    private final AuthenticationProvider delegate;
    private final Buckets addresses;
    private final Buckets names;
    private final Map<String, Long> knownAddresses = new ConcurrentHashMap<>();

    LoginThrottle(AuthenticationProvider delegate, SecurityProperties.LoginThrottle limits) {
        this.delegate = delegate;
        this.addresses = new Buckets("address", limits.getPerAddress());
        this.names = new Buckets("user name", limits.getPerUser());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                && web.getRemoteAddress() != null ? web.getRemoteAddress() : "unknown";
        String name = authentication.getName();
        Bucket fromAddress = addresses.bucket(address);
        ConsumptionProbe byAddress = fromAddress.tryConsumeAndReturnRemaining(1);
        if (!byAddress.isConsumed()) {
            throw new LoginThrottledException("too many failed logins from your address",
                    byAddress.getNanosToWaitForRefill());
        }
        String pair = name + '\n' + address;
        Bucket forName = knownAddress(pair) ? null : names.bucket(name);
        if (forName != null) {
            ConsumptionProbe byName = forName.tryConsumeAndReturnRemaining(1);
            if (!byName.isConsumed()) {
                fromAddress.addTokens(1); // no password was checked
                throw new LoginThrottledException("too many failed logins for this user name",
                        byName.getNanosToWaitForRefill());
            }
        }
        Authentication result;
        try {
            result = delegate.authenticate(authentication);
        } catch (BadCredentialsException wrong) {
            throw wrong; // a failure: its tokens stay taken
        } catch (RuntimeException other) {
            giveBack(fromAddress, forName);
            throw other;
        }
        giveBack(fromAddress, forName);
        remember(pair);
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static void giveBack(Bucket fromAddress, Bucket forName) {
        fromAddress.addTokens(1);
        if (forName != null) {
            forName.addTokens(1);
        }
    }

    private boolean knownAddress(String pair) {
        Long until = knownAddresses.get(pair);
        return until != null && until - System.nanoTime() > 0;
    }

    private void remember(String pair) {
        if (knownAddresses.size() >= MAX_KNOWN_ADDRESSES) {
            long now = System.nanoTime();
            knownAddresses.values().removeIf(until -> until - now <= 0);
            if (knownAddresses.size() >= MAX_KNOWN_ADDRESSES) {
                knownAddresses.clear();
            }
        }
        knownAddresses.put(pair, System.nanoTime() + KNOWN_ADDRESS_MEMORY.toNanos());
    }

    /** Token buckets by key, bounded: a flood of new keys drops idle buckets, then (logged) all of them. */
    private static final class Buckets {
        private final String kind;
        private final Bandwidth limit;
        private final long capacity;
        private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

        Buckets(String kind, SecurityProperties.Limit limit) {
            if (limit.getFailures() < 1 || limit.getPer() == null || limit.getPer().isNegative()
                    || limit.getPer().isZero()) {
                throw new IllegalStateException("ledger.security.login-throttle: the " + kind + " limit needs "
                        + "failures of 1 or more and a positive period");
            }
            this.kind = kind;
            this.capacity = limit.getFailures();
            this.limit = Bandwidth.builder().capacity(capacity).refillGreedy(capacity, limit.getPer()).build();
        }

        Bucket bucket(String key) {
            Bucket bucket = buckets.get(key);
            if (bucket != null) {
                return bucket;
            }
            if (buckets.size() >= MAX_BUCKETS) {
                prune();
            }
            return buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(limit).build());
        }

        private synchronized void prune() {
            if (buckets.size() < MAX_BUCKETS) {
                return;
            }
            buckets.values().removeIf(b -> b.getAvailableTokens() >= capacity);
            if (buckets.size() >= MAX_BUCKETS) {
                LOG.warn("more than {} {}s with recent failed logins: forgetting them all", MAX_BUCKETS, kind);
                buckets.clear();
            }
        }
    }
}
