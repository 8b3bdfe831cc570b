/**
 * Bean Validation constraints for request bodies and path variables, each delegating to the ledger's own input rules
 * ({@code Input}, {@code Money}, {@code Instants}) so that refusals keep their exact words, and the mapping of their
 * violations to the 400 problem's {@code errors} in declaration order (ADR 0051).
 */
package org.commitmentledger.kernel.validation;
