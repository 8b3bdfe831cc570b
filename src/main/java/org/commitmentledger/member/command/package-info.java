/** Where member registrations and cost-share revisions are decided. */
package org.commitmentledger.member.command;
