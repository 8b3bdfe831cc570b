/** HTTP Basic authentication, roles, delegates bound to their member, and the actor of every command. */
package org.commitmentledger.security;
