/** CSV answers of every list read: one converter and one advice over the list part of the JSON answer (ADR 0040). */
package org.commitmentledger.read.csv;
