/** Messages of the pledge feature: commands and events. */
package org.commitmentledger.pledge.api;
