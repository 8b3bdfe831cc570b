/** Where pledges, their revisions, corrections, withdrawals and disbursements are decided. */
package org.commitmentledger.pledge.command;
