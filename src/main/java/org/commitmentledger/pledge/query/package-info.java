/** Bitemporal pledge versions, their sums by fund and member, and the pledge directory. */
package org.commitmentledger.pledge.query;
