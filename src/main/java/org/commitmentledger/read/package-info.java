/** What every read shares: the point in time (asOf, effectiveAt), the answer's header, the query parameters an endpoint accepts, the live projection tables, and the wording of absences. */
package org.commitmentledger.read;
