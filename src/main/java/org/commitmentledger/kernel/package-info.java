/** The ledger's shared vocabulary: money, instants, input checks that collect every field problem of a request, and which database a connection reaches. */
package org.commitmentledger.kernel;
