/** Where fund proposals, amendments, objections, opt-outs and decisions are decided. */
package org.commitmentledger.fund.command;
