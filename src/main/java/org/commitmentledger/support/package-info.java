/** The shared write path, read gate, input checks, money, instants and problem+json errors. */
package org.commitmentledger.support;
