/** HTTP endpoints of the raw record: the global feed and the fund and pledge histories. */
package org.commitmentledger.history.web;
