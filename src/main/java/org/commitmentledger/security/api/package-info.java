/** What other modules may ask of security: the acting user, and whether a delegate may act for a member. */
package org.commitmentledger.security.api;
