/** Member versions by record and valid time, and the reads over them. */
package org.commitmentledger.member.query;
