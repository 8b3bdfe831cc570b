/** Messages of the member feature: commands, events and the command-side directory. */
package org.commitmentledger.member.api;
