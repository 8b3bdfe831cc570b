/** The backup endpoints under /api/admin (ADMIN only). */
package org.commitmentledger.operations.web;
