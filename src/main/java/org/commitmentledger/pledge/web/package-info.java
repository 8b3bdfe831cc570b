/** HTTP endpoints for pledges: make, revise or correct, withdraw, disburse, and read at a point in time. */
package org.commitmentledger.pledge.web;
