package org.commitmentledger.security;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks a user name and password against {@link LedgerUsers}. Unlike Spring's {@code DaoAuthenticationProvider},
 * whose stand-in for an unknown user is a BCrypt hash of its own default cost, an unknown name is checked against a
 * decoy of a configured user's cost, so the time of a refusal does not tell whether the name exists (ADR 0025).
 */
class PasswordCheck implements AuthenticationProvider {

    private final LedgerUsers users;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    PasswordCheck(LedgerUsers users) {
        this.users = users;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        String password = authentication.getCredentials() instanceof String given ? given : "";
        Optional<UserDetails> user = users.find(name);
        String hash = user.map(UserDetails::getPassword).orElseGet(() -> users.decoyHash(name));
        boolean matches = encoder.matches(password, hash);
        if (user.isEmpty() || !matches) {
            throw new BadCredentialsException("Bad credentials");
        }
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(user.get(),
                null, user.get().getAuthorities());
        result.setDetails(authentication.getDetails());
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
