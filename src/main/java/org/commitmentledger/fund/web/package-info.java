/** HTTP endpoints for funds: proposals, amendments, objections, opt-outs, decisions and every fund read. */
package org.commitmentledger.fund.web;
