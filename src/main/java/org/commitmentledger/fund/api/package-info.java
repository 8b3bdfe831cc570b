/** Messages of the fund feature: commands, events, outcomes and the command-side directory. */
package org.commitmentledger.fund.api;
