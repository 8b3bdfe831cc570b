/** What other modules may know of the projection engine: the name of its processing group. */
package org.commitmentledger.projection.api;
