/** Admin endpoints for projection rebuilds. */
package org.commitmentledger.projection.web;
