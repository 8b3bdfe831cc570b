/** Fund versions, and where totals, gaps, fair shares, positions, rounds and timelines are computed. */
package org.commitmentledger.fund.query;
