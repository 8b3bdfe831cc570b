/** Audit endpoints: digest and verification. */
package org.commitmentledger.audit.web;
