package org.commitmentledger.security;

import org.commitmentledger.security.api.Delegates;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Reads the member a DELEGATE is bound to from the authorities its login was given (LedgerUsers). */
@Component
class DelegateAuthorities implements Delegates {

    @Override
    public void requireMayActFor(String member) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return;
        }
        boolean delegate = false;
        String bound = null;
        for (GrantedAuthority authority : auth.getAuthorities()) {
            if (authority.getAuthority().equals(Role.DELEGATE.authority())) {
                delegate = true;
            } else if (authority.getAuthority().startsWith(LedgerUsers.MEMBER_AUTHORITY)) {
                bound = authority.getAuthority().substring(LedgerUsers.MEMBER_AUTHORITY.length());
            }
        }
        if (delegate && !member.equals(bound)) {
            throw new AccessDeniedException("a delegate acts only for its own member: " + auth.getName()
                    + " may not act for " + member);
        }
    }
}
