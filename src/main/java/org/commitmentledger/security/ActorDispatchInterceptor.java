package org.commitmentledger.security;

import java.util.List;
import java.util.function.BiFunction;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.commitmentledger.security.api.Actor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Stamps every command with the authenticated actor taken from the security context; Axon's correlation data
 * provider then copies it into the metadata of every event the command records. Nothing in a request body can set it.
 */
@Component
class ActorDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    ActorDispatchInterceptor(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        Actor actor = currentActor();
        return (index, command) -> command.andMetaData(java.util.Map.of(Actor.METADATA_KEY, actor.asMetadata()));
    }

    static Actor currentActor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            return Actor.ANONYMOUS;
        }
        String role = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).findFirst().orElse("NONE");
        return new Actor(auth.getName(), role);
    }
}
