/** HTTP endpoints for members: register or revise (PUT) and read at a point in time. */
package org.commitmentledger.member.web;
