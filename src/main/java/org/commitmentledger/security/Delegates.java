package org.commitmentledger.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** A DELEGATE is bound to one member and may only write what names that member. */
@Component
public class Delegates {

    /** Throws 403 when the current user is a delegate of another member; anyone else passes. */
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
