/** problem+json errors: the exceptions the modules throw, and the handlers that turn them, and every framework error, into answers. */
package org.commitmentledger.problem;
