/** The ledger's shared vocabulary: money, instants and input checks that collect every field problem of a request. */
package org.commitmentledger.kernel;
